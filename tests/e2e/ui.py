"""What the owner does in Home Assistant's frontend, as Playwright steps.

Playwright's CSS and role selectors pierce the frontend's open shadow roots, so a selector names
the element the owner sees, wherever the web components put it.
"""

from __future__ import annotations

from playwright.async_api import Locator, Page, expect

from .onboarding import Owner


async def log_in(page: Page, url: str, owner: Owner) -> None:
    """Sign in on the login page and wait for the app with its sidebar."""
    await page.goto(url)
    await page.locator("input[name=username]").fill(owner.username)
    await page.locator("input[name=password]").fill(owner.password)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("ha-sidebar")).to_be_visible()


async def search_integrations(page: Page, name: str) -> Locator:
    """On Settings → Devices & services: Add integration, searched for ``name``; the picker.

    The search field is the picker's first input (a placeholder on 2026.11, a label on 2026.3).
    """
    await page.get_by_role("button", name="Add integration").click()
    picker = page.locator("dialog-add-integration")
    await picker.locator("input").first.fill(name)
    return picker


class ConfigFlowDialog:
    """Settings → Devices & services → Add integration, and the flow's dialog."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.locator("dialog-data-entry-flow")

    async def start(self, url: str, integration: str) -> None:
        """Pick ``integration`` in the add-integration dialog and wait for its first form."""
        await self.page.goto(f"{url}/config/integrations/dashboard")
        picker = await search_integrations(self.page, integration)
        await picker.get_by_text(integration, exact=True).click()
        await expect(self.dialog.locator("ha-form")).to_be_visible()

    def field(self, name: str) -> Locator:
        """The form's input for the schema key ``name``."""
        return self.dialog.locator(f"input[name={name}]")

    async def choose(self, label: str) -> None:
        """Pick the option ``label`` of a list selector (the App: "MSmartHome", ...)."""
        option = self.dialog.get_by_role("radio", name=label, exact=True)
        await option.check()
        await expect(option).to_be_checked()

    async def submit(self) -> None:
        """Press Submit."""
        await self.dialog.get_by_role("button", name="Submit").click()

    async def finish(self) -> None:
        """Close the success step (which offers to name the new devices and pick areas)."""
        await self.dialog.get_by_role("button", name="Skip and finish").click()
        await expect(self.dialog.locator("ha-dialog")).to_have_count(0)


async def reload_entry(page: Page, url: str, domain: str) -> None:
    """The integration's page → the entry's menu (⋮, in the row's header) → Reload."""
    await page.goto(f"{url}/config/integrations/integration/{domain}")
    row = page.locator("ha-config-entry-row").first
    await row.get_by_role("button", name="Menu").first.click()
    await page.get_by_role("menuitem", name="Reload").click()


class ThermostatCard:
    """A dashboard's thermostat card with the HVAC-modes feature under the dial."""

    def __init__(self, page: Page) -> None:
        self.card = page.locator("hui-thermostat-card")
        self.target = self.card.locator("ha-big-number")

    @staticmethod
    def config(entity_id: str, hvac_modes: list[str]) -> dict[str, object]:
        """The card's dashboard configuration."""
        return {
            "type": "thermostat",
            "entity": entity_id,
            "features": [{"type": "climate-hvac-modes", "hvac_modes": hvac_modes}],
        }

    def mode_button(self, label: str) -> Locator:
        """The mode button whose tooltip is ``label`` ("Heat", "Cool", ...)."""
        return self.card.get_by_role("radio", name=label, exact=True)

    async def raise_target(self, presses: int) -> None:
        """Press the dial's "+" button (the second of its two outlined buttons)."""
        plus = self.card.locator(".buttons ha-outlined-icon-button").last
        for _ in range(presses):
            await plus.click()
