"""Settings for Rusmiddelsag, read from the environment.

Defaults are safe for a developer's laptop: SQLite and a filesystem Celery broker, so `make run`
needs no server. Production sets DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY and ALLOWED_HOSTS, plus the
HTTPS settings below (README, "Production"). With DEBUG off the app refuses to start without a real key.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")

# The development key is public (it is in this file), so it may only sign sessions on a developer's
# laptop, where DEBUG is on. Without DEBUG the app stops here rather than run on a guessable key: the
# tests bring their own key (config/test_settings.py), production sets SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "insecure-development-key-never-use-in-production"
# Values that are known to everyone who has read this repository: the development key and the
# placeholder in .env.example.
PUBLIC_SECRET_KEYS = {DEVELOPMENT_SECRET_KEY, "change-me"}
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if DEBUG and not SECRET_KEY:
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
if not DEBUG:
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Rusmiddelsag refuses to start without a secret key: set "
            "SECRET_KEY to a long random value (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DEBUG=1 on a development machine."
        )
    if SECRET_KEY in PUBLIC_SECRET_KEYS:
        raise ImproperlyConfigured(
            "SECRET_KEY is a publicly known placeholder (the development key or the value in .env.example). "
            "Set SECRET_KEY to a long random value of your own before starting with DEBUG off."
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY is too short: use at least 50 characters with at least 5 different ones "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_htmx",
    "simple_history",
    "cases.accounts.packages.LoginAttemptsConfig",  # axes, named in Danish
    "django_otp",
    "cases.accounts.packages.SecondFactorConfig",  # django_otp.plugins.otp_totp, named in Danish
    "csp",
    "drf_spectacular_sidecar",
    "cases",
    "tariffs",
    "plans",
    "visitation",
    "complaints",
    "followups",
    "cases.accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files (DKFDS included) from gunicorn without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, so static files keep their long caching; everything Django renders is no-store.
    "config.middleware.no_store",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside CSP, sessions, auth and messages, so the Danish 404 page gets the header and the policy.
    "config.middleware.project_not_found_page",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # 400, never a 500: control characters (NUL) in the path, query or form body stop here.
    "cases.middleware.ControlCharacterGuard",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After messages (they leave a Danish note on the login page) and OTP (they ask user.is_verified()).
    "cases.accounts.middleware.session_timeout",
    "cases.accounts.middleware.second_factor",
    # Axes wants to be last: it turns a locked-out authentication into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "cases.context_processors.roles",
                "cases.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    )
}
# PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: on the worklists' plans
# over a million cases that compilation alone took seconds while the query itself takes milliseconds
# (issue 11). The web's short OLTP queries never gain from it, so its connections turn it off unless
# DB_JIT=1 (a measurement that shows it helps). Reports run by hand can still SET jit = on.
# Parallel workers likewise: on two cores shared by the web's own workers, a Gather's start-up cost more than
# it saved on the start page's capped counts (20 ms serial, 38 ms parallel at 1M cases); DB_PARALLEL=1
# leaves PostgreSQL's default.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = [] if envbool("DB_JIT") else ["-c jit=off"]
    options += [] if envbool("DB_PARALLEL") else ["-c max_parallel_workers_per_gather=0"]
    if options:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "cases.User"

# Axes first: it refuses a locked-out username or address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the header's municipality or unit with the user (cases/accounts/backends.py).
    "cases.accounts.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # Among other attributes, the username: "sagsbehandler-glostrup" is not a password for that user.
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:home"
LOGOUT_REDIRECT_URL = "login"

# --- Lock-out after failed logins (django-axes) -----------------------------------------------
# A username is locked after LOGIN_FAILURE_LIMIT failures, an address after LOGIN_FAILURE_LIMIT_PER_ADDRESS
# (higher: a town hall's staff share one address behind NAT), each for LOGIN_COOLOFF_MINUTES after the
# last failure. Operators unlock early with `manage.py axes_reset_username <name>` (README).
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = envint("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 20)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "cases.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "cases.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "cases.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # only this username at this address: see LockoutHandler
# Behind a reverse proxy every request comes from the proxy: trust this many proxies' X-Forwarded-For.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# --- Second factor (django-otp, TOTP) ---------------------------------------------------------
# Approvers, administrators and superusers verify a code from an authenticator app after the password.
# Off by default so the demo (`make run`) logs in with a password alone; production turns it on.
REQUIRE_2FA = envbool("REQUIRE_2FA")
OTP_TOTP_ISSUER = "Rusmiddelsag"

# --- API tokens --------------------------------------------------------------------------------
# A token older than this is refused (401); `manage.py api_token --rotate <user>` issues a new one.
API_TOKEN_TTL = timedelta(days=envint("API_TOKEN_TTL_DAYS", 90))

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
# Danish for the messages Django REST framework's own catalogue leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# DKFDS is installed from npm (package.json) and served as published: its dist/ folder, untouched.
DKFDS_DIST = BASE_DIR / "node_modules" / "dkfds" / "dist"
if DKFDS_DIST.is_dir():
    STATICFILES_DIRS.append(("dkfds", DKFDS_DIST))
# Chart.js for the management view's charts, likewise from npm; without it the tables still tell it all.
CHARTJS_DIST = BASE_DIR / "node_modules" / "chart.js" / "dist"
if CHARTJS_DIST.is_dir():
    STATICFILES_DIRS.append(("chartjs", CHARTJS_DIST))

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"

# --- Sessions --------------------------------------------------------------------------------
# A session ends after SESSION_IDLE_MINUTES without a request and, however busy, SESSION_MAX_HOURS after
# the login (cases.accounts.middleware.session_timeout, which also tells the user why on the login page).
# The cookie itself lives as long as the longest session, so the server can still recognise a timed-out
# session and say so, rather than silently showing the login page.
SESSION_IDLE_TIMEOUT = timedelta(minutes=envint("SESSION_IDLE_MINUTES", 30))
SESSION_MAX_AGE = timedelta(hours=envint("SESSION_MAX_HOURS", 8))
SESSION_COOKIE_AGE = int(SESSION_MAX_AGE.total_seconds())
SESSION_COOKIE_HTTPONLY = True

# --- HTTPS (production, behind a TLS-terminating reverse proxy) -------------------------------
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES")
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
# Only behind a proxy that sets X-Forwarded-Proto itself (and strips the client's): otherwise a client
# could claim HTTPS.
if envbool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# --- Read-access log (GDPR art. 15) ---------------------------------------------------------
# How long a row of who-read-what is kept. Two years by default: a complaint to Styrelsen for
# Patientklager may come up to two years after the citizen learned of the matter, and the log is
# evidence then. Operators may lengthen it; the purge (daily, Celery beat) removes older rows.
ACCESS_LOG_RETENTION_DAYS = envint("ACCESS_LOG_RETENTION_DAYS", 730)

# --- Content-Security-Policy (django-csp 4) ----------------------------------------------------
# Everything from our own origin, nothing inline: no CDN, no inline script or style (htmx's indicator
# styles are switched off in base.html and live in app.css), no framing, no plugins. data: images for
# the SVG icons inside DKFDS's and Swagger UI's CSS.
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
    },
}

# The longest period one recommendation (and so one grant) may cover when its tariff has no fixed
# duration of its own. Municipalities re-visit a citizen in treatment at least yearly (Glostrup's rule,
# DOMAIN.md), so a longer grant is a typing error; 366 days lets a period run to the same date next
# year across a leap day. It also bounds the cost estimate, which prices a grant year by year.
MAX_GRANT_PERIOD_DAYS = envint("MAX_GRANT_PERIOD_DAYS", 366)

# --- Deadline sweep and e-mail ---------------------------------------------------------------
# The sweep (cases/sweep.py, every 5 minutes on Celery beat) tells the responsible people about an open
# deadline this many working days before it runs out, and again when it is overdue.
DEADLINE_DUE_SOON_WORKING_DAYS = envint("DEADLINE_DUE_SOON_WORKING_DAYS", 3)
# On a developer's laptop e-mails are printed by the worker, never sent; production sets EMAIL_HOST.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Rusmiddelsag <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------
# Without CELERY_BROKER_URL, use Kombu's filesystem transport so a laptop needs no broker server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = Path(os.environ.get("BROKER_DIR", BASE_DIR / ".broker"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Producer and consumer share one folder: a message written is a message to read.
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
        "polling_interval": 0.5,
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker logs through the project's LOGGING (CPR masking, format) instead of replacing the root handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cases.accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cases.api.exceptions.exception_handler",
    # JSON with a depth and size limit and no control characters (cases/api/parsers.py says why).
    "DEFAULT_PARSER_CLASSES": [
        "cases.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rusmiddelsag API",
    "DESCRIPTION": "Integrations-API for KABS og kommunernes systemer (version 1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # The schema and the docs are for logged-in users (or a token), not for anonymous visitors.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from our own static files (drf-spectacular-sidecar), not a CDN: see the CSP above.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets share the field name "kind" (deadlines, notifications): name each enum once.
    "ENUM_NAME_OVERRIDES": {
        "DeadlineKindEnum": "cases.models.deadline.DeadlineKind",
        "NotificationKindEnum": "cases.models.notification.NotificationKind",
        # Discharge reasons (case and discharge input) and the statuses of deadlines and follow-ups.
        "DischargeReasonEnum": "cases.models.states.DischargeReason",
        "DeadlineStatusEnum": "cases.models.deadline.DeadlineStatus",
        "FollowUpStatusEnum": "followups.models.FollowUpStatus",
        # Several serializers have an "outcome" or a "channel": each choice set gets its own name.
        "DecisionOutcomeEnum": "visitation.models.decision.Outcome",
        "InquiryChannelEnum": "cases.models.states.Channel",
        "ComplaintChannelEnum": "complaints.models.states.ComplaintChannel",
        "ComplaintAboutEnum": "complaints.models.states.About",
        "ComplaintStateEnum": "complaints.models.states.ComplaintState",
        "CaseStateEnum": "cases.models.states.CaseState",
        "ComplaintRouteEnum": "tariffs.choices.ComplaintRoute",
        "ReconsiderationOutcomeEnum": "complaints.models.states.ReconsiderationOutcome",
        "AppealOutcomeEnum": "complaints.models.states.AppealOutcome",
        "ConsentMethodEnum": "cases.models.consent.ConsentMethod",
    },
}

# --- Logging --------------------------------------------------------------------------------
# Every handler masks CPR numbers, so a stray f-string can never write one to a log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_cpr": {"()": "cases.logging.MaskCprFilter"},
        "expected_refusals": {"()": "cases.logging.ExpectedRefusalFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_cpr"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Refusals (403 another municipality's case, 404) are logged as one line, without a traceback.
        "django.request": {"filters": ["expected_refusals"]},
        # WeasyPrint narrates every rendering step at INFO; only its problems are worth a log line.
        "weasyprint": {"level": "WARNING"},
        # django-axes narrates every login and clean-up at INFO; lock-outs come at WARNING.
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
