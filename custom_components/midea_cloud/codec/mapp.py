"""The legacy apps' cloud (mapp): finding the account's server, login, unit list and relay.

docs/protocol.md §1-§7, decisions §D2-§D6.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any

from .crypto import SessionKeys, decrypt_serial, derive_cbc_keys, derive_ecb_keys
from .errors import (
    MideaAccountNotFoundError,
    MideaConfigError,
    MideaLegacyRelayError,
    MideaMalformedAnswerError,
    MideaNetworkError,
    MideaProtocolError,
)
from .model import Appliance
from .order import decode_reply_frame, encode_order
from .packet import SequenceCounter, build_packet
from .profiles import AppProfile
from .server import parse_region_domain
from .session import LiveSession
from .signing import login_password, terminal_id
from .transport import AccountWire, Transport, WireSettings

_LOGGER = logging.getLogger(__name__)

PATH_LOGIN_ID = "/v1/user/login/id/get"
PATH_LOGIN_NEW = "/v1/user/login/new"
PATH_LOGIN_OLD = "/v1/user/login"
PATH_LIST = "/v1/appliance/user/list/get"
PATH_SEND_NEW = "/v1/appliance/transparent/send/new"
PATH_SEND_OLD = "/v1/appliance/transparent/send"
LEGACY_RELAY_MESSAGE = (
    "the server rejected the legacy relay; the /new login did not provide randomData"
)


class MappCloud(AccountWire[Transport]):
    """One account on the mapp cloud: the wire below the session and the unit state."""

    def __init__(
        self,
        transport: Transport,
        profile: AppProfile,
        account: str,
        password_digest: str,
        server: str | None,
        *,
        settings: WireSettings,
        sequence: SequenceCounter,
    ) -> None:
        super().__init__(transport, account, password_digest, server, settings)
        self.profile = profile
        self._sequence = sequence

    # --- login -------------------------------------------------------------------------------

    async def __call__(self, *, redetect: bool) -> LiveSession:
        """Log in (probing the servers unless one was given) and return the new session."""
        if redetect and self.override is None:
            self.server = None
        base, login_id = await self._find_server()
        result = await self._post(
            base,
            PATH_LOGIN_NEW,
            {
                "loginAccount": self.account,
                "password": login_password(login_id, self._digest, self.profile.app_key),
                "encryptVersion": "1",
                "pushType": "4",
                "pushToken": "false",
                "terminalId": terminal_id(self.account),
            },
        )
        session_id = require_text(result, "sessionId", PATH_LOGIN_NEW)
        random_data = result.get("randomData")
        if isinstance(random_data, str) and random_data:
            keys = derive_cbc_keys(
                self.profile.app_key,
                require_text(result, "accessToken", PATH_LOGIN_NEW),
                random_data,
            )
            legacy = False
            self._follow_region_domain(base, result.get("regionDomain"))
        else:
            session_id, keys = await self._legacy_login(base)
            legacy = True
            self.server = base
        assert self.server is not None
        if (user_id := result.get("userId")) not in (None, ""):
            self.user_id = str(user_id)
        _LOGGER.debug("Logged in on %s (%s)", self.server, "ECB" if legacy else "CBC")
        return LiveSession(session_id, keys, legacy, self.server, self._clock(), self.user_id)

    async def _find_server(self) -> tuple[str, str]:
        """Return (server, loginId) from the first server that knows the account (§D2)."""
        if self.override is not None:
            candidates: list[str] = [self.override]
        else:
            cached = [self.server] if self.server else []
            candidates = cached + [s for s in self.profile.servers if s not in cached]
        unreachable: MideaNetworkError | None = None
        for base in candidates:
            try:
                result = await self._post(base, PATH_LOGIN_ID, {"loginAccount": self.account})
            except MideaNetworkError as err:
                _LOGGER.debug("Server %s unreachable: %s", base, err)
                unreachable = err
                continue
            except MideaAccountNotFoundError:
                continue
            self.server = base
            return base, require_text(result, "loginId", PATH_LOGIN_ID)
        if unreachable is not None:
            raise unreachable
        raise MideaAccountNotFoundError(
            msg=(
                f"account not found for {self.profile.name} on any server; "
                "try the other app profile"
            )
        )

    def _follow_region_domain(self, base: str, value: object) -> None:
        self.server = base
        if value in (None, "") or self.override is not None:
            return
        origin = parse_region_domain(value)
        if origin is None:
            _LOGGER.warning("Ignoring an unexpected regionDomain from the cloud: %r", value)
            return
        self.server = origin

    async def _legacy_login(self, base: str) -> tuple[str, SessionKeys]:
        """The ECB fallback of §D4 step 6, used only when /login/new gave no randomData."""
        login_id = require_text(
            await self._post(base, PATH_LOGIN_ID, {"loginAccount": self.account}),
            "loginId",
            PATH_LOGIN_ID,
        )
        result = await self._post(
            base,
            PATH_LOGIN_OLD,
            {
                "loginAccount": self.account,
                "password": login_password(login_id, self._digest, self.profile.app_key),
            },
        )
        keys = derive_ecb_keys(
            self.profile.app_key, require_text(result, "accessToken", PATH_LOGIN_OLD)
        )
        return require_text(result, "sessionId", PATH_LOGIN_OLD), keys

    async def _post(
        self, base: str, path: str, extra: Mapping[str, str], *, timeout: float | None = None
    ) -> dict[str, Any]:
        return await self._transport.call(
            base, path, extra, timeout=self._login_timeout if timeout is None else timeout
        )

    async def _session_post(
        self, session: LiveSession, path: str, extra: Mapping[str, str], timeout: float
    ) -> dict[str, Any]:
        return await self._post(
            session.server, path, {"sessionId": session.session_id, **extra}, timeout=timeout
        )

    # --- inside a session ----------------------------------------------------------------------

    async def list_appliances(self, session: LiveSession) -> list[Appliance]:
        """The account's appliances, with decrypted serial numbers."""
        result = await self._session_post(session, PATH_LIST, {}, self._login_timeout)
        return parse_appliances(result, session.keys, PATH_LIST)

    async def relay(self, session: LiveSession, appliance_id: str, frame: bytes) -> bytes:
        """Send one frame through transparent/send and return the frame of the reply."""
        try:
            numeric_id = int(appliance_id)
        except ValueError as err:
            raise MideaConfigError("an appliance id is a decimal number") from err
        packet = build_packet(frame, numeric_id, self._sequence.next(), self._clock())
        order = encode_order(session.keys, packet)
        path = PATH_SEND_OLD if session.legacy else PATH_SEND_NEW
        _LOGGER.debug("Sending to %s: %s", appliance_id, frame.hex())
        async with self._relay_slots:
            self._stats.relay_requests += 1
            try:
                result = await self._session_post(
                    session,
                    path,
                    {"applianceId": appliance_id, "funId": "0008", "order": order},
                    self._send_timeout,
                )
            except MideaLegacyRelayError as err:
                if session.legacy:
                    raise MideaLegacyRelayError(msg=LEGACY_RELAY_MESSAGE) from err
                raise
        reply = result.get("reply")
        if not isinstance(reply, str):
            raise MideaProtocolError("the relay answer has no reply")
        reply_frame = decode_reply_frame(session.keys, reply)
        _LOGGER.debug("Reply from %s: %s", appliance_id, reply_frame.hex())
        return reply_frame


