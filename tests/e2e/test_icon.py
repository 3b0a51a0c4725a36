"""The integration's icon in a real browser, on the oldest release hacs.json names and the newest.

From 2026.3 Home Assistant serves a custom integration's own icon (its brand/ folder) to the
frontend; brands.home-assistant.io no longer takes custom integrations' icons. The brands website
is unreachable here, so an icon that shows came from Home Assistant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from playwright.async_api import Page
import pytest

from custom_components.midea_cloud.const import DOMAIN
from midea_cloud_emulator import CloudEmulator

from .api import HomeAssistantApi
from .conftest import DEMO, OWNER, REGION
from .home_assistant import FLOOR_HASS, INTEGRATION, LIVE_HASS, HomeAssistantProcess, free_port
from .onboarding import onboard
from .ui import log_in, search_integrations

BRANDS_WEBSITE = "brands.home-assistant.io"
HACS = json.loads((INTEGRATION.parents[1] / "hacs.json").read_text())
# Every <img> whose address names this integration, wherever the frontend's shadow roots put it.
OUR_IMAGES = """(domain) => {
  const images = [];
  const collect = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.localName === "img" && element.src.includes(domain)) {
        images.push({src: element.src, complete: element.complete, width: element.naturalWidth});
      }
      if (element.shadowRoot) collect(element.shadowRoot);
    }
  };
  collect(document);
  return images;
}"""


async def drawn_icons(page: Page) -> list[dict[str, Any]]:
    """Our images on the page, once each has loaded (or failed to)."""
    await page.wait_for_function(
        f"() => {{ const images = ({OUR_IMAGES})({DOMAIN!r});"
        " return images.length > 0 && images.every((image) => image.complete); }"
    )
    images: list[dict[str, Any]] = await page.evaluate(OUR_IMAGES, DOMAIN)
    return images


@pytest.mark.parametrize(
    ("hass", "release"),
    [(FLOOR_HASS, HACS["homeassistant"]), (LIVE_HASS, None)],
    ids=["floor", "newest"],
)
async def test_the_icon_shows_where_home_assistant_shows_integration_icons(
    hass: Path,
    release: str | None,
    *,
    tmp_path: Path,
    emulator: CloudEmulator,
    page: Page,
) -> None:
    """The integration's card and the *Add integration* list draw our 256 px icon, served by
    Home Assistant; nothing asks the brands website for it. Home Assistant reports none of our
    code (deprecated or blocking calls) while the account is added and polled."""
    process = HomeAssistantProcess(tmp_path / "config", free_port(), hass=hass)
    await process.start()
    try:
        if release is not None:
            assert str(process.version) == release
        asked: list[str] = []
        page.on("request", lambda request: asked.append(request.url))
        async with aiohttp.ClientSession() as http:
            api = HomeAssistantApi(http, process.url, await onboard(http, process.url, OWNER))
            await api.add_entry(
                DOMAIN,
                {
                    "email": DEMO.account,
                    "password": DEMO.password,
                    "app": DEMO.app,
                    "server": emulator.urls[REGION],
                },
            )
            assert await api.entry_states(DOMAIN) == ["loaded"]
        await log_in(page, process.url, OWNER)

        await page.goto(f"{process.url}/config/integrations/dashboard")
        card = await drawn_icons(page)
        await search_integrations(page, "Midea Cloud")
        listed = await drawn_icons(page)
    finally:
        await process.stop()

    assert len(listed) > len(card)  # the list's entry besides the card behind the dialog
    for image in card + listed:
        assert image["width"] == 256, image
        assert urlsplit(image["src"]).path.startswith(f"/api/brands/integration/{DOMAIN}/")
    website = [url for url in asked if urlsplit(url).hostname == BRANDS_WEBSITE]
    assert [url for url in website if DOMAIN in url] == []
    reports = process.reports()
    assert not reports, "Home Assistant reported our code:\n" + "\n".join(reports)
