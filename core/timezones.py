import zoneinfo
from datetime import UTC, datetime
from functools import cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    """Return every IANA time zone as (name, label), sorted by name."""
    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [(name, name.replace("_", " ")) for name in names]


class TimeZoneSelect(forms.Select):
    """Every time zone to choose from, for a model's CharField.

    The CharField gives its widget a text box's ``maxlength``, which a select
    may not carry; it is left out.
    """

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, choices=time_zone_choices())

    def build_attrs(self, base_attrs, extra_attrs=None) -> dict:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)
        return attrs


def validate_time_zone(value: str) -> None:
    """Refuse names that are not IANA time zones."""
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone; choose one such as Europe/London."),
            code="invalid_time_zone",
            params={"value": value},
        )


def default_time_zone() -> str:
    """Return the site's time zone name, the default for new competitions."""
    return settings.TIME_ZONE


def get_zone(name: str | None) -> zoneinfo.ZoneInfo:
    """Return the named zone, or the site's default zone for an unknown name."""
    try:
        return zoneinfo.ZoneInfo(name or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def wall_clock_to_aware(wall: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """Read a naive wall-clock time in ``zone``; refuse times the clocks skip.

    An ambiguous time (the hour repeated when clocks go back) means its first
    occurrence.
    """
    aware = wall.replace(tzinfo=zone, fold=0)
    try:
        round_trip = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    except OverflowError:
        raise ValidationError(
            _("Choose a date between the years 1900 and 9998."), code="date_range"
        ) from None
    if round_trip != wall:
        raise ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward then. "
                "Choose a time outside the skipped hour."
            ),
            code="nonexistent_time",
            params={"time": wall.strftime("%Y-%m-%d %H:%M"), "zone": zone.key},
        )
    return aware
