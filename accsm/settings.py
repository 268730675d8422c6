"""Settings for ACCSM Records.

One settings module for every deployment. Whatever differs between deployments
comes from the environment:

- ``DJANGO_SECRET_KEY``: required unless ``DJANGO_DEBUG`` is on.
- ``DJANGO_DEBUG``: "1"/"true"/"yes"/"on" turns debug mode on; off by default so
  that a forgotten variable never exposes tracebacks in production.
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names; required unless debugging.
- ``DATABASE_URL``: e.g. ``postgres://user@host/dbname``; default is the SQLite
  file ``db.sqlite3`` in the project folder.
- ``REDIS_URL``: optional; switches the cache from local memory to Redis.
- ``DJANGO_SECURE_SSL_REDIRECT``: with debug off, redirect HTTP to HTTPS (default on).
- ``DJANGO_BEHIND_PROXY``: trust the proxy's X-Forwarded-Proto and X-Forwarded-For headers (default off).
- ``DJANGO_PROXY_COUNT``: with DJANGO_BEHIND_PROXY, how many proxies in a row pass requests on, each
  appending to X-Forwarded-For (default 1); the client's address is the one the farthest appended.
- ``DJANGO_CSRF_TRUSTED_ORIGINS``: comma-separated origins, e.g. https://records.example.org.
- ``DJANGO_LOG_LEVEL``: the lowest level logged (default INFO).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.licence import LICENCE_TITLE, LICENCE_URL

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default=False):
    """Read a yes/no environment variable; unknown spellings are an error, not False."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use 1 or 0).")


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_count(name, default):
    """Read a whole number of at least 1; anything else is an error, not the default."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number of 1 or more.")
    return int(raw)


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    # A fixed key is harmless while debugging locally and keeps sessions valid
    # across restarts of the development server.
    SECRET_KEY = SECRET_KEY or "insecure-development-key-never-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
else:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off "
            "(a comma-separated list of host names)."
        )

INSTALLED_APPS = [
    # The admin with a second factor: Django's admin app whose default site is core's StaffAdminSite.
    "core.admin_apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    # Ours, lowest layer first: each imports only from the apps listed before it
    # (pyproject.toml's import-linter contract checks it).
    "core",
    "sources",
    "people",
    "meetings",
    "opendata",
    "public",
    "imports",
    "bench",
]

MIDDLEWARE = [
    "accsm.operations.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer early, so a refused or cached response still says who may read it.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, which keeps responses uncompressed; whitenoise compresses static files itself.
    "opendata.delivery.CompressionMiddleware",
    "opendata.delivery.LicenceLinkMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, as django-otp asks: marks request.user verified by a second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication (signed-in users bypass it) and inside the middleware
    # that adds security headers, so cached and 304 responses get them too.
    "accsm.page_cache.PublicCacheMiddleware",
    # Inside the page cache, so that its redirects are marked for revalidation like any public answer.
    "public.addresses.FormerSlugRedirectMiddleware",
    # Last, as django-axes asks, so it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failed sign-ins lock that account from that address for an hour.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# Axes keeps the fields of each failed sign-in; a mistyped recovery code is nearly a valid one.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# "That address" is the client's (django-axes reads it through django-ipware). Behind the proxy
# every connection comes from the proxy, so it is the address the trusted proxies appended to
# X-Forwarded-For, read from the right: what a client writes there itself stays to the left, and
# is ignored, so a made-up header neither escapes the lockout nor locks others out. Without a
# proxy the header is ignored altogether, since anyone could send one.
BEHIND_PROXY = env_flag("DJANGO_BEHIND_PROXY")
PROXY_COUNT = env_count("DJANGO_PROXY_COUNT", default=None)
if BEHIND_PROXY:
    PROXY_COUNT = PROXY_COUNT or 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"]
    AXES_IPWARE_PROXY_ORDER = "left-most"
    # ipware counts the proxies listed in the header; the nearest proxy is not listed (it is
    # REMOTE_ADDR), so the client is the address before the other PROXY_COUNT - 1.
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    # Strict, ipware would refuse a header longer than the proxies make it, that is any the
    # client added to, and fall back to no address at all.
    IPWARE_STRICT = False
else:
    if PROXY_COUNT is not None:
        raise ImproperlyConfigured(
            "DJANGO_PROXY_COUNT is set but DJANGO_BEHIND_PROXY is not: without it, forwarded "
            "headers are ignored (set DJANGO_BEHIND_PROXY=1 too, or unset DJANGO_PROXY_COUNT)."
        )
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Staff sign in with a password and a second factor (core/admin_site.py): a code from an
# authenticator app (TOTP) or a single-use recovery code, enrolled by create_staff_user or
# enrol_second_factor (core/second_factor.py).
OTP_TOTP_ISSUER = "ACCSM Records"
# The admin lists staff's devices but never shows their secrets again after enrolment.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

ROOT_URLCONF = "accsm.urls"
WSGI_APPLICATION = "accsm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "public.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer costs a page at most a second or two before it is
            # rendered without the cache (core/caching.py), rather than hanging the worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # One cache per process: correct all the same, since entries are keyed on the
    # data version read from the database (accsm/page_cache.py). Django's default
    # of 300 entries bounds its memory (pages are mostly 10-70 KB, exports up to 1 MB).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Argon2 first, as Django recommends; the others stay so that older hashes still verify, and each
# is rehashed with Argon2 when its owner next signs in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names so that whitenoise can serve them with
    # far-future cache headers; needs `collectstatic` outside debug mode.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Where the compressed whole-dataset files of /data/ are built, one folder per data version
# (opendata/bulk.py). Each server may keep its own: the files are rebuilt from the database.
BULK_DATA_DIR = Path(os.environ.get("DJANGO_BULK_DATA_DIR") or BASE_DIR / "var" / "bulk")

# The read-only JSON API. Its list filters are the HTML lists' FilterSets.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    # Every viewset sets opendata.api.ApiFilterBackend, this backend read strictly; a setting
    # naming it would import the API while DRF itself is being imported.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, with the error answers (400, 404, 406, 503) each operation can give.
    "DEFAULT_SCHEMA_CLASS": "opendata.api.ApiSchema",
    "EXCEPTION_HANDLER": "opendata.api.exception_handler",
    # "format" is a meeting filter (in person, virtual, hybrid), not a renderer choice.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ACCSM Records API",
    "DESCRIPTION": "Read-only records of ASEAN cooperation on civil service matters: meetings, who took part "
    "in them, officials, organisations, declarations, countries and the sources each fact comes from. List "
    "endpoints take the same filters as the HTML lists. Free to reuse under CC BY 4.0, crediting "
    "“ACCSM Records, compiled from the sources cited with each record”.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "LICENSE": {"name": LICENCE_TITLE, "url": LICENCE_URL},
    "CONTACT": {"name": "ACCSM Records"},
    "EXTERNAL_DOCS": {
        "description": "The data page: bulk downloads, licence and how to use them",
        "url": "/data/",
    },
    # Swagger UI from our own static files (drf-spectacular-sidecar): /api/docs/ works offline, in the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "displayRequestDuration": True},
    "COMPONENT_SPLIT_REQUEST": False,
    # Several models have a "kind"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "MeetingKindEnum": "meetings.models.MeetingKind",
        "MeetingFormatEnum": "meetings.models.MeetingFormat",
        "DeclarationKindEnum": "meetings.models.DeclarationKind",
        "OutcomeKindEnum": "meetings.models.OutcomeKind",
        "ParticipationRoleEnum": "meetings.models.ParticipationRole",
        "DeclarationRelationEnum": "meetings.models.DeclarationRelation",
        "OrganisationNameKindEnum": "people.models.OrganisationNameKind",
        "OrganisationClassificationEnum": "people.models.OrganisationClassification",
        "AseanStatusEnum": "people.models.AseanStatus",
        "DatePrecisionEnum": "core.dates.DatePrecision",
    },
}

# Any web page may read the public, read-only data (the API, Popolo, exports, feeds, sitemaps) with
# GET or HEAD: "Access-Control-Allow-Origin: *", which browsers never combine with cookies. The
# admin and the HTML pages are not covered.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_URLS_REGEX = r"^/(api/|feeds/|data/.+|[\w-]+\.(csv|ics)$|meetings/[\w-]+\.ics$|sitemap[\w-]*\.xml$)"
# Caches may keep a preflight's answer for a day.
CORS_PREFLIGHT_MAX_AGE = 86_400
# What a script on another origin may read beyond the simple headers.
CORS_EXPOSE_HEADERS = ["Content-Disposition", "ETag", "Last-Modified", "Link", "Retry-After"]

# Browsers never need to read these cookies from JavaScript.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    # Production serves HTTPS only; the health check stays reachable over
    # plain HTTP for the load balancer.
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict policy: every script and style comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Structured logs to stdout, one JSON object per line, each with its request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "accsm.operations.RequestIdFilter"}},
    "formatters": {"json": {"()": "accsm.operations.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Our request log already records every response; Django's own 4xx warnings repeat it.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
