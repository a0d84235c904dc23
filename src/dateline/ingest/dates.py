"""Dates in article text: finding full dates, parsing date lines, resolving a weekday.

Only *full* dates (day, month and year) are found in running text: ``Jul 04,2017``,
``Sunday, Oct. 15, 2017``, ``6 June 2017``, ``10. Juni 2018``, ``10 de junio de 2018``,
``2017-06-06``, ``10.06.2018``, ``06/10/2018``, ``2020年07月12日``. Month names are read in
English, German, French, Spanish, Italian, Dutch, Portuguese, Swedish, Russian, Ukrainian,
Polish and Turkish. A numeric date with dots
is day first in every language that writes one; with slashes or dashes it is day first when
``day_first`` says so (the page's language, see :func:`day_first_for`) unless one number is
over 12 and settles it.
A weekday alone ("on Monday") is not a date; :func:`weekday_on_or_after` turns it into one
against a known earlier date. Nothing here raises on odd input: a string that is not a date
gives ``None`` or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
# Month names and abbreviations outside English, lower case, without a final period.
_MONTH_WORDS = {
    1: "january jan januar jänner jän janvier janv enero ene gennaio gen januari janeiro "
       "января январь січня stycznia styczeń ocak",
    2: "february feb februar février fevrier févr fevr febrero febbraio febr februari fevereiro "
       "февраля февраль лютого lutego luty şubat subat",
    3: "march mar märz maerz mrz mär mars marzo maart março marco марта март березня marca "
       "marzec mart",
    4: "april apr avril avr abril aprile апреля апрель квітня kwietnia kwiecień nisan",
    5: "may mai mayo maggio mei maio maj мая май травня maja mayıs",
    6: "june jun juni juin junio giugno giu junho июня июнь червня czerwca czerwiec haziran",
    7: "july jul juli juillet juil julio luglio lug julho июля июль липня lipca lipiec temmuz",
    8: "august aug août aout agosto ago augustus augusti августа август серпня sierpnia "
       "sierpień ağustos",
    9: "september sept sep septembre septiembre setiembre settembre set setembro сентября "
       "сентябрь вересня września wrzesień eylül",
    10: "october oct oktober okt octobre octubre ottobre ott outubro out октября октябрь "
        "жовтня października październik ekim",
    11: "november nov novembre noviembre novembro ноября ноябрь листопада listopada listopad "
        "kasım",
    12: "december dec dezember dez décembre decembre déc diciembre dic dicembre dezembro "
        "декабря декабрь грудня grudnia grudzień aralık",
}
MONTH_NAMES = {word: number for number, words in _MONTH_WORDS.items() for word in words.split()}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_NAMES = "|".join(sorted(MONTH_NAMES, key=len, reverse=True))
_MONTH = r"(?P<{0}>" + _NAMES.replace("{", "{{").replace("}", "}}") + r")\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
DATE_PATTERN = re.compile(
    _WEEKDAY
    + r"(?:(?<![^\W\d_])" + _MONTH.format("m1")
    + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<y1>\d{4})"
    + r"|(?<![\w.])(?P<d2>\d{1,2})(?:st|nd|rd|th|er|\.)?\s*(?:de\s+)?" + _MONTH.format("m2")
    + r",?\s+(?:de\s+)?(?P<y2>\d{4})"
    + r"|(?<![\w.])(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    + r"|(?<![\w.])(?P<d4>\d{1,2})\.\s?(?P<m4>\d{1,2})\.\s?(?P<y4>\d{4})"
    + r"|(?<![\w/.-])(?P<a5>\d{1,2})(?P<s5>[/-])(?P<b5>\d{1,2})(?P=s5)(?P<y5>\d{4})"
    + r"|(?<!\d)(?P<y6>\d{4})\s*年\s*(?P<m6>\d{1,2})\s*月\s*(?P<d6>\d{1,2})\s*日?)(?!\d)"
    + r"(?![^\W\d_T])",  # "2018-06-10T10:00" ends at the T
    re.IGNORECASE,
)
WEEKDAY_PATTERN = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class FoundDate:
    """A full date found in a text: the words as written and where they are."""

    text: str
    date: dt.date
    start: int
    end: int


def _make_date(year: str, month: str | int, day: str) -> dt.date | None:
    number = month if isinstance(month, int) else MONTH_NAMES.get(month.lower())
    if number is None or not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:  # 31 June, 29 February of a common year
        return None


def _numeric(first: str, second: str, year: str, day_first: bool) -> dt.date | None:
    """``first/second/year``: the order the page's language writes, unless a number settles it."""
    a, b = int(first), int(second)
    if a > 12 or (day_first and b <= 12):
        return _make_date(year, b, first)
    return _make_date(year, a, second)


