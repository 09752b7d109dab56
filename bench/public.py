"""Benchmark the public site as gunicorn serves it, beside a bare Django view.

Builds a throwaway PostgreSQL database (migrations, ``seed_demo``, and a voting
competition of approved photographs with their renditions made), then serves it
with gunicorn (2 sync workers, production settings from ``bench/settings.py``)
on PostgreSQL and Redis, and loads it with wrk (Debian's package):

- throughput, as a share of ``/bench/bare/`` (a view returning three bytes through
  the same middleware and server) measured in the same run: the gallery (24 cards)
  uncached, the gallery and an entry page cached (anonymous, no cookie), and vote
  POSTs by 50 signed-in members at once, checked afterwards: every vote answered
  200 has its row (0 lost), no (entry, voter) pair twice, every stored count equal
  to its rows;
- latency of the uncached gallery and of a vote at 1,000 entries and in a copy of
  the database that SQL has grown to 100,000 entries and 1,000,000 votes, in short
  runs that take turns between the two (the ratio, paired by round).

The "cached" runs use a second gunicorn with PUBLIC_PAGE_CACHE_SECONDS set (the
"uncached" ones set it to 0) and check the X-Cache header; a build without the
page cache is reported as such, not failed. Results go to results/public.json.

    make bench-public        # or: .venv/bin/python bench/public.py

BENCH_SECONDS (default 10) sets each run's length; BENCH_LARGE_ENTRIES and
BENCH_LARGE_VOTES the large world (100,000 and 1,000,000). The database is
opencall_bench_<pid> on BENCH_POSTGRES (postgres://postgres@127.0.0.1:5432); the
cache is BENCH_REDIS_URL (redis://127.0.0.1:6379/7), emptied before and after.
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WRK_DIR = ROOT / "bench" / "wrk"
RESULTS = ROOT / "bench" / "results" / "public.json"

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
SMALL_ENTRIES = 1_000
LARGE_ENTRIES = int(os.environ.get("BENCH_LARGE_ENTRIES", "100000"))
LARGE_VOTES = int(os.environ.get("BENCH_LARGE_VOTES", "1000000"))
VOTES_PER_BULK_VOTER = 10
CARDS = 24
CONNECTIONS = 8  # pages: a few connections, enough to keep both workers busy
VOTERS = 50  # concurrent voters, one connection each
LATENCY_VOTERS = 6  # per latency run: two connections (one per worker)
CACHE_SECONDS = 300
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
DATABASE = f"opencall_bench_{os.getpid()}"
LARGE_DATABASE = f"{DATABASE}_large"
# Latency: short runs taking turns between the small and the large world, so that
# other work on the machine weighs on both alike.
ROUNDS = 5
BURST_SECONDS = 3

TARGETS = {
    "gallery_uncached": 0.15,
    "gallery_cached": 0.70,
    "entry_cached": 0.70,
    "votes": 0.25,
    "growth": 1.2,
}


def wrk_missing_message() -> str:
    return (
        "bench/public.py needs wrk, the HTTP load generator, which is not installed.\n"
        "Install Debian's package: sudo apt-get install wrk"
    )


def missing_service() -> str | None:
    """Return why PostgreSQL or Redis cannot be used, or None if both answer."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()
    except redis.RedisError as error:
        return f"bench/public.py needs Redis at {REDIS_URL} ({error})."
    try:
        postgres_tool("psql", "-d", "postgres", "-qAtc", "SELECT 1")
    except (OSError, subprocess.CalledProcessError) as error:
        return f"bench/public.py needs PostgreSQL at {POSTGRES} ({error})."
    return None


def database_url(name: str) -> str:
    return f"postgres://{POSTGRES.split('://', 1)[1]}/{name}"


