"""Rate limits hold across processes: gunicorn's workers share Redis's counters."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from core.ratelimit import rate_limit_hit

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="Needs the real Redis: set REDIS_URL."
)

# Another Python process, set up as the site is, counting attempts in the same scope.
WORKER = """
import json, sys
import django
django.setup()
from core.ratelimit import rate_limit_hit
scope, count, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
print(json.dumps([
    rate_limit_hit(scope=scope, key="shared", limit=limit, period=60)
    for _ in range(count)
]))
"""


def start_worker(scope: str, count: int, limit: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "opencall.settings.test"}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, scope, str(count), str(limit)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


def test_two_processes_share_one_limit():
    scope = f"shared-{uuid.uuid4().hex}"
    here = [
        rate_limit_hit(scope=scope, key="shared", limit=15, period=60) for _ in range(5)
    ]

    workers = [start_worker(scope, 10, 15) for _ in range(2)]
    answers = [json.loads(worker.communicate(timeout=60)[0]) for worker in workers]

    allowed = sum(here) + sum(sum(answer) for answer in answers)
    assert [len(answer) for answer in answers] == [10, 10]
    assert allowed == 15  # 25 attempts in three processes, 15 let through
