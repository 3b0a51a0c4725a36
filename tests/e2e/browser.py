"""Debian's Chromium, headless, driven by Playwright; never a browser Playwright downloads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
import io
from pathlib import Path

from PIL import Image
from playwright.async_api import Locator, Page, Route, ViewportSize, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
# Home Assistant's brands website; since 2026.3 the frontend asks Home Assistant for brand images.
BRANDS_WEBSITE = "https://brands.home-assistant.io/**"
ICONS_DRAWN = """() => {
  const icons = [];
  const collect = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (element.localName === "ha-icon") icons.push(element);
      if (element.shadowRoot) collect(element.shadowRoot);
    }
  };
  collect(document);
  return icons.every((icon) => icon.shadowRoot?.querySelector("ha-svg-icon")?.path);
}"""


@asynccontextmanager
async def browser_page() -> AsyncIterator[Page]:
    """A page in a headless Chromium with a fresh profile (Playwright's temporary one)."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            context = await browser.new_context(viewport=VIEWPORT)
            await context.route(BRANDS_WEBSITE, _unreachable)
            yield await context.new_page()
        finally:
            await browser.close()


async def _unreachable(route: Route) -> None:
    """Refused at once, as this machine has no internet (rather than after a timeout)."""
    await route.abort()


async def save_screenshot(target: Page | Locator, path: Path) -> None:
    """A screenshot once every icon is drawn, reduced to a 256-colour PNG small enough to commit.

    The frontend loads icons after the page (by name, from a separate bundle).
    """
    page = target if isinstance(target, Page) else target.page
    await page.wait_for_function(ICONS_DRAWN)
    image = Image.open(io.BytesIO(await target.screenshot(animations="disabled")))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").quantize(colors=256).save(path, optimize=True)
