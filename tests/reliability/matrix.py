"""The fault matrix: each fault of the cloud, how it is injected, and what a user must see.

Every row runs the same script (test_fault_matrix.py): set up two units, inject the fault, let
FAULT_POLLS polls run, check availability, logins, repairs and the log, clear the fault and check
that everything is back within the row's recovery. The test writes down what it observed
(``observation``); ``docs/reliability.md`` shows those observations as a table
(``render_table``, from tests/reliability/results/ci.json), never the rows' expectations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from homeassistant.util import dt as dt_util

from custom_components.midea_cloud.const import (
    CONFIRMATION_DELAY,
    FAILURES_BEFORE_UNAVAILABLE,
    POLL_INTERVAL,
)
from midea_cloud_emulator import FaultKind

from .clock import advance, call_service
from .scene import LEGACY, CloudSide, Scene

DOC = Path(__file__).parents[2] / "docs" / "reliability.md"
FAULT_POLLS = 5
UNAVAILABLE = ("Living room is unavailable", "Bedroom is unavailable")
AVAILABLE_AGAIN = ("Living room is available again", "Bedroom is available again")
RECOVERED = ("Fetching midea_cloud data recovered",)
LOGINS_BLOCKED = ("Error fetching midea_cloud data: The Midea cloud blocked logins",)
NEVER = None

Step = Callable[[Scene], Awaitable[None]]


async def clear_faults(scene: Scene) -> None:
    """Disarm every injected fault."""
    scene.emulator.faults.clear()


async def nothing(scene: Scene) -> None:
    """No extra step."""


@dataclass(frozen=True, slots=True)
class Row:
    """One fault and the behaviour the matrix test asserts for it."""

    key: str
    fault: str
    injected: str
    arm: Step
    unavailable_from: int | None
    logins: int
    logged: tuple[str, ...] = ()
    repair: str | None = None
    rearm_each_poll: bool = False
    command: Step = nothing
    clear: Step = clear_faults
    before_recovery: Step = nothing
    recovery_note: str = ""
    recovery_polls: int = 1
    recovered_log: tuple[str, ...] = ()

    def expected_availability(self) -> list[str]:
        """What the unit entities must be after each poll of the fault."""
        return [
            "available"
            if self.unavailable_from is None or poll < self.unavailable_from
            else "unavailable"
            for poll in range(1, FAULT_POLLS + 1)
        ]


def on_send(kind: FaultKind, *, code: int | None = None, delay: float | None = None) -> Step:
    """Every relay request (the polls' queries) answers with the fault."""

    async def arm(scene: Scene) -> None:
        scene.emulator.faults.add(kind, path=scene.send, count=None, code=code, delay=delay)

    return arm


def everywhere(kind: FaultKind, *, status: int | None = None) -> Step:
    """Every request (login, list and relay) answers with the fault."""

    async def arm(scene: Scene) -> None:
        scene.emulator.faults.add(kind, count=None, status=status)

    return arm


async def stop_cloud(scene: Scene) -> None:
    """Close the cloud's listeners: connections are refused."""
    await scene.emulator.stop()


async def start_cloud(scene: Scene) -> None:
    """Listen again on the same ports; the cloud kept its sessions."""
    await scene.emulator.start()


async def end_session_mid_poll(scene: Scene) -> None:
    """The second query of the next poll finds its session ended (3106), as after a phone login."""
    scene.emulator.faults.add(FaultKind.KILL_SESSION, path=scene.send, after=1)


async def stale_login_mid_poll(scene: Scene) -> None:
    """The second query of the next poll is answered 3144 (log in again)."""
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=3144, path=scene.send, after=1)


async def units_offline(scene: Scene) -> None:
    """The units lose their Wi-Fi: the list says offline and the relay answers 3123."""
    for unit in scene.units:
        unit.online = False


async def units_online(scene: Scene) -> None:
    """The units are back."""
    for unit in scene.units:
        unit.online = True


async def block_logins(scene: Scene) -> None:
    """The session ends and the cloud answers every login with 7610."""
    scene.emulator.expire_sessions()
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=7610, path=scene.login, count=None)


async def wait_for_the_login_block(scene: Scene) -> None:
    """Poll until just before the block ends; no login may be tried meanwhile."""
    until = scene.coordinator.client.login_blocked_until
    assert until is not None
    logins = scene.emulator.count(scene.login)
    while dt_util.utcnow() + POLL_INTERVAL < until:
        await advance(scene.hass, scene.freezer, POLL_INTERVAL)
        assert scene.emulator.count(scene.login) == logins, "a login during the block"


async def unconfirmed_set(scene: Scene) -> None:
    """A SET the unit takes but does not confirm in time (3176): nothing changes on the card
    until the confirmation query a few seconds later shows what the unit did."""
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=3176, path=scene.send, deliver=True)
    await set_target_unconfirmed(scene)


