"""Checks that rendered HTML carries no markup from article text."""

from __future__ import annotations

from html.parser import HTMLParser

# Every tag the templates themselves write; anything else came from somewhere it should not.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "span", "a", "main", "h1", "h2",
    "h3", "h4", "p", "div", "b", "table", "tr", "th", "td", "section", "ul", "li", "ol", "time",
    "details", "summary", "code", "del", "ins", "article", "link", "script", "form", "input",
    "button", "nav", "label", "bdi",
}


class TagAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.bad_urls: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
        if tag == "style":
            self.styles += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action") and value and value != "data:," and (
                    value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))):
                self.bad_urls.append(value)


def audit(html: str) -> TagAudit:
    parser = TagAudit()
    parser.feed(html)
    return parser


def assert_inert(html: str, allowed_scripts: tuple[str, ...] = ()) -> None:
    """No foreign tag, no event handler, no script URL, only our own scripts and one style."""
    found = audit(html)
    assert set(found.tags) <= TEMPLATE_TAGS, set(found.tags) - TEMPLATE_TAGS
    assert found.handlers == []
    assert found.bad_urls == []
    assert all(s.get("src") in allowed_scripts for s in found.scripts), found.scripts
    assert found.styles <= 1
    assert "alert(" not in "".join(
        line for line in html.splitlines() if "<script" in line.lower())

# Text every hostile article shows: proof that the markup was displayed as text.
PAYLOAD_MARK = "<script>alert('xss-script')</script>"
