"""The one rule for tests that need a part the machine may lack (Chromium, PostgreSQL, Redis): on a developer's
machine they skip, loudly; under CI they fail, since CI provides every part and a skip there would pass
untested code. CI is on when the variable says anything but nothing / 0 / false / no / off."""

import os
import warnings

import pytest

_OFF = {"", "0", "false", "no", "off"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in _OFF


def needs(reason: str, *, module: bool = False) -> None:
    """Stop this test (or, with `module`, the whole module) for want of what `reason` names."""
    if in_ci():
        pytest.fail(f"CI is set but {reason}", pytrace=False)
    print(f"\nWARNING: {reason}: SKIPPING, NOT PASSING.")
    warnings.warn(reason, stacklevel=2)
    pytest.skip(f"SKIPPED, NOT PASSED: {reason}", allow_module_level=module)
