"""The peers' cost of the same codec work, timed in benchmarks/.venv-peers (not the project's venv).

Reads {"number": N, "query_text": ..., "reply_text": ..., "reply_hex": ...} on stdin (our signed CSV
texts, so both sides encrypt and decrypt the same bytes) and prints one JSON object: per library its
version, µs per stage (null where the library has no such stage) and a note per stage.
"""

from __future__ import annotations

from collections.abc import Callable
import hashlib
from importlib.metadata import version
import json
import sys
from typing import Any

from benchmarks.timing import per_call_us
from benchmarks.vectors import APPLIANCE_ID, DATA_IV, DATA_KEY, REPLY_FRAME, STAGE_NAMES

Stages = dict[str, Callable[[], object] | None]


class _PrebuiltFrame:
    """A command whose frame is already built, so that wrapping is timed without building."""

    def __init__(self, frame: bytes) -> None:
        self._frame = frame

    def finalize(self) -> bytes:
        return self._frame


def midea_beautiful_air(query_text: str, reply_text: str, reply_hex: str) -> tuple[Stages, dict]:
    """midea-beautiful-air: its cloud path (LanDevice._lan_packet, CSV helpers, Security)."""
    from midea_beautiful import cloud  # noqa: PLC0415
    from midea_beautiful.appliance import AirConditionerAppliance  # noqa: PLC0415
    from midea_beautiful.command import AirConditionerStatusCommand  # noqa: PLC0415
    from midea_beautiful.crypto import Security  # noqa: PLC0415
    from midea_beautiful.lan import LanDevice  # noqa: PLC0415
    from midea_beautiful.midea import SUPPORTED_APPS  # noqa: PLC0415

    app = SUPPORTED_APPS["Midea Air"]
    security = Security(appkey=app["appkey"], signkey=app["signkey"])
    unlock = security.aes_encrypt_string  # the login's key unwrap, run backwards to set our keys
    digest = hashlib.sha256(app["appkey"].encode()).hexdigest()
    security.set_access_token(
        unlock(DATA_KEY.decode(), digest[:16], digest[16:32]),
        unlock(DATA_IV.decode(), digest[:16], digest[16:32]),
    )
    own_reply_hex = security.aes_encrypt_string(reply_text)
    if own_reply_hex != reply_hex:
        raise SystemExit("midea-beautiful-air does not encrypt like the project: keys differ")
    device = LanDevice(appliance_id=str(APPLIANCE_ID), appliance_type="0xac", security=security)
    appliance = device.state
    assert isinstance(appliance, AirConditionerAppliance)
    appliance.process_response_ext([REPLY_FRAME])

    def send(command: Any) -> str:
        packet = device._lan_packet(command, local_packet=False)
        return security.aes_encrypt_string(cloud._encode_as_csv(packet))

    def receive(hex_text: str) -> None:
        frame = cloud._decode_from_csv(security.aes_decrypt_string(hex_text))[40:]
        appliance.process_response_ext([frame])

    stages: Stages = {
        "build query frame": lambda: AirConditionerStatusCommand().finalize(),
        "build SET frame": lambda: appliance.apply_command().finalize(),
        "wrap (m0 packet + signed CSV)": lambda: cloud._encode_as_csv(
            device._lan_packet(_PrebuiltFrame(REPLY_FRAME), local_packet=False)
        ),
        "encrypt (AES-CBC + hex)": lambda: security.aes_encrypt_string(query_text),
        "decrypt (hex + AES-CBC)": lambda: security.aes_decrypt_string(reply_hex),
        "unwrap (signed CSV + m0)": lambda: cloud._decode_from_csv(reply_text)[40:],
        "parse C0 state": lambda: appliance.process_response_ext([REPLY_FRAME]),
        "one query, end to end": lambda: (
            send(AirConditionerStatusCommand()),
            receive(reply_hex),
        ),
        "one SET, end to end": lambda: (send(appliance.apply_command()), receive(reply_hex)),
    }
    notes = {
        "wrap (m0 packet + signed CSV)": "its packet adds an MD5 trailer",
        "parse C0 state": "no checksum or CRC check",
    }
    return stages, notes


