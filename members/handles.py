"""When two handles look alike, and which handles could pass for the site or its staff.

Skeleton. Two handles are the same handle when their skeletons are equal; the
skeleton is stored in a unique column, so the database refuses look-alikes. It is
the handle case-folded, with the separators ``_``, ``-`` and ``.`` removed, and
with characters that read alike in common fonts folded together:

=========  ==========================
skeleton   folds
=========  ==========================
``o``      ``0``, ``o``, ``O``
``l``      ``1``, ``l``, ``i``, ``I``
``s``      ``5``, ``s``
``e``      ``3``, ``e``
``a``      ``4``, ``a``
``t``      ``7``, ``t``
``b``      ``8``, ``b``
``g``      ``9``, ``g``
``z``      ``2``, ``z``
``m``      ``rn``, ``m``
``w``      ``vv``, ``w``
=========  ==========================

So ``ana_writes``, ``Ana-Writes``, ``ana.wr1tes`` and ``anawrites`` are one handle.

Reserved. A handle is reserved when its skeleton is one of ``RESERVED_HANDLES``, when
one of its words (split at separators and at lower-to-upper case changes) is one of
``RESERVED_WORDS`` or a partner community's slug, or when the handle or one of its
words begins or ends with such a word of five letters or more. So ``ben_mod``,
``thestaff``, ``studyhub_fan`` and ``0pencall`` are reserved, while ``benmod``,
``modern_art`` and ``badminton`` are not.
Members cannot choose a reserved handle; an editor may grant one in the admin.
"""

import re

CONFUSABLES = str.maketrans(
    {"0": "o", "1": "l", "i": "l", "5": "s", "3": "e", "4": "a", "7": "t", "8": "b",
     "9": "g", "2": "z"}
)  # fmt: skip
LOOK_ALIKE_PAIRS = (("rn", "m"), ("vv", "w"))
SEPARATORS = re.compile(r"[-_.]+")
WORD_BREAKS = re.compile(r"[-_.]+|(?<=[a-z])(?=[A-Z])")
AFFIX_MIN_LENGTH = 5

# Whole handles that would look official on their own.
RESERVED_HANDLES = frozenset(
    {
        "about", "admin", "administrator", "anonymous", "api", "editor", "judge",
        "me", "mod", "moderator", "moderators", "null", "official", "opencall",
        "organiser", "organizer", "root", "staff", "support", "system", "team",
    }
)  # fmt: skip
# Words that make any handle containing them look like staff.
RESERVED_WORDS = frozenset(
    {
        "admin", "administrator", "moderator", "mod", "staff", "official",
        "opencall", "support", "judge", "editor", "organiser", "organizer",
    }
)  # fmt: skip


def handle_skeleton(handle: str) -> str:
    """Return what a handle looks like, for comparing it with other handles."""
    folded = SEPARATORS.sub("", handle.casefold()).translate(CONFUSABLES)
    for look, like in LOOK_ALIKE_PAIRS:
        folded = folded.replace(look, like)
    return folded


def handle_is_reserved(handle: str, *, partner_slugs: frozenset[str]) -> bool:
    """Return whether a handle could pass for the site, its staff or a partner."""
    whole = handle_skeleton(handle)
    if whole in {handle_skeleton(name) for name in RESERVED_HANDLES}:
        return True
    words = [handle_skeleton(word) for word in WORD_BREAKS.split(handle) if word]
    reserved = {handle_skeleton(word) for word in RESERVED_WORDS | partner_slugs}
    if reserved.intersection(words):
        return True
    affixes = [word for word in reserved if len(word) >= AFFIX_MIN_LENGTH]
    return any(
        part.startswith(word) or part.endswith(word)
        for part in [whole, *words]
        for word in affixes
    )
