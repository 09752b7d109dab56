from django.core.management.base import BaseCommand

from members.data_rights import EXPORT_MAX_AGE, data_exports_sweep


class Command(BaseCommand):
    help = (
        "Delete members' data exports older than "
        f"{EXPORT_MAX_AGE} (their emailed links no longer work)."
    )

    def handle(self, *args, **options) -> None:
        removed = data_exports_sweep()
        self.stdout.write(
            f"Deleted {removed} expired data export(s)."
            if removed
            else "No expired data exports to delete."
        )
