import pytest

pytest_plugins = ["tests.personas"]


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # Production uses whitenoise's manifest, which needs collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Personas are created in every test; a slow password hash would dominate the suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
