"""Builders for the showcase tests: public images with their renditions, awards."""

from core.images import make_all_renditions
from judging.models import Award, ResultsPublication
from submissions.media import publish
from submissions.models import Entry
from tests.factories import EntryFactory
from tests.support.judging_results import prize


def image_entry(competition, **kwargs) -> Entry:
    """An approved image entry with its showcase copy and renditions made."""
    entry = EntryFactory(competition=competition, kind="image", approved=True, **kwargs)
    publish(entry)
    entry.save()
    make_all_renditions(entry.public_image)
    return entry


def award(entry: Entry, *, title: str = "Best story", published: bool = True):
    """Give ``entry`` a prize; publish the competition's results if asked."""
    won = Award.objects.create(prize=prize(entry.competition, title), entry=entry)
    if published:
        ResultsPublication.objects.get_or_create(competition=entry.competition)
    return won
