"""`STORAGE_URL`, the one setting that moves media (uploads, versions, thumbnails, generated reports, kept uploads)
from the local disk to S3-compatible object storage:

    s3://KEY:SECRET@host:port/bucket[/prefix]?region=...&secure=false&addressing=virtual

Empty (the default) keeps `MEDIA_ROOT` on disk. Key and secret are percent-encoded if they hold `/`, `:` or `@`;
without them boto3 finds credentials its own way (environment, instance role). Without a host it is Amazon S3
itself. Read by settings only; imports nothing of boto3, so the disk default costs nothing."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
S3_BACKEND = "protocol.object_storage.MediaS3Storage"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_QUERY = {"region", "secure", "addressing"}


def storage_from_url(url: str) -> dict:
    """The `STORAGES["default"]` entry that `url` names; a malformed URL stops start-up with the reason."""
    url = url.strip()
    if not url:
        return dict(FILESYSTEM)
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"STORAGE_URL must start with s3:// (or be empty for the local disk), not {url!r}.")
    bucket, _, prefix = parts.path.lstrip("/").partition("/")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_URL names no bucket: s3://KEY:SECRET@host:port/BUCKET.")
    query = _query(parts.query)
    secure = _flag(query.get("secure", "true"))
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("STORAGE_URL's port is not a number.") from None
    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "access_key": unquote(parts.username) if parts.username else None,
        "secret_key": unquote(parts.password) if parts.password else None,
        "region_name": query.get("region") or None,
        "endpoint_url": None,
        "use_ssl": secure,
        # Uploads never replace a stored file by the same name: as on disk, a free name is found instead.
        "file_overwrite": False,
        # Files are private: every read goes through the portal's access check, never a public URL.
        "default_acl": None,
        "querystring_auth": True,
    }
    if parts.hostname:
        scheme = "https" if secure else "http"
        options["endpoint_url"] = f"{scheme}://{parts.hostname}" + (f":{port}" if port else "")
        # Self-hosted servers (SeaweedFS, MinIO) name the bucket in the path; Amazon's own endpoint needs no help.
        options["addressing_style"] = query.get("addressing", "path")
    elif "addressing" in query:
        options["addressing_style"] = query["addressing"]
    if options.get("addressing_style") not in (None, "path", "virtual", "auto"):
        raise ImproperlyConfigured("STORAGE_URL's addressing must be path, virtual or auto.")
    if bool(options["access_key"]) != bool(options["secret_key"]):
        raise ImproperlyConfigured("STORAGE_URL gives a key without a secret (or a secret without a key).")
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def _query(query: str) -> dict[str, str]:
    values = parse_qs(query, keep_blank_values=True, strict_parsing=False)
    unknown = sorted(set(values) - _QUERY)
    if unknown:
        raise ImproperlyConfigured(
            f"STORAGE_URL has unknown parameters {', '.join(unknown)} (known: {', '.join(sorted(_QUERY))})."
        )
    return {name: value[-1] for name, value in values.items()}


def _flag(value: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"STORAGE_URL's secure must be true or false, not {value!r}.")
