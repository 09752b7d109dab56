"""The demo world that ``seed_demo`` builds: the same on every machine.

Each app builds its own part in its ``demo.py``; this module calls them in
dependency order (people and partners, then competitions, then entries) and
builds the site shell itself. Every run brings the world back to this
description: competitions are dated relative to the moment it runs, so each
stays in its phase, and the rows dated inside their timelines move with them.
A new part (moderators' reports, judging rounds, votes) is one more module in
its app and one more call here, after the parts it builds on.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from communities import demo as communities_demo
from competitions import demo as competitions_demo
from judging import demo as judging_demo
from judging import results_demo
from members import demo as members_demo
from members.demo import DEMO_PASSWORD
from moderation import demo as moderation_demo
from partners import demo as partners_demo
from partners import demo_impact as partners_demo_impact
from submissions import demo as submissions_demo
from voting import demo as voting_demo

from .demo_information import ensure_information_pages
from .models import HomePage, SiteSettings

__all__ = ["DEMO_PASSWORD", "build_demo_world"]


@transaction.atomic
def build_demo_world(*, now: datetime | None = None) -> dict:
    """Create or refresh every part of the demo world; return what it holds."""
    now = (now or timezone.now()).replace(minute=0, second=0, microsecond=0)
    home = ensure_home_page()
    ensure_site_settings()
    ensure_information_pages(home=home)
    users = members_demo.ensure_accounts()
    partners = communities_demo.ensure_partners()
    index = competitions_demo.ensure_competition_index(parent=home)
    competitions = competitions_demo.ensure_competitions(
        index=index, partners=partners, now=now
    )
    submissions_demo.ensure_entries(
        competitions=competitions, decided_by=users["editor@example.org"], now=now
    )
    moderation_demo.ensure_moderation(
        users=users,
        partners=partners,
        competitions=competitions,
        decided_by=users["editor@example.org"],
    )
    judging_demo.ensure_editors_judging_rights()
    judging_demo.ensure_judging(competitions=competitions, users=users)
    results_demo.ensure_results(competitions=competitions, users=users)
    voting_demo.ensure_votes(competitions=competitions, users=users, now=now)
    partners_demo_impact.ensure_referral_credit(partners=partners)
    partners_demo.ensure_threads(
        partners=partners,
        competitions=competitions,
        added_by=users["editor@example.org"],
    )
    return {
        "competitions": [(c.page.phase_at(now), c.page.url) for c in competitions],
        "accounts": [(a.email, a.role) for a in members_demo.ACCOUNTS],
    }


def ensure_home_page() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome."""
    home = HomePage.objects.first()
    if home is None:
        home = _replace_welcome_page()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="OpenCall",
            root_page=home,
            is_default_site=True,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _replace_welcome_page() -> HomePage:
    root = Page.get_first_root_node()
    # Wagtail's welcome page goes (and the site pointing at it, made again by
    # the caller); deleting it queues no index work for a page that is gone.
    root.get_children().filter(slug="home").exclude(
        content_type__model="homepage"
    ).delete()
    home = HomePage(
        title="Open calls from the communities you love",
        slug="home",
        intro="<p>Stories, pictures, films and ideas from members of big "
        "online communities, moderated by their own moderators.</p>",
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def ensure_site_settings() -> None:
    """Name the demo organiser in the site settings."""
    site_settings = SiteSettings.load()
    site_settings.organiser_name = "The Department for Community Voices (demo)"
    site_settings.contact_email = "opencall@example.org"
    site_settings.save()
