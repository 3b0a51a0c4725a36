"""Small read-outs of the emulator's state shared by the client, CLI and integration tests."""

from __future__ import annotations

from custom_components.midea_cloud.codec.signing import password_digest
from midea_cloud_emulator import CloudEmulator, SimulatedUnit


def units(emulator: CloudEmulator, email: str) -> list[SimulatedUnit]:
    """The account's simulated units in the order they were added."""
    return list(emulator.account(email).units.values())


def secrets(emulator: CloudEmulator, email: str, password: str) -> set[str]:
    """Every secret a log line or error message must never contain."""
    found = {password, password_digest(password)}
    for session in emulator.sessions.values():
        if session.account.email != email:
            continue
        found.add(session.session_id)
        found.add(session.data_key.decode(errors="replace"))
        if session.data_iv is not None:
            found.add(session.data_iv.decode(errors="replace"))
    return found
