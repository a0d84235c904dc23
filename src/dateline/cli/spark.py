"""``dateline spark build INPUT... --out DIR`` and ``dateline spark import DIR``: the pipeline
on Apache Spark (needs the ``spark`` extra: ``pip install 'dateline[spark]'``)."""

from __future__ import annotations

from typing import Annotated

import typer

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    fail,
    open_db,
    print_json,
)
from dateline.cli.build import DatesOption, PerDateOption, SentencesOption

spark_app = typer.Typer(help="Run the pipeline on Apache Spark (local mode or a cluster).",
                        no_args_is_help=True)
app.add_typer(spark_app, name="spark")

MasterOption = Annotated[str, typer.Option(
    "--master", help="Spark master: local[N] here; 'submit' leaves it to spark-submit.")]
MemoryOption = Annotated[str, typer.Option("--driver-memory", help="Spark driver memory.")]
FieldOption = Annotated[list[str] | None, typer.Option(
    "--field", help="JSONL/Parquet field mapping FIELD=KEY, as for `dateline ingest`.")]


def _session(master: str, memory: str, checkpoint_dir: str | None = None
             ):  # type: ignore[no-untyped-def]
    try:
        from dateline.scale import spark_session
    except ImportError as exc:
        raise fail(f"pyspark is not installed ({exc}); pip install 'dateline[spark]'") from exc
    conf = {"spark.checkpoint.dir": checkpoint_dir} if checkpoint_dir else None
    return spark_session(None if master == "submit" else master, memory, conf=conf)


@spark_app.command("build")
def spark_build(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or globs (WARC, JSONL, "
                                                "text, HTML, feeds, Parquet).")],
    out: Annotated[str, typer.Option("--out", help="Folder for the Parquet tables.")],
    master: MasterOption = "local[2]",
    driver_memory: MemoryOption = "4g",
    field: FieldOption = None,
    stories: Annotated[bool, typer.Option(
        "--stories/--no-stories", help="Cluster stories (embeddings, blocks, merge).")] = True,
    block_size: Annotated[int, typer.Option(
        "--block-size", min=1, help="Most copy-group leaders in one story block; up to this "
        "many the stories are those of `dateline stories`.")] = 20_000,
    ner: Annotated[bool, typer.Option(
        "--ner/--no-ner", help="spaCy NER for mentions and claims, as `dateline build`; "
        "--no-ner: the rule-based fallback.")] = True,
    pairs_per_slice: Annotated[int, typer.Option(
        "--pairs-per-slice", min=1, help="Copy candidates verified per slice: each slice's "
        "shuffle files (some 4 KB a pair) are deleted before the next; fewer need less disk, "
        "more run faster. The links are the same.")] = 2_000_000,  # find_copies' default
    broadcast_mb: Annotated[int, typer.Option(
        "--broadcast-mb", min=0, help="Copy detection broadcasts up to this much of each "
        "article's sketch and content shingles to every Python worker instead of shuffling "
        "them with each pair: much faster, but each worker holds a copy (count it in the "
        "executors' memoryOverhead per core). 0 always shuffles. The links are the "
        "same.")] = 512,  # find_copies' default
    checkpoint_dir: Annotated[str | None, typer.Option(
        "--checkpoint-dir", help="Where the copy step checkpoints its pairs and links (an "
        "HDFS or S3 URI on a cluster, so they survive a lost executor); default: the "
        "executors' local storage.")] = None,
    dates: DatesOption = None,
    per_date: PerDateOption = None,
    sentences: SentencesOption = 5,
    json_out: JsonOption = False,
) -> None:
    """Read INPUT, clean and date every article, find copies and stories, analyze every
    article (mentions, claims) and build each story's timeline, overview and source
    comparison; write Parquet tables to --out (articles, errors, fingerprints, copies,
    stories, story_clusters, story_embeddings, story_meta, dated_copies, analysis, aligned,
    timelines). Import them with `dateline spark import`."""
    from dateline.build import BuildConfig
    from dateline.ingest.jsonl import parse_field_options
    from dateline.scale import run_build

    fields = parse_field_options(field) if field else None
    config = BuildConfig(timeline_dates=dates, per_date=per_date, summary_sentences=sentences,
                         use_model=ner)
    with _session(master, driver_memory, checkpoint_dir) as spark:
        counts = run_build(spark, inputs, out, fields=fields, stories=stories,
                           block_size=block_size, config=config,
                           pairs_per_slice=pairs_per_slice,
                           broadcast_bytes=broadcast_mb * 2**20)
    if json_out:
        print_json(counts)
        return
    told = (f", {counts.stories} stories ({counts.blocks} blocks), {counts.analyzed} articles "
            f"analyzed, {counts.timelines} timelines" if stories else "")
    console.print(f"{counts.articles} articles ({counts.unique} distinct), {counts.errors} "
                  f"errors, {counts.links} copy links{told} -> {out}")


@spark_app.command("import")
def spark_import(
    directory: Annotated[str, typer.Argument(help="The --out folder of `dateline spark build`.")],
    db: DbOption = DEFAULT_DB,
    master: MasterOption = "local[2]",
    driver_memory: MemoryOption = "4g",
    json_out: JsonOption = False,
) -> None:
    """Read the tables of `dateline spark build` into the store (articles, errors and, into a
    new store, the copy index and links, the stories and, as `dateline build` publishes
    them, the timelines, overviews, comparisons, claims and entities that `dateline report`
    and the web UI show)."""
    from pathlib import Path

    from dateline.scale import import_tables

    if not (Path(directory) / "articles").is_dir():
        raise fail(f"{directory}: no articles table (run `dateline spark build` first)")
    store = open_db(db)
    try:
        with _session(master, driver_memory) as spark:
            counts = import_tables(spark, directory, store)
    finally:
        store.close()
    if json_out:
        print_json(counts)
        return
    index = ("copy index written" if counts.copies_index else
             "the store was not empty: its copy index is left to `dateline copies`")
    console.print(f"{counts.added} articles added, {counts.known} known, {counts.errors} errors, "
                  f"{counts.links} links, {counts.stories} stories, {counts.timelines} "
                  f"timelines, {counts.claims} claims, {counts.entities} entities; {index}")
