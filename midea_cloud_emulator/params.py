"""Reading required form fields of a call."""

from __future__ import annotations

from .cloud import Call
from .errors import VALUE_ILLEGAL, CloudError


def required(call: Call, name: str) -> str:
    """The field ``name``, or 3004 when it is missing or empty."""
    value = call.params.get(name, "")
    if not value:
        raise CloudError(VALUE_ILLEGAL)
    return value
