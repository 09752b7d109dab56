"""Badges: drawn by the site with the partner's and the call's names, safely."""

import io
from xml.dom.minidom import parseString

import pytest
from PIL import Image

from partners.badges import badge_layout
from tests.factories import CompetitionPageFactory, PartnerCommunityFactory

pytestmark = pytest.mark.django_db

HOSTILE_PARTNER = '<script>alert("x")</script> & Co'
HOSTILE_TITLE = 'Tom\'s <b>bold</b> "call" ]]>'


@pytest.fixture
def hostile(competition_index):
    partner = PartnerCommunityFactory(slug="hostile", name=HOSTILE_PARTNER)
    competition = CompetitionPageFactory(
        parent=competition_index, slug="hostile-call", title=HOSTILE_TITLE
    )
    return partner, competition


def svg_texts(response) -> list[str]:
    document = parseString(response.content)  # noqa: S318 (our own response)
    return [
        "".join(node.data for node in text.childNodes)
        for text in document.getElementsByTagName("text")
    ]


def test_the_svg_badge_names_the_partner_and_the_call(client, world):
    response = client.get("/badges/studyhub/rivers.svg")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert svg_texts(response) == ["StudyHub is taking part in", "Rivers of home"]


def test_the_svg_badge_escapes_the_names(client, hostile):
    response = client.get("/badges/hostile/hostile-call.svg")
    body = response.content.decode()

    assert "<script" not in body and "<b>" not in body
    # Well-formed XML whose text is exactly the names, as data.
    assert svg_texts(response) == [
        f"{HOSTILE_PARTNER} is taking part in",
        HOSTILE_TITLE,
    ]
    assert len(parseString(body).getElementsByTagName("script")) == 0  # noqa: S318


def test_control_characters_in_names_do_not_break_the_svg(client, competition_index):
    PartnerCommunityFactory(slug="odd", name="Odd\x0bForum\x1f")
    CompetitionPageFactory(parent=competition_index, slug="odd-call", title="Odd call")

    response = client.get("/badges/odd/odd-call.svg")

    assert svg_texts(response)[0] == "OddForum is taking part in"


def test_the_png_badge_is_a_png_of_the_layouts_size(client, world):
    response = client.get("/badges/studyhub/rivers.png")
    layout = badge_layout(world.studyhub, world.competition)

    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    image.verify()
    assert image.format == "PNG"
    assert image.size == (layout.width, layout.height)


def test_the_png_badge_draws_hostile_names_without_fuss(client, hostile):
    response = client.get("/badges/hostile/hostile-call.png")

    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).format == "PNG"


def test_a_long_title_is_cut_to_fit(client, competition_index, world):
    CompetitionPageFactory(parent=competition_index, slug="long", title="Word " * 50)

    response = client.get("/badges/studyhub/long.svg")
    layout = badge_layout(
        world.studyhub, world.competition.__class__.objects.get(slug="long")
    )

    assert len(svg_texts(response)[1]) <= 48
    assert layout.width <= 480


@pytest.mark.parametrize("extension", ["svg", "png"])
def test_badges_are_cacheable(client, world, extension):
    response = client.get(f"/badges/studyhub/rivers.{extension}")

    assert "max-age=3600" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.parametrize("extension", ["svg", "png"])
def test_unknown_or_private_badges_are_not_found(client, world, extension):
    draft = CompetitionPageFactory(parent=world.competition.get_parent(), slug="draft")
    draft.unpublish()

    for address in (
        f"/badges/nobody/rivers.{extension}",
        f"/badges/studyhub/nothing.{extension}",
        f"/badges/studyhub/draft.{extension}",
    ):
        assert client.get(address).status_code == 404, address
    assert client.get("/badges/studyhub/rivers.gif").status_code == 404
