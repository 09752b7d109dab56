"""Rebuild each entry's stored vote count from its valid votes and print any drift."""

from django.core.management.base import BaseCommand

from voting.services import counts_reconcile


class Command(BaseCommand):
    help = "Rebuild stored vote counts from the valid votes and report any drift."

    def handle(self, *args, **options) -> None:
        drift = counts_reconcile()
        for entry_id, stored, true in drift:
            self.stdout.write(f"Entry {entry_id}: stored {stored}, counted {true}.")
        self.stdout.write(
            self.style.SUCCESS(f"{len(drift)} counts corrected.")
            if drift
            else "Every count was right."
        )
