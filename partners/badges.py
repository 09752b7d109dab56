"""Badges a partner shows on its site: its name and a competition's, as SVG or PNG.

Both formats share one layout, measured with Pillow's built-in font, so the
snippet's width and height fit either. Names are user data: the SVG template
escapes them, and control characters (invalid in XML) are dropped first.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont

from communities.models import PartnerCommunity
from competitions.models import CompetitionPage
from core.middleware import CONTROL_CHARACTERS

PADDING = 12
SMALL, LARGE = 12, 16
LINE_ONE_Y, LINE_TWO_Y = 22, 44
HEIGHT = 58
MIN_WIDTH, MAX_WIDTH = 180, 480
NAME_CHARACTERS = 32
TITLE_CHARACTERS = 48
BACKGROUND = "#0b5563"
FOREGROUND = "#ffffff"
ACCENT = "#f2c14e"


@lru_cache(maxsize=4)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


@dataclass(frozen=True)
class BadgeLayout:
    """The badge's two lines of text and its size in pixels."""

    line_one: str
    line_two: str
    width: int
    height: int = HEIGHT
    line_one_length: int = 0
    line_two_length: int = 0


def clean(text: str, length: int) -> str:
    """Drop control characters and cut to ``length`` characters."""
    text = CONTROL_CHARACTERS.sub("", text)
    return Truncator(" ".join(text.split())).chars(length)


def badge_layout(
    partner: PartnerCommunity, competition: CompetitionPage
) -> BadgeLayout:
    """Lay out the badge of ``partner`` for ``competition``."""
    name = clean(partner.name, NAME_CHARACTERS)
    line_one = _("%(partner)s is taking part in") % {"partner": name}
    line_two = clean(competition.title, TITLE_CHARACTERS)
    one = round(font(SMALL).getlength(line_one))
    two = round(font(LARGE).getlength(line_two))
    width = min(max(max(one, two) + 2 * PADDING + 4, MIN_WIDTH), MAX_WIDTH)
    room = width - 2 * PADDING - 4
    return BadgeLayout(
        line_one=line_one,
        line_two=line_two,
        width=width,
        line_one_length=min(one, room),
        line_two_length=min(two, room),
    )


def badge_png(layout: BadgeLayout) -> bytes:
    """Draw the badge as a PNG."""
    image = Image.new("RGB", (layout.width, layout.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 3, layout.height), fill=ACCENT)
    left = PADDING + 4
    draw.text(
        (left, LINE_ONE_Y),
        layout.line_one,
        font=font(SMALL),
        fill=FOREGROUND,
        anchor="ls",
    )
    draw.text(
        (left, LINE_TWO_Y),
        layout.line_two,
        font=font(LARGE),
        fill=FOREGROUND,
        anchor="ls",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