def require_text(result: Mapping[str, Any], key: str, path: str) -> str:
    """A non-empty text (or number) field of an answer, else MideaProtocolError."""
    value = result.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value:
        raise MideaProtocolError(f"the answer to {path} has no {key}")
    return value


def parse_appliances(result: Mapping[str, Any], keys: SessionKeys, path: str) -> list[Appliance]:
    """The appliance list of an answer; a missing list is malformed, never "no units"."""
    items = result.get("list")
    if not isinstance(items, list):
        raise MideaMalformedAnswerError(f"the answer to {path} has no list of appliances")
    appliances = []
    for item in items:
        if not isinstance(item, dict):
            raise MideaProtocolError("an appliance list item is not an object")
        appliance_id = require_text(item, "id", path)
        if not appliance_id.isdecimal():
            raise MideaProtocolError("an appliance id is not a decimal number")
        sn = item.get("sn")
        appliances.append(
            Appliance(
                id=appliance_id,
                name=str(item.get("name") or appliance_id),
                type=str(item.get("type") or ""),
                online=str(item.get("onlineStatus")) == "1",
                model=str(item.get("modelNumber") or ""),
                serial=decrypt_serial(keys, sn) if isinstance(sn, str) and sn else "",
                description=str(item.get("des") or ""),
            )
        )
    return appliances
