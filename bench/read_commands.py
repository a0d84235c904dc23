"""Do the read commands print what the build published? A consistency check, not a score.

Builds the five Raqqa reports plus 60 Reuters articles of Timeline17 (the first 15 non-empty
articles, in file order, of each of H1N1_reuters, LibyaWar_reuters, SyrianCrisis_reuters and
bpoil_reuters; read from ``../shared/data/t17`` at run time into a temporary folder) with
`dateline build`, then for every story compares `dateline timeline|summary|sources STORY
--json` with the story's record in build.json, and `entities --all`, `claims` and `copies
--json` with the build's entities, claims and copy links. Prints a table and writes
``bench/results/read_commands.json``.

    .venv/bin/python bench/read_commands.py [--jobs 1] [--no-ner]
"""

from __future__ import annotations

import argparse
import gzip
import json
import tempfile
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from dateline.cli import app

ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "data" / "t17"
SUBSETS = ("H1N1_reuters", "LibyaWar_reuters", "SyrianCrisis_reuters", "bpoil_reuters")
PER_SUBSET = 15
runner = CliRunner()


def write_articles(path: Path) -> int:
    """The chosen T17 lines into ``path`` (JSONL, as they are); how many."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for subset in SUBSETS:
            taken = 0
            with gzip.open(T17 / subset / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
                for line in lines:
                    if taken == PER_SUBSET:
                        break
                    if json.loads(line)["text"].strip():
                        out.write(line.rstrip("\n") + "\n")
                        taken += 1
            count += taken
    return count


def run_json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    if result.exit_code != 0:
        return {"exit_code": result.exit_code, "output": result.output[-300:]}
    return json.loads(result.stdout)


def check(db: str, document: dict[str, Any]) -> dict[str, Any]:
    """Per command, how many stories (or records) print exactly what build.json holds."""
    stories = document["stories"]
    same = {"timeline": 0, "summary": 0, "sources": 0}
    differing: list[str] = []
    for story in stories:
        story_id = story["story"]["id"]
        for command, key in (("timeline", "timeline"), ("summary", "summary"),
                             ("sources", "comparison")):
            if run_json(command, story_id, "--db", db, "--json") == story[key]:
                same[command] += 1
            else:
                differing.append(f"{command} {story_id}")
    entities = run_json("entities", "--all", "--db", db, "--json")
    claims = run_json("claims", "--db", db, "--json")
    copies = run_json("copies", "--db", db, "--json")
    return {
        "stories": len(stories), **same,
        "all_three": len(stories) - len({d.split()[1] for d in differing}),
        "differing": differing,
        "entities_same": [{k: v for k, v in e.items() if k != "mentions_by_source"}
                          for e in entities] == document["entities"],
        "claims_same": [c for g in claims["groups"] for c in g["claims"]] == document["claims"],
        "copies_same": copies["links"] == document["copies"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", default="1", help="--jobs of the build (default 1)")
    parser.add_argument("--no-ner", action="store_true", help="build with --no-ner")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        chosen = write_articles(folder / "t17_reuters.jsonl")
        db, out = str(folder / "store.db"), folder / "out"
        build = runner.invoke(app, ["build", str(ROOT / "examples" / "raqqa"),
                                    str(folder / "t17_reuters.jsonl"), "--db", db, "--out",
                                    str(out), "--jobs", args.jobs,
                                    *(["--no-ner"] if args.no_ner else [])])
        if build.exit_code not in (0, 3):
            raise SystemExit(f"build failed ({build.exit_code}): {build.output[-500:]}")
        result = check(db, json.loads((out / "build.json").read_text()))
    result["t17_articles"] = chosen
    print(f"Raqqa seeds + {chosen} T17 Reuters articles: {result['stories']} stories")
    print(f"{'command':<10} {'same as build.json':>20}")
    for command in ("timeline", "summary", "sources"):
        print(f"{command:<10} {result[command]:>14} / {result['stories']}")
    print(f"{'all three':<10} {result['all_three']:>14} / {result['stories']}")
    print(f"entities {result['entities_same']}, claims {result['claims_same']}, "
          f"copies {result['copies_same']}")
    for line in result["differing"]:
        print(f"  differs: {line}")
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "read_commands.json").write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
