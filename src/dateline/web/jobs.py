"""Ingest jobs: a background thread per job, one job writing at a time, progress for polling.

A job ingests files through :func:`dateline.ingest.ingest` on its own store connection; the
web requests keep reading on theirs (the store is in WAL mode, so readers are never blocked by
the writer). Progress is counted in inputs (files) when their number is known up front.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from dateline.ingest import IngestReport, ingest
from dateline.ingest.pipeline import input_files
from dateline.store import SQLiteStore

KEEP_JOBS = 100
COUNT_LIMIT = 100_000  # stop counting files of a huge folder; progress is then open-ended


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Job:
    """The state of one ingest, as the progress endpoint returns it."""

    id: str
    kind: Literal["upload", "path"]
    inputs: list[str]
    status: Literal["queued", "running", "done", "failed"] = "queued"
    total: int | None = None  # files to read, when known
    read: int = 0
    added: int = 0
    known: int = 0
    skipped: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)  # files and fields not read
    message: str = ""
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None

    @property
    def progress(self) -> float | None:
        if self.status == "done":
            return 1.0
        if not self.total:
            return None
        return min(1.0, (self.read + self.skipped) / self.total)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "progress": self.progress}


def count_files(paths: list[Path]) -> int | None:
    """How many files ingest will read under ``paths`` (``None`` past :data:`COUNT_LIMIT`)."""
    total = 0
    for path in paths:
        for _ in input_files(path):
            total += 1
            if total > COUNT_LIMIT:
                return None
    return total


class JobManager:
    """Starts ingest jobs in background threads and keeps the last :data:`KEEP_JOBS` of them.

    Parameters
    ----------
    db:
        The store file the jobs write to.
    batch_size:
        Articles per ingest transaction; smaller batches show progress sooner.
    """

    def __init__(self, db: str, batch_size: int = 200) -> None:
        self.db = db
        self.batch_size = batch_size
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._writer = threading.Lock()  # one job writes at a time; the others wait queued
        self._threads: list[threading.Thread] = []

    def start(self, kind: Literal["upload", "path"], paths: list[Path],
              shown: list[str]) -> Job:
        job = Job(id=uuid.uuid4().hex[:12], kind=kind, inputs=shown, total=count_files(paths))
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        thread = threading.Thread(target=self._run, args=(job, paths), daemon=True,
                                  name=f"ingest-{job.id}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job

    def _run(self, job: Job, paths: list[Path]) -> None:
        with self._writer:
            job.status = "running"
            store = SQLiteStore(self.db)

            def update(report: IngestReport) -> None:
                job.read, job.added, job.known = report.read, report.added, report.known
                job.skipped = len(report.errors)

            try:
                report = ingest(store, [str(p) for p in paths], on_progress=update,
                                batch_size=self.batch_size)
                update(report)
                job.errors = [{"path": e.path, "reason": e.reason, "detail": e.detail}
                              for e in report.errors]
                job.warnings = [{"path": w.path, "reason": w.reason, "detail": w.detail}
                                for w in report.warnings]
                job.status = "done"
                plural = "" if report.read == 1 else "s"
                job.message = (f"{report.read} article{plural} read: {report.added} new, "
                               f"{report.known} already stored, {len(report.errors)} skipped")
            except Exception as exc:  # the job reports it; the server goes on
                job.status = "failed"
                job.message = f"{type(exc).__name__}: {exc}"
            finally:
                store.close()
                job.finished_at = _now()

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def all(self) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for every running job (tests, and a clean shutdown)."""
        for thread in list(self._threads):
            thread.join(timeout)
