from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the site's 404 page."""
    return TemplateResponse(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Render the 500 page without touching the database or the request."""
    return HttpResponseServerError(loader.get_template("500.html").render())
