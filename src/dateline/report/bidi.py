"""Text an article supplies, shown beside other text: bidi and control characters kept in place.

An outlet named ``Daily\\u202eTAERG`` holds a RIGHT-TO-LEFT OVERRIDE: shown as it is, it turns
the rest of its line around (the date, the id, every citation label after it). HTML isolates
each article-supplied string in ``<bdi>`` (:func:`bdi`), so its direction stays inside it and
right-to-left names still read right. Markdown and the terminal have no isolation, so there
the controls are removed (:func:`plain`), with C0/C1 controls (an ESC drives a terminal).
"""

from __future__ import annotations

import re

from markupsafe import Markup

# Embeddings, overrides and isolates (U+202A-E, U+2066-9), the marks LRM, RLM and ALM, and the
# C0/C1 controls but tab and newline.
UNSAFE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
                    "\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """``text`` without bidi controls and control characters (tab and newline stay)."""
    return UNSAFE.sub("", text) if UNSAFE.search(text) else text


def bdi(value: object) -> Markup:
    """``value`` escaped inside ``<bdi>``, its own direction isolated from the line around it
    (the Jinja filter ``|bdi``); nothing for ``None`` or an empty string."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % (value,)
