"""The portal's only settings file: every value that differs between a laptop
and production comes from the environment (see .env.example)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from protocol.storage_url import storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
# Rotating the key (README, "Rotating the secret key"): the old one stays here while what it signed (sessions,
# password-reset links) runs out, so nobody is signed out by the change.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in e-mails point here.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    # Two-factor sign-in (protocol/mfa): TOTP apps, and one-time recovery codes as django-otp's static tokens.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_celery_beat",
    "bootstrap",
    "protocol.parties",
    "protocol.notifications",
    "protocol.activities",
    "protocol.signoff",
    "protocol.agreement",
    "protocol.reports",
    "cooperation.documents",
    "cooperation.meetings",
    "cooperation.research",
    "cooperation.training",
    "cooperation.projects",
    "protocol.once",
    "protocol.uploads",
    "protocol.glossary",
    # The audit trail: auditlog records the writes, into protocol.audit's table (AUDITLOG_LOGENTRY_MODEL).
    "auditlog",
    "protocol.audit",
    # manage.py backup / restore (protocol/backup): the database, every stored file and a manifest in one archive.
    "protocol.backup",
    # The REST API (protocol/api): DRF, its OpenAPI schema, and Swagger UI served from the sidecar's static files.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "protocol.api",
]
# The benchmark and seed commands (bench/) write hundreds of thousands of rows: production never installs
# them (the image does not even ship bench/, see .dockerignore); the Makefile's bench targets turn them on.
if env.bool("PORTAL_DEV_TOOLS", default=False):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    # Outermost: every response, a redirect or a static file too, carries its request's id and gets its log line.
    "protocol.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Signed-in pages and pages with a CSRF token are never stored; outside CSRF's, to see the token's cookie.
    "protocol.security.NoStoreMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Who and from which address, for every audit entry the request writes (protocol/audit/middleware.py).
    "protocol.audit.middleware.AuditMiddleware",
    # A signed-in user's 403, and 404 on a record's URL, into the trail (protocol/audit/refusals.py).
    "protocol.audit.refusals.RefusalsMiddleware",
    "protocol.parties.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Ends a session idle for SESSION_IDLE_MINUTES or older than SESSION_MAX_HOURS (protocol/session_limits.py).
    "protocol.session_limits.SessionLimitsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Privileged roles and /admin/ pass the second factor before anything else (protocol/mfa/middleware.py).
    "protocol.mfa.middleware.MFARequiredMiddleware",
    # A service's "the record moved on" becomes a message and a redirect to the record (protocol/errors.py).
    "protocol.errors.MovedOnMiddleware",
]

ROOT_URLCONF = "protocol.urls"
WSGI_APPLICATION = "protocol.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "protocol.notifications.context_processors.unread_notifications",
                "protocol.registry_tags.area_navigation",
            ],
            # {% load portal %}: the registry's dashboard panels, for apps and the core alike.
            "libraries": {"portal": "protocol.registry_tags", "language": "protocol.language_tags"},
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool("POSTGRES_JIT", default=False):
    # The portal's queries are short: PostgreSQL's JIT compiled the plans of the big lists for ~1 s at
    # ten years of data (issue 10), far more than it saved. Off for the portal's connections only.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Redis as the cache: a Redis outage costs recomputed counts, not failed pages (protocol/cache.py), and a
# connection attempt gives up as soon as the broker's does.
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "protocol.cache.PortalRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("socket_connect_timeout", 2)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 5)

AUTH_USER_MODEL = "parties.User"
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins: pauses a username on one address after AXES_FAILURE_LIMIT of them, and an address
    # after AXES_ADDRESS_FAILURE_LIMIT for any usernames (protocol/parties/throttle.py).
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's party with the user (sessions signed in before this
    # backend was named sign in once more: the session records the backend's path).
    "protocol.parties.backends.PortalBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Higher: the staff of a party's office may well share one address.
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "protocol.parties.throttle.PortalAxesHandler"
AXES_CLIENT_IP_CALLABLE = "protocol.parties.throttle.client_address"
# Reverse proxies in front of the portal that each append the address they were reached from to X-Forwarded-For
# (1 in the compose stack: nginx). 0: the connection's address (runserver, or gunicorn reached directly).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "protocol.parties.views.locked_out"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
# A session ends after this long without the user doing anything, and this long after signing in in any case
# (protocol/session_limits.py). The cookie and the stored session outlive it by a day, so that whoever comes
# back the next morning is told why they were signed out instead of meeting a bare sign-in page.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = (SESSION_MAX_HOURS + 24) * 3600
# Who signs in with a second factor (protocol/mfa): role names of protocol/parties/roles.py, and "portal_admin"
# (the admin's staff accounts). /admin/ asks for it whatever this says.
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["coordinator", "document_admin", "portal_admin"])
# Steps of 30 s either side of now that a code may come from: 0 means a code lives 30 s (ASVS V6.5.5), at the
# cost of refusing an app whose clock is off by more than the step; 1 (django-otp's default) accepts about 90 s.
MFA_TOTP_TOLERANCE = env.int("MFA_TOTP_TOLERANCE", default=0)
# The name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = "Cooperation Protocol Portal"
# Wrong codes make the next attempt wait 1, 2, 4, 8... seconds (django-otp's throttling; 0 would turn it off).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Every password chosen in the portal (change, reset, admin): 12 characters or more, not a common one, not
# all digits, not like the account's own username, name or address (the user model has full_name, not
# Django's first and last names).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "protocol.parties.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "protocol.parties.passwords.PortalWordsValidator"},
]

# Languages: Chinese first, English second; users' own choice wins (see middleware).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
# Dates as 2026年12月1日 and 1 Dec 2026, the same on every page, e-mail and PDF (protocol/formats/).
FORMAT_MODULE_PATH = ["protocol.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    # Media (uploads, versions, thumbnails, generated reports, kept uploads): MEDIA_ROOT on disk unless
    # STORAGE_URL names S3-compatible object storage (s3://KEY:SECRET@host:port/bucket?region=...&secure=false),
    # which every replica and worker must share once there is more than one machine.
    "default": storage_from_url(env("STORAGE_URL", default="")),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: a folder of .eml files by default, SMTP (or anything) via EMAIL_URL.
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cooperation Portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: with no REDIS_URL tasks run in-process, so a laptop needs no broker.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request must not hang on a dead broker: fail fast, the outbox sweep delivers later.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# max_retries 0: a publish tries the broker once; otherwise kombu retries the connection for the whole
# broker_connection_timeout, holding every request that long while Redis is down. Worker and beat
# reconnect under their own settings (broker_connection_max_retries).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}
# The schedule lives in the database (a data migration installs it) so portal admins can change it
# in the admin (Periodic tasks); nothing here overwrites their edits when beat restarts.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
DJANGO_CELERY_BEAT_TZ_AWARE = True

# Outbox delivery: attempts before a message is marked failed, and the pause between them.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=5)
OUTBOX_RETRY_SECONDS = env.int("OUTBOX_RETRY_SECONDS", default=60)
# /healthz says "degraded" when the oldest pending outbox message is older than this (the sweep runs every
# minute; e-mail retries of one message take 15 minutes at the defaults above).
HEALTHZ_OUTBOX_DEGRADED_SECONDS = env.int("HEALTHZ_OUTBOX_DEGRADED_SECONDS", default=1800)

# HTTPS hardening is on whenever debug is off; a test or a TLS-less demo can opt out.
HTTPS_ONLY = env.bool("DJANGO_HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
# Under HTTPS the cookies carry the __Host- prefix (ASVS V3.3.1): the browser takes them only when Secure, for the
# whole site and without a Domain, so no sibling subdomain can set or shadow them.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS_ONLY else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS_ONLY else "csrftoken"
SECURE_HSTS_SECONDS = 31536000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
# The container healthcheck speaks plain HTTP inside the compose network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (no style= either): the portal's own JS and CSS are static files.
# data: images are Bootstrap's own CSS icons (select arrows, check marks, the close button).
# The admin lives under the same policy (templates/admin/djcelery/ replaces the one inline script it had).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],  # the portal has no <base>: none may be injected
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Logs (protocol/logs.py): one JSON object a line for a log store (production), or readable lines (`make run`);
# either way every line names its request id and Celery task id, and each request gets a line of its own.
LOG_FORMAT = env("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or plain.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "protocol.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "protocol.logs.PortalJsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(context)s%(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per task run drowns the useful lines; failures are still logged.
    "loggers": {
        "celery.app.trace": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # runserver's own line per request repeats protocol.request's; its warnings and errors stay.
        "django.server": {"level": "WARNING"},
    },
}

PAGE_SIZE = 25

# Audit trail (protocol/audit): one table for auditlog's entries and the portal's own events; fixtures and
# raw loads are not anyone's action.
AUDITLOG_LOGENTRY_MODEL = "audit.Entry"
AUDITLOG_DISABLE_ON_RAW_SAVE = True
# auditlog would store a client's X-Correlation-ID header in each entry: anyone's text (and past 255 characters a
# failed write on PostgreSQL). The portal has no correlation ids to give.
AUDITLOG_CID_HEADER = None
# auditlog's own migrations create its LogEntry table even though audit.Entry replaces it: an empty table whose
# foreign keys to users and content types make PostgreSQL refuse the truncation of those (the browser tests'
# flush). Without its migrations, the swapped-out model gets no table at all.
MIGRATION_MODULES = {"auditlog": None}

# Document library: the largest file accepted, in MB (see README for the allowed types).
DOCUMENT_MAX_UPLOAD_MB = env.int("DOCUMENT_MAX_UPLOAD_MB", default=100)
# Virus scan of every upload by ClamAV's daemon: unix:///run/clamav/clamd.ctl or tcp://host:3310; empty: off.
# clamd's StreamMaxLength must be at least DOCUMENT_MAX_UPLOAD_MB, or larger files are refused as unscanned.
CLAMD_URL = env("CLAMD_URL", default="")
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=60)

# The REST API (protocol/api, issue 17): personal access tokens or the browser's session (with CSRF), JSON only
# (DRF's browsable pages carry inline scripts the CSP refuses), errors in one shape (protocol/api/errors.py).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "protocol.api.authentication.PersonalTokenAuthentication",
        "protocol.api.authentication.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["protocol.api.permissions.StaffWithinTokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["protocol.api.throttling.PerTokenThrottle"],
    # Requests per token (or per signed-in session's user): "600/min", "10000/day"...
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_RATE_PER_TOKEN", default="600/min"),
        "session": env("API_RATE_PER_SESSION", default="600/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "protocol.api.pagination.KeysetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "protocol.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "protocol.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cooperation Protocol Portal API",
    "DESCRIPTION": "The joint activity ledger and the five areas of cooperation, for scripts of both parties. "
    "Authenticate with a personal access token: `Authorization: Bearer <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets of one field name in several areas ("status", "kind"): each named for its record.
    "ENUM_NAME_OVERRIDES": {
        "ActivityKindEnum": "protocol.activities.models.Kind",
        "ActivityStatusEnum": "protocol.activities.models.Status",
        "MeetingKindEnum": "cooperation.meetings.models.MeetingKind",
        "MeetingStatusEnum": "cooperation.meetings.models.MeetingStatus",
        "RsvpEnum": "cooperation.meetings.models.Rsvp",
        "RsvpAnswerEnum": "cooperation.meetings.api.ANSWER_CHOICES",
        "MinutesStatusEnum": "cooperation.meetings.models.MinutesStatus",
        "ActionItemStatusEnum": "cooperation.meetings.models.ActionItemStatus",
        "AnnualReportStatusEnum": "protocol.reports.models.ReportStatus",
        "ResearchProjectStatusEnum": "cooperation.research.models.ProjectStatus",
        "DeliverableStatusEnum": "cooperation.research.models.DeliverableStatus",
        "SessionStatusEnum": "cooperation.training.models.SessionStatus",
        "EnrolmentStatusEnum": "cooperation.training.models.EnrolmentStatus",
        "IpProjectStatusEnum": "cooperation.projects.models.ProjectStatus",
    },
    # Links from a list and a create to the operations on one record (protocol/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "protocol.api.schema.link_record_operations",
    ],
}
# A personal access token lasts at most this many days (the page offers shorter).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
