"""Run the emulator: ``python -m midea_cloud_emulator --help``."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
