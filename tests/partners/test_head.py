"""HEAD on the partners' tools answers as GET does: the widget and the badges.

Partners' link checkers and status pages ask with HEAD. These views were
``require_safe`` already; the tests keep them so.
"""

import pytest

from tests.support.head import assert_head_answers_as_get

pytestmark = pytest.mark.django_db

HEAD_ADDRESSES = [
    "/embed/rivers/?partner=studyhub",
    "/embed/rivers/",
    "/embed/no-such-call/",
    "/badges/studyhub/rivers.svg",
    "/badges/studyhub/rivers.png",
    "/badges/nobody/rivers.svg",
]


@pytest.mark.parametrize("url", HEAD_ADDRESSES)
def test_head_on_the_widget_and_badges_answers_as_get(client, world, url):
    """Same status, type, length, caching and framing policy; no body."""
    assert_head_answers_as_get(client, url)
