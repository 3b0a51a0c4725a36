"""Shared test set-up.

Our package is imported before anything else: pytest-homeassistant-custom-component ships a
``custom_components`` package of its own, and whichever is imported first wins.
"""

from __future__ import annotations

import custom_components.midea_cloud  # noqa: F401  (must stay the first import)
