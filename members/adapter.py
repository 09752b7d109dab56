"""How django-allauth creates members, signs them in and talks to them."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.base_user import AbstractBaseUser
from django.forms import BaseForm
from django.http import HttpRequest

from communities.referrals import referral_partner_for

from .auth_backends import allauth_sign_in


class AccountAdapter(DefaultAccountAdapter):
    """Save the public handle and the referring partner with a new member."""

    def save_user(
        self,
        request: HttpRequest,
        user: AbstractBaseUser,
        form: BaseForm,
        commit: bool = True,
    ) -> AbstractBaseUser:
        user = super().save_user(request, user, form, commit=False)
        user.handle = form.cleaned_data["handle"]
        user.referred_by = referral_partner_for(request)
        if commit:
            user.save()
        return user

    def authenticate(
        self, request: HttpRequest, **credentials
    ) -> AbstractBaseUser | None:
        """Check a password after allauth's rate limit, the one place that may."""
        with allauth_sign_in():
            return super().authenticate(request, **credentials)
