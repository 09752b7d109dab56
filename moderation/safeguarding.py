"""Find personal information in what a young entrant wrote, for a moderator to see.

Policy: the check looks for the ways a teenager gives themselves away online —
an email address, a phone number, a street address, a postcode, a social media
handle or profile link — and reports each with the text found. It flags; it
never decides: a moderator reads the flag and asks for the detail to be taken
out (see ``services.flag_entry``). It leans towards silence on ordinary prose:

- a phone number starts with ``+`` or with a ``0`` group of at least three
  digits (``020``, ``07700``, ``(0161)``, ``0044``); digits may be grouped by
  single spaces, hyphens, dots or brackets. It has the 10 or 11 digits of a UK
  number, or after ``+44``/``0044`` (and an optional ``(0)``) 9 or 10, or after
  another ``+``/``00`` 8 to 15 in all, taking as many groups as fit. Years, word
  counts, prices, dates and "3 cats" start with neither, so are left alone;
- a street address is a house number (``12``, ``221b``, ``12-14``) followed by
  one to three capitalised words and a street word (``Road``, ``St``, ``Close``…);
  "2 buses down the road" is prose, not an address. After "I live at" or
  "my address is", the words need no capitals ("live at 12 acacia avenue");
- a postcode is the UK shape (``SW1A 1AA``, ``M1 1AE``), any case, with or
  without its space, standing alone;
- a handle is ``@name`` with a letter in it (not ``@ the park``, ``@5pm`` or a
  few everyday words such as ``@home``), a profile link on the big platforms,
  ``snap: name``-style labels, or an old Discord tag ``name#1234``.

Text is NFKC-normalised and stripped of invisible characters first, so
full-width digits or zero-width spaces do not hide a number.
"""

import bisect
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from core.sanitize import BLOCK_TAGS
from submissions.enums import AgeBand
from submissions.kinds import KINDS
from submissions.models import Entry

from .enums import FindingKind

# The entrants whose entries are checked: everyone under 18. Under-13s cannot
# submit (submissions.rules.age_refusal), so in practice these are 13 to 17;
# an under-13 entry that got in by another way is checked all the same.
CHECKED_AGE_BANDS = frozenset({AgeBand.AGE_13_TO_17, AgeBand.UNDER_13})

# The longest text a flag keeps (SafeguardingFlag.found), and the most findings
# one text gives.
FOUND_MAX_LENGTH = 200
MOST_FINDINGS = 50
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")

EMAIL = re.compile(
    r"(?<![\w.%+-])"
    r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})"
    r"(?:@|\s?[\[(]\s?at\s?[\])]\s?)"
    r"[A-Za-z0-9-]++(?:(?:\.|\s?[\[(]\s?dot\s?[\])]\s?)[A-Za-z0-9-]++)*?"
    r"(?:\.|\s?[\[(]\s?dot\s?[\])]\s?)[A-Za-z]{2,24}"
    r"(?![\w-]|\.[A-Za-z0-9])",
    re.IGNORECASE,
)

# A run of digit groups that might be a phone number; see _phone_numbers.
_NUMBER_RUN = re.compile(
    r"(?<![\w+)\]])(?<!\d[.,])(?:\+[ ]?)?"
    r"(?:\(\d{1,5}\)|\d++)(?:[ .\-]?+(?:\(\d{1,5}\)|\d++))*+"
)
_GROUP = re.compile(r"\(\d+\)|\d+")
UK_TRUNK_SECOND_DIGITS = frozenset("1235789")

STREET_WORDS = (
    "Road|Street|Lane|Close|Drive|Way|Crescent|Terrace|Place|Court|Gardens|Grove"
    "|Avenue|Square|Mews|Parade"
)
STREET_ABBREVIATIONS = "Rd|St|Ln|Ave|Av|Dr|Cl|Cres|Cresc|Terr|Tce|Pl|Ct|Gdns|Gr|Sq"
ADDRESS = re.compile(
    r"(?<![\w.,])"
    r"[1-9]\d{0,3}[A-Za-z]?(?:[-\u2013]\d{1,4}[A-Za-z]?)?,?[ ]+"
    # "3 The Avenue" is an address; "I was 9 The road was long" is not.
    r"(?!The[ ]+[a-z])"
    r"(?:[A-Z][a-z'\u2019-]*[ ]+){1,3}"
    # The street word is capitalised too: "5 Harbour way" may be prose that ran
    # on from "I was 5"; "I live at 5 harbour way" is caught below.
    rf"(?:(?:{STREET_WORDS})|(?:{STREET_ABBREVIATIONS})\.?)"
    r"(?![\w'])"
)

