"""One SparkSession, configured for dateline and always stopped."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def spark_session(master: str | None = "local[2]", driver_memory: str = "4g",
                  app_name: str = "dateline", shuffle_partitions: int = 8,
                  conf: dict[str, str] | None = None) -> Iterator[Any]:
    """A SparkSession for the block, stopped at its end (even on error).

    ``driver_memory`` is the JVM heap (the executor's too in local mode): 4g ran 100,000
    articles at a constant copy rate (2.6 links an article) but not 100,000 of the dense
    benchmark corpus (13 links an article), which took 8g (``docs/spark.md``); the heap a
    corpus needs grows with its copy links more than with its articles.
    ``master`` ``None`` leaves it to ``spark-submit``; ``shuffle_partitions`` is the number of
    partitions after a join or groupBy (Spark's default of 200 is far too many in local mode;
    on a cluster use two or three per executor core).
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
