"""CloudEmulator: the emulated cloud plus one loopback HTTP listener per region."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
import ipaddress
import socket
from types import TracebackType

from aiohttp import web

from .cloud import Cloud
from .http_app import build_app
from .proxy_app import build_proxy_app
from .regions import DEFAULT_MSMARTHOME_REGION, DEFAULT_REGION, MSMARTHOME_REGIONS, REGION_ORIGINS

LOOPBACK_NAMES = frozenset({"localhost"})
_SHUTDOWN_GRACE = 0.1  # aiohttp's grace for requests in progress; stop() cancels them first


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses (127.0.0.0/8, ::1)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def _origin(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class CloudEmulator(Cloud):
    """The Midea mapp and MSmartHome clouds on 127.0.0.1, for tests and the demo.

    Usage: add accounts and units, ``await start()``, point a client at ``url`` (mapp),
    ``msmarthome_url`` (MSmartHome), ``urls`` (every region) or ``server_map``, inspect
    ``requests`` and the units, ``await stop()``.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] | None = None,
        seed: int = 0,
        session_ttl: float = 3600.0,
        login_limit_per_hour: int = 10,
        legacy_relay_works: bool = False,
    ) -> None:
        super().__init__(
            clock=clock,
            seed=seed,
            session_ttl=session_ttl,
            login_limit_per_hour=login_limit_per_hour,
            legacy_relay_works=legacy_relay_works,
        )
        self.urls: dict[str, str] = {}
        self._runners: list[web.AppRunner] = []
        self._running: set[asyncio.Task[object]] = set()

    @property
    def url(self) -> str:
        """The default ("mapp") region's base URL."""
        return self.urls[DEFAULT_REGION]

    @property
    def msmarthome_url(self) -> str:
        """The default MSmartHome region's ("mp-prod") base URL."""
        return self.urls[DEFAULT_MSMARTHOME_REGION]

    @property
    def server_map(self) -> dict[str, str]:
        """Canonical origin (``https://mapp-eu.appsmb.com``) -> this emulator's loopback URL."""
        return {REGION_ORIGINS[region]: url for region, url in self.urls.items()}

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``port`` .. ``port + 4``, one per region in ``REGION_ORIGINS``' order: the
        three mapp regions, then the two MSmartHome ones (0: ephemeral ports)."""
        if not is_loopback_host(host):
            raise ValueError(f"the emulator only listens on loopback hosts, not {host!r}")
        if self._runners:
            raise RuntimeError("the emulator is running already")
        bind_host = "127.0.0.1" if host == "localhost" else host
        try:
            for offset, region in enumerate(REGION_ORIGINS):
                build = build_proxy_app if region in MSMARTHOME_REGIONS else build_app
                runner = web.AppRunner(
                    build(self, region, self._running),
                    access_log=None,
                    shutdown_timeout=_SHUTDOWN_GRACE,
                )
                self._runners.append(runner)
                await runner.setup()
                sock = _bind(bind_host, port + offset if port else 0)
                self.urls[region] = _origin(bind_host, sock.getsockname()[1])
                try:
                    await web.SockSite(runner, sock).start()
                except BaseException:
                    sock.close()
                    raise
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Close every listener and open connection."""
        runners, self._runners = self._runners, []
        stalled = list(self._running)
        for task in stalled:
            task.cancel()
        await asyncio.gather(*stalled, return_exceptions=True)
        for runner in runners:
            await runner.cleanup()
        self.urls.clear()

    async def __aenter__(self) -> CloudEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