def bench_env(workdir: Path) -> dict[str, str]:
    """Return the environment of this process and of the gunicorns."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url(DATABASE),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": "opencall-bench",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BENCH_MEDIA_ROOT": str(workdir),
    }


def postgres_tool(name: str, *args: str) -> None:
    """Run a PostgreSQL client (createdb, dropdb, psql) against the server."""
    host_port = POSTGRES.split("@", 1)[-1].split("/", 1)[0]
    host, _, port = host_port.partition(":")
    user = POSTGRES.split("://", 1)[1].split("@", 1)[0] if "@" in POSTGRES else ""
    command = [name, "-h", host, "-p", port or "5432"]
    command += ["-U", user] if user else []
    subprocess.run([*command, *args], check=True, stdout=subprocess.DEVNULL)


# --- the world -------------------------------------------------------------


@dataclass
class World:
    competition_id: int
    gallery: str
    entry: str
    authors: list[int]
    images: list[int]
    voter_sets: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)


def build_world() -> World:
    """Migrate, seed the demo and add the benchmark's competition of photographs."""
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed_demo", stdout=StringIO())
    competition = bench_competition()
    entries = photograph_entries(competition, CARDS)
    world = World(
        competition_id=competition.pk,
        gallery=f"{competition.url}gallery/",
        entry=entries[-1].get_absolute_url(),
        authors=[entry.author_id for entry in entries],
        images=[entry.public_image_id for entry in entries],
    )
    add_entries(world, total=SMALL_ENTRIES)
    world.voter_sets["throughput"] = signed_in_voters("throughput", VOTERS)
    for scale in ("small", "large"):
        for round_ in range(ROUNDS):
            name = f"{scale}-{round_}"
            world.voter_sets[name] = signed_in_voters(name, LATENCY_VOTERS)
    analyse()
    return world


def bench_competition():
    """Return a competition in its voting window whose counts show while it runs."""
    from competitions.enums import EntryKind
    from competitions.models import CompetitionIndexPage
    from tests.factories import CompetitionPageFactory
    from voting.models import ShowCounts, VotingRules

    page = CompetitionPageFactory(
        parent=CompetitionIndexPage.objects.get(),
        voting=True,
        title="Bench photographs",
        slug="bench-photographs",
        entry_kinds=[EntryKind.IMAGE.value],
    )
    # Each benchmark voter votes many times: the per-member limit must not refuse.
    VotingRules.objects.create(
        competition=page, votes_per_member=32_767, show_counts=ShowCounts.DURING
    )
    return page


def photograph_entries(competition, count: int) -> list:
    """Make approved photograph entries as a member would send them."""
    from django.contrib.auth.hashers import make_password
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.demo import demo_picture
    from core.images import make_all_renditions
    from core.uploads import check_image_upload
    from submissions import media
    from tests.factories import EntryFactory, UserFactory

    entries = []
    for number in range(count):
        png = demo_picture(f"bench-{number}", size=(960, 720))
        upload = SimpleUploadedFile("photo.png", png, content_type="image/png")
        checked = check_image_upload(upload)
        entry = EntryFactory(
            competition=competition,
            author=UserFactory(password=make_password(None)),
            approved=True,
            title=f"High street {number}",
            image=checked.content,
            image_width=checked.width,
            image_height=checked.height,
            image_alt_text=f"A photograph of a high street, number {number}.",
        )
        media.publish(entry)
        entry.save()
        # What the task worker does when an image is saved (core.tasks).
        make_all_renditions(entry.public_image)
        entries.append(entry)
    return entries


