"""Config flow: account, reauthentication, reconfiguration and options."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import CONF_EMAIL, CONF_PASSWORD
from homeassistant.core import callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.selector import (
    BooleanSelector,
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)

if TYPE_CHECKING:
    # From 2026.9 Home Assistant validates with probatio and makes `import voluptuous` import it;
    # its flow methods are typed with probatio's classes.
    import probatio as vol
else:
    import voluptuous as vol

from .codec.profiles import DEFAULT_PROFILE, PROFILES
from .const import (
    CONF_APP,
    CONF_BEEP,
    CONF_SERVER,
    CONF_TARGET_STEP,
    DEFAULT_BEEP,
    DEFAULT_TARGET_STEP,
    DOMAIN,
    TARGET_STEPS,
)
from .issues import ISSUE_DEVICE_QUOTA
from .util import (
    AccountCheckError,
    account_settings,
    account_unique_id,
    async_check_account,
    normalise_server,
    with_app,
)

_APP_SELECTOR = SelectSelector(
    SelectSelectorConfig(
        options=list(PROFILES), translation_key=CONF_APP, mode=SelectSelectorMode.LIST
    )
)
_SERVER_SELECTOR = TextSelector(TextSelectorConfig(type=TextSelectorType.URL))
_PASSWORD_SELECTOR = TextSelector(
    TextSelectorConfig(type=TextSelectorType.PASSWORD, autocomplete="current-password")
)

USER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_EMAIL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.EMAIL, autocomplete="username")
        ),
        vol.Required(CONF_PASSWORD): _PASSWORD_SELECTOR,
        vol.Required(CONF_APP, default=DEFAULT_PROFILE): _APP_SELECTOR,
        vol.Optional(CONF_SERVER): _SERVER_SELECTOR,
    }
)
REAUTH_SCHEMA = vol.Schema({vol.Required(CONF_PASSWORD): _PASSWORD_SELECTOR})
RECONFIGURE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_APP): _APP_SELECTOR,
        vol.Optional(CONF_SERVER): _SERVER_SELECTOR,
        vol.Optional(CONF_PASSWORD): _PASSWORD_SELECTOR,
    }
)
OPTIONS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_BEEP): BooleanSelector(),
        vol.Required(CONF_TARGET_STEP): SelectSelector(
            SelectSelectorConfig(
                options=[
                    SelectOptionDict(value=str(step), label=f"{step:g} °C") for step in TARGET_STEPS
                ],
                mode=SelectSelectorMode.LIST,
            )
        ),
    }
)


class MideaCloudConfigFlow(ConfigFlow, domain=DOMAIN):
    """Add a Midea Air, NetHome Plus or MSmartHome account."""

    VERSION = 1
    MINOR_VERSION = 2

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> OptionsFlow:
        """Return the options flow."""
        return MideaCloudOptionsFlow()

    async def _async_check(
        self, data: Mapping[str, Any], errors: dict[str, str], placeholders: dict[str, str]
    ) -> dict[str, Any] | None:
        """Log in and list the units; return the data to store with the new session, or None
        after filling in the form errors."""
        try:
            return await async_check_account(self.hass, data)
        except AccountCheckError as err:
            errors[err.field] = err.error
            placeholders.update(err.placeholders)
            return None

    def _async_update_and_reload(
        self, entry: ConfigEntry, data: Mapping[str, Any], reason: str
    ) -> ConfigFlowResult:
        """Store the checked data and have the entry set up again with it, exactly once.

        A running entry's update listener reloads it when the account's settings changed; an
        entry that is not running (setup failed or retrying), or whose settings did not change
        (the same password entered again), is reloaded here.
        """
        running = entry.state is ConfigEntryState.LOADED
        settings_changed = account_settings(entry.data) != account_settings(data)
        self.hass.config_entries.async_update_entry(entry, data=data)
        if not (running and settings_changed):
            self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_abort(reason=reason)

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the account and check it by logging in and listing the units."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            email = user_input[CONF_EMAIL].strip()
            await self.async_set_unique_id(account_unique_id(email))
            self._abort_if_unique_id_configured()
            try:
                data = with_app(
                    {CONF_EMAIL: email, CONF_SERVER: normalise_server(user_input.get(CONF_SERVER))},
                    user_input[CONF_APP],
                    user_input[CONF_PASSWORD],
                )
            except AccountCheckError as err:
                errors[err.field] = err.error
            else:
                if (checked := await self._async_check(data, errors, placeholders)) is not None:
                    return self.async_create_entry(title=email, data=checked)
            user_input = {k: v for k, v in user_input.items() if k != CONF_PASSWORD}
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Start reauthentication after the cloud refused the stored password, or refused the
        login because too many devices are signed in to the account."""
        entry = self._get_reauth_entry()
        if ir.async_get(self.hass).async_get_issue(
            DOMAIN, f"{ISSUE_DEVICE_QUOTA}_{entry.entry_id}"
        ):
            return await self.async_step_reauth_device_quota()
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_device_quota(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Sign in again, with the stored credentials, once the owner has signed devices out."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        placeholders = {CONF_EMAIL: entry.data[CONF_EMAIL]}
        if (
            user_input is not None
            and (checked := await self._async_check(entry.data, errors, placeholders)) is not None
        ):
            return self._async_update_and_reload(entry, checked, "reauth_successful")
        return self.async_show_form(
            step_id="reauth_device_quota",
            data_schema=vol.Schema({}),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the new password of the same account."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        placeholders = {CONF_EMAIL: entry.data[CONF_EMAIL]}
        if user_input is not None:
            data = with_app(entry.data, entry.data[CONF_APP], user_input[CONF_PASSWORD])
            if (checked := await self._async_check(data, errors, placeholders)) is not None:
                return self._async_update_and_reload(entry, checked, "reauth_successful")
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=REAUTH_SCHEMA,
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the app or the server of the account."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            try:
                data = with_app(
                    {**entry.data, CONF_SERVER: normalise_server(user_input.get(CONF_SERVER))},
                    user_input[CONF_APP],
                    user_input.get(CONF_PASSWORD) or None,
                )
            except AccountCheckError as err:
                errors[err.field] = err.error
            else:
                if account_settings(data) == account_settings(entry.data):
                    return self.async_abort(reason="reconfigure_successful")
                if (checked := await self._async_check(data, errors, placeholders)) is not None:
                    return self._async_update_and_reload(entry, checked, "reconfigure_successful")
            user_input = {k: v for k, v in user_input.items() if k != CONF_PASSWORD}
        suggested = user_input or {
            CONF_APP: entry.data[CONF_APP],
            CONF_SERVER: entry.data.get(CONF_SERVER) or "",
        }
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(RECONFIGURE_SCHEMA, suggested),
            errors=errors,
            description_placeholders=placeholders,
        )


class MideaCloudOptionsFlow(OptionsFlow):
    """Behaviour options: beep on commands and the target temperature step."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and store the options."""
        if user_input is not None:
            return self.async_create_entry(
                data={
                    CONF_BEEP: user_input[CONF_BEEP],
                    CONF_TARGET_STEP: float(user_input[CONF_TARGET_STEP]),
                }
            )
        options = self.config_entry.options
        current = {
            CONF_BEEP: options.get(CONF_BEEP, DEFAULT_BEEP),
            CONF_TARGET_STEP: str(options.get(CONF_TARGET_STEP, DEFAULT_TARGET_STEP)),
        }
        return self.async_show_form(
            step_id="init", data_schema=self.add_suggested_values_to_schema(OPTIONS_SCHEMA, current)
        )
