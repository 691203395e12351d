"""Settings of motcua: one module, every value from the environment, embedded defaults.

See docs/operations.md for the full list of variables. Nothing here is a secret: the secret
key is generated into the data folder on first run when SECRET_KEY is not set.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.env import env_bool, env_int, env_list, env_str, secret_key

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("DATA_DIR", str(Path.cwd() / "data"))).resolve()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Demo mode: the Hanoi demo data and its named accounts with known passwords. Demo accounts
# are refused at login unless the instance runs in demo mode (see accounts.backends).
DEMO_MODE = env_bool("MOTCUA_DEMO_MODE", False)

INSTALLED_APPS = [
    "motcua.adminsite.MotcuaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "motcua.accounts",
    "motcua.organizations",
    "motcua.audit",
    "motcua.calendars",
    "motcua.catalog",
    "motcua.notifications",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.printing",
    "motcua.api",
    "motcua.backoffice",
    "motcua.portal",
    "motcua.demo",
    "motcua.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.portal.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.audit.middleware.AuditContextMiddleware",
    # Axes last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.portal.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'motcua.sqlite3'}")
# Connections are kept a minute and checked before reuse: opening a PostgreSQL connection
# (and its authentication) cost more than a whole reception (bench/bench_reception.py).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; IMMEDIATE transactions take
    # the write lock up front, so two writers queue instead of failing with "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "motcua.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lockout after repeated failures (django-axes): per username and address.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"

# The identity provider for citizens (VNeID-style OpenID Connect in production). The local
# provider, the embedded default, signs citizens in with their identity number and password.
IDENTITY_PROVIDER = env_str("IDENTITY_PROVIDER", "motcua.accounts.identity.LocalIdentityProvider")

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Ho_Chi_Minh")
FORMAT_MODULE_PATH = ["motcua.formats"]

# --- Files and static assets ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "files")))
# WhiteNoise serves every asset from the app itself (no CDN); with finders it needs no
# collectstatic step in the embedded mode.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if STORAGE_BACKEND == "s3":  # django-storages, installed in the scaled mode
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
        },
    }

# Stored files of dossiers and of the citizens' data warehouse (issue 6): content-addressed,
# through the storage "documents". Local folder by default; S3-compatible object storage when
# STORAGE_BACKEND=s3 or DOCUMENTS_S3_BUCKET is set (django-storages, `pip install motcua[s3]`).
DOCUMENTS_S3_BUCKET = env_str("DOCUMENTS_S3_BUCKET")
if DOCUMENTS_S3_BUCKET or STORAGE_BACKEND == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET or env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "location": env_str("DOCUMENTS_S3_PREFIX", "documents"),
            # Files are served by the app after its permission check, never by public URL.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "documents"), "base_url": None},
    }
# The upload chain (documents/validation.py): the largest file when the component sets none,
# the pixel limit of an image (a decompression bomb is refused), the largest total size a
# DOCX/XLSX may unpack to and its largest compression ratio.
DOCUMENTS_MAX_FILE_MB = env_int("DOCUMENTS_MAX_FILE_MB", 20)
DOCUMENTS_MAX_IMAGE_PIXELS = env_int("DOCUMENTS_MAX_IMAGE_PIXELS", 80_000_000)
DOCUMENTS_MAX_UNPACKED_MB = env_int("DOCUMENTS_MAX_UNPACKED_MB", 200)
DOCUMENTS_MAX_ZIP_RATIO = env_int("DOCUMENTS_MAX_ZIP_RATIO", 100)

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "outbox-mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")

# --- Background tasks (Django's tasks API, database backend) --------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Paper originals (ADR 0006) -------------------------------------------------------------
# Received at or after 15:00, paper travels "the next morning": due this many working hours
# after the next working day opens (0 = at the opening itself).
PAPER_HANDOVER_MORNING_HOURS = env_int("PAPER_HANDOVER_MORNING_HOURS", 2)

# --- Printed forms (issue 6, ADR 0007) -----------------------------------------------------
# The address citizens reach the system at: the QR codes on Forms 01 and 04 point there.
# The staff queues colour a dossier "due soon" when this many working days or fewer are left.
DUE_SOON_WORKING_DAYS = env_int("DUE_SOON_WORKING_DAYS", 2)

PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# PEM files of the certificate authorities whose signatures `motcua forms verify` trusts (the
# demo CA in DATA_DIR/pki is trusted too when it exists).
PRINTING_TRUST_ROOTS = env_list("PRINTING_TRUST_ROOTS", [])
# Refuse to print a form when the issuing unit has no signing certificate (default: print it
# unsigned and say so on the paper and in the response).
PRINTING_REQUIRE_SIGNATURE = env_bool("PRINTING_REQUIRE_SIGNATURE", False)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "motcua.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
    # Per client address. The default cache is per process; in the scaled mode point CACHES at
    # a shared cache (database or Redis) so the limit holds across web processes.
    "DEFAULT_THROTTLE_RATES": {"public_lookup": env_str("PUBLIC_LOOKUP_RATE", "60/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "REST API v1 of the electronic one-stop system (hệ thống một cửa điện tử).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Names for choice sets that several components share under the same field name.
    "ENUM_NAME_OVERRIDES": {
        "GroupStatusEnum": "motcua.dossiers.groups.GroupStatus",
        "ReceptionInputChannelEnum": "motcua.api.dossier_writes.RECEPTION_CHANNELS",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
# The printed forms: WeasyPrint reports every rendering step and fontTools every subset at INFO.
LOGGING["loggers"] |= {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}}