# Written out after "I live at", a street address needs no capitals.
LIVES_AT = re.compile(
    r"(?:\b(?:live[sd]?|living|stay(?:ing)?)[ ]+(?:at|on)|\baddress(?:[ ]+is)?:?)[ ]+"
    r"(?P<address>\d{1,4}[a-z]?(?:[-\u2013]\d{1,4}[a-z]?)?,?[ ]+"
    r"(?:[a-z'\u2019-]+[ ]+){1,3}"
    rf"(?:{STREET_WORDS}|{STREET_ABBREVIATIONS})\.?)"
    r"(?![\w'])",
    re.IGNORECASE,
)

POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?)"
    r"[ ]?"
    r"[0-9][ABD-HJLNP-UW-Z]{2}"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_HANDLE_BODY = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
AT_HANDLE = re.compile(rf"(?<![\w@.+\-/])@({_HANDLE_BODY})(?![\w@])")
# Words that follow "@" in ordinary prose ("see you @home").
AT_WORDS = frozenset(
    {"home", "school", "work", "the", "my", "night", "lunch", "uni", "college"}
)
_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2})?(?:am|pm)?", re.IGNORECASE)
PROFILE_SITES = (
    r"instagram\.com|instagr\.am|tiktok\.com|snapchat\.com|x\.com|twitter\.com"
    r"|facebook\.com|fb\.com|youtube\.com|twitch\.tv|threads\.net|threads\.com"
    r"|bsky\.app/profile|discord\.gg|discord\.com/users|discordapp\.com/users"
    r"|reddit\.com/u(?:ser)?|linkedin\.com/in|pinterest\.com|t\.me"
)
PROFILE_LINK = re.compile(
    r"(?<![\w.\-/])(?:https?://)?(?:(?:www|m|vm|mobile)\.)?"
    rf"(?:{PROFILE_SITES})"
    r"/(?:add/)?@?[A-Za-z0-9_.\-]{1,60}",
    re.IGNORECASE,
)
LABELLED_HANDLE = re.compile(
    r"(?<!\w)(?:snap(?:chat)?|insta(?:gram)?|ig|tiktok|tik tok|discord|twitter"
    r"|telegram|kik)[ ]?(?:name|username|handle|id)?[ ]?[:=][ ]?"
    rf"@?{_HANDLE_BODY}(?!\w)",
    re.IGNORECASE,
)
DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z][A-Za-z0-9_.]{1,31}#\d{4}(?!\w)")

# When two findings overlap, the longer one stands; on a tie, the earlier kind.
KIND_ORDER = [
    FindingKind.EMAIL,
    FindingKind.HANDLE,
    FindingKind.PHONE,
    FindingKind.POSTCODE,
    FindingKind.ADDRESS,
]


@dataclass(frozen=True)
class Finding:
    """One piece of personal information and the text it was found as."""

    kind: FindingKind
    found: str


@dataclass(frozen=True)
class _Match:
    kind: FindingKind
    start: int
    end: int


def find_personal_information(text: str) -> list[Finding]:
    """Return the personal information in ``text``, in the order it appears.

    Where two findings overlap the longer stands; each is given once, and at
    most ``MOST_FINDINGS`` are: enough for a moderator to ask for them to go.
    """
    text = normalise(text)
    findings: list[Finding] = []
    for match in _without_overlaps(_candidates(text)):
        finding = Finding(
            match.kind, text[match.start : match.end].strip()[:FOUND_MAX_LENGTH]
        )
        if finding not in findings:
            findings.append(finding)
            if len(findings) == MOST_FINDINGS:
                break
    return findings


def _without_overlaps(matches: Iterator["_Match"]) -> list["_Match"]:
    """Keep the longest of overlapping matches (the earlier kind on a tie)."""
    kept: list[_Match] = []  # in order of start; they never overlap
    starts: list[int] = []
    for match in sorted(
        matches, key=lambda m: (m.start - m.end, KIND_ORDER.index(m.kind), m.start)
    ):
        index = bisect.bisect_right(starts, match.start)
        before = kept[index - 1] if index else None
        after = kept[index] if index < len(kept) else None
        if (before and before.end > match.start) or (after and after.start < match.end):
            continue
        kept.insert(index, match)
        starts.insert(index, match.start)
    return kept


