from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


@transaction.atomic
def member_email_mark_verified(*, user: User) -> EmailAddress:
    """Record a member's email as verified, for accounts made outside sign-up.

    Sign-in requires a verified address, and allauth keeps that fact in its own
    EmailAddress rows: accounts created by a command (seed_demo) or in the admin
    need one to sign in at /accounts/login/ without the emailed link.
    """
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
        primary=False
    )
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        address = EmailAddress(user=user)
    address.email = user.email
    address.verified = True
    address.primary = True
    address.full_clean(exclude=["user"])
    address.save()
    return address
