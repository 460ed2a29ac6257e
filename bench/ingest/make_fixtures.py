"""Write tests/fixtures/ingest/<agency>/ (feeds, pages) and labels.json from corpus.py.

    .venv/bin/python bench/ingest/make_fixtures.py

Feeds and pages say `{{BASE}}` where the test server puts its own address.
Each agency uses a different format, as real ones do: ایرنا RSS 2.0, مهر RSS 2.0
with Arabic letter forms and a site layout that needs a CSS rule, ایسنا Atom,
تسنیم ninjs JSON.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from corpus import AGENCIES, ITEMS

ROOT = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "ingest"
START = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)


def arabic_forms(text: str) -> str:
    return text.replace("ی", "ي").replace("ک", "ك")


def page(agency: str, title: str, lead: str, body: str) -> str:
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    name = AGENCIES[agency][0]
    nav = "".join(f'<li><a href="/{agency}/section/{i}">بخش {i}</a></li>' for i in range(1, 12))
    if agency == "mehr":  # no <article>; the body is one div among many
        return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)} - {name}</title></head>
<body><div class="top"><ul>{nav}</ul></div>
<div class="col"><div class="item-title"><h2>{escape(title)}</h2></div>
<div class="item-summary">{escape(lead)}</div>
<div class="item-text">{paras}</div>
<div class="related"><p>پربازدیدترین‌ها: قیمت طلا امروز؛ نتایج کنکور؛ پیش‌بینی هوا</p></div>
</div><div class="footer"><p>کلیه حقوق این سایت متعلق به {name} است.</p></div></body></html>
"""
    return f"""<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta name="description" content="{escape(lead)}"></head>
<body><header><nav><ul>{nav}</ul></nav></header>
<main><article><h1>{escape(title)}</h1><p class="lead">{escape(lead)}</p>
{paras}
</article>
<aside><h3>اخبار مرتبط</h3><ul><li>خبر دیگری درباره موضوعی دیگر</li></ul></aside></main>
<footer><p>تمامی حقوق برای {name} محفوظ است.</p></footer></body></html>
"""


def main() -> None:
    labels: dict[str, str] = {}
    by_agency: dict[str, list[tuple]] = {a: [] for a in AGENCIES}
    for n, (agency, item_id, event, title, lead, body, category) in enumerate(ITEMS):
        when = START + timedelta(minutes=17 * n)
        by_agency[agency].append((item_id, title, lead, body, category, when))
        labels[f"{agency}/{item_id}"] = event
        folder = ROOT / agency / "news"
        folder.mkdir(parents=True, exist_ok=True)
        text = page(agency, title, lead, body)
        (folder / f"{item_id}.html").write_text(
            arabic_forms(text) if agency == "mehr" else text, encoding="utf-8"
        )
    for agency, rows in by_agency.items():
        name, _home = AGENCIES[agency]
        base = "{{BASE}}/" + agency
        if agency in ("irna", "mehr"):
            entries = "".join(
                f"""
<item><title>{escape(t)}</title><link>{base}/news/{i}.html</link>
<guid isPermaLink="false">{agency}-{i}</guid><description>{escape(lead)}</description>
<category>{escape(c)}</category><pubDate>{format_datetime(w)}</pubDate></item>"""
                for i, t, lead, _b, c, w in rows
            )
            xml = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{name}</title><link>{base}/</link>
<description>آخرین اخبار {name}</description>{entries}
</channel></rss>
"""
            if agency == "mehr":
                xml = arabic_forms(xml)
            (ROOT / agency / "rss.xml").write_text(xml, encoding="utf-8")
        elif agency == "isna":
            entries = "".join(
                f"""
<entry><title>{escape(t)}</title><link href="{base}/news/{i}.html"/>
<id>tag:isna.example,2026:{i}</id><summary>{escape(lead)}</summary>
<category term="{escape(c)}"/><updated>{w.isoformat()}</updated></entry>"""
                for i, t, lead, _b, c, w in rows
            )
            xml = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{name}</title>
<id>tag:isna.example,2026:feed</id><updated>{START.isoformat()}</updated>{entries}
</feed>
"""
            (ROOT / agency / "atom.xml").write_text(xml, encoding="utf-8")
        else:
            items = [
                {
                    "uri": f"urn:tasnim:{i}",
                    "type": "text",
                    "headline": t,
                    "description_text": lead,
                    "body_html": "".join(f"<p>{escape(p)}</p>" for p in b.split("\n\n")),
                    "subject": [{"name": c}],
                    "firstcreated": w.isoformat(),
                    "links": [{"rel": "canonical", "href": f"{base}/news/{i}.html"}],
                }
                for i, t, lead, b, c, w in rows
            ]
            (ROOT / agency / "ninjs.json").write_text(
                json.dumps({"items": items}, ensure_ascii=False, indent=1), encoding="utf-8"
            )
    (ROOT / "labels.json").write_text(
        json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
