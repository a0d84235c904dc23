"""One SparkSession, configured for dateline and always stopped."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def spark_session(master: str | None = "local[2]", driver_memory: str = "4g",
                  app_name: str = "dateline", shuffle_partitions: int = 64,
                  conf: dict[str, str] | None = None) -> Iterator[Any]:
    """A SparkSession for the block, stopped at its end (even on error).

    ``driver_memory`` is the JVM heap (the executor's too in local mode): 4g runs 100,000
    articles of the dense benchmark corpus (13 links an article) and of a constant copy rate
    (``docs/spark.md``); 2g ran 50,000 dense ones, slowly (the copy step spills).
    ``master`` ``None`` leaves it to ``spark-submit``; ``shuffle_partitions`` is the number of
    partitions after a join or groupBy before adaptive execution merges the small ones into
    partitions of about 16 MB (``parallelismFirst`` off: Spark's default ignores that size
    and merges only partitions under 1 MB, which left 64 tasks of 3 MB each for a Python step
    on 100,000 articles; with it off the copy step took 164.4 s against 169.6, same links).
    Not fewer partitions to start with: with 8 fixed partitions, the task that collects a
    band bucket's members and pairs them up also held the pairs' distinct aggregation, which
    ran out of execution memory (AGGREGATE_OUT_OF_MEMORY) on 100,000 dense articles with a
    4g heap.
    """
    from pyspark.sql import SparkSession

    # executors must run the same interpreter as the driver (the venv with dateline installed)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {"spark.driver.memory": driver_memory,
                "spark.sql.shuffle.partitions": str(shuffle_partitions),
                # small inputs are merged back into few partitions, large ones stay split
                "spark.sql.adaptive.coalescePartitions.enabled": "true",
                "spark.sql.adaptive.advisoryPartitionSizeInBytes": "16m",
                "spark.sql.adaptive.coalescePartitions.parallelismFirst": "false",
                "spark.ui.enabled": "false",
                "spark.ui.showConsoleProgress": "false",
                **(conf or {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()
