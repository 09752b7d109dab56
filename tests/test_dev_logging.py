"""What the development task worker prints: failures, not routine progress."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_ROOT = Path(settings.BASE_DIR)
ENQUEUE = """
import django
django.setup()
from tests.support.tasks import fail, succeed
for _ in range(3):
    succeed.enqueue()
fail.enqueue()
"""


def run(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture
def dev_environment(tmp_path) -> dict[str, str]:
    """Development settings on a fresh database holding only the task queue."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "TASKS_LOG_LEVEL")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="opencall.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}",
    )
    run(["manage.py", "migrate", "django_tasks_database", "-v", "0"], environment)
    run(["-c", ENQUEUE], environment)
    return environment


def work_through_queue(environment: dict[str, str]) -> str:
    worker = ["manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"]
    result = run(worker, environment)
    return result.stdout + result.stderr


def test_dev_worker_prints_only_the_failed_task(dev_environment):
    """Three tasks that work print nothing; the one that fails prints its error."""
    output = work_through_queue(dev_environment)
    assert "tests.support.tasks.succeed" not in output
    assert "Starting worker" not in output
    assert "tests.support.tasks.fail state=FAILED" in output
    assert "RuntimeError: This task fails on purpose." in output
    assert output.count("Task id=") == 1


def test_dev_worker_prints_every_task_when_asked(dev_environment):
    """TASKS_LOG_LEVEL=INFO brings the routine lines back."""
    output = work_through_queue({**dev_environment, "TASKS_LOG_LEVEL": "INFO"})
    assert output.count("tests.support.tasks.succeed state=SUCCESSFUL") == 3
    assert "Starting worker" in output
