from django.core.management.base import BaseCommand

from judging.reminders import reminder_window, reminders_send


class Command(BaseCommand):
    help = (
        "Email each judge who still has entries to score when their round closes "
        "within JUDGING_REMINDER_HOURS; once per round per judge, so it is safe to "
        "run every hour."
    )

    def handle(self, *args, **options) -> None:
        sent = reminders_send()
        hours = int(reminder_window().total_seconds() // 3600)
        self.stdout.write(
            f"Reminded {sent} judge(s) whose round closes within {hours} hours."
            if sent
            else "No judge needs a reminder now."
        )
