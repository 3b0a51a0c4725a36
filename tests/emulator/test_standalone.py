"""The emulator stands alone: it imports none of the integration and no Home Assistant."""

from __future__ import annotations

from pathlib import Path
import subprocess
import sys

REPO_ROOT = Path(__file__).resolve().parents[2]
FOREIGN_PACKAGES = ("homeassistant", "custom_components")

PROBE = """
import sys
import midea_cloud_emulator, midea_cloud_emulator.cli
print("\\n".join(sorted(sys.modules)))
"""


def test_the_emulator_imports_no_home_assistant_and_none_of_the_integration() -> None:
    """Imported in a fresh interpreter (as ``scripts/emulator`` runs it), the emulator loads
    neither Home Assistant nor the integration: it is the other side of the wire."""
    loaded = subprocess.run(  # noqa: S603  (this interpreter, a fixed script)
        [sys.executable, "-c", PROBE], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.split()

    assert "midea_cloud_emulator.cloud" in loaded
    foreign = [name for name in loaded if name.split(".")[0] in FOREIGN_PACKAGES]
    assert foreign == []
