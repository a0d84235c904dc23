"""The rest of the pipeline on Spark: per-article analysis (mentions, claims) and each story's
timeline, overview and comparison give, once imported, what the local ``dateline build``
publishes; a record whose analysis or timeline step raises is an error row, not a failed job."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from dateline.analyze.articles import analyze_articles  # noqa: E402
from dateline.build import BuildConfig, build  # noqa: E402
from dateline.model import to_dict  # noqa: E402
from dateline.report.results import load_build  # noqa: E402
from dateline.scale import import_tables, run_build  # noqa: E402
from dateline.scale.analysis import analysis_partition, analyzed_of  # noqa: E402
from dateline.scale.job import build_products  # noqa: E402
from dateline.scale.timelines import story_partition  # noqa: E402
from dateline.store import SQLiteStore  # noqa: E402

PRODUCTS = ("dated_copies", "analysis", "aligned", "timelines")


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from dateline.scale import spark_session

    with spark_session("local[2]", driver_memory="2g", shuffle_partitions=4) as session:
        yield session


@pytest.fixture(scope="module")
def raqqa(spark, raqqa_dir: Path, tmp_path_factory: pytest.TempPathFactory
          ):  # type: ignore[no-untyped-def]
    """One local ``dateline build`` and one Spark build + import of the Raqqa corpus."""
    root = tmp_path_factory.mktemp("pipeline")
    local = SQLiteStore(root / "local.db")
    build(local, [str(raqqa_dir)])
    out = root / "out"
    counts = run_build(spark, [str(raqqa_dir)], out)
    imported = SQLiteStore(root / "spark.db")
    imports = import_tables(spark, out, imported)
    yield out, counts, imports, local, imported
    local.close()
    imported.close()


def _document(store: SQLiteStore) -> dict:
    data = to_dict(load_build(store))
    data.pop("generated_at")
    return data


def test_spark_build_and_import_publish_the_local_build_result(raqqa) -> None:  # type: ignore[no-untyped-def]
    out, counts, imports, local, imported = raqqa
    # the Reuters reprint has no date of its own: both paths give it its twin's (copy-of)
    assert counts.dated_copies == imports.dated_copies == 1
    assert (counts.analyzed, counts.timelines, imports.timelines) == (5, 1, 1)
    spark_doc, local_doc = _document(imported), _document(local)
    # what `dateline report` and the web UI show: the same stories with the same timeline
    # (dates, sentences, citations), overview and comparison, the same aligned copies,
    # claims (with conflicts) and entities, the same articles with their dates
    for key in ("stories", "articles", "copies", "claims", "entities", "places", "errors"):
        assert spark_doc[key] == local_doc[key], key
    story = spark_doc["stories"][0]
    assert len(story["timeline"]) >= 4 and len(story["summary"]) == 5
    cited = {c["article_id"] for e in story["timeline"] for s in e["sentences"]
             for c in s["citations"]}
    assert len(cited) >= 3
    assert story["comparison"] is not None and imports.claims > 0 and imports.entities > 0


def test_analysis_table_holds_the_local_mentions_and_claims(spark, raqqa
                                                            ) -> None:  # type: ignore[no-untyped-def]
    out, _counts, _imports, local, _imported = raqqa
    rows = spark.read.parquet(str(out / "analysis")).orderBy("pos").collect()
    expected = list(analyze_articles(local.iter_articles()))
    assert [analyzed_of(r) for r in rows] == expected
    assert sum(len(a.mentions) for a in expected) > 100


def test_rerun_writes_the_same_tables_and_import_twice_adds_nothing(spark, raqqa
                                                                    ) -> None:  # type: ignore[no-untyped-def]
    out, _counts, _imports, _local, imported = raqqa

    def tables() -> dict[str, list]:
        return {t: sorted(map(tuple, spark.read.parquet(str(out / t)).collect()))
                for t in (*PRODUCTS, "errors")}

    before, document = tables(), _document(imported)
    build_products(spark, out, None, {})
    assert tables() == before
    again = import_tables(spark, out, imported)
    assert (again.added, again.timelines, again.dated_copies) == (0, 0, 0)
    assert _document(imported) == document


def test_a_broken_article_is_an_error_row_and_the_build_goes_on(spark, raqqa, tmp_path: Path
                                                                ) -> None:  # type: ignore[no-untyped-def]
    """An article record that makes the analysis raise (here: a record missing its fields)
    is a row of ``errors`` with its id; its story still gets a timeline from the others."""
    out = tmp_path / "out"
    shutil.copytree(raqqa[0], out)
    articles = spark.read.parquet(str(raqqa[0] / "articles")).orderBy("pos").collect()
    broken = articles[2]["id"]
    rows = [(r["pos"], r["id"], json.dumps({"id": broken}) if r["id"] == broken else
             r["article"], r["sentences"]) for r in articles]
    shutil.rmtree(out / "articles")
    spark.createDataFrame(rows, "pos long, id string, article string, sentences string"
                          ).write.parquet(str(out / "articles"))
    analyzed, timelines = build_products(spark, out, BuildConfig(use_model=False), {})
    assert (analyzed, timelines) == (4, 1)
    errors = spark.read.parquet(str(out / "errors")).collect()
    assert [(e["path"], e["reason"]) for e in errors] == [(broken, "failed to analyze")]
    assert "TypeError" in errors[0]["detail"]
    story = spark.read.parquet(str(out / "timelines")).first()
    assert story["articles"] == 4 and json.loads(story["timeline"])


def test_analysis_task_isolates_the_failing_article(monkeypatch: pytest.MonkeyPatch,
                                                    raqqa_articles) -> None:  # type: ignore[no-untyped-def]
    import dateline.analyze.articles as analyze

    articles = [raqqa_articles[k] for k in ("000", "001", "002")]
    real = analyze.analyze_articles

    def failing(batch, **options):  # type: ignore[no-untyped-def]
        batch = list(batch)
        if any(a.id == articles[1].id for a in batch):
            raise RuntimeError("injected")
        return real(batch, **options)

    monkeypatch.setattr(analyze, "analyze_articles", failing)
    rows = [(n, a.id, json.dumps(to_dict(a))) for n, a in enumerate(articles)]
    out = list(analysis_partition(False)(rows))
    assert [(r[0], r[1]) for r in out] == [(0, articles[0].id), (1, None), (2, articles[2].id)]
    assert out[1][6:8] == (articles[1].id, "failed to analyze") and "injected" in out[1][8]
    kept = [analyzed_of(dict(zip(("pos", "id", "article", "sentences", "mentions", "claims"),
                                 r[:6], strict=True))) for r in (out[0], out[2])]
    assert kept == list(real([articles[0], articles[2]], use_model=False))


def test_timeline_task_isolates_the_failing_story(monkeypatch: pytest.MonkeyPatch,
                                                  raqqa_articles) -> None:  # type: ignore[no-untyped-def]
    import dateline.build as main_job
    from dateline.time import date_sentences

    def member(key: str) -> tuple:
        a = raqqa_articles[key]
        return (int(key), a.id, json.dumps(to_dict(a)), json.dumps(to_dict(date_sentences(a))))

    real = main_job.story_products

    def failing(articles, *rest):  # type: ignore[no-untyped-def]
        if any(a.article.id == raqqa_articles["003"].id for a in articles):
            raise ValueError("injected")
        return real(articles, *rest)

    monkeypatch.setattr(main_job, "story_products", failing)
    groups = [("s-ok", ([member("000"), member("004")], [])),
              ("s-bad", ([member("003")], []))]
    out = list(story_partition(BuildConfig())(groups))
    assert out[0][0] == "s-ok" and json.loads(out[0][3])
    assert out[1][0] is None and out[1][7:9] == ("s-bad", "failed to build timeline")
    assert out[1][1] == 3 and "injected" in out[1][9]
