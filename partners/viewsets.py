"""The partners' toolkit in the Wagtail admin: discussion threads and the toolkit.

Threads are scoped in ``permissions``: every listing, form choice and object
look-up (edit, delete, history, usage) starts from ``threads_for(user)``, so a
partner's moderator gets a 404 for another partner's thread, whatever its id.
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.models import DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .forms import DiscussionThreadForm
from .models import DiscussionThread
from .permissions import may_keep_threads, threads_for

THREAD_ACTIONS = {"add", "change", "delete", "view"}


class ThreadPermissionPolicy(ModelPermissionPolicy):
    """Editors and partners' moderators keep threads; the instance rule scopes them."""

    def user_has_permission(self, user, action) -> bool:
        return action in THREAD_ACTIONS and may_keep_threads(user)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return (
            self.user_has_permission(user, action)
            and threads_for(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not THREAD_ACTIONS.intersection(actions):
            return DiscussionThread.objects.none()
        return threads_for(user)


class ScopedObjectMixin:
    """Look the thread up among the viewer's own: anything else is a 404."""

    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        return get_object_or_404(threads_for(self.request.user), pk=pk)


class ScopedBaseObjectMixin:
    def get_base_object_queryset(self):
        return threads_for(self.request.user)


class ThreadIndexView(IndexView):
    def get_base_queryset(self):
        return threads_for(self.request.user).select_related("partner", "competition")


class ThreadEditView(ScopedObjectMixin, EditView):
    pass


class ThreadDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ThreadHistoryView(ScopedBaseObjectMixin, history.HistoryView):
    pass


class ThreadUsageView(ScopedBaseObjectMixin, usage.UsageView):
    pass


class DiscussionThreadViewSet(ModelViewSet):
    """Threads on partners' forums that a competition's page links to."""

    model = DiscussionThread
    name = "discussion_threads"
    icon = "link"
    menu_label = _("Discussion threads")
    menu_order = 212
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    form_fields = ["partner", "competition", "title", "url", "visible"]
    list_display = [
        "title",
        Column("partner", label=_("Partner community")),
        Column("competition", label=_("Competition"), accessor="competition.title"),
        "visible",
        "added_at",
    ]
    list_filter = ["visible"]
    index_view_class = ThreadIndexView
    edit_view_class = ThreadEditView
    delete_view_class = ThreadDeleteView
    history_view_class = ThreadHistoryView
    usage_view_class = ThreadUsageView

    def get_form_class(self, for_update=False):
        return DiscussionThreadForm