async def garbled_set_reply(scene: Scene) -> None:
    """A SET whose reply cannot be decrypted: the cloud took it, so the card waits for the
    confirmation query instead of showing an error."""
    scene.emulator.faults.add(FaultKind.BAD_PADDING, path=scene.send)
    await set_target_unconfirmed(scene)


async def set_target_unconfirmed(scene: Scene) -> None:
    """Lower the living room's target by one degree with a fault armed on the SET's answer:
    the unit gets the SET once, the card keeps the old target until the confirmation query."""
    living_room = scene.units[0]
    shown = living_room.state.target
    wanted = shown - 1
    sends = scene.emulator.count(scene.send)
    await call_service(
        scene.hass,
        scene.freezer,
        "climate",
        "set_temperature",
        {"entity_id": "climate.living_room", "temperature": wanted},
    )
    assert scene.emulator.count(scene.send) == sends + 1, "the SET alone, on a fresh state"
    assert living_room.state.target == wanted
    assert target_shown(scene) == shown
    await advance(scene.hass, scene.freezer, CONFIRMATION_DELAY)
    assert target_shown(scene) == wanted


def target_shown(scene: Scene) -> float:
    state = scene.hass.states.get("climate.living_room")
    assert state is not None
    return float(state.attributes["temperature"])


async def burst(scene: Scene, code: int) -> None:
    scene.emulator.faults.add(FaultKind.ERROR_CODE, code=code, path=scene.send, count=2)


async def burst_3176(scene: Scene) -> None:
    """Both queries of the poll are answered 3176 once."""
    await burst(scene, 3176)


async def burst_9999(scene: Scene) -> None:
    """Both queries of the poll are answered 9999 once."""
    await burst(scene, 9999)


FAILING = FAILURES_BEFORE_UNAVAILABLE
REPLY = "transparent/send reply"
RELAY = "transparent/send"
ALL = "every request"

ROWS: tuple[Row, ...] = (
    Row("latency_below_timeout", "latency 20 s (below the 30 s timeout)", RELAY,
        on_send(FaultKind.DELAY, delay=20.0), NEVER, 0),
    Row("latency_beyond_timeout", "latency 45 s (beyond the 30 s timeout)", RELAY,
        on_send(FaultKind.DELAY, delay=45.0), FAILING, 0, UNAVAILABLE,
        recovered_log=AVAILABLE_AGAIN),
    Row("connection_refused", "connection refused (cloud stopped)", ALL,
        stop_cloud, FAILING, 0, UNAVAILABLE, clear=start_cloud, recovered_log=AVAILABLE_AGAIN),
    Row("connection_dropped", "connection dropped without an answer", ALL,
        everywhere(FaultKind.DISCONNECT), FAILING, 0, UNAVAILABLE,
        recovered_log=AVAILABLE_AGAIN),
    *(
        Row(f"http_{status}", f"HTTP {status}", ALL,
            everywhere(FaultKind.HTTP_STATUS, status=status), FAILING, 0, UNAVAILABLE,
            recovered_log=AVAILABLE_AGAIN)
        for status in (500, 502, 503)
    ),
    Row("not_json", "non-JSON answer (HTML error page, status 200)", ALL,
        everywhere(FaultKind.NOT_JSON), FAILING, 0, UNAVAILABLE, recovered_log=AVAILABLE_AGAIN),
    Row("truncated_json", "truncated JSON", ALL,
        everywhere(FaultKind.TRUNCATED_JSON), FAILING, 0, UNAVAILABLE,
        recovered_log=AVAILABLE_AGAIN),
    Row("null_error_code", "errorCode null", ALL,
        everywhere(FaultKind.NULL_ERROR_CODE), FAILING, 0, UNAVAILABLE,
        recovered_log=AVAILABLE_AGAIN),
    *(
        Row(kind.value, text, REPLY, on_send(kind), FAILING, 2, UNAVAILABLE,
            recovered_log=AVAILABLE_AGAIN)
        for kind, text in (
            (FaultKind.GARBAGE_HEX, "reply hex: garbage"),
            (FaultKind.ODD_HEX, "reply hex: odd length"),
            (FaultKind.BAD_PADDING, "reply: bad PKCS7 padding"),
            (FaultKind.BAD_CSV, "reply CSV: not numbers"),
            (FaultKind.CSV_OUT_OF_RANGE, "reply CSV: value out of range"),
            (FaultKind.BAD_PACKET_LENGTH, "0x5A5A packet: wrong length"),
            (FaultKind.BAD_CRC, "frame: bad CRC"),
            (FaultKind.BAD_CHECKSUM, "frame: bad checksum"),
            (FaultKind.WRONG_BODY_TYPE, "frame: wrong body type"),
            (FaultKind.TRUNCATED_BODY, "frame: truncated body"),
        )
    ),
    Row("session_ended_mid_poll", "3106 mid-poll (session ended)", RELAY,
        end_session_mid_poll, NEVER, 1),
    Row("stale_login_mid_poll", "3144 mid-poll (log in again)", RELAY,
        stale_login_mid_poll, NEVER, 1),
    Row("no_reply_burst", "3176 on a query, once per unit each poll", RELAY,
        burst_3176, NEVER, 0, rearm_each_poll=True),
    Row("no_reply", "3176 on every query", RELAY,
        on_send(FaultKind.ERROR_CODE, code=3176), FAILING, 0, UNAVAILABLE,
        recovered_log=AVAILABLE_AGAIN),
    Row("set_unconfirmed", "3176 on SET (the unit took it)", RELAY,
        nothing, NEVER, 0, command=unconfirmed_set),
    Row("set_garbled_reply", "SET reply that cannot be decrypted (the unit took it)", RELAY,
        nothing, NEVER, 0, command=garbled_set_reply),
    Row("unit_offline", "3123 (units offline; the list says so too)", RELAY,
        units_offline, 1, 0, UNAVAILABLE, clear=units_online,
        recovery_note=" (the unit list is read at each poll while a unit is offline)",
        recovered_log=AVAILABLE_AGAIN),
    Row("server_error_burst", "9999 burst, once per unit each poll", RELAY,
        burst_9999, NEVER, 0, rearm_each_poll=True),
    Row("server_error", "9999 on every query", RELAY,
        on_send(FaultKind.ERROR_CODE, code=9999), FAILING, 0, UNAVAILABLE,
        recovered_log=AVAILABLE_AGAIN),
    Row("logins_blocked", "7610 after the session ended", "login",
        block_logins, 1, 1, LOGINS_BLOCKED, repair="login_rate_limited",
        before_recovery=wait_for_the_login_block, recovery_note=" after the 1 h block",
        recovered_log=RECOVERED),
)  # fmt: skip


