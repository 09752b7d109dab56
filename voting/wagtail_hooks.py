from wagtail import hooks

from submissions.views import ENTRY_PAGE_HOOK

from .sections import vote_section


@hooks.register(ENTRY_PAGE_HOOK)
def entry_vote_section(request, entry):
    return vote_section(request, entry)
