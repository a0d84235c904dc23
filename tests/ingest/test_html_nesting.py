"""Pages nested deeper than libxml2's 256 levels keep their text (it lost the whole page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from dateline.ingest import read_inputs, to_article
from dateline.ingest.html import MAX_DEPTH, shallow
from dateline.model import Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
REPORT = ("<p>The Syrian Democratic Forces said on Tuesday that they had entered the city of "
          "Raqqa from the east after weeks of heavy fighting, a coalition spokesman said.</p>"
          "<p>Around 2,500 fighters were still defending the Old City, he told reporters in "
          "Baghdad, and the offensive would take months.</p>")


def nested(depth: int) -> str:
    return ("<html><head><title>Forces enter Raqqa</title></head><body>"
            + "<div class='wrap'>" * depth + REPORT + "</div>" * depth + "</body></html>")


@pytest.mark.parametrize("depth", [255, 300, 3000, 20000])
def test_deeply_nested_page_keeps_its_text(tmp_path: Path, depth: int) -> None:
    page = tmp_path / "deep.html"
    page.write_text(nested(depth), encoding="utf-8")
    (raw,) = read_inputs([str(page)])
    article = to_article(raw)  # type: ignore[arg-type]
    assert isinstance(article, Article), article
    text = " ".join(article.paragraphs)
    assert "entered the city of Raqqa" in text and "Around 2,500 fighters" in text


def test_shallow_bounds_depth_and_keeps_text() -> None:
    flat = shallow(nested(1000))
    tree = lxml_html.fromstring(flat)
    depth = max(len(list(element.iterancestors())) for element in tree.iter())
    assert depth <= MAX_DEPTH + 3
    assert "entered the city of Raqqa" in tree.text_content()


def test_shallow_leaves_a_normal_page_as_it_is() -> None:
    page = (FIXTURES / "raqqa_003.html").read_text(encoding="utf-8")
    assert shallow(page) == page
    unclosed = "<html><body>" + "<p>one paragraph left open" * 500 + "</body></html>"
    assert shallow(unclosed) == unclosed  # a new <p> closes the last: not 500 levels
