"""Referral links: ?via=<partner-slug> credits the partner with the member it sent."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from communities.referrals import (
    REFERRAL_SESSION_KEY,
    ReferralMiddleware,
    referral_partner_for,
    remember_referral,
)
from members.models import User
from tests.factories import PartnerCommunityFactory

PASSWORD = "a-long-enough-passphrase"
MIDDLEWARE_PATH = "communities.referrals.ReferralMiddleware"


@pytest.fixture
def studyhub(db):
    return PartnerCommunityFactory(name="StudyHub", slug="studyhub")


@pytest.fixture
def parents(db):
    return PartnerCommunityFactory(name="Parents Together", slug="parents-together")


def sign_up(client, recaptcha, email: str = "new@example.org") -> User:
    """Sign up through the form and return the new member."""
    response = client.post(
        "/accounts/signup/",
        {
            "email": email,
            "handle": "new_member",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **recaptcha.data("signup"),
        },
    )
    assert response.status_code == 302, response.content
    return User.objects.get(email=email)


def request_with_session(path: str, method: str = "get"):
    """Return a request carrying a saved database session, as a returning visitor's."""
    session = SessionStore()
    session["something"] = "else"
    session.save()
    request = getattr(RequestFactory(), method)(path)
    request.session = SessionStore(session_key=session.session_key)
    return request


def test_signup_after_a_referral_link_credits_the_partner(client, studyhub, recaptcha):
    """A visitor who came through ?via=studyhub is stored as referred by StudyHub."""
    assert client.get("/partners/studyhub/?via=studyhub").status_code == 200

    member = sign_up(client, recaptcha)

    assert member.referred_by == studyhub
    assert list(studyhub.referred_members.all()) == [member]


def test_referral_on_the_signup_page_itself_counts(client, studyhub, recaptcha):
    """A partner may link straight to /accounts/signup/?via=<slug>."""
    assert client.get("/accounts/signup/?via=studyhub").status_code == 200

    assert sign_up(client, recaptcha).referred_by == studyhub


def test_first_referral_of_a_visit_wins(client, studyhub, parents, recaptcha):
    """A second partner's link later in the visit does not take the credit."""
    client.get("/partners/studyhub/?via=studyhub")
    client.get("/partners/parents-together/?via=parents-together")

    assert client.session[REFERRAL_SESSION_KEY] == studyhub.pk
    assert sign_up(client, recaptcha).referred_by == studyhub


def test_unknown_partner_is_ignored(client, studyhub, recaptcha):
    """?via= naming no partner is ignored: no error, nothing remembered."""
    response = client.get("/partners/studyhub/?via=no-such-forum")

    assert response.status_code == 200
    assert REFERRAL_SESSION_KEY not in client.session
    assert sign_up(client, recaptcha).referred_by is None


def test_unknown_partner_does_not_block_a_later_real_one(client, studyhub, recaptcha):
    """After an unknown slug, the first valid partner still gets the credit."""
    client.get("/partners/studyhub/?via=no-such-forum")
    client.get("/partners/studyhub/?via=studyhub")

    assert sign_up(client, recaptcha).referred_by == studyhub


def test_signup_without_a_referral_has_no_partner(client, studyhub, recaptcha):
    """Members who came on their own are referred by nobody."""
    assert sign_up(client, recaptcha).referred_by is None


@pytest.mark.parametrize(
    "value",
    ["", "../../etc/passwd", "<script>", "a" * 81, "stüdyhub", "x\x00", "a b"],
)
def test_malformed_via_is_ignored_without_a_query_or_a_session_write(
    studyhub, django_assert_num_queries, value
):
    """Values that cannot be a slug are dropped before touching session or database."""
    request = request_with_session("/")
    request.GET = request.GET.copy()
    request.GET["via"] = value

    with django_assert_num_queries(0):
        remember_referral(request)

    assert not request.session.accessed
    assert not request.session.modified


@pytest.mark.parametrize("value", ["%3Cscript%3E", "..%2F..", "%00", "a%20b"])
def test_malformed_via_in_a_real_request_is_harmless(client, studyhub, value):
    """A hostile ?via= on a public page still gets the page, and no session."""
    response = client.get(f"/partners/studyhub/?via={value}")

    assert response.status_code == 200
    assert REFERRAL_SESSION_KEY not in client.session
    assert "sessionid" not in response.cookies


def test_unknown_slug_writes_nothing_to_the_session(studyhub):
    """A well-formed but unknown slug costs one lookup and no session write."""
    request = request_with_session("/?via=no-such-forum")

    remember_referral(request)

    assert not request.session.modified
    assert REFERRAL_SESSION_KEY not in request.session


def test_get_without_via_touches_neither_session_nor_database(
    studyhub, django_assert_num_queries
):
    """The middleware costs nothing on an ordinary page view."""
    request = request_with_session("/competitions/?page=2")
    middleware = ReferralMiddleware(lambda request: HttpResponse("ok"))

    with django_assert_num_queries(0):
        response = middleware(request)

    assert response.status_code == 200
    assert not request.session.accessed


def test_post_with_via_is_not_a_referral(studyhub, django_assert_num_queries):
    """Only page views count: a form POST to ?via=... is ignored."""
    request = request_with_session("/?via=studyhub", method="post")

    with django_assert_num_queries(0):
        remember_referral(request)

    assert not request.session.accessed


def test_plain_page_view_runs_the_same_queries_with_and_without_the_middleware(
    client, studyhub, settings
):
    """A page without ?via= runs exactly the queries it ran before referrals."""
    client.get("/partners/studyhub/")  # Warm caches (content types, site).

    with CaptureQueriesContext(connection) as with_referrals:
        assert client.get("/partners/studyhub/").status_code == 200
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != MIDDLEWARE_PATH]
    with CaptureQueriesContext(connection) as without_referrals:
        assert client.get("/partners/studyhub/").status_code == 200

    assert MIDDLEWARE_PATH not in settings.MIDDLEWARE
    assert [q["sql"] for q in with_referrals.captured_queries] == [
        q["sql"] for q in without_referrals.captured_queries
    ]


def test_referral_partner_for_reads_the_visit(client, studyhub):
    """referral_partner_for gives the referring partner, or None."""
    client.get("/partners/studyhub/")
    request = RequestFactory().get("/")
    request.session = client.session
    assert referral_partner_for(request) is None

    client.get("/partners/studyhub/?via=studyhub")
    request.session = client.session
    assert referral_partner_for(request) == studyhub


def test_referral_partner_for_forgets_a_deleted_partner(client, studyhub):
    """If the partner has since been deleted, nobody gets the credit."""
    client.get("/partners/studyhub/?via=studyhub")
    studyhub.delete()
    request = RequestFactory().get("/")
    request.session = client.session

    assert referral_partner_for(request) is None


def test_deleting_a_partner_keeps_its_members(client, studyhub, recaptcha):
    """Members outlive the partner that referred them; the link is cleared."""
    client.get("/partners/studyhub/?via=studyhub")
    member = sign_up(client, recaptcha)

    studyhub.delete()

    member.refresh_from_db()
    assert member.referred_by is None
