import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# https, an ASCII host name and an optional port, nothing else: origins go into
# the frame-ancestors header, where whitespace, a comma or a semicolon would add
# sources or directives.
HTTPS_ORIGIN = re.compile(
    r"https://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*"
    r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::[0-9]{1,5})?",
    re.IGNORECASE,
)


def parse_origins(text: str) -> list[str]:
    """Return the non-empty lines of ``text``, stripped, without duplicates."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        if line.strip():
            seen.setdefault(line.strip().rstrip("/").lower(), None)
    return list(seen)


def validate_origin_list(text: str) -> None:
    """Accept one https origin (scheme and host, optional port) per line."""
    bad = [origin for origin in parse_origins(text) if not is_origin(origin)]
    if bad:
        raise ValidationError(
            _(
                "Each line must be a web origin such as https://forum.example.org "
                "(https, a host name, no path). Not accepted: %(bad)s."
            ),
            code="invalid_origin",
            params={"bad": ", ".join(bad)},
        )


def is_origin(value: str) -> bool:
    """Return whether ``value`` is an https origin with nothing after the host."""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return False
    return (
        parts.scheme == "https"
        and bool(parts.hostname)
        and HTTPS_ORIGIN.fullmatch(value) is not None
        and port_ok
        and not parts.path
        and not parts.query
        and not parts.fragment
        and not parts.username
        and "*" not in value
    )
