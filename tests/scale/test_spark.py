"""dateline on Spark (local mode) gives what the single-process path gives, on the same input."""

from __future__ import annotations

import json
import logging
import random
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspark")

from dateline.copies import CopyDetector  # noqa: E402
from dateline.copies.refresh import refresh  # noqa: E402
from dateline.ingest import ingest  # noqa: E402
from dateline.ingest.pipeline import process_raw, read_inputs  # noqa: E402
from dateline.model import Article, IngestError, Source, article_id, to_dict  # noqa: E402
from dateline.scale import article_frame, find_copies, import_tables, run_build  # noqa: E402
from dateline.sentences import split_sentences  # noqa: E402
from dateline.store import SQLiteStore  # noqa: E402
from dateline.time import date_sentences  # noqa: E402

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from dateline.scale import spark_session

    with spark_session("local[2]", driver_memory="2g", shuffle_partitions=4) as session:
        yield session


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory, raqqa_dir: Path) -> Path:
    """The Raqqa corpus, one of its articles again as a JSONL line, and a malformed line."""
    root = tmp_path_factory.mktemp("inputs")
    shutil.copytree(raqqa_dir, root / "raqqa")
    first = sorted(p for p in raqqa_dir.iterdir() if p.suffix == ".txt")[0]
    lines = [json.dumps({"text": first.read_text(), "url": "https://example.org/a"}),
             "{not json",
             json.dumps({"title": "no text here"})]
    (root / "dump.jsonl").write_text("\n".join(lines) + "\n")
    return root


