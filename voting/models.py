"""Public votes: each competition's rules, the votes, and a stored count per entry.

A vote is one row per (entry, voter), enforced by the database. Votes that an
integrity rule sets aside keep their row with the rule's code in
``excluded_rule``: they are never deleted, so an editor can see them and put them
back. ``EntryVoteCount`` holds the number of valid votes so pages never count
rows; it moves with ``F()`` in the same transaction as the vote, and
``manage.py votes_reconcile`` rebuilds it from the votes. A member who closes
their account leaves their votes behind, unlinked (voting.data_rights): the
counts and the exclusions stay as they were.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from competitions.models import CompetitionPage
from submissions.models import Entry

# The rule code of a vote sent from a browser that runs no scripts, so without
# the human check's token: it is kept, set aside, until an editor reinstates it.
NO_HUMAN_CHECK = "no_human_check"


class ShowCounts(models.TextChoices):
    DURING = "during", _("During voting and after")
    AFTER = "after", _("Only after voting closes")
    NEVER = "never", _("Never")


class VotingRules(models.Model):
    """How a competition's public vote works; a competition without rules uses the
    defaults below."""

    competition = models.OneToOneField(
        CompetitionPage, on_delete=models.CASCADE, related_name="voting_rules"
    )
    votes_per_member = models.PositiveSmallIntegerField(
        _("votes per member"),
        default=3,
        help_text=_("How many entries each member may vote for (one vote each)."),
    )
    min_account_age_days = models.PositiveSmallIntegerField(
        _("minimum account age in days"),
        default=0,
        help_text=_("Members must have had their account this long to vote."),
    )
    show_counts = models.CharField(
        _("show vote counts"),
        max_length=10,
        choices=ShowCounts.choices,
        default=ShowCounts.AFTER,
    )

    class Meta:
        verbose_name = _("voting rules")
        verbose_name_plural = _("voting rules")

    def __str__(self) -> str:
        return str(_("Voting rules for %(title)s") % {"title": self.competition.title})


class Vote(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    # Empty once the voter closed their account: the vote still counts (or stays
    # excluded, with its rule), linked to nobody. ``former_voter`` is a random
    # token shared by one former member's votes, so voters are still counted once.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="votes",
    )
    former_voter = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(db_index=True)
    # A keyed hash of the voter's IP address: equal addresses match, and the
    # address itself is never stored.
    ip_hash = models.CharField(max_length=64, blank=True)
    excluded_rule = models.CharField(max_length=32, blank=True, db_index=True)
    excluded_at = models.DateTimeField(null=True, blank=True)
    reinstated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reinstated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "voter"], name="voting_one_vote_per_entry"
            )
        ]
        indexes = [models.Index(fields=["ip_hash", "created_at"])]

    def __str__(self) -> str:
        return f"Vote {self.pk} for entry {self.entry_id}"

    @property
    def is_valid(self) -> bool:
        return not self.excluded_rule


class EntryVoteCount(models.Model):
    entry = models.OneToOneField(
        Entry, on_delete=models.CASCADE, primary_key=True, related_name="vote_count"
    )
    valid_votes = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.valid_votes} votes for entry {self.entry_id}"
