"""The MSmartHome app's cloud (the v5 proxy): routing, login, unit list, relay, Lua readings.

docs/msmarthome.md. The same session, unit state and commands as the legacy cloud sit above it.
"""

from __future__ import annotations

from collections.abc import Mapping
import logging
from typing import Any

from .errors import (
    MideaApiError,
    MideaConfigError,
    MideaLegacyRelayError,
    MideaLuaUnsupportedError,
    MideaProtocolError,
    MideaRouteNotFoundError,
)
from .lua_status import (
    QUERY_ENERGY,
    QUERY_HUMIDITY,
    LuaReadings,
    lua_status_fields,
    parse_lua_status,
)
from .mapp import parse_appliances, require_text
from .model import Appliance
from .msmarthome import (
    APP_ID,
    APP_KEY,
    BASE_URL,
    PATH_LIST,
    PATH_LOGIN,
    PATH_LOGIN_ID,
    PATH_LUA_STATUS,
    PATH_ROUTE,
    PATH_SEND,
    login_iam_hash,
    login_password_hash,
    new_request_id,
    parse_mas_url,
    push_token,
    unwrap_session_keys,
)
from .proxy_relay import (
    PRIMARY_VARIANT,
    RelayVariant,
    decode_relay_reply,
    encode_relay_order,
    other_variant,
)
from .proxy_transport import ProxyTransport
from .session import LiveSession
from .signing import utc_stamp
from .transport import AccountWire, WireSettings

_LOGGER = logging.getLogger(__name__)
PROXY_PATH = "/mas/v5/app/proxy?alias="


