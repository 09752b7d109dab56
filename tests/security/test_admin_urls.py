"""Every admin address Wagtail makes for private models, tried as every role.

Registering a model as a snippet also registers its chooser, which checked only
that the user may use *some* chooser: ``/admin/snippets/choose/submissions/entry/``
listed every entry's title (drafts, rejected, withdrawn) to moderators and judges.
This walks the URL resolver for every admin route of the entry and user viewsets
(list, inspect, history, usage, chooser, bulk actions, editing sessions …), fills
in real ids, and asks each as each role.
"""

from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import ModelLogEntry

from members.models import User
from submissions.models import Entry
from tests.factories import CompetitionPageFactory, EntryFactory, UserFactory
from tests.support.staff import sign_in
from tests.support.urls import named_patterns

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Letters to my sister in Leeds"
SECRET_HANDLE = "quiet_kestrel"
SECRET_EMAIL = "kestrel.private@example.org"
SECRETS = [SECRET_TITLE, SECRET_HANDLE, SECRET_EMAIL]
REFUSED = {302, 403, 404, 405}
# The route names Wagtail uses for these models' views, by app label and model.
PRIVATE_MODELS = [Entry, User]
GENERIC_ROUTES = {"wagtail_bulk_action", "wagtailadmin_editing_sessions:ping"}


def private_namespaces() -> set[str]:
    """Return the URL namespaces of every admin viewset for a private model."""
    viewset = Entry.snippet_viewset
    return {
        viewset.url_namespace,
        viewset.get_chooser_admin_url_namespace(),
        "wagtailusers_users",
    }


def route_kwargs(pattern: URLPattern, model, pk: int, action: str = "") -> dict:
    """Fill a route's arguments with the model's names and a real primary key."""
    values = {
        "pk": str(pk),
        "object_id": str(pk),
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "action": action,
        "session_id": "1",
    }
    return {name: values[name] for name in pattern.pattern.converters}


def private_admin_urls(objects: dict) -> list[str]:
    """Every admin URL of a private model's viewsets and generic model routes."""
    namespaces = private_namespaces()
    urls = []
    for name, pattern in named_patterns():
        model_routes = name.rpartition(":")[0] in namespaces
        for model in PRIVATE_MODELS if name in GENERIC_ROUTES else []:
            urls += generic_urls(name, pattern, model, objects[model].pk)
        if model_routes:
            model = Entry if "entry" in name else User
            kwargs = route_kwargs(pattern, model, objects[model].pk)
            urls.append(reverse(name, kwargs=kwargs))
    return [url for url in urls if url.startswith("/admin/")]


def generic_urls(name: str, pattern, model, pk: int) -> list[str]:
    """Bulk actions (by id and "select all") and editing-session pings for a model."""
    if name != "wagtail_bulk_action":
        return [reverse(name, kwargs=route_kwargs(pattern, model, pk))]
    actions = bulk_action_registry.get_bulk_actions_for_model(
        model._meta.app_label, model._meta.model_name
    )
    urls = []
    for action in actions:
        base = reverse(
            name, kwargs=route_kwargs(pattern, model, pk, action.action_type)
        )
        urls += [f"{base}?{urlencode({'id': pk})}", f"{base}?id=all"]
    return urls


@pytest.fixture
def private_objects(competition_index):
    """A draft entry by a member whose handle and email are private."""
    author = UserFactory(handle=SECRET_HANDLE, email=SECRET_EMAIL)
    competition = CompetitionPageFactory(parent=competition_index)
    entry = EntryFactory(competition=competition, author=author, title=SECRET_TITLE)
    ModelLogEntry.objects.log_action(entry, "wagtail.create")
    ModelLogEntry.objects.log_action(author, "wagtail.create")
    return {Entry: entry, User: author}


def admin_group_user() -> User:
    """Staff who may open the admin and nothing more, as a moderator or judge."""
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(is_staff=True, handle=None, email="staff.only@example.org")
    user.groups.add(group)
    return user


ROLES = {
    "anonymous": lambda: None,
    "member": lambda: UserFactory(email="member@example.org"),
    "staff": lambda: UserFactory(is_staff=True, handle=None, email="s@example.org"),
    "admin-access": admin_group_user,
}


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_the_walk_finds_the_routes_it_should(private_objects):
    """The resolver walk covers listing, inspect, history, bulk actions and more."""
    urls = private_admin_urls(private_objects)
    entry = private_objects[Entry]

    assert f"/admin/snippets/submissions/entry/inspect/{entry.pk}/" in urls
    assert f"/admin/snippets/submissions/entry/history/{entry.pk}/" in urls
    assert f"/admin/bulk/submissions/entry/delete/?id={entry.pk}" in urls
    assert f"/admin/users/edit/{private_objects[User].pk}/" in urls
    assert len(urls) > 25


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_admin_url_of_a_private_model_opens_for_anyone_but_an_editor(
    client, private_objects, role, method
):
    """Anonymous, members and staff without permissions are refused and told nothing."""
    if user := ROLES[role]():
        sign_in(client, user)
    answered = {}
    for url in private_admin_urls(private_objects):
        response = getattr(client, method)(url)
        leaked = [secret for secret in SECRETS if secret in body(response)]
        answered[url] = (response.status_code, leaked)

    opened = {url: got for url, got in answered.items() if got[0] not in REFUSED}
    leaks = {url: got for url, got in answered.items() if got[1]}
    assert opened == {}
    assert leaks == {}
    assert Entry.objects.filter(pk=private_objects[Entry].pk).exists()
    assert User.objects.filter(pk=private_objects[User].pk).exists()


def test_an_editor_can_open_every_admin_url_without_an_error(client, private_objects):
    """The walk is not refusing everything: an editor gets pages, never a 500."""
    sign_in(client, UserFactory(editor=True))
    statuses = {
        url: client.get(url).status_code for url in private_admin_urls(private_objects)
    }

    assert {url: code for url, code in statuses.items() if code >= 500} == {}
    entry = private_objects[Entry]
    assert statuses[f"/admin/snippets/submissions/entry/inspect/{entry.pk}/"] == 200


@pytest.mark.parametrize(
    "path", ["", "results/", "chosen/{pk}/", "chosen-multiple/?id={pk}", "create/"]
)
@pytest.mark.parametrize("role", ["admin-access", "editor"])
def test_the_entry_chooser_does_not_exist(client, private_objects, path, role):
    """No chooser lists entries: nothing in the admin needs to pick one."""
    user = ROLES[role]() if role != "editor" else UserFactory(editor=True)
    sign_in(client, user)
    url = "/admin/snippets/choose/submissions/entry/" + path.format(
        pk=private_objects[Entry].pk
    )

    response = client.get(url)

    assert response.status_code == 404
    assert SECRET_TITLE not in body(response)
