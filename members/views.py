from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from submissions.selectors import member_entries


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The member area: my entries with their status, feedback and next step."""
    context = {"entries": member_entries(user=request.user)}
    return TemplateResponse(request, "members/me.html", context)
