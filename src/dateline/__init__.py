"""dateline: a news story engine. What happened, when, and who reported it."""

__version__ = "0.1.0"
