"""The XSS payload corpus and the checks that a page carries none of it in a form that runs.

Pages are parsed with html5lib, which follows the HTML5 parsing algorithm a browser
uses, so markup that only turns active after a browser re-parses it (mutation XSS)
is judged as a browser would see it.
"""

from __future__ import annotations

import json
import re
import unicodedata

import html5lib
from bs4 import BeautifulSoup
from bs4.builder import HTML5TreeBuilder

# Each payload tries to run alert(...) or load a script; none may work anywhere.
PAYLOADS: list[str] = [
    # plain script tags, in and out of attributes
    "<script>alert('xss-1')</script>",
    '"><script>alert("xss-2")</script>',
    "'><script>alert(3)</script>",
    "</title><script>alert(4)</script>",
    "</script><script>alert(5)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script/xss>alert(6)</script>",
    # event handlers
    "<img src=x onerror=alert(7)>",
    '<img src="x" onerror="alert(8)">',
    "<body onload=alert(9)>",
    "<input autofocus onfocus=alert(10)>",
    "<details open ontoggle=alert(11)>",
    '<a href="https://ok.example" onclick="alert(12)">پیوند</a>',
    "<x onmouseover=alert(13)>hover",
    '" onmouseover="alert(14)',
    "' onfocus='alert(15)' autofocus='",
    # javascript: and data: URLs
    '<a href="javascript:alert(16)">پیوند</a>',
    '<a href="JaVaScRiPt:alert(17)">پیوند</a>',
    '<a href="jav&#x09;ascript:alert(18)">پیوند</a>',
    '<a href=" &#14; javascript:alert(19)">پیوند</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(20)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgyMSk8L3NjcmlwdD4=">داده</a>',
    '<img src="data:image/svg+xml,<svg onload=alert(22)>">',
    "javascript:alert(23)",
    '<form action="javascript:alert(24)"><button>ارسال</button></form>',
    '<button formaction="javascript:alert(25)">x</button>',
    # SVG and MathML
    "<svg onload=alert(26)>",
    "<svg><script>alert(27)</script></svg>",
    '<svg><a xlink:href="javascript:alert(28)"><text x="0" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(29) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(30)>",
    # CSS
    '<div style="background:url(javascript:alert(31))">سبک</div>',
    '<p style="width:expression(alert(32))">سبک</p>',
    "<style>@import 'javascript:alert(33)';</style>",
    '<link rel="stylesheet" href="javascript:alert(34)">',
    # frames and plugins
    '<iframe src="javascript:alert(35)"></iframe>',
    '<iframe srcdoc="<script>alert(36)</script>"></iframe>',
    '<object data="javascript:alert(37)"></object>',
    '<embed src="javascript:alert(38)">',
    '<base href="javascript:alert(39)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(40)">',
    # broken quotes, comments, mutation XSS
    '<img src="x` `<script>alert(41)</script>"` `>',
    '<!--<img src="--><img src=x onerror=alert(42)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(43)>">',
    "<template><script>alert(44)</script></template>",
    "<textarea></textarea><img src=x onerror=alert(45)>",
    "<![CDATA[<script>alert(46)</script>]]>",
    # entities and unicode tricks
    "&lt;script&gt;alert(47)&lt;/script&gt;",
    "&#60;script&#62;alert(48)&#60;/script&#62;",
    "\uff1cscript\uff1ealert(49)\uff1c/script\uff1e",  # fullwidth < >
    "\u202e<script>alert(50)</script>\u202c",  # right-to-left override
    "<scr\u200bipt>alert(51)</scr\u200bipt>",  # zero-width space inside the tag name
    '<a href="java\u200cscript:alert(52)">نیم‌فاصله</a>',  # ZWNJ inside the scheme
    "\ufe64script\ufe65alert(53)\ufe64/script\ufe65",  # small-form < >
]

ACTIVE_TAGS = {
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "portal",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcset",
    "ping",
    "cite",
}
_INVISIBLE = re.compile(r"[\x00-\x20\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


class _ScriptingHTML5Builder(HTML5TreeBuilder):
    """html5lib as a browser with JavaScript on parses: <noscript> content is raw text, so
    `<noscript><p title="</noscript><img onerror=...>">` yields the live <img> it would."""

    def feed(self, markup) -> None:
        original = html5lib.HTMLParser.parse

        def parse(parser, stream, *args, **kwargs):
            kwargs.setdefault("scripting", True)
            return original(parser, stream, *args, **kwargs)

        html5lib.HTMLParser.parse = parse
        try:
            super().feed(markup)
        finally:
            html5lib.HTMLParser.parse = original


def parse(html: str | bytes) -> BeautifulSoup:
    return BeautifulSoup(html, builder=_ScriptingHTML5Builder())


def _scheme(value: str) -> str:
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", value)).lower()
    return folded.split(":", 1)[0] if ":" in folded else ""


def active_content(
    soup: BeautifulSoup, *, scripts_from: tuple[str, ...] = ("/static/",)
) -> list[str]:
    """Everything on the page that could run script; [] for a safe page.

    Scripts must come from the site's own static files or be JSON-LD data blocks
    (whose text must not be able to end the element); no element may carry an
    event handler, a style attribute or a javascript:/data:/vbscript: URL; no
    frames, plugins, <base>, <style> elements or meta refresh.
    """
    found: list[str] = []
    for script in soup.find_all("script"):
        kind = (script.get("type") or "").lower()
        if kind == "application/ld+json":
            raw = script.string or ""
            if "</" in raw.lower() or "<!--" in raw:
                found.append(f"JSON-LD that can close its element: {raw[:80]!r}")
            try:
                json.loads(raw)
            except ValueError:
                found.append(f"JSON-LD that is not JSON: {raw[:80]!r}")
            continue
        src = script.get("src") or ""
        if not src.startswith(scripts_from) or (script.string or "").strip():
            found.append(f"script {str(script)[:120]!r}")
    for tag in soup.find_all(True):
        if tag.name in ACTIVE_TAGS:
            found.append(f"<{tag.name}> {str(tag)[:120]!r}")
        if tag.name == "meta" and (tag.get("http-equiv") or "").lower() == "refresh":
            found.append(f"meta refresh {str(tag)[:120]!r}")
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"handler {name}= on <{tag.name}>: {text[:80]!r}")
            elif name.lower() == "style":
                found.append(f"style= on <{tag.name}>: {text[:80]!r}")
            elif name.lower() in URL_ATTRIBUTES or name.lower().endswith(":href"):
                if _scheme(text) in {"javascript", "vbscript", "data", "livescript"}:
                    found.append(f"{name}={text[:80]!r} on <{tag.name}>")
            elif name.lower() == "srcdoc":
                found.append(f"srcdoc on <{tag.name}>")
    return found


def assert_inert(
    html: str | bytes, where: str, scripts_from: tuple[str, ...] = ("/static/",)
) -> BeautifulSoup:
    soup = parse(html)
    problems = active_content(soup, scripts_from=scripts_from)
    assert not problems, f"{where}: {problems[:5]}"
    return soup
