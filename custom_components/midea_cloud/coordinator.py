"""One coordinator per account: the unit list, the polls and the commands."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import MAJOR_VERSION, MINOR_VERSION
from homeassistant.core import CALLBACK_TYPE, HassJob, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed, HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .ac_mapping import uses_fahrenheit
from .codec.capabilities import Capabilities
from .codec.client import MideaCloudClient
from .codec.errors import (
    MideaAccountNotFoundError,
    MideaApplianceNotFoundError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaDeviceQuotaError,
    MideaError,
    MideaInvalidParameterError,
    MideaLoginBudgetError,
    MideaNetworkError,
    MideaRateLimitedError,
    MideaUnconfirmedError,
)
from .codec.lua_status import LuaReadings
from .codec.model import AcChanges, AcState, Appliance
from .const import (
    CONF_APP,
    CONF_BEEP,
    CONFIRMATION_DELAY,
    DEFAULT_BEEP,
    DOMAIN,
    FAILURES_BEFORE_UNAVAILABLE,
    LOGGER,
    POLL_INTERVAL,
    READINGS_INTERVAL,
    UNIT_LIST_INTERVAL,
)
from .issues import (
    ISSUE_ACCOUNT_NOT_FOUND,
    ISSUE_DEVICE_QUOTA,
    ISSUE_RATE_LIMITED,
    async_clear_account_issues,
    async_clear_unit_issues,
    async_raise_account_issue,
    async_update_unit_issues,
)
from .login_blocks import LoginBlocks
from .takeovers import TakeoverWatch
from .unit_capabilities import UnitCapabilities
from .util import format_deadline, other_app_name

type MideaCloudConfigEntry = ConfigEntry[MideaCloudCoordinator]

# From 2026.10 a device belongs to one config entry; removing an entry from a device is deprecated.
DEVICES_BELONG_TO_ONE_ENTRY = (MAJOR_VERSION, MINOR_VERSION) >= (2026, 10)

ACCOUNT_ERRORS = (
    MideaAuthError,
    MideaAccountNotFoundError,
    MideaRateLimitedError,
    MideaDeviceQuotaError,
)


def account_device_id(entry: ConfigEntry) -> str:
    """The identifier of the account's own device (unit ids are plain numbers)."""
    return f"account-{entry.unique_id or entry.entry_id}"


@dataclass(frozen=True, slots=True)
class UnitData:
    """What the entities of one unit show."""

    listing: Appliance
    state: AcState | None
    available: bool
    capabilities: Capabilities
    readings: LuaReadings | None = None


