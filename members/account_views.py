"""Account views: allauth's sign-up, and the admin's doors pointed at allauth."""

from allauth.account import views as allauth_views
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.captcha import captcha_csp

from .account_forms import SignupForm, handle_taken
from .models import HANDLE_TAKEN


class SignupView(allauth_views.SignupView):
    """allauth's sign-up; a handle taken a moment earlier is a form error, not a 500."""

    def form_valid(self, form: SignupForm) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            if not handle_taken(form.cleaned_data["handle"]):
                raise
            form.add_error("handle", HANDLE_TAKEN)
            return self.form_invalid(form)


signup = captcha_csp(SignupView.as_view())


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """Send /admin/login/ (GET or POST) to the one sign-in page, keeping ``next``.

    Wagtail's own login view checks a password with no throttle and no email
    verification, so it is never reached: nothing posted here is read but ``next``.
    """
    return _to_sign_in(request, default=reverse("wagtailadmin_home"))


def frontend_sign_in(request: HttpRequest) -> HttpResponse:
    """Send Wagtail's front-end sign-in (/_util/login/) to the one sign-in page.

    It is where Wagtail sends visitors to a page kept for signed-in visitors,
    unless ``WAGTAIL_FRONTEND_LOGIN_URL`` says otherwise (it does); like the
    admin's, it is never reached.
    """
    return _to_sign_in(request, default="/")


def _to_sign_in(request: HttpRequest, *, default: str) -> HttpResponse:
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = default
    return redirect_to_login(next_url, login_url=reverse("account_login"))


def admin_password_reset(request: HttpRequest) -> HttpResponse:
    """Send Wagtail's password reset to allauth's, which is rate-limited."""
    return HttpResponseRedirect(reverse("account_reset_password"))
