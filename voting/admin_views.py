"""The editors' voting screen for a competition, in the admin.

One page per competition: its voting rules (a small form), the integrity report,
a button that runs the integrity rules now, and the excluded votes grouped by
rule, each with "Reinstate". Editors only; other staff are refused the way the
admin refuses them and members never reach the admin.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from competitions.models import CompetitionPage
from submissions.permissions import is_entry_editor

from .integrity import Rule, integrity_check, integrity_report, vote_reinstate
from .models import Vote, VotingRules
from .rules import rules_to_edit


class VotingRulesForm(forms.ModelForm):
    class Meta:
        model = VotingRules
        fields = ["votes_per_member", "min_account_age_days", "show_counts"]


def voting_url(competition_id: int) -> str:
    return reverse("voting:competition", kwargs={"competition_id": competition_id})


class EditorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_entry_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CompetitionVotingView(EditorsOnlyMixin, WagtailAdminTemplateMixin, View):
    template_name = "voting/admin/competition.html"
    header_icon = "tick"

    @cached_property
    def competition(self) -> CompetitionPage:
        return get_object_or_404(
            CompetitionPage.objects.all(), pk=self.kwargs["competition_id"]
        )

    def get_page_title(self) -> str:
        return _("Voting: %(title)s") % {"title": self.competition.title}

    def get(self, request: HttpRequest, competition_id: int) -> HttpResponse:
        return self.render(VotingRulesForm(instance=rules_to_edit(self.competition)))

    def post(self, request: HttpRequest, competition_id: int) -> HttpResponse:
        form = VotingRulesForm(request.POST, instance=rules_to_edit(self.competition))
        if not form.is_valid():
            return self.render(form, status=400)
        form.save()
        messages.success(request, _("The voting rules are saved."))
        return redirect(voting_url(self.competition.pk))

    def render(self, form: VotingRulesForm, status: int = 200) -> HttpResponse:
        excluded = (
            Vote.objects.filter(entry__competition=self.competition)
            .exclude(excluded_rule="")
            .select_related("entry", "voter")
            .order_by("excluded_rule", "-created_at")
        )
        labels = dict(Rule.choices)
        groups: dict[str, list[Vote]] = {}
        for vote in excluded:
            groups.setdefault(vote.excluded_rule, []).append(vote)
        context = self.get_context_data(
            competition=self.competition,
            form=form,
            report=integrity_report(self.competition),
            groups=[(labels.get(code, code), votes) for code, votes in groups.items()],
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )


class IntegrityCheckView(EditorsOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, competition_id: int) -> HttpResponse:
        competition = get_object_or_404(
            CompetitionPage.objects.all(), pk=competition_id
        )
        excluded = integrity_check(competition=competition, now=timezone.now())
        messages.success(
            request,
            _("Votes checked: %(number)d set aside.")
            % {"number": sum(excluded.values())},
        )
        return redirect(voting_url(competition.pk))


class ReinstateView(EditorsOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, vote_id: int) -> HttpResponse:
        vote = get_object_or_404(Vote.objects.select_related("entry"), pk=vote_id)
        try:
            vote_reinstate(vote=vote, actor=request.user, now=timezone.now())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The vote is counted again."))
        return redirect(voting_url(vote.entry.competition_id))
