from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core.sections import render_sections

# Extension point: the apps above members add their parts of the member area
# (entries, votes …) as core.sections.PageSection, called with (request, user).
MEMBER_AREA_HOOK = "member_area_sections"


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The member area: what each app has to show the member about themselves."""
    sections = render_sections(MEMBER_AREA_HOOK, request, request.user)
    return TemplateResponse(request, "members/me.html", {"sections": sections})
