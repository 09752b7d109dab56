"""Word limits count runs of letters and digits, whatever sits between them."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.sanitize import (
    IDEOGRAPH_RANGES,
    IGNORED_RANGES,
    NUMBER_JOINERS,
    WORD_JOINERS,
    count_text_words,
    count_words,
)

BLANK_LOOKING = [
    " ",
    "\t",
    "\n",
    "\u00a0",  # no-break space
    "\u2003",  # em space
    "\u3000",  # ideographic space
    "\u2800",  # braille pattern blank
    "\u3164",  # Hangul filler (a letter by category)
    "\uffa0",  # halfwidth Hangul filler
    "\u115f",
    "\u1160",
    "\u200b",  # zero width space
]
INVISIBLE = [
    chr(point)
    for low, high in IGNORED_RANGES
    for point in range(low, min(high, low + 3) + 1)
]


def _in(point: int, ranges) -> bool:
    return any(low <= point <= high for low, high in ranges)


def _is_word_letter(character: str) -> bool:
    return (
        unicodedata.category(character)[0] in "LN"
        and character not in BLANK_LOOKING
        and not _in(ord(character), IDEOGRAPH_RANGES)
        and not _in(ord(character), IGNORED_RANGES)
    )


def _visible(text: str) -> str:
    return "".join(c for c in text if not _in(ord(c), IGNORED_RANGES))


words = st.text(
    st.characters(codec="utf-8", categories=["L", "N"]).filter(_is_word_letter),
    min_size=1,
    max_size=8,
)
separator_characters = st.one_of(
    st.characters(codec="utf-8", categories=["P", "S", "Z", "Cc", "Cf", "Co"]),
    st.sampled_from(BLANK_LOOKING + INVISIBLE),
)
separators = st.text(separator_characters, min_size=1, max_size=4).filter(
    # A lone apostrophe or hyphen joins ("don't"), a lone full stop or comma
    # joins digits ("1,500"); invisible characters alone separate nothing.
    lambda sep: _visible(sep) not in WORD_JOINERS | NUMBER_JOINERS | {""}
)


@given(st.lists(words, min_size=1, max_size=30), st.data())
def test_words_joined_by_any_separator_count_one_each(word_list, data):
    """N words with any non-letter, non-digit separator between them count N."""
    gaps = data.draw(st.lists(separators, min_size=len(word_list) + 1))
    text = gaps[0] + "".join(
        word + gap for word, gap in zip(word_list, gaps[1:], strict=False)
    )
    text += "".join(gaps[len(word_list) + 1 :])

    assert count_text_words(text) == len(word_list)


@given(
    st.lists(words, min_size=1, max_size=20),
    st.lists(st.sampled_from(BLANK_LOOKING), min_size=1, max_size=20),
)
def test_any_blank_looking_character_separates_like_a_space(word_list, blanks):
    """Swapping the spaces for blank-looking characters changes nothing."""
    spaced = " ".join(word_list)
    blanked = word_list[0] + "".join(
        blanks[i % len(blanks)] + word for i, word in enumerate(word_list[1:])
    )

    assert count_text_words(blanked) == count_text_words(spaced) == len(word_list)


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(0, 60), st.sampled_from(INVISIBLE))),
)
def test_invisible_characters_inserted_anywhere_change_nothing(text, insertions):
    """Soft hyphens, zero-width joiners and the like neither split nor join words."""
    padded = list(text)
    for position, character in insertions:
        padded.insert(min(position, len(padded)), character)

    assert count_text_words("".join(padded)) == count_text_words(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("don't stop", 2),
        ("don\u2019t stop", 2),
        ("a well-known story", 3),
        ("one - two", 2),
        ("one--two", 2),
        ("'quoted'", 1),
        ("1,500 words in 3.5 hours", 5),
        ("e.g. this", 3),
        ("fish & chips", 2),
        ("snake_case", 2),
        ("café crème", 2),
        ("cafe\u0301 cre\u0300me", 2),  # decomposed accents stay in their words
        ("Привет мир", 2),
        ("مرحبا بالعالم", 2),
        ("नमस्ते दुनिया", 2),  # Devanagari vowel signs are combining marks
        ("東京に行きました", 8),  # one word a character, as word processors count
        ("co\u00adoperate", 1),
        ("one\u200btwo", 2),
        ("one\u2800two\u2800three", 3),
        ("one\u3164two", 2),
        ("\u2800\u3164 \u200b", 0),
    ],
)
def test_word_count_examples(text, expected):
    """Apostrophes and hyphens inside a word belong to it; every script counts."""
    assert count_text_words(text) == expected


def test_the_braille_blank_no_longer_hides_a_story_in_one_word():
    """The review's finding: 1,500 words joined by U+2800 counted as one."""
    story = "<p>" + "\u2800".join(["word"] * 1500) + "</p>"

    assert count_words(story) == 1500
