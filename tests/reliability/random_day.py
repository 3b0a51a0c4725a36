"""Bad days of the cloud in simulated time: seeded random faults, phone-app logins, login blocks,
units dropping off and user commands, poll after poll.

``BadDay.run`` drives Home Assistant minute by minute; it writes down every login attempt the
cloud saw (with its simulated time and answer) and checks on the way that a login block always
has its repair. The tests judge the record afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
import random
from typing import Any

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
import pytest

from custom_components.midea_cloud.const import DOMAIN, POLL_INTERVAL
from custom_components.midea_cloud.util import format_deadline
from midea_cloud_emulator import FaultKind
from midea_cloud_emulator.faults import REPLY_KINDS

from . import logs
from .clock import advance, call_service
from .conftest import RestartableEmulator
from .scene import LOGIN_NEW, SEND, Scene

START_CHANCE = 0.1  # per poll without a fault: the chance that one starts
COMMAND_CHANCE = 1 / 30  # per poll: the chance that the user changes something
BLOCK_MINUTES = (61, 75)  # how long the cloud refuses logins once it blocked them
RECOVERY_POLLS = 75  # after the day: a login block or a paused budget ends within the hour


@dataclass(frozen=True, slots=True)
class Login:
    """One login attempt the cloud saw."""

    at: datetime
    code: int | None


@dataclass(frozen=True, slots=True)
class Episode:
    """One kind of trouble: how to start it and how many polls it lasts."""

    name: str
    weight: int
    polls: tuple[int, int]
    start: Callable[[Scene, random.Random], Awaitable[None]]


async def end_trouble(scene: Scene) -> None:
    """Disarm every fault, bring the units and the cloud back."""
    scene.emulator.faults.clear()
    scene.emulator.faults.random_3176 = 0.0
    for unit in scene.units:
        unit.online = True
    emulator = scene.emulator
    if not emulator.urls and isinstance(emulator, RestartableEmulator):
        await emulator.start()


async def _http_error(scene: Scene, rng: random.Random) -> None:
    status = rng.choice((500, 502, 503))
    scene.emulator.faults.add(FaultKind.HTTP_STATUS, status=status, count=None)


async def _slow(scene: Scene, rng: random.Random) -> None:
    scene.emulator.faults.add(
        FaultKind.DELAY, delay=rng.choice((10.0, 45.0)), path=SEND, count=None
    )


async def _refused(scene: Scene, rng: random.Random) -> None:
    await scene.emulator.stop()


async def _garbled(scene: Scene, rng: random.Random) -> None:
    kind = rng.choice(sorted(REPLY_KINDS, key=lambda kind: kind.value))
    scene.emulator.faults.add(kind, path=SEND, count=None)


async def _junk(scene: Scene, rng: random.Random) -> None:
    kind = rng.choice((FaultKind.NOT_JSON, FaultKind.TRUNCATED_JSON, FaultKind.DISCONNECT))
    scene.emulator.faults.add(kind, count=None)


async def _no_replies(scene: Scene, rng: random.Random) -> None:
    scene.emulator.faults.random_3176 = rng.choice((0.2, 0.5, 1.0))


async def _server_errors(scene: Scene, rng: random.Random) -> None:
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=9999, path=SEND, count=rng.randint(1, 6))


async def _phone_app(scene: Scene, rng: random.Random) -> None:
    scene.emulator.expire_sessions()


async def _stale_login(scene: Scene, rng: random.Random) -> None:
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=3144, path=SEND)


async def _unit_offline(scene: Scene, rng: random.Random) -> None:
    rng.choice(scene.units).online = False


async def _logins_blocked(scene: Scene, rng: random.Random) -> None:
    scene.emulator.expire_sessions()
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path=LOGIN_NEW, count=None)


EPISODES = (
    Episode("HTTP 5xx", 4, (1, 20), _http_error),
    Episode("slow cloud", 3, (1, 5), _slow),
    Episode("connection refused", 2, (1, 15), _refused),
    Episode("garbled replies", 4, (1, 10), _garbled),
    Episode("junk answers", 2, (1, 10), _junk),
    Episode("3176 replies", 3, (5, 30), _no_replies),
    Episode("9999 burst", 3, (1, 1), _server_errors),
    Episode("phone app login", 4, (1, 1), _phone_app),
    Episode("3144", 1, (1, 1), _stale_login),
    Episode("unit offline", 2, (5, 30), _unit_offline),
    Episode("logins blocked (7610)", 1, BLOCK_MINUTES, _logins_blocked),
)
COMMANDS: tuple[tuple[str, str, Callable[[random.Random], dict[str, Any]]], ...] = (
    ("climate", "set_temperature", lambda rng: {"temperature": rng.randint(34, 58) / 2}),
    ("climate", "set_hvac_mode", lambda rng: {"hvac_mode": rng.choice(("off", "cool", "heat"))}),
    ("climate", "set_fan_mode", lambda rng: {"fan_mode": rng.choice(("auto", "low", "high"))}),
)


@dataclass
class BadDay:
    """Runs the episodes on one scene; keeps the login record and what the user was told."""

    scene: Scene
    caplog: pytest.LogCaptureFixture
    seed: int
    forget_logs: Callable[[], None]
    logins: list[Login] = field(default_factory=list)
    episodes: dict[str, int] = field(default_factory=dict)
    command_errors: dict[str, int] = field(default_factory=dict)
    commands: int = 0
    tracebacks: list[str] = field(default_factory=list)
    _seen: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    async def run(self, hours: float, every_hour: Callable[[], None] = lambda: None) -> None:
        """Let ``hours`` of simulated time pass with random trouble; clean up at the end."""
        scene = self.scene
        current: Episode | None = None
        ends = 0
        for poll in range(round(hours * 60)):
            if current is not None and poll >= ends:
                await end_trouble(scene)
                current = None
            if current is None and self._rng.random() < START_CHANCE:
                current = self._rng.choices(EPISODES, [e.weight for e in EPISODES])[0]
                ends = poll + self._rng.randint(*current.polls)
                self.episodes[current.name] = self.episodes.get(current.name, 0) + 1
                await current.start(scene, self._rng)
            if self._rng.random() < COMMAND_CHANCE:
                await self._command()
            await advance(scene.hass, scene.freezer, POLL_INTERVAL)
            self._note_logins()
            self._check_block_repair()
            if poll % 60 == 59:
                self.forget_old_records()
                every_hour()
        await end_trouble(scene)

    async def recover(self) -> int:
        """Poll until every unit is back and shown as it is; return how many polls it took."""
        scene = self.scene
        for polls in range(1, RECOVERY_POLLS + 1):
            await advance(scene.hass, scene.freezer, POLL_INTERVAL)
            self._note_logins()
            units, _ = scene.entity_ids()
            if all(scene.available(units).values()) and not scene.shown_differently():
                return polls
        raise AssertionError(f"not recovered: {scene.shown_differently()}")

    async def _command(self) -> None:
        domain, service, data = self._rng.choice(COMMANDS)
        unit = self._rng.choice(self.scene.units)
        entity_id = f"climate.{unit.name.lower().replace(' ', '_')}"
        self.commands += 1
        try:
            await call_service(
                self.scene.hass,
                self.scene.freezer,
                domain,
                service,
                {"entity_id": entity_id, **data(self._rng)},
            )
        except HomeAssistantError as err:
            key = err.translation_key or f"untranslated: {err}"
            self.command_errors[key] = self.command_errors.get(key, 0) + 1

    def _note_logins(self) -> None:
        records = self.scene.emulator.requests
        self.logins += [
            Login(record.at, record.error_code)
            for record in records[self._seen :]
            if record.path == LOGIN_NEW and record.at is not None
        ]
        self._seen = len(records)

    def _check_block_repair(self) -> None:
        """While the client keeps a 7610 deadline, a repair must say until when."""
        until = self.scene.coordinator.client.login_blocked_until
        if until is None or until <= dt_util.utcnow():
            return
        issue = ir.async_get(self.scene.hass).async_get_issue(
            DOMAIN, f"login_rate_limited_{self.scene.entry.entry_id}"
        )
        assert issue is not None, f"logins blocked until {until}, but no repair says so"
        assert issue.translation_placeholders == {
            "account": self.scene.entry.title,
            "until": format_deadline(until),
        }

    def forget_old_records(self) -> None:
        """Drop what the emulator and the log capture kept (they are the test's notes, not the
        integration's memory); check the log for tracebacks first."""
        self.tracebacks += logs.tracebacks(self.caplog.records)
        self.forget_logs()
        emulator = self.scene.emulator
        self._note_logins()
        emulator.requests.clear()
        self._seen = 0
        for unit in self.scene.units:
            for kept in (
                unit.received_packets,
                unit.received_frames,
                unit.received_sets,
                unit.decoded_sets,
            ):
                kept.clear()


def most_in_an_hour(logins: list[Login]) -> int:
    """The largest number of login attempts within any 60 minutes."""
    times = [login.at for login in logins]
    return max(
        (
            sum(1 for other in times if start <= other < start + timedelta(hours=1))
            for start in times
        ),
        default=0,
    )


def logins_during_blocks(logins: list[Login]) -> list[str]:
    """Attempts made less than an hour after the cloud answered one with 7610."""
    blocked = [login.at for login in logins if login.code == 7610]
    return [
        f"{login.at:%H:%M} ({(login.at - start).total_seconds() / 60:.0f} min after the block)"
        for start in blocked
        for login in logins
        if start < login.at < start + timedelta(hours=1)
    ]
