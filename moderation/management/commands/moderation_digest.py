from django.core.management.base import BaseCommand

from moderation.digest import digest_after, digests_send


class Command(BaseCommand):
    help = (
        "Email each assigned moderator whose competitions have entries waiting "
        "longer than MODERATION_DIGEST_AFTER_HOURS, at most once in that time."
    )

    def handle(self, *args, **options) -> None:
        sent = digests_send()
        hours = digest_after().total_seconds() / 3600
        self.stdout.write(
            f"Sent the digest to {sent} moderator(s)."
            if sent
            else f"No digest due: no entry has waited {hours:g} hours for a "
            "moderator who has not heard from us in that time."
        )
