import pytest
from django.core.exceptions import ValidationError

from communities.models import PartnerCommunity
from communities.validators import is_origin, parse_origins, validate_origin_list
from tests.factories import PartnerCommunityFactory


@pytest.mark.parametrize(
    "origin",
    [
        "https://forum.example.org",
        "https://forum.example.org:8443",
        "https://localhost",
        "https://xn--bcher-kva.example",
    ],
)
def test_https_origin_is_accepted(origin):
    """A bare https origin, with or without a port, may embed the widget."""
    assert is_origin(origin)
    validate_origin_list(origin)


@pytest.mark.parametrize(
    "origin",
    [
        "http://forum.example.org",
        "https://forum.example.org/embed",
        "https://forum.example.org/?next=1",
        "https://forum.example.org#top",
        "https://*.example.org",
        "*",
        "https://user:pass@forum.example.org",
        "https://forum.example.org:99999",
        "https://",
        "forum.example.org",
        "javascript:alert(1)",
        "data:text/html,hi",
        "not an origin",
    ],
)
def test_anything_but_a_bare_https_origin_is_refused(origin):
    """Plain http, paths, wildcards, credentials and garbage cannot frame us."""
    assert not is_origin(origin)
    with pytest.raises(ValidationError) as caught:
        validate_origin_list(origin)
    assert caught.value.code == "invalid_origin"


@pytest.mark.parametrize(
    "origin",
    [
        "https://forum.example.org evil.example",
        "https://forum.example.org\tevil.example",
        "https://forum.example.org,evil.example",
        "https://forum.example.org; script-src https:",
        "https://forum.example.org'",
        "https://forum.example.org\\evil.example",
        "https://forum.example.org%20evil.example",
    ],
)
def test_origin_smuggling_another_source_into_the_header_is_refused(origin):
    """An origin cannot add a second frame-ancestors source or a directive."""
    assert not is_origin(origin)
    with pytest.raises(ValidationError):
        validate_origin_list(origin)


def test_refusal_lists_every_bad_line_and_only_those():
    """The message names each refused line so the editor can fix them."""
    text = "\n".join(
        [
            "https://good.example.org",
            "http://plain.example.org",
            "https://*.example.org",
            "https://good.example.org/path",
            "rubbish",
        ]
    )
    with pytest.raises(ValidationError) as caught:
        validate_origin_list(text)
    [message] = caught.value.messages
    assert message.startswith("Each line must be a web origin")
    assert message.endswith(
        "Not accepted: http://plain.example.org, https://*.example.org, "
        "https://good.example.org/path, rubbish."
    )
    assert "https://good.example.org," not in message


def test_empty_origin_list_is_allowed():
    """A partner need not allow any site to embed its widget."""
    validate_origin_list("")
    validate_origin_list("\n  \n")
    assert parse_origins("") == []


def test_parse_origins_strips_and_drops_blank_lines():
    """Surrounding spaces and blank lines are ignored."""
    text = "  https://a.example.org  \n\n\t\nhttps://b.example.org\r\n"
    assert parse_origins(text) == ["https://a.example.org", "https://b.example.org"]


def test_parse_origins_removes_duplicates_keeping_first_order():
    """An origin typed twice, in any case or with a trailing slash, counts once."""
    text = "\n".join(
        [
            "https://b.example.org",
            "https://a.example.org",
            "https://B.example.org/",
            "https://a.example.org",
        ]
    )
    assert parse_origins(text) == ["https://b.example.org", "https://a.example.org"]


def test_allowed_embed_origins_reads_the_field(db):
    """A partner's allowed origins are its field's lines, cleaned up."""
    partner = PartnerCommunityFactory(
        embed_origins=" https://forum.example.org \n\nhttps://forum.example.org/\n"
        "https://chat.example.org:8443"
    )
    assert partner.allowed_embed_origins == [
        "https://forum.example.org",
        "https://chat.example.org:8443",
    ]


def test_partner_full_clean_refuses_bad_origins(db):
    """Saving a partner through a form cannot slip in a wildcard origin."""
    partner = PartnerCommunity(
        name="Forum",
        slug="forum",
        website="https://forum.example.org",
        embed_origins="https://forum.example.org\nhttps://*.evil.example",
    )
    with pytest.raises(ValidationError) as caught:
        partner.full_clean()
    [message] = caught.value.message_dict["embed_origins"]
    assert "Not accepted: https://*.evil.example." in message


def test_partner_address_uses_its_slug(db):
    """A partner's public page lives at /partners/<slug>/."""
    partner = PartnerCommunityFactory(slug="studyhub")
    assert partner.get_absolute_url() == "/partners/studyhub/"
    assert str(partner) == partner.name
