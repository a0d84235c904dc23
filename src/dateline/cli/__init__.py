"""The ``dateline`` command. Each stage's commands live in their own module here."""

from dateline.cli import articles  # noqa: F401  (registers commands)
from dateline.cli.app import app

__all__ = ["app"]