def find_dates(text: str, day_first: bool = False) -> list[FoundDate]:
    """Every full date written in ``text``, in order.

    ``day_first`` decides ``06/10/2018`` (June or October) when both numbers could be the
    month; dotted dates (``10.06.2018``) are always day first.
    """
    found = []
    for match in DATE_PATTERN.finditer(text):
        g = match.groupdict()
        if g["y1"]:
            date = _make_date(g["y1"], g["m1"], g["d1"])
        elif g["y2"]:
            date = _make_date(g["y2"], g["m2"], g["d2"])
        elif g["y3"]:
            date = _make_date(g["y3"], int(g["m3"]), g["d3"])
        elif g["y4"]:
            date = _make_date(g["y4"], int(g["m4"]), g["d4"])
        elif g["y6"]:
            date = _make_date(g["y6"], int(g["m6"]), g["d6"])
        else:
            date = _numeric(g["a5"], g["b5"], g["y5"], day_first)
        if date is not None:
            found.append(FoundDate(match.group(0).strip(" ,"), date, match.start(), match.end()))
    return found


# Languages whose numeric dates put the day first (dd/mm/yyyy): all but US English and a few.
_MONTH_FIRST_LANGUAGES = {"en"}
_DAY_FIRST_ENGLISH = {"gb", "uk", "au", "nz", "ie", "in", "za", "ng", "ke", "pk", "sg", "hk"}


def day_first_for(language: str | None, url: str | None = None) -> bool:
    """Whether ``06/10/2018`` is the 6th of October on a page in ``language`` at ``url``.

    The language tag decides (``de``, ``fr``: day first; ``en-US``: month first; ``en-GB``: day
    first); with no region, or no language, the URL's country domain is a weak hint (``.de``,
    ``.co.uk``: day first; ``.com``: month first).
    """
    tag = (language or "").strip().lower().replace("_", "-")
    base, _, region = tag.partition("-")
    if base and base not in _MONTH_FIRST_LANGUAGES:
        return True
    if region:
        return region[:2] in _DAY_FIRST_ENGLISH
    tld = _country_domain(url)
    if not base:
        return tld not in ("", "us")
    return tld in _DAY_FIRST_ENGLISH


def _country_domain(url: str | None) -> str:
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url or "", re.IGNORECASE)
    if match is None:
        return ""
    last = match.group(1).rstrip(".").rsplit(".", 1)[-1].lower()
    return last if len(last) == 2 and last.isalpha() else ""


_DATE_LINE_PREFIX = re.compile(
    r"^\s*(published|posted|updated|last updated|latest update|first published|date|created"
    r"|on|veröffentlicht|aktualisiert|erstellt|stand|datum|publié|mis à jour|publicado"
    r"|actualizado|pubblicato|aggiornato)\b\s*"
    r"(on|at|am|le|el|il)?\s*:?\s*", re.IGNORECASE)
_DATE_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
                  "RETURN_AS_TIMEZONE_AWARE": False}
_DATEPARSER_LANGUAGES = {"en", "de", "fr", "es", "it", "nl", "pt"}


@functools.lru_cache(maxsize=4096)  # the same header line is asked about several times
def parse_date_line(text: str, language: str | None = None) -> dt.date | None:
    """The date of a line that is a date and nothing else (``Published: 4 July 2017 10:33``).

    A line of prose gives ``None``. Uses the regular pattern first, then dateparser (strict,
    in English and the page's ``language``, day, month and year required) for the many other
    ways sites print a date. Numeric dates are read in the order ``language`` writes them.
    """
    if len(text) > 80:
        return None
    body = _DATE_LINE_PREFIX.sub("", text).strip(" |-–—,")
    if not body or len(body.split()) > 9:
        return None
    day_first = day_first_for(language)
    found = find_dates(body, day_first)
    if found and found[0].start == 0 and len(body[found[0].end:].split()) <= 4:
        return found[0].date
    import dateparser  # imported late: it costs a second at first use

    languages = ["en"]
    base = (language or "").split("-")[0].lower()
    if base in _DATEPARSER_LANGUAGES and base != "en":
        languages.insert(0, base)
    settings = dict(_DATE_SETTINGS, DATE_ORDER="DMY" if day_first else "MDY")
    try:
        parsed = dateparser.parse(body, languages=languages, settings=settings)
    except Exception:  # dateparser raises assorted errors on odd strings; odd means "no date"
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.date()


def first_weekday(text: str) -> tuple[str, int] | None:
    """The first weekday named in ``text`` and its number (Monday = 0), else ``None``."""
    match = WEEKDAY_PATTERN.search(text)
    if match is None:
        return None
    name = match.group(1)
    return name, WEEKDAYS.index(name.lower())


def weekday_on_or_after(start: dt.date, weekday: int) -> dt.date:
    """The first day on or after ``start`` that falls on ``weekday`` (0 to 6 days later)."""
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)
