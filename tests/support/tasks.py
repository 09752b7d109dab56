"""Tasks for tests of the task worker itself: one that works, one that fails."""

from django.tasks import task


@task()
def succeed() -> str:
    return "done"


@task()
def fail() -> None:
    raise RuntimeError("This task fails on purpose.")
