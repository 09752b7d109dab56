"""/accounts/: django-allauth's pages, with OpenCall's sign-up view in front."""

from django.urls import include, path

from . import account_views

urlpatterns = [
    path("signup/", account_views.signup, name="account_signup"),
    path("2fa/", include("allauth.mfa.urls")),
    path("", include("allauth.account.urls")),
]
