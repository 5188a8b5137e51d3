from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import scan


@checks.register()
def clamd_url_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped CLAMD_URL is found when the portal is checked (make check-deploy), not at the first upload."""
    try:
        scan.scanner()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="uploads.E001")]
    return []
