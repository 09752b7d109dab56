"""Rich text from members, cut down to a short allow-list before it is saved.

Policy: only simple formatting and links survive; a link keeps nothing but an
absolute http, https or mailto ``href`` and always gets ``rel="nofollow ugc
noopener"``; scripts, styles, embeds, forms, images and comments are removed.
"""

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

import nh3

INLINE_TAGS = frozenset({"strong", "b", "em", "i", "a"})
BLOCK_TAGS = frozenset({"p", "br", "ul", "ol", "li", "blockquote", "h2", "h3", "h4"})
STORY_ALLOWED_TAGS: frozenset[str] = INLINE_TAGS | BLOCK_TAGS
STORY_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
STORY_LINK_REL = "nofollow ugc noopener"

# Tags removed together with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed"}
    | {"svg", "math", "textarea", "select", "title", "noembed", "noframes", "xmp"}
)

_CLEANER = nh3.Cleaner(
    tags=set(STORY_ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={"a": {"href"}, "*": set()},
    url_schemes=set(STORY_LINK_SCHEMES),
    url_relative="deny",
    link_rel=STORY_LINK_REL,
    strip_comments=True,
)


def sanitise_rich_text(html: str) -> str:
    """Return ``html`` with everything outside the story allow-list removed."""
    return _CLEANER.clean(html or "")


def count_words(html: str) -> int:
    """Return the number of words a reader sees in ``html``, as for word limits."""
    collector = _VisibleText()
    collector.feed(sanitise_rich_text(html))
    collector.close()
    return count_text_words("".join(collector.parts))


# Word counting ------------------------------------------------------------------
#
# Policy: a word is a run of letters and digits in any script (with the combining
# marks that belong to them), so that no separator a reader sees can glue words
# together and no invisible character can split one.
# - An apostrophe (' ’) or hyphen (- ‐ ‑) between two letters or digits is part of
#   the word ("don't", "well-known"); so is a full stop or comma between two
#   digits ("1,500", "3.5").
# - Every other character that is not a letter or digit separates words: spaces of
#   any kind, punctuation, symbols ("&" is not a word), U+2800 BRAILLE PATTERN
#   BLANK, the blank-looking Hangul fillers (letters by category) and U+200B ZERO
#   WIDTH SPACE (a word boundary in Unicode's word-breaking rules).
# - Invisible formatting characters (the other default-ignorable code points: soft
#   hyphen, zero-width (non-)joiner, word joiner, byte-order mark, direction
#   marks, variation selectors) are skipped: "co\u00adoperate" is one word.
# - Each Chinese character and Japanese kana is a word by itself, as word
#   processors count them, since those scripts put no spaces between words.
#   (Thai, Lao, Khmer and Burmese, also written without spaces, count by runs.)
# The story editor's live count (static/js/story-editor.js) follows this policy
# and must change with it.

WORD_JOINERS = frozenset("'\u2019-\u2010\u2011")
NUMBER_JOINERS = frozenset(".,")
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
IGNORED_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200C, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
IDEOGRAPH_RANGES = (
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303C),
    (0x3041, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x323AF),
)
# Over one letter a character: W letter, D digit, M combining mark, J word joiner,
# P number joiner, I ideograph, S separator (ignored characters are dropped).
_WORD = re.compile(r"I|[WD]M*(?:(?:J|(?<=D)P(?=D))?[WD]M*)*")


def count_text_words(text: str) -> int:
    """Return the number of words in plain ``text``, by the policy above."""
    classes = "".join(_character_class(character) for character in text)
    return len(_WORD.findall(classes))


def _in_ranges(point: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= point <= high for low, high in ranges)


@lru_cache(maxsize=4096)
def _character_class(character: str) -> str:
    """Return the one-letter class of ``character`` used by ``_WORD``."""
    point = ord(character)
    if _in_ranges(point, IGNORED_RANGES):
        return ""
    group = unicodedata.category(character)[0]
    if group in "LN" and character not in BLANK_LETTERS:
        if _in_ranges(point, IDEOGRAPH_RANGES):
            return "I"
        return "W" if group == "L" else "D"
    if group == "M":
        return "M"
    if character in WORD_JOINERS:
        return "J"
    return "P" if character in NUMBER_JOINERS else "S"


class _VisibleText(HTMLParser):
    """Collect text with entities decoded and a space at each block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
