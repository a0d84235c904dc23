"""The ``dateline`` command. Each stage's commands live in their own module here."""

from dateline.cli import (
    articles,  # noqa: F401  (registers commands)
    build,  # noqa: F401
    copies,  # noqa: F401
    dates,  # noqa: F401
    entities,  # noqa: F401
    report,  # noqa: F401
    spark,  # noqa: F401
    stories,  # noqa: F401
    summarize,  # noqa: F401
    web,  # noqa: F401
)
from dateline.cli.app import app

__all__ = ["app"]
