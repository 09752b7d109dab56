"""Headers and markup that keep injected script, framing and sniffing out."""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail_factories import ImageFactory

from core.images import make_all_renditions
from tests.factories import (
    CompetitionPageFactory,
    CompetitionPartnershipFactory,
    PartnerCommunityFactory,
    UserFactory,
)
from tests.support.staff import staff_login

PUBLIC_PAGES = [
    "/",
    "/competitions/",
    "/competitions/kindness/",
    "/partners/studyhub/",
    "/partners/no-such-partner/",
    "/no-such-page/",
    "/administrator/",
]
NOT_FOUND = {"/partners/no-such-partner/", "/no-such-page/", "/administrator/"}

# Sources that would let injected or third-party script run on a public page.
UNSAFE_SCRIPT_SOURCES = {
    "'unsafe-inline'",
    "'unsafe-eval'",
    "'unsafe-hashes'",
    "'wasm-unsafe-eval'",
    "'strict-dynamic'",
    "*",
    "http:",
    "https:",
    "data:",
    "blob:",
}


def illustrated_image():
    image = ImageFactory()
    make_all_renditions(image)
    return image


@pytest.fixture
def public_site(competition_index):
    """A partner and a competition with every kind of content the pages show."""
    partner = PartnerCommunityFactory(
        name="StudyHub",
        slug="studyhub",
        logo=illustrated_image(),
        description='<p>Notes and <a href="https://studyhub.example.org">wins</a>.</p>',
        partnership_offer="<p>A badge for every entrant.</p>",
    )
    competition = CompetitionPageFactory(
        parent=competition_index,
        slug="kindness",
        title="The kindness of strangers",
        hero_image=illustrated_image(),
        body=[
            ("heading", "Tell us"),
            ("paragraph", '<p>Read <a href="https://example.org/">this</a>.</p>'),
            ("image", {"image": illustrated_image(), "alt_text": "", "caption": ""}),
            ("quote", {"quote": "Communities know things.", "attribution": "Ana"}),
        ],
    )
    CompetitionPartnershipFactory(page=competition, partner=partner)
    CompetitionPageFactory(parent=competition_index, upcoming=True)
    return competition


def directives(response) -> dict[str, list[str]]:
    """Parse the Content-Security-Policy header into {directive: [sources]}."""
    policy = response.headers.get("Content-Security-Policy", "")
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


def is_external(url: str) -> bool:
    """Return whether ``url`` would be fetched from another origin (not data:)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme.lower() not in ("", "data")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_sends_a_strict_content_security_policy(client, public_site, path):
    """Injected inline script, plugins and other origins' scripts cannot run."""
    response = client.get(path)
    assert response.status_code == (404 if path in NOT_FOUND else 200)
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    script_sources = set(policy["script-src"])
    assert "'self'" in script_sources
    assert not script_sources & UNSAFE_SCRIPT_SOURCES
    assert not [source for source in script_sources if is_external(source)]
    assert not set(policy["style-src"]) & {"'unsafe-inline'", "*", "https:", "data:"}
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_cannot_be_framed_by_another_site(client, public_site, path):
    """Clickjacking: no site, not even our own, may put a public page in a frame."""
    response = client.get(path)
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_forbids_sniffing_and_leaking_full_referrers(
    client, public_site, path
):
    """Browsers may not sniff a type, nor send our full URLs to other sites."""
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_html_has_no_inline_script_without_a_nonce(client, public_site, path):
    """Every script is a file from our origin or carries the request's nonce."""
    response = client.get(path)
    soup = BeautifulSoup(response.content, "html.parser")
    script_sources = directives(response)["script-src"]
    for script in soup.find_all("script"):
        assert script.get("src") or script.get("nonce"), f"inline script: {script}"
        if script.get("nonce"):
            assert f"'nonce-{script['nonce']}'" in script_sources
    for style in soup.find_all("style"):
        assert style.get("nonce"), f"inline style: {style}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_html_has_no_event_handler_or_javascript_url(client, public_site, path):
    """No onclick=… attribute and no javascript: link sneak script past the policy."""
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"event handler on {element.name}: {handlers}"
        for name in ("href", "src", "action", "formaction"):
            value = str(element.get(name, "")).strip().lower()
            assert not value.startswith("javascript:"), f"{element.name} {name}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_html_loads_scripts_styles_and_images_only_from_our_origin(
    client, public_site, path
):
    """The site works offline: no CDN script, stylesheet, font or image."""
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    loaded = [script["src"] for script in soup.find_all("script", src=True)]
    loaded += [image["src"] for image in soup.find_all("img", src=True)]
    for link in soup.find_all("link", href=True):
        rel = {value.lower() for value in link.get("rel", [])}
        if rel & {"stylesheet", "preload", "modulepreload", "icon", "manifest"}:
            loaded.append(link["href"])
    assert any(url.endswith(".css") for url in loaded)
    assert not [url for url in loaded if is_external(url)]


def test_rich_pages_actually_show_their_images(client, public_site):
    """The pages checked above include the images, logos and body they can show."""
    competition = BeautifulSoup(client.get(public_site.url).content, "html.parser")
    partner = BeautifulSoup(client.get("/partners/studyhub/").content, "html.parser")
    assert len(competition.find_all("img")) >= 3
    assert len(partner.find_all("img")) >= 2
    assert competition.find("a", href="https://example.org/")


def test_admin_gets_its_own_looser_policy(client, db):
    """The Wagtail admin may run its inline scripts and frame its own previews."""
    staff_login(client, UserFactory(editor=True))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_admin_policy_does_not_leak_to_lookalike_public_paths(client, public_site):
    """A public path that only starts with "admin" keeps the strict policy."""
    for path in ("/administrator/", "/admin-login/", "/competitions/admin/"):
        response = client.get(path)
        assert "'unsafe-inline'" not in directives(response)["script-src"]
        assert response.headers["X-Frame-Options"] == "DENY"


def test_a_host_header_refused_with_a_400_still_gets_the_security_headers(client, db):
    """CommonMiddleware answers a Host not allowed by itself; the headers remain."""
    response = client.get("/", HTTP_HOST="attacker.example.com")

    assert response.status_code == 400
    assert directives(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/"])
def test_the_csrf_cookie_is_hidden_from_scripts(client, db, path):
    """A form page sets the CSRF cookie HttpOnly and SameSite=Lax."""
    response = client.get(path)

    assert response.status_code == 200
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
