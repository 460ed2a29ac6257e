"""Score an engine on the seed page: the 19 defects and 5 spans of shared/seeds/README.md."""

from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
Z = "\u200c"

DEFECTS = [
    ("میکنیم", f"می{Z}کنیم"),
    ("سیاستهای", f"سیاست{Z}های"),
    ("گفتوگو", f"گفت{Z}وگو"),
    ("تبادلنظر", f"تبادل{Z}نظر"),
    ("بیانکننده", f"بیان{Z}کننده"),
    ("هستهایش", f"هسته{Z}ای{Z}اش"),
    ("نکردهاند", f"نکرده{Z}اند"),
    ("مدعی شدهاند", f"مدعی شده{Z}اند"),
    ("اعزام شدهاند", f"اعزام شده{Z}اند"),
    ("چهره ها", f"چهره{Z}ها"),
    ("مشورتهای راهبردی بین", f"مشورت{Z}های راهبردی بین"),
    ("ﺑﻪ ﮔﺰارش ﺧﺒﺮﮔﺰاری اﻗﺘﺼﺎد", "به گزارش خبرگزاری اقتصاد"),
    ("اﻗﺘﺼﺎداﯾﺮان", "اقتصاد ایران"),
    ("حمایت میکند", f"حمایت می{Z}کند"),
    ("شامل میشود", f"شامل می{Z}شود"),
    ("دیپلماتهای", f"دیپلمات{Z}های"),
    ("بخشهایی", f"بخش{Z}هایی"),
    ("توافقنامه", f"توافق{Z}نامه"),
    ("هیچکدام", f"هیچ{Z}کدام"),
]
SPANS = [
    "econews.ir/5x3830263",
    "کره شمالی",
    "«رهبریت خردمندانه»",
    "سرگئی لاوروف",
    "تأکید کرد که مسکو",
]


def seed_text() -> str:
    """The seed page: the copy shipped in the repo, else the shared folder beside it."""
    for path in (
        ROOT / "khabar" / "ingest" / "samples" / "econews-3830263.txt",
        ROOT.parent / "shared" / "seeds" / "000_6dba2b0f2022c2eb.txt",
    ):
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise SystemExit("seed page not found")


def score_output(out: str) -> dict:
    fixed = [i + 1 for i, (bad, good) in enumerate(DEFECTS) if good in out and bad not in out]
    kept = [i + 1 for i, span in enumerate(SPANS) if span in out]
    return {"defects_fixed": len(fixed), "fixed": fixed, "spans_kept": len(kept), "kept": kept}


def check(engine: str, run) -> dict:  # type: ignore[no-untyped-def]
    out = run(engine, {"seed": [seed_text()]})["outputs"]["seed"][0]
    return score_output(out)