@pytest.fixture(scope="module")
def built(spark, inputs: Path, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[Path, object]:  # type: ignore[no-untyped-def]
    """The Spark build of ``inputs``: its output folder and counts (one run per module)."""
    out = tmp_path_factory.mktemp("built") / "out"
    return out, run_build(spark, [str(inputs)], out, stories=False)  # test_stories.py


def _local(paths: list[str]) -> tuple[list[Article], list[IngestError]]:
    items = [process_raw(item) for item in read_inputs(paths)]
    return ([i for i in items if isinstance(i, Article)],
            [i for i in items if isinstance(i, IngestError)])


def _links(rows: list) -> list[tuple]:  # type: ignore[type-arg]
    return sorted((r["original"], r["copy"], r["similarity"], r["kind"], r["direction"])
                  for r in rows)


def _local_links(articles: list[Article]) -> list[tuple]:  # type: ignore[type-arg]
    detector = CopyDetector().fit(articles)
    return sorted((k.original, k.copy, k.similarity, k.kind, k.direction)
                  for k in detector.links_)


def test_build_matches_local_ingest_dates_and_copies(spark, inputs: Path, built
                                                     ) -> None:  # type: ignore[no-untyped-def]
    out, counts = built
    local_articles, local_errors = _local([str(inputs)])
    rows = spark.read.parquet(str(out / "articles")).orderBy("pos").collect()
    assert [r["id"] for r in rows] == [a.id for a in local_articles]
    assert [json.loads(r["article"]) for r in rows] == [to_dict(a) for a in local_articles]
    assert [json.loads(r["sentences"]) for r in rows] == [
        to_dict(list(date_sentences(a))) for a in local_articles]
    # the malformed and the empty JSONL lines are errors; the job went on
    errors = spark.read.parquet(str(out / "errors")).orderBy("pos").collect()
    assert [(e["path"], e["reason"]) for e in errors] == [
        (e.path, e.reason) for e in local_errors]
    assert {e["reason"] for e in errors} == {"bad JSON line", "empty article"}
    unique = _first_of_each(local_articles)
    assert counts.unique == len(unique) == 5  # the JSONL line repeats a Raqqa article
    copies = spark.read.parquet(str(out / "copies")).collect()
    assert _links(copies) == _local_links(unique)
    assert any(r["kind"] == "exact" for r in copies) is False  # one text, one article id


def test_rerun_is_idempotent_and_import_matches_local_store(spark, inputs: Path, built,
                                                            tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = built[0]
    first = {t: sorted(map(tuple, spark.read.parquet(str(out / t)).collect()))
             for t in ("articles", "errors", "copies")}
    run_build(spark, [str(inputs)], out, stories=False)
    again = {t: sorted(map(tuple, spark.read.parquet(str(out / t)).collect()))
             for t in ("articles", "errors", "copies")}
    assert again == first

    local = SQLiteStore(tmp_path / "local.db")
    ingest(local, [str(inputs)])
    local_links = refresh(local).links_
    imported = SQLiteStore(tmp_path / "spark.db")
    counts = import_tables(spark, out, imported)
    assert counts.copies_index and counts.added == 5 and counts.known == 1
    assert [a.id for a in imported.iter_articles()] == [a.id for a in local.iter_articles()]
    assert len(imported.sources(local_links[0].original)) == len(
        local.sources(local_links[0].original))
    assert [(e.path, e.reason) for e in imported.errors()] == [
        (e.path, e.reason) for e in local.errors()]
    # the imported copy index is what a local fit stores: dateline copies goes on from it
    assert refresh(imported).links_ == local_links
    again_counts = import_tables(spark, out, imported)  # importing twice adds nothing
    assert (again_counts.added, again_counts.errors) == (0, 0)
    assert imported.count_articles() == 5 and len(imported.errors()) == len(local.errors())
    local.close()
    imported.close()


def test_parquet_input_gives_the_articles_of_jsonl(spark, tmp_path: Path,
                                                   raqqa_articles: dict[str, Article]
                                                   ) -> None:  # type: ignore[no-untyped-def]
    records = [{"text": a.text, "title": a.title or "", "url": f"https://x.org/{k}"}
               for k, a in sorted(raqqa_articles.items())]
    (tmp_path / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    spark.createDataFrame(records).select("text", "title", "url").coalesce(1).write.parquet(
        str(tmp_path / "dump.parquet"))
    run_build(spark, [str(tmp_path / "dump.parquet")], tmp_path / "out", stories=False)
    rows = spark.read.parquet(str(tmp_path / "out" / "articles")).orderBy("pos").collect()
    local, _ = _local([str(tmp_path / "dump.jsonl")])
    assert sorted(r["id"] for r in rows) == sorted(a.id for a in local)


def _mixed_corpus(raqqa_articles: dict[str, Article], n: int, seed: int) -> list[Article]:
    """Articles made of sentences of the Raqqa reports, many sharing long passages (exact,
    near and partial copies, and buckets far larger than 64 members)."""
    rng = random.Random(seed)
    pool = [s for a in raqqa_articles.values() for p in a.paragraphs
            for s in split_sentences(p) if len(s.split()) > 6]
    out: list[Article] = []
    for i in range(n):
        if out and rng.random() < 0.4:  # a copy of an earlier article, cut and edited
            base = list(rng.choice(out).paragraphs)
            base = base[: max(1, int(len(base) * rng.uniform(0.5, 1.0)))]
            if rng.random() < 0.5:
                base.append(rng.choice(pool))
            paragraphs = tuple(base)
        else:
            start = rng.randrange(len(pool))
            size = rng.randint(3, 12)
            paragraphs = tuple(pool[(start + j) % len(pool)] if rng.random() < 0.8
                               else rng.choice(pool) for j in range(size))
        out.append(Article(id=article_id("\n".join(paragraphs)), source=Source(path=f"m{i}"),
                           paragraphs=paragraphs))
    return _first_of_each(out)


def _first_of_each(articles: list[Article]) -> list[Article]:
    """One article per id, the first read (as the store keeps them)."""
    seen: set[str] = set()
    return [a for a in articles if not (a.id in seen or seen.add(a.id))]  # type: ignore[func-returns-value]


def test_copies_identical_to_local_on_a_crowded_corpus(spark, raqqa_articles
                                                       ) -> None:  # type: ignore[no-untyped-def]
    articles = _mixed_corpus(raqqa_articles, 700, seed=3)
    assert len(articles) >= 500  # the stop-shingle sample is taken, as in the local path
    links, _ = find_copies(spark, article_frame(spark, articles))
    found = _links(links.collect())
    assert found == _local_links(articles)
    assert {k for *_, k, _d in found} >= {"near", "partial"}


def test_copies_verified_in_slices_are_the_same_links(spark, raqqa_articles, caplog
                                                     ) -> None:  # type: ignore[no-untyped-def]
    """With nothing broadcast (the sketches and the articles joined to the pairs, as for a
    corpus too large to broadcast) and verified in three slices (the bound on the disk that
    takes), the pairs give the local links all the same."""
    articles = _mixed_corpus(raqqa_articles, 300, seed=5)
    frame = article_frame(spark, articles)
    def told() -> tuple[int, int]:  # "verifying %d pairs in %d slice(s)"
        return [r for r in caplog.records if r.name == "dateline.scale.copies"][-1].args

    with caplog.at_level(logging.INFO, logger="dateline.scale.copies"):
        whole, _ = find_copies(spark, frame, pairs_per_slice=10**9)
        n_pairs = told()[0]
        sliced, _ = find_copies(spark, frame, pairs_per_slice=-(-n_pairs // 3),
                                broadcast_bytes=0)
        assert told() == (n_pairs, 3)
    found = _links(sliced.collect())
    assert len(found) >= 50
    assert found == _links(whole.collect()) == _local_links(articles)


@pytest.fixture(scope="module")
def t17(shared_data: Path) -> list[Article]:
    """Two T17 dev topics, 600 articles and derived copies (~1,100 articles)."""
    if not (shared_data / "t17").is_dir():
        pytest.skip("T17 not available")
    sys.path.insert(0, str(BENCH))
    from copies_t17 import DEV_TOPICS, build

    corpus = build(DEV_TOPICS[:2], n_originals=120, limit=600)
    return _first_of_each(corpus.articles + [d.article for d in corpus.derived])


def test_copies_identical_to_local_on_t17(spark, t17: list[Article]
                                          ) -> None:  # type: ignore[no-untyped-def]
    assert len(t17) >= 1000
    links, _ = find_copies(spark, article_frame(spark, t17))
    found = _links(links.collect())
    assert len(found) >= 100
    assert found == _local_links(t17)


def test_a_reader_failing_inside_a_file_becomes_an_error_row(monkeypatch: pytest.MonkeyPatch,
                                                             raqqa_dir: Path) -> None:
    """The read task of one file: records before the failure are kept, the failure is a row
    of the errors table and the next file is read (the job goes on)."""
    import dateline.ingest.pipeline as pipeline
    from dateline.scale.articles import RECORD_BITS, _file_partition

    files = sorted(str(p) for p in raqqa_dir.iterdir() if p.suffix == ".txt")[:2]
    real = pipeline.read_path

    def broken(path: Path, options):  # type: ignore[no-untyped-def]
        yield from real(path, options)
        if str(path) == files[0]:
            raise ValueError("parser bug")

    monkeypatch.setattr(pipeline, "read_path", broken)
    rows = list(_file_partition(None)([(0, files[0]), (1, files[1])]))
    assert [r[1] is not None for r in rows] == [True, False, True]
    assert rows[1][4:6] == (files[0], "failed to read") and "parser bug" in rows[1][6]
    assert rows[2][0] == 1 << RECORD_BITS
