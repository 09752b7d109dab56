"""Rich text from members, cut down to a short allow-list before it is saved.

Policy: only simple formatting and links survive; a link keeps nothing but an
absolute http, https or mailto ``href`` and always gets ``rel="nofollow ugc
noopener"``; scripts, styles, embeds, forms, images and comments are removed.
"""

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
    return len("".join(collector.parts).split())


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
