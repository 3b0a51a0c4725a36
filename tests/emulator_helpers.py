"""Small read-outs of the emulator's state shared by the client, CLI and integration tests."""

from __future__ import annotations

from custom_components.midea_cloud.codec.signing import password_digest
from midea_cloud_emulator import CloudEmulator, SimulatedUnit
from midea_cloud_emulator.wire.keys import wrap_cbc, wrap_ecb

LOGIN_PATHS = ("/v1/user/login/new", "/v1/user/login")


def units(emulator: CloudEmulator, email: str) -> list[SimulatedUnit]:
    """The account's simulated units in the order they were added."""
    return list(emulator.account(email).units.values())


def secrets(emulator: CloudEmulator, email: str, password: str) -> set[str]:
    """Every secret a log line or error message must never contain: the password and its
    digest, the login hashes sent, and of every session its id, dataKey and dataIV and the
    accessToken and randomData that carried them."""
    found = {password, password_digest(password)}
    for record in emulator.requests:
        if record.path in LOGIN_PATHS and record.params.get("loginAccount") == email:
            found.add(record.params.get("password", password))
    for session in emulator.sessions.values():
        if session.account.email != email:
            continue
        app_key = session.account.profile.app_key
        found.add(session.session_id)
        found.add(session.data_key.decode(errors="replace"))
        if session.data_iv is None:
            found.add(wrap_ecb(app_key, session.data_key))
        else:
            found.add(session.data_iv.decode(errors="replace"))
            found.add(wrap_cbc(app_key, session.data_key))
            found.add(wrap_cbc(app_key, session.data_iv))
    return found
