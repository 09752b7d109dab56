from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.demo import DEMO_PASSWORD, build_demo_world


class Command(BaseCommand):
    help = "Build (or refresh) the demo world: partners, competitions, accounts."

    def handle(self, *args, **options):
        if settings.OPENCALL_ENVIRONMENT == "production":
            raise CommandError("seed_demo is refused under production settings.")
        summary = build_demo_world()
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
        for phase, url in summary["competitions"]:
            self.stdout.write(f"  {phase:<10} {url}")
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for email, role in summary["accounts"]:
            self.stdout.write(f"  {email:<28} {role}")
