from django.core.management.base import BaseCommand

from submissions.media import SWEEP_GRACE, private_media_sweep


class Command(BaseCommand):
    help = (
        "Delete private uploads that no entry refers to any more and that are older "
        f"than {SWEEP_GRACE} (so that an upload still being saved is never touched)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the files that would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        removed = private_media_sweep(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for name in removed:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"{verb} {len(removed)} private file(s) no entry refers to."
            if removed
            else "No private files to delete: every one is in use or recent."
        )
