"""Whose address a request is: X-Forwarded-For believed from trusted proxies only."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as site_settings
from django.test import RequestFactory

from core.clientip import client_ip


def request(remote: str, forwarded: str | None = None):
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


@pytest.fixture
def behind_balancer(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []

    assert client_ip(request("198.51.100.7", "192.0.2.1")) == "198.51.100.7"


def test_a_stranger_cannot_pick_an_address(behind_balancer):
    assert client_ip(request("198.51.100.7", "192.0.2.1")) == "198.51.100.7"


def test_behind_the_balancer_the_client_is_the_address_it_saw(behind_balancer):
    assert client_ip(request("10.1.2.3", "198.51.100.7")) == "198.51.100.7"


def test_what_the_client_wrote_before_the_balancer_is_ignored(behind_balancer):
    spoofed = "192.0.2.1, 192.0.2.2, 198.51.100.7"

    assert client_ip(request("10.1.2.3", spoofed)) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked(behind_balancer):
    assert client_ip(request("10.1.2.3", "198.51.100.7, 10.9.9.9")) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_proxy(behind_balancer):
    assert client_ip(request("10.1.2.3", "not-an-address")) == "10.1.2.3"
    assert client_ip(request("10.1.2.3", "")) == "10.1.2.3"


def test_ipv6_proxies_and_clients(settings):
    settings.TRUSTED_PROXIES = ["fd00::/8"]

    assert client_ip(request("fd00::1", "2001:db8::5")) == "2001:db8::5"


def test_a_bad_trusted_proxy_stops_the_start_up():
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=site_settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "opencall.settings.test",
            "TRUSTED_PROXIES": "10.0.0.0/8,the-balancer",
        },
        capture_output=True,
        text=True,
    )

    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
