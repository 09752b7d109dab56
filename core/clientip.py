"""The address a request came from, believing only the proxies named in settings.

Policy: ``REMOTE_ADDR`` is the peer the server saw. Only when that peer is one of
``TRUSTED_PROXIES`` (addresses or networks, e.g. the load balancer's subnet) is
``X-Forwarded-For`` read, from the right: each trusted proxy appends the address
it saw, so the first address from the right that is not a trusted proxy is the
client. Anything further left was written by the client and is ignored, so a
visitor cannot choose their own rate-limit key or pass for many voters.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """Return the client's address: the peer, or what trusted proxies say it was."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _trusted(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        if not _trusted(hop):
            return hop if _is_address(hop) else address
        address = hop
    return address


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
