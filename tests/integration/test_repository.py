"""What hassfest and HACS would check, since neither validator runs offline."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
import json
from pathlib import Path
import re
import struct
from typing import Any

from awesomeversion import AwesomeVersion
from homeassistant.const import __version__ as ha_version
import pytest
import voluptuous as vol
import yaml

from custom_components.midea_cloud import binary_sensor, config_flow, sensor, switch, util
from custom_components.midea_cloud.ac_mapping import ERROR_CODE_STATES, FAN_MODES
from custom_components.midea_cloud.codec.errors import (
    MideaAccountNotFoundError,
    MideaApiError,
    MideaApplianceOfflineError,
    MideaAuthError,
    MideaError,
    MideaLoginBudgetError,
    MideaNetworkError,
    MideaNoStateError,
    MideaProtocolError,
    MideaRateLimitedError,
)
from custom_components.midea_cloud.codec.profiles import PROFILES
from custom_components.midea_cloud.coordinator import account_failure
from custom_components.midea_cloud.entity import command_failure
from custom_components.midea_cloud.issues import (
    ISSUE_ACCOUNT_NOT_FOUND,
    ISSUE_DEVICE_QUOTA,
    ISSUE_FILTER,
    ISSUE_RATE_LIMITED,
    ISSUE_SESSION_TAKEN_OVER,
    ISSUE_UNIT_FAULT,
)

REPO = Path(__file__).parents[2]
PACKAGE = REPO / "custom_components" / "midea_cloud"
TRANSLATIONS = PACKAGE / "translations"
LANGUAGES = ["de", "en", "es", "fr", "it", "nl", "pl", "pt-BR", "ru", "zh-Hans"]
KEY = re.compile(r"^[a-z0-9-_]+$")
PLACEHOLDER = re.compile(r"{([^{}]*)}")
SINGLE_QUOTED_PLACEHOLDER = re.compile(r"'[^']*{[^}]+}[^']*'")
HTML_TAG = re.compile(r"<[a-z/][^>]*>", re.IGNORECASE)

# hassfest's INTEGRATION_MANIFEST_SCHEMA keys, plus the two it adds for custom integrations.
HASSFEST_MANIFEST_KEYS = {
    "domain", "name", "integration_type", "config_flow", "mqtt", "zeroconf", "ssdp",
    "bluetooth", "homekit", "dhcp", "usb", "documentation", "issue_tracker", "quality_scale",
    "requirements", "dependencies", "after_dependencies", "codeowners", "loggers", "disabled",
    "iot_class", "single_config_entry", "version", "import_executor",
}  # fmt: skip
HACS_REQUIRED_MANIFEST_KEYS = {
    "domain", "name", "codeowners", "documentation", "issue_tracker", "version",
}  # fmt: skip
HACS_JSON_KEYS = {
    "name", "content_in_root", "zip_release", "filename", "hide_default_branch", "country",
    "homeassistant", "hacs", "persistent_directory", "render_readme",
}  # fmt: skip
QUALITY_RULES = {
    "bronze": [
        "action-setup", "appropriate-polling", "brands", "common-modules",
        "config-flow-test-coverage", "config-flow", "dependency-transparency", "docs-actions",
        "docs-high-level-description", "docs-installation-instructions",
        "docs-removal-instructions", "entity-event-setup", "entity-unique-id",
        "has-entity-name", "runtime-data", "test-before-configure", "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions", "config-entry-unloading", "docs-configuration-parameters",
        "docs-installation-parameters", "entity-unavailable", "integration-owner",
        "log-when-unavailable", "parallel-updates", "reauthentication-flow", "test-coverage",
    ],
    "gold": [
        "devices", "diagnostics", "discovery-update-info", "discovery", "docs-data-update",
        "docs-examples", "docs-known-limitations", "docs-supported-devices",
        "docs-supported-functions", "docs-troubleshooting", "docs-use-cases",
        "dynamic-devices", "entity-category", "entity-device-class",
        "entity-disabled-by-default", "entity-translations", "exception-translations",
        "icon-translations", "reconfiguration-flow", "repair-issues", "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}  # fmt: skip


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return load_json(PACKAGE / "manifest.json")  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def strings() -> dict[str, Any]:
    return load_json(PACKAGE / "translations" / "en.json")  # type: ignore[no-any-return]


def test_manifest_keys_are_known_required_and_sorted(manifest: dict[str, Any]) -> None:
    """hassfest: known keys, domain and name first, the rest alphabetical; HACS: its six keys."""
    keys = list(manifest)
    assert set(keys) <= HASSFEST_MANIFEST_KEYS
    assert set(keys) >= HACS_REQUIRED_MANIFEST_KEYS
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])


def test_manifest_values(manifest: dict[str, Any]) -> None:
    """The domain matches the folder, URLs are https and not core's, the version parses."""
    assert manifest["domain"] == PACKAGE.name
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] == "cloud_polling"
    assert manifest["integration_type"] == "hub"
    assert manifest["codeowners"]
    assert all(owner.startswith("@") for owner in manifest["codeowners"])
    for key in ("documentation", "issue_tracker"):
        assert manifest[key].startswith("https://")
        assert not manifest[key].startswith("https://www.home-assistant.io/integrations")
    assert AwesomeVersion(manifest["version"]).valid
    assert all(isinstance(requirement, str) for requirement in manifest["requirements"])


