"""The rule of tests/ci.py: a missing part skips a test on a developer's machine and fails it under CI,
whatever way the CI variable is spelt."""

import pytest
from _pytest.outcomes import Failed, Skipped

from tests.ci import in_ci, needs


@pytest.mark.parametrize("value", ["true", "1", "yes", "TRUE", "on", "github-actions"])
def test_any_set_value_but_the_off_ones_means_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    assert in_ci()
    with pytest.raises(Failed, match="CI is set but chromium is missing"):
        needs("chromium is missing")


@pytest.mark.parametrize("value", [None, "", "0", "false", "False", "no", "off"])
def test_unset_or_off_skips_loudly(monkeypatch, capsys, value):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert not in_ci()
    with pytest.warns(UserWarning, match="chromium is missing"), pytest.raises(Skipped, match="NOT PASSED"):
        needs("chromium is missing")
    assert "WARNING: chromium is missing: SKIPPING, NOT PASSING." in capsys.readouterr().out
