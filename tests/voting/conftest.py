import pytest
from allauth.account.models import EmailAddress

from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory


def verified_member(**kwargs):
    """A member who has confirmed their email address, as voting needs."""
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    return user


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(parent=competition_index, voting=True)


@pytest.fixture
def entry(competition):
    return EntryFactory(competition=competition, approved=True)


@pytest.fixture
def member(db):
    return verified_member(handle="voter_one")
