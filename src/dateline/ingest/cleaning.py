"""Cleaning of plain text: site junk out, every sentence of the story kept.

(First version: paragraph splitting only; boilerplate rules come with the cleaning work.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.model import RemovedText


@dataclass(frozen=True)
class CleanText:
    paragraphs: tuple[str, ...]
    removed: tuple[RemovedText, ...] = ()
    captions: tuple[str, ...] = ()


def split_paragraphs(text: str) -> list[str]:
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def clean_text(text: str) -> CleanText:
    return CleanText(paragraphs=tuple(split_paragraphs(text)))
