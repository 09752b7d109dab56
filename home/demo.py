"""The demo world that ``seed_demo`` builds: the same on every machine.

Every run brings the world back to this description; competition dates are set
relative to the moment it runs, so each competition stays in its phase.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from communities.models import PartnerCommunity
from competitions.enums import EntryKind, Licence, ModerationMode, PrizeKind
from competitions.models import (
    CompetitionCategory,
    CompetitionIndexPage,
    CompetitionPage,
    CompetitionPartnership,
    Prize,
)
from members.models import User
from members.services import member_email_mark_verified

from .demo_entries import ensure_demo_entries
from .demo_images import demo_picture
from .models import HomePage, SiteSettings

DEMO_PASSWORD = "opencall-demo"  # noqa: S105 (development only; seed refused in prod)
MODERATORS_GROUP = "Community moderators"
JUDGES_GROUP = "Judges"

PARTNERS = [
    {
        "slug": "studyhub",
        "name": "StudyHub",
        "website": "https://studyhub.example.org",
        "description": "<p>A forum where students swap notes, worries and wins.</p>",
        "partnership_offer": "<p>A badge for every entrant, a reciprocal link, "
        "and credit for StudyHub's volunteer moderators on every result.</p>",
        "embed_origins": "https://studyhub.example.org",
    },
    {
        "slug": "parents-together",
        "name": "Parents Together",
        "website": "https://parents-together.example.org",
        "description": "<p>A friendly forum for parents and carers.</p>",
        "partnership_offer": "<p>Showcase space for members' work and a "
        "partner report after each call.</p>",
        "embed_origins": "https://parents-together.example.org",
    },
    {
        "slug": "patient-voices",
        "name": "Patient Voices",
        "website": "https://patient-voices.example.org",
        "description": "<p>A community of patients and carers sharing experience.</p>",
        "partnership_offer": "<p>Prizes for members and a reciprocal link.</p>",
        "embed_origins": "",
    },
]

DAY = timedelta(days=1)

# Timeline offsets from now, in days; None leaves a date unset.
COMPETITIONS = [
    {
        "slug": "apprenticeship-films",
        "title": "Apprenticeships on film",
        "summary": "Show us an apprenticeship in under three minutes.",
        "kinds": [EntryKind.FILM],
        "partners": ["studyhub"],
        "categories": [("Apprentices", "Made by apprentices."), ("Open", "")],
        "prizes": [("Best short film", "£500", PrizeKind.JUDGES, "")],
        "days": (10, 40, 45, 55, 60, 65),
    },
    {
        "slug": "first-year-stories",
        "title": "Your first year, in 500 words",
        "summary": "The first year at college, university or work: tell it "
        "the way it really was.",
        "kinds": [EntryKind.STORY],
        "word_limit": 500,
        "partners": ["studyhub", "parents-together"],
        "categories": [("Under 18", "Entrants aged 13 to 17."), ("18 and over", "")],
        "prizes": [
            ("Best story, under 18", "£250", PrizeKind.JUDGES, "Under 18"),
            ("Best story, 18 and over", "£250", PrizeKind.JUDGES, "18 and over"),
            ("People's choice", "£100", PrizeKind.PEOPLES_CHOICE, ""),
        ],
        "days": (-10, 20, 22, 30, 35, 40),
    },
    {
        "slug": "picture-your-high-street",
        "title": "Picture your high street",
        "summary": "Photographs of the high street you know: busy, quiet, changing.",
        "kinds": [EntryKind.IMAGE],
        "partners": ["parents-together", "patient-voices"],
        "categories": [],
        "entry_limit": 3,
        "prizes": [
            ("Judges' pick", "£300", PrizeKind.JUDGES, ""),
            ("People's choice", "£150", PrizeKind.PEOPLES_CHOICE, ""),
        ],
        "days": (-40, -10, -5, 9, 12, 16),
    },
    {
        "slug": "greener-commutes",
        "title": "Ideas for greener commutes",
        "summary": "How could getting to work or school be cleaner, cheaper "
        "and kinder?",
        "kinds": [EntryKind.IDEA],
        "partners": ["studyhub", "patient-voices"],
        "categories": [],
        "prizes": [("Best idea", "£1,000 to pilot it", PrizeKind.JUDGES, "")],
        "days": (-50, -15, None, None, 10, 14),
    },
    {
        "slug": "kindness-of-strangers",
        "title": "The kindness of strangers",
        "summary": "Stories and pictures of a stranger's kindness.",
        "kinds": [EntryKind.STORY, EntryKind.IMAGE],
        "word_limit": 800,
        "partners": ["parents-together", "patient-voices"],
        "categories": [("Stories", ""), ("Images", "")],
        "prizes": [
            ("Best story", "£200", PrizeKind.JUDGES, "Stories"),
            ("Best image", "£200", PrizeKind.JUDGES, "Images"),
            ("People's choice", "£100", PrizeKind.PEOPLES_CHOICE, ""),
        ],
        "days": (-90, -60, -55, -40, -35, -30),
    },
]

ACCOUNTS = [
    ("editor@example.org", None, "editor (Wagtail admin, superuser)"),
    ("mod.studyhub@example.org", "studyhub_moderator", "community moderator"),
    ("mod.parents@example.org", "parents_moderator", "community moderator"),
    ("judge.one@example.org", "judge_one", "judge (chair)"),
    ("judge.two@example.org", "judge_two", "judge"),
    ("ana@example.org", "ana_writes", "member"),
    ("ben@example.org", "benshoots", "member"),
    ("cai@example.org", "cai-ideas", "member"),
]

RULES = (
    "<ul><li>One entry per member unless the call says otherwise.</li>"
    "<li>The work must be your own.</li>"
    "<li>Be kind: entries that target other people are removed.</li></ul>"
)
ELIGIBILITY = (
    "<p>Open to anyone aged 13 or over living in the UK. Entrants aged 13 to 17 "
    "need a parent or guardian's agreement.</p>"
)


@transaction.atomic
def build_demo_world() -> dict:
    """Create or refresh every part of the demo world; return what it holds."""
    images = DemoImages()
    home = ensure_home_page()
    ensure_site_settings()
    index = ensure_competition_index(home)
    partners = {spec["slug"]: ensure_partner(spec, images) for spec in PARTNERS}
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    competitions = [
        ensure_competition(index, spec, partners, images, now) for spec in COMPETITIONS
    ]
    ensure_accounts()
    ensure_demo_entries()
    return {
        "competitions": [(c.phase_at(timezone.now()), c.url) for c in competitions],
        "accounts": [(email, role) for email, _handle, role in ACCOUNTS],
    }


class DemoImages:
    """Find or make the demo's pictures in a "Demo" collection."""

    def __init__(self):
        root = Collection.get_first_root_node()
        self.collection = Collection.objects.filter(name="Demo").first()
        if self.collection is None:
            self.collection = root.add_child(name="Demo")

    def get(self, key: str, *, size: tuple[int, int] = (1600, 900)):
        Image = get_image_model()
        title = f"Demo: {key}"
        image = Image.objects.filter(collection=self.collection, title=title).first()
        if image is None:
            picture = ImageFile(_bytes_file(demo_picture(key, size=size)), name="d.png")
            image = Image(title=title, collection=self.collection, file=picture)
            image.save()
        return image