def test_hacs_json() -> None:
    """HACS: known keys, a name, and a minimum version not newer than the one tested here.

    Not older than 2026.3 either: before it Home Assistant shows no icon of its own for a custom
    integration (the frontend asks the brands website, which no longer takes them).
    """
    hacs = load_json(REPO / "hacs.json")
    assert set(hacs) <= HACS_JSON_KEYS
    assert hacs["name"]
    minimum = AwesomeVersion(hacs["homeassistant"])
    assert minimum.valid
    assert "2026.3.0" <= minimum <= AwesomeVersion(ha_version)


@pytest.mark.parametrize(("name", "size"), [("icon.png", 256), ("icon@2x.png", 512)])
def test_brand_icon_is_a_square_png_of_the_right_size(name: str, size: int) -> None:
    """brand/icon.png is 256x256 and brand/icon@2x.png 512x512."""
    data = (PACKAGE / "brand" / name).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (size, size)


def test_quality_scale_lists_every_rule_done_or_exempt_with_a_reason() -> None:
    """Every rule up to Platinum is done, or exempt with a comment."""
    rules = yaml.safe_load((PACKAGE / "quality_scale.yaml").read_text(encoding="utf-8"))["rules"]
    expected = [rule for tier in QUALITY_RULES.values() for rule in tier]
    assert sorted(rules) == sorted(expected)
    for rule, value in rules.items():
        status = value if isinstance(value, str) else value["status"]
        assert status in ("done", "exempt"), rule
        if status == "exempt":
            assert value["comment"], rule


def _walk(node: Any, path: str = "") -> list[tuple[str, str]]:
    """Every (dotted key, text) pair of a translation tree."""
    if isinstance(node, str):
        return [(path, node)]
    pairs = []
    for key, child in node.items():
        pairs += _walk(child, f"{path}.{key}" if path else key)
    return pairs