def normalise(text: str) -> str:
    """Return ``text`` in compatibility form without invisible characters."""
    return INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))


def html_text(html: str) -> str:
    """Return what a reader sees in ``html``, and where its links go, as text."""
    reader = _StoryReader()
    reader.feed(html or "")
    reader.close()
    return "".join(reader.parts)


def is_checked(entry: Entry) -> bool:
    """Return whether ``entry``'s author is young enough for the check."""
    return entry.age_band in CHECKED_AGE_BANDS


def entry_texts(entry: Entry) -> list[tuple[str, str]]:
    """Return (field, text) for the title and each text field of ``entry``'s kind.

    A story is HTML from the story editor: its visible text and its links are
    read. Film links are left out: they must point at YouTube or Vimeo.
    """
    texts = [("title", entry.title)]
    for name in KINDS[entry.kind].fields:
        field = Entry._meta.get_field(name)
        if isinstance(field, models.URLField) or not isinstance(
            field, models.CharField | models.TextField
        ):
            continue
        value = getattr(entry, name)
        texts.append((name, html_text(value) if name == "story" else value))
    return [(name, text) for name, text in texts if text]


def field_label(name: str) -> str:
    """Return the plain label of an entry's field, as the flag says where it was."""
    try:
        return str(Entry._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _candidates(text: str) -> Iterator[_Match]:
    for pattern, kind in (
        (EMAIL, FindingKind.EMAIL),
        (POSTCODE, FindingKind.POSTCODE),
        (ADDRESS, FindingKind.ADDRESS),
        (PROFILE_LINK, FindingKind.HANDLE),
        (LABELLED_HANDLE, FindingKind.HANDLE),
        (DISCORD_TAG, FindingKind.HANDLE),
    ):
        for match in pattern.finditer(text):
            yield _Match(kind, match.start(), match.end())
    for match in LIVES_AT.finditer(text):
        yield _Match(FindingKind.ADDRESS, match.start("address"), match.end())
    yield from _at_handles(text)
    yield from _phone_numbers(text)


def _at_handles(text: str) -> Iterator[_Match]:
    for match in AT_HANDLE.finditer(text):
        name = match.group(1)
        if name.lower() in AT_WORDS or _TIME.fullmatch(name):
            continue
        if any(character.isalpha() for character in name):
            yield _Match(FindingKind.HANDLE, match.start(), match.end())


def _phone_numbers(text: str) -> Iterator[_Match]:
    """Yield the longest phone numbers within each run of digit groups.

    A number starts at the run's start or after a space or a bracket, never
    after a decimal point or a hyphen ("3.0123 456 789" is no phone number).
    """
    for run in _NUMBER_RUN.finditer(text):
        plus = run.group().startswith("+")
        groups = [
            (run.start() + g.start(), run.start() + g.end(), g.group().strip("()"))
            for g in _GROUP.finditer(run.group())
        ]
        first = 0
        while first < len(groups):
            may_start = first == 0 or text[groups[first][0] - 1] not in ".-"
            last = (
                _longest_phone(groups, first, plus=plus and first == 0)
                if may_start
                else None
            )
            if last is None:
                first += 1
                continue
            start = run.start() if plus and first == 0 else groups[first][0]
            yield _Match(FindingKind.PHONE, start, groups[last][1])
            first = last + 1


def _longest_phone(groups, first: int, *, plus: bool) -> int | None:
    """Return the last group of the longest phone number from ``first``, if any."""
    leading = groups[first][2]
    if not plus and not (leading.startswith("0") and len(leading) >= 3):
        return None
    found, digits = None, ""
    for index in range(first, len(groups)):
        digits += groups[index][2]
        if len(digits) > 15:
            break
        if _is_phone(digits, plus=plus):
            found = index
    return found


def _is_phone(digits: str, *, plus: bool) -> bool:
    international = digits if plus else digits[2:] if digits[:2] == "00" else ""
    if international.startswith("44"):  # a UK number: its own 9 or 10 digits
        return len(international[2:].removeprefix("0")) in (9, 10)
    if international:
        return 8 <= len(international) <= 15
    return len(digits) in (10, 11) and digits[1] in UK_TRUNK_SECOND_DIGITS


class _StoryReader(HTMLParser):
    """Collect a story's text, a line a block, and the address of each link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.parts.append(f" {href.removeprefix('mailto:')} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
