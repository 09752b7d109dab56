"""Members' stories cannot bring script, styles, embeds or unsafe links to the site."""

import pytest
from bs4 import BeautifulSoup

from core.sanitize import STORY_ALLOWED_TAGS, count_words, sanitise_rich_text

REL = "nofollow ugc noopener"

XSS_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "javascript-link": '<a href="javascript:alert(1)">win a prize</a>',
    "mixed-case-javascript": '<a href="JaVaScRiPt:alert(1)">win a prize</a>',
    "tab-split-javascript": '<a href="java&#x09;script:alert(1)">win</a>',
    "space-led-javascript": '<a href=" javascript:alert(1)">win</a>',
    "vbscript-link": '<a href="vbscript:msgbox(1)">win</a>',
    "data-link": '<a href="data:text/html,<script>alert(1)</script>">win</a>',
    "base64-data-link": '<a href="data:text/html;base64,PHNjcmlwdD4=">win</a>',
    "iframe": '<iframe src="https://evil.example/phish"></iframe>',
    "style-attribute": '<p style="background:url(javascript:alert(1))">hi</p>',
    "style-element": "<style>body{display:none}</style><p>hi</p>",
    "svg-onload": "<svg onload=alert(1)><circle r=9 /></svg>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "math": '<math><mtext><a href="javascript:alert(1)">x</a></mtext></math>',
    "math-mxss": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript-mxss": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "form": '<form action="https://evil.example/"><input name=pw><button>Go</button>',
    "button-formaction": '<button formaction="javascript:alert(1)">Go</button>',
    "event-handlers": '<p onclick="alert(1)" onmouseover="alert(2)">hi</p>',
    "class-and-id": '<p class="admin-banner" id="login">hi</p>',
    "link-event": '<a href="https://example.org/" onmouseover="alert(1)">hi</a>',
    "nested-script": "<<script>script>alert(1)<</script>/script>",
    "split-script": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "unclosed": "<p><b>bold <i>both <img src=x onerror=alert(1)//",
    "comment": "<!--<script>alert(1)</script>--><p>hi</p>",
    "comment-breakout": "<!--><img src=x onerror=alert(1)>-->",
    "conditional-comment": "<!--[if IE]><script>alert(1)</script><![endif]-->",
    "base": '<base href="javascript:alert(1)//">',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "protocol-relative": '<a href="//evil.example/">hi</a>',
    "target-blank": '<a href="https://example.org/" target="_blank">hi</a>',
}


def elements(html: str) -> list:
    """Return every element the browser would build from ``html``."""
    return BeautifulSoup(html, "html.parser").find_all(True)


def assert_harmless(html: str) -> None:
    """Assert only allowed tags remain, with no attribute but a safe link's."""
    for element in elements(html):
        assert element.name in STORY_ALLOWED_TAGS, element
        allowed = {"href", "rel"} if element.name == "a" else set()
        assert set(element.attrs) <= allowed, element
        if element.name == "a":
            assert element["rel"] == REL.split()
            href = element.get("href", "https://")
            assert href.startswith(("https://", "http://", "mailto:")), element


@pytest.mark.parametrize("payload", XSS_PAYLOADS.values(), ids=XSS_PAYLOADS.keys())
def test_xss_payloads_are_neutralised(payload):
    """Every known way of sneaking script or markup into a story is stripped."""
    cleaned = sanitise_rich_text(payload)

    assert_harmless(cleaned)
    assert sanitise_rich_text(cleaned) == cleaned


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "<svg><script>alert(1)</script></svg>",
        "<style>body{display:none}</style>",
        "<!--<script>alert(1)</script>-->",
        "<iframe>alert(1)</iframe>",
        "<svg><text>alert(1)</text></svg>",
        "<math><mtext>alert(1)</mtext></math>",
    ],
)
def test_script_style_embeds_and_comments_lose_their_content_too(payload):
    """What was inside a script, style, embed or comment is not left as text."""
    cleaned = sanitise_rich_text(payload)

    assert "alert" not in cleaned and "display" not in cleaned


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/",
        "/relative/path",
    ],
)
def test_unsafe_or_relative_link_targets_are_removed(href):
    """A link keeps its text but loses any href that is not http, https or mailto."""
    cleaned = sanitise_rich_text(f'<a href="{href}">Click</a>')

    assert cleaned == f'<a rel="{REL}">Click</a>'


@pytest.mark.parametrize(
    "href",
    [
        "https://example.org/a?b=1&amp;c=2",
        "http://example.org/",
        "mailto:a@example.org",
    ],
)
def test_safe_links_are_kept_with_nofollow_ugc_noopener(href):
    """An http, https or mailto link stays, marked as user content not to follow."""
    cleaned = sanitise_rich_text(f'<a href="{href}" rel="opener">Read more</a>')

    assert cleaned == f'<a href="{href}" rel="{REL}">Read more</a>'


def test_allowed_formatting_is_kept_as_written():
    """Paragraphs, emphasis, lists, quotes, sub-headings and breaks survive intact."""
    story = (
        "<h2>My first year</h2><h3>Autumn</h3><h4>Week one</h4>"
        "<p>I was <strong>nervous</strong>, <b>very</b> <em>nervous</em>, "
        "<i>truly</i>.<br>Then:</p>"
        "<ul><li>friends</li></ul><ol><li>lectures</li></ol>"
        "<blockquote><p>It gets better.</p></blockquote>"
    )

    assert sanitise_rich_text(story) == story


def test_disallowed_tags_are_unwrapped_keeping_their_text():
    """A heading level or div outside the list keeps its words, not its tag."""
    cleaned = sanitise_rich_text("<h1>Title</h1><div><span>Body</span></div>")

    assert cleaned == "TitleBody"


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("", 0),
        ("<p>One two three.</p>", 3),
        ("<p>one</p><p>two</p>", 2),
        ("<ul><li>one</li><li>two</li></ul>", 2),
        ("<h2>Title</h2>Body", 2),
        ("line<br>break", 2),
        ("<strong>Hel</strong>lo <em>world</em>", 2),
        ("fish&nbsp;&amp;&nbsp;chips", 2),  # "&" is not a word (core/sanitize.py)
        ("caf&eacute; cr&#232;me br&#xFB;l&eacute;e", 3),
        ("<script>one two three</script>four", 1),
        ("<!-- hidden words here -->shown", 1),
        ('<a href="https://example.org/one-two-three">link</a>', 1),
        ("  spaced \n\t out  ", 2),
    ],
)
def test_count_words_counts_the_visible_words(html, words):
    """Word limits count what a reader sees: no markup, no hidden text."""
    assert count_words(html) == words
