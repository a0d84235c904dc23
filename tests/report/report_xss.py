"""Hostile article text: markup that must never run or render as HTML in any output."""

from __future__ import annotations

from pathlib import Path

PAYLOADS = (
    "<script>alert('xss-script')</script>",
    '<img src=x onerror="alert(\'xss-img\')">',
    '<a href="javascript:alert(\'xss-link\')">click me</a>',
    "<svg onload=alert('xss-svg')></svg>",
    '<iframe src="javascript:alert(\'xss-iframe\')"></iframe>',
    "<style>body { display: none }</style>",
    '<div style="background:url(javascript:alert(1));position:fixed;inset:0">cover</div>',
    '"><script>alert("xss-attr")</script>',
    "</textarea></title></style><script>alert('xss-close')</script>",
    "[click](javascript:alert('xss-md')) ![img](http://example.invalid/x.png)",
    "<body onload=alert('xss-body')>",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "&lt;script&gt;alert('xss-entity')&lt;/script&gt;",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss-meta')\">",
    "<link rel=stylesheet href=http://example.invalid/evil.css>",
)


def hostile_paragraphs() -> list[str]:
    return [f"Raqqa fighters report {n}: {payload} said the commander on Monday."
            for n, payload in enumerate(PAYLOADS)]


def write_corpus(folder: Path) -> list[Path]:
    """Three text articles and one HTML page, every one full of markup, under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = hostile_paragraphs()
    files = []
    for n in range(3):
        title = f"<script>alert('title-{n}')</script> Raqqa <b onmouseover=alert(1)>news</b> {n}"
        body = "\n\n".join(paragraphs[n::3])
        path = folder / f"hostile_{n}.txt"
        path.write_text(f"{title}\n\n{body}\n\nThe story continues with 250 fighters.\n",
                        encoding="utf-8")
        files.append(path)
    escaped = "".join(f"<p>{p.replace('&', '&amp;').replace('<', '&lt;')}</p>"
                      for p in paragraphs)
    page = folder / "hostile_page.html"
    page.write_text(
        "<html><head><title>&lt;script&gt;alert('html-title')&lt;/script&gt;</title></head>"
        f"<body><article><h1>Raqqa &lt;img src=x onerror=alert(2)&gt;</h1>{escaped}"
        "<script>alert('real-script')</script></article></body></html>", encoding="utf-8")
    files.append(page)
    return files