class MideaCloudCoordinator(DataUpdateCoordinator[dict[str, UnitData]]):
    """Polls every online unit of one account and sends its commands."""

    config_entry: MideaCloudConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: MideaCloudConfigEntry,
        client: MideaCloudClient,
        login_blocks: LoginBlocks,
    ) -> None:
        super().__init__(
            hass, LOGGER, config_entry=entry, name=DOMAIN, update_interval=POLL_INTERVAL
        )
        self.client = client
        self.units: dict[str, Appliance] = {}
        self._login_blocks = login_blocks
        self._failures: dict[str, int] = {}
        self._reported_unavailable: set[str] = set()
        self._confirmations: dict[str, CALLBACK_TYPE] = {}
        self._next_unit_list = dt_util.utcnow()
        self._listed_at = self._next_unit_list
        self._unlisted: set[str] = set()
        self._readings_due: dict[str, datetime] = {}
        self._list_doubted = False
        self.capabilities = UnitCapabilities(hass, entry.entry_id)
        self.takeovers = TakeoverWatch(hass, entry)
        self.last_successful_poll: datetime | None = None

    # Polling ---------------------------------------------------------------------------------

    async def _async_setup(self) -> None:
        """Read the stored capabilities, log in and list the units before the first poll."""
        await self.capabilities.async_load()
        try:
            await self._async_refresh_units()
        except MideaError as err:
            raise await self._async_account_failure(err) from err

    async def _async_update_data(self) -> dict[str, UnitData]:
        """Poll, then count the sessions the cloud ended meanwhile, whatever the outcome."""
        try:
            return await self._async_poll()
        finally:
            self.takeovers.observe(self.client.stats.sessions_ended_early, dt_util.utcnow())

    async def _async_poll(self) -> dict[str, UnitData]:
        """Refresh the unit list when due, then query every online unit once, concurrently.

        The regular list refresh failing fails the poll. Between refreshes the list is re-read
        at each poll while a unit is offline, missing from the last list or unknown to the
        relay (one request, and the offline unit costs no query meanwhile), so a unit that
        comes back is polled again within one poll; such a re-read failing changes nothing.
        """
        now = dt_util.utcnow()
        if now >= self._next_unit_list:
            try:
                await self._async_refresh_units()
            except MideaError as err:
                raise await self._async_account_failure(err) from err
        elif self._recheck_due(now):
            try:
                await self._async_refresh_units()
            except MideaError as err:
                LOGGER.debug("Reading the unit list again failed: %s", err)
        online = [
            unit_id
            for unit_id, unit in self.units.items()
            if unit.online and unit_id not in self._unlisted
        ]
        results = await asyncio.gather(*(self._async_poll_unit(unit_id) for unit_id in online))
        account_error = next((error for error in results if error is not None), None)
        if account_error is not None:
            raise await self._async_account_failure(account_error) from account_error
        async_clear_account_issues(self.hass, self.config_entry)
        self.last_successful_poll = dt_util.utcnow()
        return self._snapshot()

    async def _async_account_failure(self, err: MideaError) -> HomeAssistantError:
        """Keep a cloud login block, raise the matching issue, and return the exception."""
        other_app = other_app_name(self.config_entry.data[CONF_APP])
        if isinstance(err, MideaRateLimitedError) and not isinstance(err, MideaLoginBudgetError):
            await self._login_blocks.async_block(self.client.account, err.until)
            self._raise_issue(ISSUE_RATE_LIMITED, {"until": format_deadline(err.until)})
        elif isinstance(err, MideaAccountNotFoundError):
            self._raise_issue(ISSUE_ACCOUNT_NOT_FOUND, {"other_app": other_app})
        elif isinstance(err, MideaDeviceQuotaError):
            self._raise_issue(ISSUE_DEVICE_QUOTA, {})
        return account_failure(err, other_app)

    def _raise_issue(self, issue: str, placeholders: dict[str, str]) -> None:
        async_raise_account_issue(self.hass, self.config_entry, issue, placeholders)

    def _recheck_due(self, now: datetime) -> bool:
        doubtful = (
            self._list_doubted
            or bool(self._unlisted)
            or any(not unit.online for unit in self.units.values())
        )
        return doubtful and now - self._listed_at >= POLL_INTERVAL / 2

    async def _async_refresh_units(self) -> None:
        """Fetch the unit list; forget the units that two lists in a row left out.

        A unit missing from one list keeps its device, entities and last state (it is not
        queried) until the next list, read at the next poll, says whether it is gone.
        """
        listing = await self.client.list_appliances()
        self._listed_at = dt_util.utcnow()
        self._next_unit_list = self._listed_at + UNIT_LIST_INTERVAL
        self._list_doubted = False
        listed = {item.id: item for item in listing if item.is_air_conditioner}
        missing = set(self.units) - set(listed)
        gone = missing & self._unlisted
        self._unlisted = missing - gone
        for unit_id in self._unlisted:
            LOGGER.debug("%s is missing from the unit list", self.units[unit_id].name)
            listed[unit_id] = self.units[unit_id]
        self.units = listed
        self.client.keep_only(set(self.units))
        for unit_id in set(self._failures) - set(self.units):
            self._failures.pop(unit_id)
        for unit_id in set(self._readings_due) - set(self.units):
            self._readings_due.pop(unit_id)
        self._reported_unavailable &= set(self.units)
        for unit_id in gone:
            async_clear_unit_issues(self.hass, self.config_entry, unit_id)
        await self.capabilities.async_keep_only(set(self.units))
        self._remove_stale_devices()

    def _remove_stale_devices(self) -> None:
        registry = dr.async_get(self.hass)
        entry_id = self.config_entry.entry_id
        kept = {*self.units, account_device_id(self.config_entry)}
        for device in dr.async_entries_for_config_entry(registry, entry_id):
            if not any(
                domain == DOMAIN and identifier in kept for domain, identifier in device.identifiers
            ):
                LOGGER.info("Removing %s: the unit is no longer on the account", device.name)
                if DEVICES_BELONG_TO_ONE_ENTRY:
                    registry.async_remove_device(device.id)
                else:  # another account that shares the unit keeps the device
                    registry.async_update_device(device.id, remove_config_entry_id=entry_id)

    async def _async_poll_unit(self, unit_id: str) -> MideaError | None:
        """Query one unit; when it answered, ask for its capabilities and readings when due.

        Return the error that concerns the whole account, if any.
        """
        result = await self._async_query(unit_id)
        if isinstance(result, AcState) and unit_id in self.units:
            if self.capabilities.due(unit_id):
                await self.capabilities.async_refresh(
                    self.client, unit_id, name=self.units[unit_id].name
                )
            await self._async_refresh_readings(unit_id)
        return result if isinstance(result, ACCOUNT_ERRORS) else None

    async def _async_refresh_readings(self, unit_id: str) -> None:
        """Read power, energy and humidity every few minutes, where the cloud gives them.

        A failure keeps the last readings: the unit's state came from its own query.
        """
        now = dt_util.utcnow()
        if not self.client.has_readings or now < self._readings_due.get(unit_id, now):
            return
        self._readings_due[unit_id] = now + READINGS_INTERVAL
        try:
            await self.client.read_readings(unit_id)
        except MideaError as err:
            LOGGER.debug(
                "Reading the power and humidity of %s failed: %s", self.unit_name(unit_id), err
            )

    async def _async_query(self, unit_id: str) -> AcState | MideaError:
        """Query one unit (the client waits for a command to it in progress); count the answer."""
        try:
            result: AcState | MideaError = await self.client.query(unit_id)
        except MideaError as err:
            result = err
        if not isinstance(result, ACCOUNT_ERRORS):
            self._record_query(unit_id, result)
        return result

    def _record_query(self, unit_id: str, result: AcState | MideaError) -> None:
        """Keep a unit's answer; a failure counts towards unavailability.

        An answer that arrives after the unit left the account is dropped.
        """
        if (unit := self.units.get(unit_id)) is None:
            return
        if isinstance(result, AcState):
            self._failures[unit_id] = 0
            async_update_unit_issues(self.hass, self.config_entry, unit_id, unit.name, result)
            return
        if isinstance(result, MideaApplianceOfflineError):
            self.units[unit_id] = replace(unit, online=False)
            return
        if isinstance(result, MideaApplianceNotFoundError | MideaInvalidParameterError):
            self._list_doubted = True
        self._failures[unit_id] = self._failures.get(unit_id, 0) + 1
        LOGGER.debug("Query of %s failed: %s", unit.name, result)

    def _is_available(self, unit_id: str) -> bool:
        return (
            self.units[unit_id].online
            and self.client.last_state(unit_id) is not None
            and self._failures.get(unit_id, 0) < FAILURES_BEFORE_UNAVAILABLE
        )

    def _snapshot(self) -> dict[str, UnitData]:
        """Build the data the entities read, logging units that went or came back."""
        data: dict[str, UnitData] = {}
        for unit_id, unit in self.units.items():
            available = self._is_available(unit_id)
            if not available and unit_id not in self._reported_unavailable:
                self._reported_unavailable.add(unit_id)
                LOGGER.info("%s is unavailable", unit.name)
            elif available and unit_id in self._reported_unavailable:
                self._reported_unavailable.discard(unit_id)
                LOGGER.info("%s is available again", unit.name)
            data[unit_id] = UnitData(
                unit,
                self.client.last_state(unit_id),
                available,
                self.capabilities.get(unit_id),
                self.client.last_readings(unit_id),
            )
        return data

    @callback
    def _publish(self) -> None:
        """Show what one unit just reported, without moving the next poll of the others."""
        self.data = self._snapshot()
        self.async_update_listeners()

    # Commands --------------------------------------------------------------------------------

    async def async_apply(self, unit_id: str, changes: AcChanges) -> None:
        """Send one SET; its reply is shown at once and a confirmation poll follows.

        Every SET also sets the unit's °F display flag to Home Assistant's unit system, when
        the unit can show °F.
        """
        if changes.fahrenheit_display is None and self.capabilities.get(unit_id).fahrenheit_display:
            changes = replace(changes, fahrenheit_display=uses_fahrenheit(self.hass))
        await self._async_command(
            unit_id, lambda beep: self.client.apply(unit_id, changes, beep=beep)
        )

    async def async_set_display(self, unit_id: str, on: bool) -> None:
        """Switch the display light; the frame toggles, so nothing is sent when it is already so."""
        await self._async_command(
            unit_id, lambda beep: self.client.set_display(unit_id, on, beep=beep)
        )

    async def _async_command(
        self, unit_id: str, send: Callable[[bool], Awaitable[AcState]]
    ) -> None:
        """Send one command with the beep option; show its reply and poll again to confirm.

        An unconfirmed command changes nothing on screen: the confirmation poll shows the truth.
        A 3176 (the cloud passed the command on, the unit did not answer) is not an error for
        the caller; a network failure, after which nobody knows whether it arrived, is. A
        failure is raised as the codec's error, after acting on it (reauthentication, a unit
        gone offline); the entity translates it.
        """
        beep: bool = self.config_entry.options.get(CONF_BEEP, DEFAULT_BEEP)
        try:
            state = await send(beep)
        except MideaUnconfirmedError as err:
            self._schedule_confirmation(unit_id)
            if not err.reached_cloud:
                raise
            LOGGER.debug("%s did not confirm the command", self.unit_name(unit_id))
            return
        except MideaAuthError, MideaDeviceQuotaError:
            self.config_entry.async_start_reauth(self.hass)
            raise
        except MideaApplianceOfflineError as err:
            self._record_query(unit_id, err)
            self._publish()
            raise
        self._record_query(unit_id, state)
        self._publish()
        self._schedule_confirmation(unit_id)

    def unit_name(self, unit_id: str) -> str:
        """The unit's name in the app, or its id once it left the account."""
        return unit.name if (unit := self.units.get(unit_id)) else unit_id

    def _schedule_confirmation(self, unit_id: str) -> None:
        if unit_id not in self.units:
            return
        if (cancel := self._confirmations.pop(unit_id, None)) is not None:
            cancel()
        self._confirmations[unit_id] = async_call_later(
            self.hass,
            CONFIRMATION_DELAY,
            HassJob(partial(self._start_confirmation, unit_id), cancel_on_shutdown=True),
        )

    @callback
    def _start_confirmation(self, unit_id: str, _now: datetime) -> None:
        self._confirmations.pop(unit_id, None)
        if unit_id in self.units:
            self.config_entry.async_create_background_task(
                self.hass, self._async_confirm(unit_id), f"{DOMAIN} confirmation poll"
            )

    async def _async_confirm(self, unit_id: str) -> None:
        """Query one unit after a command and show what it reports."""
        result = await self._async_query(unit_id)
        if isinstance(result, ACCOUNT_ERRORS):
            LOGGER.debug("Confirmation poll failed: %s", result)
            return
        self._publish()

    @callback
    def async_cancel_confirmations(self) -> None:
        """Cancel the pending confirmation polls (on unload)."""
        for cancel in self._confirmations.values():
            cancel()
        self._confirmations.clear()


def login_block_key(err: MideaRateLimitedError) -> str:
    """The cloud's 7610, or the client's own pause after three logins in an hour."""
    return "login_paused" if isinstance(err, MideaLoginBudgetError) else "rate_limited"


def account_failure(err: MideaError, other_app: str) -> HomeAssistantError:
    """The translated exception for a poll that failed for the whole account."""
    if isinstance(err, MideaAuthError):
        return ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="invalid_auth")
    if isinstance(err, MideaDeviceQuotaError):  # signing in again waits for the owner's fix
        return ConfigEntryAuthFailed(translation_domain=DOMAIN, translation_key="device_quota")
    if isinstance(err, MideaRateLimitedError):
        key, placeholders = login_block_key(err), {"until": format_deadline(err.until)}
    elif isinstance(err, MideaAccountNotFoundError):
        key, placeholders = "account_not_found", {"other_app": other_app}
    elif isinstance(err, MideaNetworkError):
        key, placeholders = "cannot_connect", {"error": str(err)}
    else:
        key, placeholders = "cloud_error", {"error": str(err)}
    return UpdateFailed(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )
