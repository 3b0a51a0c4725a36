"""Which server URLs a user may enter, and which regionDomain answers the client follows."""

from __future__ import annotations

import pytest

from custom_components.midea_cloud.codec.errors import MideaConfigError
from custom_components.midea_cloud.codec.server import parse_region_domain, validate_server_url


@pytest.mark.parametrize(
    ("entered", "origin"),
    [
        ("https://mapp-eu.appsmb.com", "https://mapp-eu.appsmb.com"),
        ("  HTTPS://mapp.appsmb.com/ ", "https://mapp.appsmb.com"),
        ("https://example.com:8443", "https://example.com:8443"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
        ("http://127.8.9.10:1", "http://127.8.9.10:1"),
        ("http://localhost:8765/", "http://localhost:8765"),
        ("http://[::1]:8765", "http://[::1]:8765"),
    ],
)
def test_accepted_origins(entered: str, origin: str) -> None:
    assert validate_server_url(entered) == origin


@pytest.mark.parametrize(
    "entered",
    [
        "http://192.168.1.10:8765",  # plain http off the loopback
        "http://mapp.appsmb.com",
        "ftp://127.0.0.1",
        "mapp.appsmb.com",
        "https://",
        "https://mapp.appsmb.com/v1",
        "https://mapp.appsmb.com?x=1",
        "https://mapp.appsmb.com#top",
        "https://user:secret@mapp.appsmb.com",
        "https://mapp.appsmb.com:99999",
        "http://[::1",
    ],
)
def test_refused_urls(entered: str) -> None:
    with pytest.raises(MideaConfigError):
        validate_server_url(entered)


@pytest.mark.parametrize(
    ("value", "origin"),
    [
        ("https://mapp-us.appsmb.com", "https://mapp-us.appsmb.com"),
        ("https://mapp-us.appsmb.com/", "https://mapp-us.appsmb.com"),
        ("https://eu-2.appsmb.com", "https://eu-2.appsmb.com"),
        ("http://mapp-us.appsmb.com", None),
        ("https://mapp-us.appsmb.com:443", None),
        ("https://mapp-us.appsmb.com/v1", None),
        ("https://a.b.appsmb.com", None),
        ("https://appsmb.com.evil.example", None),
        ("mapp-us.appsmb.com", None),
        (42, None),
        (None, None),
    ],
)
def test_region_domain(value: object, origin: str | None) -> None:
    assert parse_region_domain(value) == origin
