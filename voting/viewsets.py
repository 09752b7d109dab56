from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from .admin_views import CompetitionVotingView, IntegrityCheckView, ReinstateView


class VotingViewSet(ViewSet):
    """The editors' voting screens; reached from each competition's header."""

    name = "voting"
    icon = "tick"

    def get_urlpatterns(self):
        return [
            path(
                "competitions/<id:competition_id>/",
                CompetitionVotingView.as_view(),
                name="competition",
            ),
            path(
                "competitions/<id:competition_id>/check/",
                IntegrityCheckView.as_view(),
                name="check",
            ),
            path(
                "votes/<id:vote_id>/reinstate/",
                ReinstateView.as_view(),
                name="reinstate",
            ),
        ]
