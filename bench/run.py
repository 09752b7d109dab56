"""Benchmark the public listing pages as the number of competitions grows.

Builds a throwaway SQLite database, creates the site tree, then measures the
home page and /competitions/ at a small and a large number of competitions.
What is reported are ratios (large / small) measured in one run on one machine,
so they compare across machines; absolute times are printed for context only.

    make bench            # or: .venv/bin/python bench/run.py
"""

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="opencall-bench-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "opencall.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'bench.sqlite3'}"
os.environ.pop("REDIS_URL", None)
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

SIZES = (5, 50)
PAGES = ("/", "/competitions/")
REPEATS = 30


def build_site():
    from wagtail.models import Page, Site

    from tests.factories import CompetitionIndexPageFactory, HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node())
    Site.objects.filter(is_default_site=True).update(root_page=home)
    return CompetitionIndexPageFactory(parent=home)


def add_competitions(index, count: int) -> None:
    from tests.factories import CompetitionPageFactory

    traits = ({}, {"upcoming": True}, {"voting": True}, {"judging": True})
    for n in range(count):
        CompetitionPageFactory(parent=index, **traits[n % len(traits)])


def measure(client: Client, path: str) -> dict:
    client.get(path)  # warm caches and templates
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(path).status_code == 200
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - start)
    return {"median_ms": statistics.median(timings) * 1000, "queries": len(queries)}


def main() -> dict:
    settings.MEDIA_ROOT = WORKDIR / "media"
    call_command("migrate", verbosity=0)
    index = build_site()
    client = Client()
    results: dict = {"sizes": SIZES, "pages": {}}
    created = 0
    for size in SIZES:
        add_competitions(index, size - created)
        created = size
        for path in PAGES:
            results["pages"].setdefault(path, {})[size] = measure(client, path)
    small, large = SIZES
    for by_size in results["pages"].values():
        small_run, large_run = by_size[small], by_size[large]
        by_size["time_ratio"] = large_run["median_ms"] / small_run["median_ms"]
        by_size["query_ratio"] = large_run["queries"] / small_run["queries"]
    return results


if __name__ == "__main__":
    from bench.uploads import measure as measure_uploads
    from bench.uploads import summary as summarise_uploads

    outcome = main()
    outcome["uploads"] = measure_uploads()
    out = ROOT / "bench" / "results" / "latest.json"
    out.write_text(json.dumps(outcome, indent=2) + "\n")
    for path, by_size in outcome["pages"].items():
        small, large = (by_size[size] for size in outcome["sizes"])
        print(
            f"{path:<16} queries {small['queries']} → {large['queries']}"
            f" (×{by_size['query_ratio']:.2f}); median "
            f"{small['median_ms']:.1f} ms → {large['median_ms']:.1f} ms"
            f" (×{by_size['time_ratio']:.2f})"
        )
    print(summarise_uploads(outcome["uploads"]))
    print(f"written to {out.relative_to(ROOT)}")
