"""The partner's toolkit in the admin: snippets to copy, for editors."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from communities.models import PartnerCommunity

from .permissions import is_toolkit_editor
from .snippets import partner_snippets


def toolkit_url(partner: PartnerCommunity) -> str:
    return reverse("partners_toolkit", args=[partner.pk])


class PartnerToolkitView(WagtailAdminTemplateMixin, View):
    """Show a partner's widget and badge snippets for each of its competitions."""

    template_name = "partners/admin/toolkit.html"
    header_icon = "link"
    page_title = _("Toolkit")

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_toolkit_editor(request.user):
            raise PermissionDenied
        self.partner = get_object_or_404(PartnerCommunity, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self) -> str:
        return self.partner.name

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        context = self.get_context_data(
            partner=self.partner, snippets=partner_snippets(request, self.partner)
        )
        return TemplateResponse(request, self.template_name, context)