def matrix_key(cloud: CloudSide, row: Row) -> str:
    """The key of a row's observations in the results: the legacy cloud's rows keep theirs."""
    return row.key if cloud is LEGACY else f"{cloud.key}_{row.key}"


def availability(polls: list[str]) -> str:
    """The unit entities' availability over the polls of a fault, as the table says it."""
    if all(state == "available" for state in polls):
        return "available"
    first = next(poll for poll, state in enumerate(polls, start=1) if state != "available")
    if all(state == "unavailable" for state in polls[first - 1 :]):
        return "unavailable at once" if first == 1 else f"unavailable from poll {first}"
    return f"after polls 1 to {len(polls)}: {', '.join(polls)}"


def recovery(polls: int | str | None, note: str) -> str:
    """How soon everything was back once the fault was cleared (a text: the test stopped
    before it got there)."""
    if isinstance(polls, str):
        return polls
    if polls is None:
        return "not recovered"
    return ("next poll" if polls == 1 else f"poll {polls}") + note


def quoted(messages: dict[str, int]) -> str:
    """Logged messages (their fixed part), with how often each was logged when more than once."""
    return (
        "; ".join(
            f"“{text}”" + (f" ({count} times)" if count > 1 else "")
            for text, count in messages.items()
        )
        or "nothing"
    )


def render_table(results: dict[str, dict[str, Any]], rows: tuple[Row, ...] = ROWS) -> str:
    """The Markdown table of docs/reliability.md: each row's fault and injection as defined, and
    every other cell as the test observed it (``results``: the matrix section of a results
    file)."""
    lines = [
        "| # | fault | injected on | unit entities during the fault | account sensors "
        "| logins during the fault | repair | logged (INFO and above) | recovery "
        "| test `test_fault[…]` |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(rows, start=1):
        seen = results.get(row.key)
        if seen is None or "units" not in seen:
            outcome = seen.get("test", "not run") if seen else "not run"
            lines.append(
                f"| {number} | {row.fault} | {row.injected} | — | — | — | — | — | — "
                f"| `{row.key}`: {outcome} |"
            )
            continue
        lines.append(
            f"| {number} | {row.fault} | {row.injected} | {availability(seen['units'])} "
            f"| {availability(seen['account'])} | {seen['logins']} "
            f"| {', '.join(seen['repairs']) or '—'} | {quoted(seen['logged'])} "
            f"| {recovery(seen.get('recovery_polls', 'not reached'), row.recovery_note)} "
            f"| `{row.key}`: {seen.get('test', 'not run')} |"
        )
    return "\n".join(lines) + "\n"