def msmart_ng(query_text: str, reply_text: str) -> tuple[Stages, dict]:
    """msmart-ng: frames from msmart.device.AC.command; AES from its only cloud cipher."""
    from msmart.cloud import SmartHomeCloud  # noqa: PLC0415
    from msmart.device.AC.command import (  # noqa: PLC0415
        GetStateCommand,
        Response,
        SetStateCommand,
        StateResponse,
    )

    security = SmartHomeCloud._Security()
    query_bytes = query_text.encode("ascii")
    reply_cipher = security.encrypt_aes_app_key(reply_text.encode("ascii")).hex()
    state = Response.construct(REPLY_FRAME)
    assert isinstance(state, StateResponse)

    def set_frame() -> bytes:
        command = SetStateCommand()
        command.beep_on = False
        command.power_on = bool(state.power_on)
        command.target_temperature = state.target_temperature or 25.0
        command.operational_mode = state.operational_mode or 0
        command.fan_speed = state.fan_speed or 0
        command.swing_mode = state.swing_mode or 0
        command.eco = bool(state.eco)
        command.turbo = bool(state.turbo)
        command.sleep = bool(state.sleep)
        command.fahrenheit = bool(state.fahrenheit)
        return command.tobytes()

    def encrypt() -> str:
        return security.encrypt_aes_app_key(query_bytes).hex()

    def decrypt() -> bytes:
        return security.decrypt_aes_app_key(bytes.fromhex(reply_cipher))

    stages: Stages = {
        "build query frame": lambda: GetStateCommand().tobytes(),
        "build SET frame": set_frame,
        "wrap (m0 packet + signed CSV)": None,
        "encrypt (AES-CBC + hex)": encrypt,
        "decrypt (hex + AES-CBC)": decrypt,
        "unwrap (signed CSV + m0)": None,
        "parse C0 state": lambda: Response.construct(REPLY_FRAME),
        "one query, end to end": lambda: (
            GetStateCommand().tobytes(),
            encrypt(),
            decrypt(),
            Response.construct(REPLY_FRAME),
        ),
        "one SET, end to end": lambda: (
            set_frame(),
            encrypt(),
            decrypt(),
            Response.construct(REPLY_FRAME),
        ),
    }
    notes = {
        "wrap (m0 packet + signed CSV)": "no cloud relay: LAN transport only",
        "encrypt (AES-CBC + hex)": "app-key AES-CBC (SmartHomeCloud); no session keys",
        "decrypt (hex + AES-CBC)": "app-key AES-CBC (SmartHomeCloud); no session keys",
        "unwrap (signed CSV + m0)": "no cloud relay: LAN transport only",
        "one query, end to end": "4 of 6 stages: no wrap, no unwrap",
        "one SET, end to end": "4 of 6 stages: no wrap, no unwrap",
    }
    return stages, notes


def _timed(stages: Stages, number: int) -> dict[str, float | None]:
    return {
        name: None if (stage := stages[name]) is None else per_call_us(stage, number)
        for name in STAGE_NAMES
    }


def main() -> None:
    """Time both peers once and print the JSON answer."""
    request = json.load(sys.stdin)
    number = int(request["number"])
    mba_stages, mba_notes = midea_beautiful_air(
        request["query_text"], request["reply_text"], request["reply_hex"]
    )
    msmart_stages, msmart_notes = msmart_ng(request["query_text"], request["reply_text"])
    answer = {
        "midea-beautiful-air": {
            "version": version("midea-beautiful-air"),
            "stages": _timed(mba_stages, number),
            "notes": mba_notes,
        },
        "msmart-ng": {
            "version": version("msmart-ng"),
            "stages": _timed(msmart_stages, number),
            "notes": msmart_notes,
        },
    }
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