class MSmartHomeCloud(AccountWire[ProxyTransport]):
    """One account on the MSmartHome cloud: the wire below the session and the unit state."""

    def __init__(
        self,
        transport: ProxyTransport,
        account: str,
        password_digest: str,
        iam_digest: str,
        device_id: str,
        *,
        settings: WireSettings,
        server: str | None,
    ) -> None:
        override = None if server is None else server + PROXY_PATH
        super().__init__(transport, account, password_digest, override, settings)
        self._iam_digest = iam_digest
        self._device_id = device_id
        self._variants: dict[str, RelayVariant] = {}
        self._listed: dict[str, Appliance] = {}
        self._lua_skipped: set[tuple[str, str]] = set()

    def _common(self) -> dict[str, object]:
        return {
            "appId": APP_ID,
            "src": APP_ID,
            "format": "2",
            "clientType": "1",
            "language": "en_US",
            "deviceId": self._device_id,
            "stamp": utc_stamp(self._clock()),
            "reqId": new_request_id(),
        }

    async def _post(
        self,
        base: str,
        endpoint: str,
        fields: Mapping[str, object],
        *,
        token: str | None = None,
        timeout: float | None = None,
    ) -> dict[str, Any]:
        return await self._transport.call(
            base,
            endpoint,
            {**self._common(), **fields},
            access_token=token,
            timeout=self._login_timeout if timeout is None else timeout,
        )

    # --- login -------------------------------------------------------------------------------

    async def __call__(self, *, redetect: bool) -> LiveSession:
        """Find the account's server (unless one was given), log in, return the session."""
        if redetect or self.server is None:
            self.server = self.override or await self._route()
        base = self.server
        login_id = require_text(
            await self._post(base, PATH_LOGIN_ID, {"loginAccount": self.account}),
            "loginId",
            PATH_LOGIN_ID,
        )
        stamp = utc_stamp(self._clock())
        body: dict[str, object] = {
            "data": {"appKey": APP_KEY, "deviceId": self._device_id, "platform": "2"},
            "iotData": {
                **self._common(),
                "loginAccount": self.account,
                "password": login_password_hash(login_id, self._digest),
                "iampwd": login_iam_hash(login_id, self._iam_digest),
                "pushToken": push_token(self.account, self._device_id),
                "pushType": "4",
            },
            "stamp": stamp,
            "reqId": new_request_id(),
        }
        result = await self._transport.call(base, PATH_LOGIN, body, timeout=self._login_timeout)
        mdata = result.get("mdata")
        if not isinstance(mdata, dict):
            raise MideaProtocolError(f"the answer to {PATH_LOGIN} has no mdata")
        keys = unwrap_session_keys(
            require_text(result, "accessToken", PATH_LOGIN),
            require_text(result, "randomData", PATH_LOGIN),
        )
        if (uid := result.get("uid")) not in (None, ""):
            self.user_id = str(uid)
        _LOGGER.debug("Logged in on %s", base)
        return LiveSession(
            require_text(mdata, "accessToken", PATH_LOGIN),
            keys,
            False,
            base,
            self._clock(),
            self.user_id,
        )

    async def _route(self) -> str:
        """The account's server from the router; the default host when it does not say."""
        try:
            with self.not_recording(MideaRouteNotFoundError.code):
                result = await self._post(
                    BASE_URL, PATH_ROUTE, {"userType": "0", "userName": self.account}
                )
        except (MideaApiError, MideaProtocolError) as err:
            _LOGGER.debug("The router did not name a server (%s); using the default", err)
            return BASE_URL
        mas_url = parse_mas_url(result.get("masUrl"))
        if mas_url is None:
            _LOGGER.debug("The router named no usable server; using the default")
            return BASE_URL
        return mas_url

    # --- inside a session ----------------------------------------------------------------------

    async def list_appliances(self, session: LiveSession) -> list[Appliance]:
        """The account's appliances, with decrypted serial numbers."""
        result = await self._post(session.server, PATH_LIST, {}, token=session.session_id)
        appliances = parse_appliances(result, session.keys, PATH_LIST)
        self._listed = {appliance.id: appliance for appliance in appliances}
        return appliances

    async def relay(self, session: LiveSession, appliance_id: str, frame: bytes) -> bytes:
        """Send one frame through transparent/send and return the frame of the reply.

        The first 1000 from a unit switches it, once, to the other framing, which is then kept.
        """
        try:
            code = int(appliance_id)
        except ValueError as err:
            raise MideaConfigError("an appliance id is a decimal number") from err
        variant = self._variants.get(appliance_id, PRIMARY_VARIANT)
        try:
            return await self._send(session, appliance_id, code, frame, variant)
        except MideaLegacyRelayError:
            if appliance_id in self._variants:
                raise
            fallback = other_variant(variant)
            _LOGGER.debug("%s refused the frame as sent (1000); trying %s", appliance_id, fallback)
            reply = await self._send(session, appliance_id, code, frame, fallback)
            self._variants[appliance_id] = fallback
            return reply

    async def _send(
        self,
        session: LiveSession,
        appliance_id: str,
        code: int,
        frame: bytes,
        variant: RelayVariant,
    ) -> bytes:
        order = encode_relay_order(
            session.keys,
            frame,
            framing=variant.framing,
            signed_csv=variant.signed_csv,
            appliance_code=code,
        )
        _LOGGER.debug("Sending to %s: %s", appliance_id, frame.hex())
        async with self._relay_slots:
            self._stats.relay_requests += 1
            result = await self._post(
                session.server,
                PATH_SEND,
                {
                    "applianceCode": appliance_id,
                    "order": order,
                    "timestamp": "true",
                    "isFull": "false",
                },
                token=session.session_id,
                timeout=self._send_timeout,
            )
        self._variants.setdefault(appliance_id, variant)
        reply = result.get("reply")
        if not isinstance(reply, str) or not reply:
            raise MideaProtocolError("the relay answer has no reply")
        reply_frame = decode_relay_reply(session.keys, reply)
        _LOGGER.debug("Reply from %s: %s", appliance_id, reply_frame.hex())
        return reply_frame

    async def readings(self, session: LiveSession, appliance_id: str) -> LuaReadings:
        """Power, energy and humidity from the cloud's Lua status call.

        A query the unit answered 1014 to, or whose answer had none of its readings, is not
        asked of that unit again: a unit without them costs no request.
        """
        appliance = self._listed.get(appliance_id)
        if appliance is None:
            return LuaReadings()
        found = LuaReadings()
        for name, query in (("energy", QUERY_ENERGY), ("humidity", QUERY_HUMIDITY)):
            if (appliance_id, name) in self._lua_skipped:
                continue
            fields = lua_status_fields(
                appliance_code=int(appliance_id),
                serial=appliance.serial,
                model_number=appliance.model,
                enterprise_code="0000",
                query=query,
            )
            try:
                with self.not_recording(MideaLuaUnsupportedError.code):
                    status = await self._post(
                        session.server, PATH_LUA_STATUS, fields, token=session.session_id
                    )
            except MideaLuaUnsupportedError:
                _LOGGER.debug("%s has no %s readings (1014); not asking again", appliance_id, name)
                self._lua_skipped.add((appliance_id, name))
                continue
            answer = parse_lua_status(status)
            if answer == LuaReadings():
                _LOGGER.debug("%s reports no %s readings; not asking again", appliance_id, name)
                self._lua_skipped.add((appliance_id, name))
            found = LuaReadings(
                power_w=found.power_w if answer.power_w is None else answer.power_w,
                energy_kwh=found.energy_kwh if answer.energy_kwh is None else answer.energy_kwh,
                humidity=found.humidity if answer.humidity is None else answer.humidity,
            )
        return found
