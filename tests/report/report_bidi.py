"""A store whose first outlet is named with a RIGHT-TO-LEFT OVERRIDE (issue 24), cited first
in a timeline with two other outlets: the report, the web UI and the terminal must show it
without turning the rest of any line around."""

from __future__ import annotations

import json
from pathlib import Path

from dateline.ingest import ingest
from dateline.model import Citation, CitedSentence, Story, TimelineEntry
from dateline.report.document import StoryResult
from dateline.report.results import save_results
from dateline.store import SQLiteStore

OUTLET = "Daily\u202eTAERG"
OUTLETS = (OUTLET, "Second Paper", "Third Paper")


def bidi_store(path: Path) -> dict[str, str]:
    """The store at ``path`` (three articles, one story ``bidi``); article ids by outlet."""
    dump = path.with_suffix(".jsonl")
    rows = [{"text": f"The old bridge in the town centre was closed on Saturday, the "
                     f"paper reported. Repairs will take {n + 2} years, officials said.",
             "title": f"Bridge closed ({n + 1})", "source": name, "author": "Ann Lee",
             "date": f"2017-06-1{n}"} for n, name in enumerate(OUTLETS)]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = SQLiteStore(path)
    report = ingest(store, [str(dump)])
    assert report.read == 3 and not report.errors, report
    ids = {a.outlet or "": a.id for a in store.iter_articles()}
    cites = tuple(Citation(ids[name], 0, outlet=name) for name in OUTLETS)
    story = Story("bidi", "Bridge closure", tuple(ids[name] for name in OUTLETS),
                  first_date="2017-06-10", last_date="2017-06-12", outlets=OUTLETS,
                  independent_sources=3)
    timeline = (TimelineEntry("2017-06-10", "day", (CitedSentence(
        "The old bridge in the town centre was closed.", cites, 3),)),)
    save_results(store, [StoryResult(story, timeline, summary=timeline[0].sentences)])
    store.close()
    return ids
