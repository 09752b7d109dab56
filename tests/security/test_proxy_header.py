"""A client cannot claim HTTPS with X-Forwarded-Proto unless a proxy is trusted.

Production used to trust the header from anyone. It is now honoured only when
SECURE_PROXY_SSL_HEADER names it, for a proxy that overwrites it.
"""

import json

import pytest
from django.test import RequestFactory, override_settings

from tests.test_settings import PRINT_SECURITY_SETTINGS, production_env, run


def proxy_setting(tmp_path, **environment):
    result = run(
        ["-c", PRINT_SECURITY_SETTINGS], production_env(tmp_path, **environment)
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["SECURE_PROXY_SSL_HEADER"]


def test_production_trusts_no_forwarded_header_unless_told(tmp_path):
    assert proxy_setting(tmp_path, SECURE_PROXY_SSL_HEADER=None) is None


@pytest.mark.parametrize("name", ["X-Forwarded-Proto", "x-forwarded-proto"])
def test_production_trusts_the_header_it_is_told_to(tmp_path, name):
    assert proxy_setting(tmp_path, SECURE_PROXY_SSL_HEADER=name) == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


@pytest.mark.parametrize("name", ["X_Forwarded_Proto", "X-Forwarded-Proto: https", "é"])
def test_production_refuses_a_header_name_that_is_not_one(tmp_path, name):
    result = run(
        ["-c", PRINT_SECURITY_SETTINGS],
        production_env(tmp_path, SECURE_PROXY_SSL_HEADER=name),
    )

    assert result.returncode != 0
    assert "Set SECURE_PROXY_SSL_HEADER to a header name" in result.stderr


@override_settings(SECURE_PROXY_SSL_HEADER=None)
def test_a_forged_header_does_not_make_a_request_secure():
    """Without a trusted proxy the header is the client's word, and ignored."""
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert request.is_secure() is False
