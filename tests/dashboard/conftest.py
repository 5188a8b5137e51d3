"""The meetings the calendar page tests need, made as the meetings tests make them."""

from tests.meetings.conftest import make_meeting  # noqa: F401  a fixture
