from allauth.account import views as allauth_views
from django.db import IntegrityError, transaction
from django.http import HttpResponse

from core.captcha import captcha_csp

from .account_forms import HANDLE_TAKEN, SignupForm
from .models import User


class SignupView(allauth_views.SignupView):
    """allauth's sign-up; a handle taken a moment earlier is a form error, not a 500."""

    def form_valid(self, form: SignupForm) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except IntegrityError:
            handle = form.cleaned_data["handle"]
            if not User.objects.filter(handle__iexact=handle).exists():
                raise
            form.add_error("handle", HANDLE_TAKEN)
            return self.form_invalid(form)


signup = captcha_csp(SignupView.as_view())
