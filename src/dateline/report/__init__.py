"""Outputs: the build document and its JSON Schema, Markdown and HTML reports.

Outputs only render; they compute nothing new. Every renderer takes a
:class:`~dateline.report.document.BuildResult` (the records of ``model.py`` gathered from one
run): build one by hand, or read the last build from the store with :func:`load_build`.
"""

from dateline.report.document import BuildResult, StoryResult, result_from_dict, result_to_dict
from dateline.report.html import render_html
from dateline.report.markdown import report_markdown, story_markdown
from dateline.report.results import Results, load_build, save_results

__all__ = [
    "BuildResult", "Results", "StoryResult", "load_build", "render_html", "report_markdown",
    "result_from_dict", "result_to_dict", "save_results", "story_markdown",
]
