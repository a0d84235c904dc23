"""Site furniture: lines one site prints under unrelated stories, learned from the corpus and
cut from every article before any other corpus step sees it (see :mod:`.step`)."""

from dateline.furniture.pieces import CREDIT, FURNITURE, clean, pieces_of, site_of
from dateline.furniture.step import SiteFurniture, refresh

__all__ = ["CREDIT", "FURNITURE", "SiteFurniture", "clean", "pieces_of", "refresh", "site_of"]