def _bytes_file(data: bytes):
    from io import BytesIO

    return BytesIO(data)


def ensure_home_page() -> HomePage:
    """Make a HomePage the root of the default site, replacing Wagtail's welcome."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        # Wagtail's welcome page goes (and the site pointing at it, made again
        # below); deleting it queues no index work for a page that is gone.
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


def ensure_site_settings() -> None:
    site_settings = SiteSettings.load()
    site_settings.organiser_name = "The Department for Community Voices (demo)"
    site_settings.contact_email = "opencall@example.org"
    site_settings.save()


def ensure_competition_index(home: HomePage) -> CompetitionIndexPage:
    index = CompetitionIndexPage.objects.first()
    if index is None:
        index = CompetitionIndexPage(
            title="Competitions",
            slug="competitions",
            intro="<p>Every open call, by phase.</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def ensure_partner(spec: dict, images: DemoImages) -> PartnerCommunity:
    partner, _created = PartnerCommunity.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            **{key: value for key, value in spec.items() if key != "slug"},
            "logo": images.get(f"logo-{spec['slug']}", size=(480, 240)),
        },
    )
    return partner


def ensure_competition(index, spec, partners, images, now) -> CompetitionPage:
    page = CompetitionPage.objects.filter(slug=spec["slug"]).first()
    created = page is None
    if created:
        page = CompetitionPage(slug=spec["slug"])
    dates = [
        now + offset * DAY if offset is not None else None for offset in spec["days"]
    ]
    (
        page.entries_open_at,
        page.entries_close_at,
        page.voting_opens_at,
        page.voting_closes_at,
        page.judging_closes_at,
        page.results_published_at,
    ) = dates
    page.title = spec["title"]
    page.summary = spec["summary"]
    page.entry_kinds = [str(kind) for kind in spec["kinds"]]
    page.story_word_limit = spec.get("word_limit")
    page.entry_limit_per_member = spec.get("entry_limit", 1)
    page.licence_options = [Licence.CC_BY.value, Licence.SHOWCASE_ONLY.value]
    page.moderation_mode = ModerationMode.BEFORE_PUBLICATION
    page.rules = RULES
    page.eligibility = ELIGIBILITY
    page.hero_image = images.get(spec["slug"])
    page.body = [
        ("paragraph", f"<p>{spec['summary']} We want to hear from you.</p>"),
        (
            "quote",
            {"quote": "Communities know things no survey can.", "attribution": ""},
        ),
    ]
    if created:
        # Child rows are set once: entries point at categories, and replacing
        # them on a later run would delete rows in use.
        set_competition_children(page, spec, partners)
        index.add_child(instance=page)
    page.save_revision().publish()
    return page


def set_competition_children(page, spec, partners) -> None:
    page.categories = [
        CompetitionCategory(name=name, description=description)
        for name, description in spec["categories"]
    ]
    page.prizes = [
        Prize(title=title, value=value, kind=kind, category_name=category)
        for title, value, kind, category in spec["prizes"]
    ]
    page.partnerships = [
        CompetitionPartnership(partner=partners[slug]) for slug in spec["partners"]
    ]


def ensure_accounts() -> None:
    moderators = ensure_admin_group(MODERATORS_GROUP)
    judges = ensure_admin_group(JUDGES_GROUP)
    for email, handle, role in ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
        user.handle = handle
        user.is_superuser = user.is_staff = role.startswith("editor")
        user.set_password(DEMO_PASSWORD)
        user.save()
        member_email_mark_verified(user=user)
        if role.startswith("community moderator"):
            user.groups.add(moderators)
        elif role.startswith("judge"):
            user.groups.add(judges)
        elif role.startswith("editor"):
            user.groups.add(ensure_editors_group())


def ensure_editors_group() -> Group:
    """Return Wagtail's Editors group, allowed to see and decide on entries."""
    group = ensure_admin_group("Editors")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="submissions",
            codename__in=["view_entry", "moderate_entry"],
        )
    )
    return group


def ensure_admin_group(name: str) -> Group:
    """Return a group whose members may sign in to the Wagtail admin."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return group