def test_exactly_the_promised_languages_are_shipped() -> None:
    """One file per language of the README, and no other."""
    assert sorted(path.stem for path in TRANSLATIONS.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_keys_and_texts_are_well_formed(language: str) -> None:
    """hassfest: lower-case keys; texts trimmed, without HTML, URLs or quoted placeholders."""
    for path, text in _walk(load_json(TRANSLATIONS / f"{language}.json")):
        assert all(KEY.match(part) for part in path.split(".")), path
        assert text.strip() == text != "", path
        assert not HTML_TAG.search(text), path
        assert "://" not in text, path
        assert not SINGLE_QUOTED_PLACEHOLDER.search(text), path
        assert text.count("{") == text.count("}"), path
        assert all(KEY.match(name) for name in PLACEHOLDER.findall(text)), path


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_translation_is_complete_against_english(strings: dict[str, Any], language: str) -> None:
    """Every English key and no other, each text with the same placeholders and translated."""
    english = dict(_walk(strings))
    translated = dict(_walk(load_json(TRANSLATIONS / f"{language}.json")))

    assert sorted(set(english) - set(translated)) == [], "missing"
    assert sorted(set(translated) - set(english)) == [], "extra"
    for path, text in english.items():
        assert set(PLACEHOLDER.findall(translated[path])) == set(PLACEHOLDER.findall(text)), path
    copied = [path for path, text in english.items() if len(text) > 20 and translated[path] == text]
    assert copied == []


def _fields(schema: vol.Schema) -> set[str]:
    return {str(marker) for marker in schema.schema}


@pytest.mark.parametrize(
    ("section", "step", "schema"),
    [
        ("config", "user", config_flow.USER_SCHEMA),
        ("config", "reauth_confirm", config_flow.REAUTH_SCHEMA),
        ("config", "reconfigure", config_flow.RECONFIGURE_SCHEMA),
        ("options", "init", config_flow.OPTIONS_SCHEMA),
    ],
)
def test_every_form_field_has_a_label_and_a_description(
    strings: dict[str, Any], section: str, step: str, schema: vol.Schema
) -> None:
    """No raw field names on screen: each field has a label and a help text."""
    texts = strings[section]["step"][step]
    assert set(texts["data"]) == _fields(schema)
    assert set(texts["data_description"]) == _fields(schema)


def _string_arguments(module: Any, function: str, keyword: str | None) -> set[str]:
    """String constants passed to ``function`` (first argument, or ``keyword=``) in a module."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name != function:
            continue
        values = (
            [kw.value for kw in node.keywords if kw.arg == keyword] if keyword else node.args[:1]
        )
        for value in values:
            found |= {
                sub.value
                for sub in ast.walk(value)
                if isinstance(sub, ast.Constant) and isinstance(sub.value, str)
            }
    return found


def test_every_form_error_and_abort_is_translated(strings: dict[str, Any]) -> None:
    """Each error and abort reason the config flow can show has a text."""
    errors = _string_arguments(util, "AccountCheckError", None)
    assert errors <= set(strings["config"]["error"])
    aborts = _string_arguments(config_flow, "_abort_if_unique_id_mismatch", "reason")
    aborts |= {"already_configured", "reauth_successful", "reconfigure_successful"}
    assert aborts <= set(strings["config"]["abort"])


@pytest.mark.parametrize(
    "error",
    [
        MideaAuthError(),
        MideaAccountNotFoundError(),
        MideaRateLimitedError(datetime(2026, 1, 1, tzinfo=UTC)),
        MideaLoginBudgetError(datetime(2026, 1, 1, tzinfo=UTC)),
        MideaNetworkError("timed out"),
        MideaProtocolError("not JSON"),
        MideaApplianceOfflineError(),
        MideaNoStateError("no state"),
        MideaApiError(1234, "odd"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_every_exception_has_a_text_with_its_placeholders(
    strings: dict[str, Any], error: MideaError
) -> None:
    """Whatever the cloud does, the message shown is a translated text with no raw {key}."""
    for raised in (account_failure(error, "NetHome Plus"), command_failure(error, "Bedroom")):
        text = strings["exceptions"][raised.translation_key]["message"]
        assert set(PLACEHOLDER.findall(text)) <= set(raised.translation_placeholders or {})


# The placeholders each issue is raised with (issues.py, takeovers.py).
ISSUE_PLACEHOLDERS = {
    ISSUE_RATE_LIMITED: {"account", "until"},
    ISSUE_ACCOUNT_NOT_FOUND: {"account", "other_app"},
    ISSUE_DEVICE_QUOTA: {"account"},
    ISSUE_SESSION_TAKEN_OVER: {"account", "count", "hours"},
    ISSUE_UNIT_FAULT: {"name", "code"},
    ISSUE_FILTER: {"name"},
}


def test_every_issue_is_translated(strings: dict[str, Any]) -> None:
    """The repair issues have a title and a description using only the placeholders given."""
    assert set(strings["issues"]) == set(ISSUE_PLACEHOLDERS)
    for issue, texts in strings["issues"].items():
        assert set(texts) == {"title", "description"}
        used = set(PLACEHOLDER.findall(texts["title"] + texts["description"]))
        assert used <= ISSUE_PLACEHOLDERS[issue], issue


def test_entities_selectors_and_icons_are_translated(strings: dict[str, Any]) -> None:
    """Entity names, fan modes, error-code states, app names and icons exist for every key the
    code uses, and for no other."""
    icons = load_json(PACKAGE / "icons.json")["entity"]
    climate_key = "air_conditioner"  # MideaCloudClimate's translation key (see the snapshots)
    fan_states = strings["entity"]["climate"][climate_key]["state_attributes"]["fan_mode"]
    assert set(fan_states["state"]) == set(FAN_MODES)
    assert set(icons["climate"][climate_key]["state_attributes"]["fan_mode"]["state"]) == set(
        FAN_MODES
    )
    sensor_keys = {
        description.translation_key for description in (*sensor.SENSORS, *sensor.ACCOUNT_SENSORS)
    }
    assert sensor_keys == set(strings["entity"]["sensor"])
    assert sensor_keys == set(icons["sensor"])
    assert set(strings["entity"]["sensor"]["error_code"]["state"]) == set(ERROR_CODE_STATES)
    assert set(icons["sensor"]["error_code"]["state"]) <= set(ERROR_CODE_STATES)
    for platform, description in (
        ("binary_sensor", binary_sensor.FILTER_ALERT),
        ("switch", switch.DISPLAY),
    ):
        assert set(strings["entity"][platform]) == {description.translation_key}
        assert set(icons[platform]) == {description.translation_key}
    assert set(strings["selector"]["app"]["options"]) == set(PROFILES)


def module_table() -> list[str]:
    """The modules README's "which module owns what" table names, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("Which module owns what", 1)[1].split("\n\n", 2)[1]
    named: list[str] = []
    for line in table.splitlines()[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        folder = ""
        for name in re.findall(r"`([^`]+)`", cells[0]):
            folder, _, file_name = name.rpartition("/") if "/" in name else (folder, "", name)
            named.append(f"{folder}/{file_name}" if folder else file_name)
    return named


def test_every_module_has_one_owner_row_in_readme() -> None:
    """README's module table names every module of the integration and the codec, once, and
    nothing that is not there."""
    package = REPO / "custom_components" / "midea_cloud"
    modules = {
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if path.name != "__init__.py" or path.parent == package
    }
    named = module_table()
    assert sorted(named) == sorted(modules)