def signed_in_voters(name: str, count: int) -> list[tuple[int, str, str]]:
    """Return (user id, session key, CSRF secret) of verified members signed in."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from tests.factories import UserFactory

    voters = []
    for number in range(count):
        user = UserFactory(
            password=make_password(None),
            email=f"voter-{name}-{number}@example.org",
            handle=f"voter_{name}_{number}",
            date_joined=timezone.now() - timezone.timedelta(days=60),
        )
        EmailAddress.objects.create(
            user=user, email=user.email, verified=True, primary=True
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "members.auth_backends.SignInBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        voters.append((user.pk, session.session_key, secrets.token_hex(16)))
    return voters


def sql(statement: str, params: tuple | dict | None = ()) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def add_entries(world: World, *, total: int) -> None:
    """Copy the newest photograph entry until the competition has ``total``.

    Each copy gets its own public id, title and an older decision date, and shows
    one of the real photographs (whose renditions exist), so every gallery page is
    24 image cards.
    """
    from submissions.models import Entry

    have = Entry.objects.filter(competition_id=world.competition_id).count()
    if total <= have:
        return
    template = Entry.objects.filter(competition_id=world.competition_id).latest("pk")
    copied = {
        "public_id": "substr(md5(random()::text || g::text), 1, 16)",
        "title": "'Street scene ' || g",
        "author_id": "(%(authors)s::bigint[])[1 + mod(g, %(cycle)s)]",
        "public_image_id": "(%(images)s::bigint[])[1 + mod(g, %(cycle)s)]",
        "created_at": "t.created_at - make_interval(mins => g + 60)",
        "updated_at": "t.updated_at - make_interval(mins => g + 30)",
        "submitted_at": "t.submitted_at - make_interval(mins => g + 30)",
        "decided_at": "t.decided_at - make_interval(mins => g)",
    }
    columns = [f.column for f in Entry._meta.concrete_fields if not f.primary_key]
    values = [copied.get(column, f"t.{column}") for column in columns]
    sql(
        f"INSERT INTO {Entry._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM {Entry._meta.db_table} t, "
        "generate_series(1, %(count)s) g WHERE t.id = %(template)s",
        {
            "authors": world.authors,
            "images": world.images,
            "cycle": len(world.images),
            "count": total - have,
            "template": template.pk,
        },
    )


def add_votes(world: World, *, total: int) -> None:
    """Add ``total`` valid votes by new verified members, 10 each, spread evenly."""
    from members.models import User

    voters = total // VOTES_PER_BULK_VOTER
    template = User.objects.get(email="voter-large-0-0@example.org")
    copied = {
        "email": "'bulk-voter-' || g || '@example.org'",
        "handle": "'bulk_voter_' || g",
        "handle_skeleton": "'bulk_voter_' || g",
    }
    columns = [f.column for f in User._meta.concrete_fields if not f.primary_key]
    values = [copied.get(column, f"t.{column}") for column in columns]
    sql(
        f"INSERT INTO {User._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM {User._meta.db_table} t, "
        "generate_series(1, %s) g WHERE t.id = %s",
        (voters, template.pk),
    )
    sql(
        'INSERT INTO account_emailaddress (user_id, email, verified, "primary") '
        "SELECT id, email, true, true FROM members_user "
        "WHERE email LIKE 'bulk-voter-%%'"
    )
    sql(
        """
        WITH e AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
            FROM submissions_entry WHERE competition_id = %(competition)s
        ), v AS (
            SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
            FROM members_user WHERE email LIKE 'bulk-voter-%%'
        )
        INSERT INTO voting_vote
            (entry_id, voter_id, created_at, ip_hash, excluded_rule, former_voter)
        SELECT e.id, v.id, now() - make_interval(secs => g * 3),
               encode(sha256(convert_to('ip-' || (g / 7), 'UTF8')), 'hex'), '', ''
        FROM generate_series(0, %(total)s - 1) g
        JOIN v ON v.n = g / %(each)s
        JOIN e ON e.n = mod((g / %(each)s) * 7 + mod(g, %(each)s), %(entries)s)
        """,
        {
            "competition": world.competition_id,
            "total": voters * VOTES_PER_BULK_VOTER,
            "each": VOTES_PER_BULK_VOTER,
            "entries": LARGE_ENTRIES,
        },
    )
    # The stored counts, as votes_reconcile would rebuild them.
    sql(
        """
        INSERT INTO voting_entryvotecount (entry_id, valid_votes)
        SELECT entry_id, count(*) FROM voting_vote WHERE excluded_rule = ''
        GROUP BY entry_id
        ON CONFLICT (entry_id) DO UPDATE SET valid_votes = EXCLUDED.valid_votes
        """
    )


def analyse() -> None:
    """VACUUM and ANALYZE, as autovacuum would after a load, so plans are real."""
    for table in (
        "submissions_entry",
        "voting_vote",
        "voting_entryvotecount",
        "members_user",
        "account_emailaddress",
        "django_session",
        "wagtailimages_rendition",
    ):
        sql(f"VACUUM ANALYZE {table}")


def entry_public_ids(world: World, limit: int = 5_000) -> list[str]:
    """Return up to ``limit`` public ids of the competition, spread over all."""
    from submissions.models import Entry

    ids = Entry.objects.filter(competition_id=world.competition_id).order_by("?")
    return list(ids.values_list("public_id", flat=True)[:limit])


# --- serving and loading ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn with 2 workers on a free loopback port, for the ``with`` block."""

    def __init__(
        self, env: dict[str, str], *, cache_seconds: int, log: Path, database=DATABASE
    ):
        self.database = database
        self.env = os.environ | env | {"PUBLIC_PAGE_CACHE_SECONDS": str(cache_seconds)}
        self.env["DATABASE_URL"] = (
            env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{database}"
        )
        # Each database its own keys: the worlds must not share kept pages or counts.
        self.env["CACHE_KEY_PREFIX"] = f"{env['CACHE_KEY_PREFIX']}-{database}"
        self.log = log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Gunicorn":
        command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind"]
        command += [f"127.0.0.1:{self.port}", "--log-level", "warning"]
        command += ["--timeout", "120"]  # booting is slow on a loaded machine
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [*command, "opencall.wsgi:application"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log}")
            try:
                if fetch(self.base + "/bench/bare/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer in 90 s; see {self.log}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fetch(url: str) -> tuple[int, dict[str, str]]:
    """GET ``url`` without cookies; return its status and headers."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def wrk(url: str, *, connections: int, threads: int, seconds: int, script=None):
    """Run wrk; return its summary and the vote script's log lines."""
    lua = Path(tempfile.mkstemp(suffix=".lua")[1])
    parts = [WRK_DIR / "report.lua"] + ([WRK_DIR / script[0]] if script else [])
    lua.write_text("\n".join(part.read_text() for part in parts))
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    command += ["--timeout", "30s", "-s", str(lua), url]
    command += ["--", *script[1]] if script else []
    try:
        out = subprocess.run(command, check=True, capture_output=True, text=True)
    finally:
        lua.unlink()
    lines = out.stdout.splitlines()
    result = next(json.loads(line[7:]) for line in lines if line.startswith("RESULT "))
    result["log"] = [line[4:] for line in lines if line.startswith("LOG ")]
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def throughput(server: Gunicorn, path: str, *, connections=CONNECTIONS) -> dict:
    """Warm the path, then measure it; refuse a run with errors."""
    url = server.base + path
    wrk(url, connections=connections, threads=2, seconds=2)
    result = wrk(url, connections=connections, threads=2, seconds=SECONDS)
    result.pop("log")
    failures = sum(result[key] for key in ("status_errors", "timeouts"))
    failures += sum(result[key] for key in ("connect_errors", "read_errors"))
    if failures:
        raise RuntimeError(f"{path}: {failures} failed requests under load")
    return result


def vote_run(server: Gunicorn, voters, entries, *, threads: int, seconds: int):
    """Vote with one connection per thread; return wrk's summary and log."""
    workdir = Path(tempfile.mkdtemp(prefix="opencall-bench-votes-"))
    voters_file, entries_file = workdir / "voters", workdir / "entries"
    voters_file.write_text(
        "".join(f"{n} {key} {token}\n" for n, (_, key, token) in enumerate(voters))
    )
    entries_file.write_text("".join(f"{public_id}\n" for public_id in entries))
    args = [str(voters_file), str(entries_file), str(threads)]
    try:
        result = wrk(
            f"{server.base}/",
            connections=threads,
            threads=threads,
            seconds=seconds,
            script=("vote.lua", args),
        )
    finally:
        shutil.rmtree(workdir)
    return result


def check_votes(voters, entries, log: list[str]) -> dict:
    """Compare what the voters were told with the Vote table and the counts."""
    from django.db.models import Count

    from submissions.models import Entry
    from voting.models import Vote

    pk_of = dict(
        Entry.objects.filter(public_id__in=entries).values_list("public_id", "pk")
    )
    statuses: dict[str, int] = {}
    told_ok = set()
    for line in log:
        voter, entry, status = line.split(":")
        statuses[status] = statuses.get(status, 0) + 1
        if status == "200":
            told_ok.add((voters[int(voter)][0], pk_of[entries[int(entry)]]))
    time.sleep(1)  # let a request wrk stopped waiting for finish on the server
    rows = set(
        Vote.objects.filter(voter_id__in=[v[0] for v in voters]).values_list(
            "voter_id", "entry_id"
        )
    )
    duplicates = (
        Vote.objects.values("entry_id", "voter_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "answered": len(log),
        "statuses": statuses,
        "ok": len(told_ok),
        "rows": len(rows),
        "lost": len(told_ok - rows),
        "unanswered_rows": len(rows - told_ok),
        "duplicates": duplicates,
        "count_mismatches": count_mismatches(),
    }


def count_mismatches() -> int:
    """Return how many entries' stored counts differ from their valid votes."""
    return sql(
        """
        SELECT count(*) FROM voting_entryvotecount c
        FULL JOIN (
            SELECT entry_id, count(*) AS n FROM voting_vote
            WHERE excluded_rule = '' GROUP BY entry_id
        ) v ON v.entry_id = c.entry_id
        WHERE coalesce(c.valid_votes, 0) <> coalesce(v.n, 0)
        """
    )[0][0]


def latency(servers: dict[str, "Gunicorn"], world: World) -> dict:
    """Take turns between the worlds: the uncached gallery, then votes, two at once.

    Returns each world's runs; each round's large/small ratio of median latency
    is paired in time, so a busy moment on the machine weighs on both.
    """
    runs: dict = {scale: {"gallery": [], "vote": []} for scale in servers}
    entries = {}
    for scale, server in servers.items():
        with using_database(server.database):
            entries[scale] = entry_public_ids(world)
        wrk(server.base + world.gallery, connections=2, threads=2, seconds=2)
    for round_ in range(ROUNDS):
        # Each round swaps who goes first, so neither world always runs warmer.
        order = list(servers.items())[:: -1 if round_ % 2 else 1]
        for scale, server in order:
            url = server.base + world.gallery
            run = wrk(url, connections=2, threads=2, seconds=BURST_SECONDS)
            run.pop("log")
            runs[scale]["gallery"].append(run)
        for scale, server in order:
            voters = world.voter_sets[f"{scale}-{round_}"]
            run = vote_run(
                server, voters, entries[scale], threads=2, seconds=BURST_SECONDS
            )
            run["voters"] = f"{scale}-{round_}"
            runs[scale]["vote"].append(run)
    for scale, server in servers.items():
        with using_database(server.database):
            for run in runs[scale]["vote"]:
                voters = world.voter_sets[run.pop("voters")]
                run["check"] = check_votes(voters, entries[scale], run.pop("log"))
            runs[scale]["queries"] = gallery_queries(world)
    return runs


def p50_ms(run: dict) -> float:
    return run["latency_us"]["p50"] / 1000


def growth(runs: dict, kind: str) -> dict:
    """Return the median latencies and their paired, per-round growth ratio."""
    import statistics

    small = [p50_ms(run) for run in runs["small"][kind]]
    large = [p50_ms(run) for run in runs["large"][kind]]
    paired = [b / a for a, b in zip(small, large, strict=True)]
    return {
        "small_p50_ms": statistics.median(small),
        "large_p50_ms": statistics.median(large),
        "ratio": statistics.median(paired),
        "ratios_by_round": paired,
    }


def using_database(name: str):
    """Point this process's connection at database ``name`` for a ``with`` block."""
    from contextlib import contextmanager

    from django.db import connections

    @contextmanager
    def switched():
        settings_dict = connections["default"].settings_dict
        previous = settings_dict["NAME"]
        connections.close_all()
        settings_dict["NAME"] = name
        try:
            yield
        finally:
            connections.close_all()
            settings_dict["NAME"] = previous

    return switched()


def gallery_queries(world: World) -> list[dict]:
    """Return the gallery's queries with their execution times, slowest first."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    # The page itself, not a copy from the page cache, as a second visitor has it
    # made: the gallery's count is kept until public pages go stale.
    from core.pagecache import _new_generation

    _new_generation()  # nothing kept from the other world's database
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=0):
        Client(HTTP_HOST="127.0.0.1").get(world.gallery)
        with CaptureQueriesContext(connection) as captured:
            status = Client(HTTP_HOST="127.0.0.1").get(world.gallery).status_code
    assert status == 200, status
    timed = []
    for query in captured.captured_queries:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        # As run: no parameters, so a LIKE pattern's "%" is not read as one.
        plan = sql("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"], None)[0][0]
        timed.append({"ms": plan[0]["Execution Time"], "sql": query["sql"][:300]})
    return sorted(timed, key=lambda q: -q["ms"])[:5]


def x_cache(server: Gunicorn, paths: list[str]) -> dict[str, str]:
    """Return each path's X-Cache on a second anonymous GET ("absent" if none)."""
    seen = {}
    for path in paths:
        fetch(server.base + path)
        seen[path] = fetch(server.base + path)[1].get("X-Cache", "absent")
    return seen


# --- the run ---------------------------------------------------------------


def measure(env: dict[str, str], world: World, workdir: Path) -> dict:
    log = workdir / "gunicorn.log"
    results: dict = {"seconds": SECONDS, "connections": CONNECTIONS}
    with Gunicorn(env, cache_seconds=0, log=log) as server:
        results["x_cache_uncached"] = x_cache(server, [world.gallery, world.entry])
        bare = [throughput(server, "/bench/bare/")]
        results["gallery_uncached"] = throughput(server, world.gallery)
        results["entry_uncached"] = throughput(server, world.entry)
        bare.append(throughput(server, "/bench/bare/"))
        results["bare_uncached_server"] = bare
        results["bare_50"] = throughput(server, "/bench/bare/", connections=VOTERS)
        voters, entries = world.voter_sets["throughput"], entry_public_ids(world)
        votes = vote_run(server, voters, entries, threads=VOTERS, seconds=SECONDS)
        votes["check"] = check_votes(voters, entries, votes.pop("log"))
        results["votes"] = votes
    with Gunicorn(env, cache_seconds=CACHE_SECONDS, log=log) as server:
        results["x_cache_cached"] = x_cache(server, [world.gallery, world.entry])
        bare = [throughput(server, "/bench/bare/")]
        results["gallery_cached"] = throughput(server, world.gallery)
        results["entry_cached"] = throughput(server, world.entry)
        bare.append(throughput(server, "/bench/bare/"))
        results["bare_cached_server"] = bare
    started = time.monotonic()
    from django.db import connections

    connections.close_all()
    postgres_tool("createdb", "-T", DATABASE, LARGE_DATABASE)
    with using_database(LARGE_DATABASE):
        add_entries(world, total=LARGE_ENTRIES)
        add_votes(world, total=LARGE_VOTES)
        analyse()
    results["grow_seconds"] = time.monotonic() - started
    with (
        Gunicorn(env, cache_seconds=0, log=log) as small,
        Gunicorn(env, cache_seconds=0, log=log, database=LARGE_DATABASE) as large,
    ):
        runs = latency({"small": small, "large": large}, world)
    results["latency"] = runs | {
        "gallery": growth(runs, "gallery"),
        "vote": growth(runs, "vote"),
    }
    return results


def ratios(results: dict) -> dict:
    def mean_rps(runs):
        return sum(run["rps"] for run in runs) / len(runs)

    bare_uncached = mean_rps(results["bare_uncached_server"])
    bare_cached = mean_rps(results["bare_cached_server"])
    return {
        "gallery_uncached": results["gallery_uncached"]["rps"] / bare_uncached,
        "entry_uncached": results["entry_uncached"]["rps"] / bare_uncached,
        "gallery_cached": results["gallery_cached"]["rps"] / bare_cached,
        "entry_cached": results["entry_cached"]["rps"] / bare_cached,
        "votes": results["votes"]["check"]["ok"]
        / (results["votes"]["duration_us"] / 1e6)
        / results["bare_50"]["rps"],
        "gallery_growth": results["latency"]["gallery"]["ratio"],
        "vote_growth": results["latency"]["vote"]["ratio"],
    }


def summary(results: dict) -> str:
    r = results["ratios"]
    cached = results["x_cache_cached"]
    lines = [
        f"bare view           {results['bare_uncached_server'][0]['rps']:.0f} req/s"
        f" ({CONNECTIONS} connections; {results['bare_50']['rps']:.0f} at {VOTERS})",
    ]
    for name, label in (
        ("gallery_uncached", "gallery uncached"),
        ("entry_uncached", "entry uncached"),
        ("gallery_cached", "gallery cached"),
        ("entry_cached", "entry cached"),
    ):
        target = TARGETS.get(name)
        goal = f"  (target ≥ {target:.0%})" if target else ""
        rps = results[name]["rps"]
        lines.append(f"{label:<19} {rps:.0f} req/s = {r[name]:.1%} of bare{goal}")
    votes = results["votes"]["check"]
    lines.append(
        f"votes ({VOTERS} voters)    {r['votes']:.1%} of bare (target ≥ 25%); "
        f"{votes['ok']} ok of {votes['answered']} answered {votes['statuses']}, "
        f"lost {votes['lost']}, duplicates {votes['duplicates']}, "
        f"counts off {votes['count_mismatches']}, "
        f"rows for unanswered requests {votes['unanswered_rows']}"
    )
    states = set(cached.values())
    if states == {"hit"}:
        lines.append("X-Cache             hit on both pages with the cache on")
    elif states == {"absent"}:
        lines.append(
            "X-Cache             absent: this build has no page cache, so the "
            "'cached' runs measured uncached pages"
        )
    else:
        lines.append(f"X-Cache             not a hit with the cache on: {cached}")
    for name in ("gallery", "vote"):
        grown = results["latency"][name]
        lines.append(
            f"{name + ' p50 latency':<19} {grown['small_p50_ms']:.1f} ms at "
            f"{SMALL_ENTRIES:,} entries → {grown['large_p50_ms']:.1f} ms at "
            f"{LARGE_ENTRIES:,} entries and {LARGE_VOTES:,} votes "
            f"(×{grown['ratio']:.2f} paired by round; target ≤ ×1.2)"
        )
    for scale in ("small", "large"):
        checks = [run["check"] for run in results["latency"][scale]["vote"]]
        lines.append(
            f"{scale + '-world votes':<19} {sum(c['ok'] for c in checks)} ok, lost "
            f"{sum(c['lost'] for c in checks)}, duplicates "
            f"{max(c['duplicates'] for c in checks)}, counts off "
            f"{max(c['count_mismatches'] for c in checks)}"
        )
    slowest = {
        scale: results["latency"][scale]["queries"][0] for scale in ("small", "large")
    }
    lines.append(
        f"slowest gallery query {slowest['small']['ms']:.1f} ms → "
        f"{slowest['large']['ms']:.1f} ms: {slowest['large']['sql'][:60]}…"
    )
    return "\n".join(lines)


def main() -> int:
    if shutil.which("wrk") is None:
        print(wrk_missing_message(), file=sys.stderr)
        return 2
    if problem := missing_service():
        print(problem, file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="opencall-bench-public-"))
    env = bench_env(workdir)
    os.environ.update(env)
    postgres_tool("createdb", DATABASE)
    import django

    try:
        django.setup()
        from django.core.cache import cache

        cache.clear()  # the benchmark's own Redis database
        started = time.monotonic()
        load_at_start = os.getloadavg()
        world = build_world()
        setup_seconds = time.monotonic() - started
        results = measure(env, world, workdir)
        results["setup_seconds"] = setup_seconds
        results["machine"] = {
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": os.getloadavg(),
        }
        results["ratios"] = ratios(results)
        results["targets"] = TARGETS
    finally:
        from django.core.cache import cache
        from django.db import connections

        connections.close_all()
        cache.clear()
        for name in (DATABASE, LARGE_DATABASE):
            postgres_tool("dropdb", "--force", "--if-exists", name)
        shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(summary(results))
    print(f"written to {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
