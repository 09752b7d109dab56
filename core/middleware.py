from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.deprecation import MiddlewareMixin


class AdminContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Give the Wagtail admin its looser policy; public pages keep the strict one.

    The admin emits inline scripts and previews pages in a same-origin iframe, so
    its responses get ``settings.ADMIN_CSP`` and ``X-Frame-Options: SAMEORIGIN``.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        if request.path.startswith(settings.ADMIN_CSP_PATH_PREFIXES):
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.ADMIN_CSP
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response
