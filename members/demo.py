"""The demo world's people: one account per role, each able to sign in at once.

Every account has the demo password and a verified email address. Staff
(the editor, the moderators, the judges) may use the Wagtail admin.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission

from .models import User
from .services import member_email_mark_verified

DEMO_PASSWORD = "opencall-demo"  # noqa: S105 (development only; seed refused in prod)
EDITORS_GROUP = "Editors"  # Wagtail's own, made by its migrations
MODERATORS_GROUP = "Community moderators"
JUDGES_GROUP = "Judges"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    handle: str | None
    role: str
    group: str | None = None
    superuser: bool = False


ACCOUNTS = [
    DemoAccount(
        "editor@example.org",
        None,
        "editor (Wagtail admin, superuser)",
        EDITORS_GROUP,
        superuser=True,
    ),
    DemoAccount(
        "mod.studyhub@example.org",
        "studyhub_moderator",
        "community moderator",
        MODERATORS_GROUP,
    ),
    DemoAccount(
        "mod.parents@example.org",
        "parents_moderator",
        "community moderator",
        MODERATORS_GROUP,
    ),
    DemoAccount("judge.one@example.org", "judge_one", "judge (chair)", JUDGES_GROUP),
    DemoAccount("judge.two@example.org", "judge_two", "judge", JUDGES_GROUP),
    DemoAccount("ana@example.org", "ana_writes", "member"),
    DemoAccount("ben@example.org", "benshoots", "member"),
    DemoAccount("cai@example.org", "cai-ideas", "member"),
    DemoAccount("dee@example.org", "dee_draws", "member aged 13 to 17"),
]


def ensure_accounts() -> dict[str, User]:
    """Create or reset every demo account; return them by email address."""
    users = {}
    for account in ACCOUNTS:
        user = _ensure_user(account)
        if account.group:
            user.groups.add(ensure_admin_group(account.group))
            # The staff second factor, when it comes, is set up here: every
            # account with a group may use the admin and so needs one.
        users[account.email] = user
    return users


def ensure_admin_group(name: str) -> Group:
    """Return a group whose members may sign in to the Wagtail admin."""
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return group


def _ensure_user(account: DemoAccount) -> User:
    user = User.objects.filter(email=account.email).first() or User(email=account.email)
    user.handle = account.handle
    user.is_superuser = user.is_staff = account.superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    member_email_mark_verified(user=user)
    return user
