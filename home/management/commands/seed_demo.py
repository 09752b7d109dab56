from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.pagecache import invalidate_public_pages
from home.demo import DEMO_PASSWORD, build_demo_world


class Command(BaseCommand):
    help = "Build (or refresh) the demo world: partners, competitions, accounts."

    def handle(self, *args, **options):
        if settings.OPENCALL_ENVIRONMENT == "production":
            raise CommandError("seed_demo is refused under production settings.")
        summary = build_demo_world()
        # Pages made here are not published through the admin: whatever public
        # pages and values a cache kept from before are stale now.
        invalidate_public_pages()
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
        for phase, url in summary["competitions"]:
            self.stdout.write(f"  {phase:<10} {url}")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, role in summary["accounts"]:
            self.stdout.write(f"  {email:<28} {role}")
        self.stdout.write(self._staff_sign_in_hint())

    def _staff_sign_in_hint(self) -> str:
        """Say how staff reach the admin here: with or without a second factor."""
        if settings.OPENCALL_STAFF_MFA_REQUIRED:
            return (
                "Everyone signs in at /accounts/login/. Staff then set up an "
                "authenticator app (two-step sign-in) before /admin/ opens."
            )
        return (
            "Everyone signs in at /accounts/login/; staff open /admin/ with the "
            "password alone here (OPENCALL_STAFF_MFA_REQUIRED=False in development)."
        )
