"""What a HEAD answer must share with the GET answer to the same address."""

import re

# The headers compared; a body's length is compared on its own, since a
# streamed GET answer has no Content-Length to compare.
COMPARED_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Disposition",
    "Cache-Control",
    "Vary",
    "Location",
    "Allow",
    "X-Frame-Options",
    "X-Cache",
    "Content-Security-Policy",
)
# Each answer's CSP carries its own nonce.
NONCE = re.compile(r"'nonce-[^']+'")


def compared_headers(response) -> dict[str, str]:
    """Return the answer's headers that HEAD and GET must share, nonces left out."""
    return {
        name: NONCE.sub("'nonce'", response.headers[name])
        for name in COMPARED_HEADERS
        if name in response.headers
    }


def assert_head_answers_as_get(client, url: str) -> tuple:
    """Ask ``url`` with HEAD, then GET: same status (not 405), headers and length.

    Returns (head, get) for the caller's own further checks.
    """
    head = client.head(url)
    get = client.get(url)

    assert head.status_code == get.status_code != 405
    assert compared_headers(head) == compared_headers(get)
    assert int(head["Content-Length"]) == len(get.content)
    return head, get
