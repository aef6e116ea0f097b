"""Settings for every environment, read from the environment with embedded defaults.

With no DATABASE_URL / CELERY_BROKER_URL / REDIS_URL the service runs on SQLite (WAL),
a filesystem Celery broker and the database cache, so it needs no server at all.
"""

from .environment import BASE_DIR, VAR_DIR, env
from .security import *  # noqa: F403 - DEBUG, SECRET_KEY, ALLOWED_HOSTS, HTTPS settings

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_results",
    "djstripe",
    "leadsite.core",
    "enrichment",
    "billing",
    "pipeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "leadsite.core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]
# django-axes counts failed logins and refuses locked-out ones before Django's own backend (settings/abuse.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]

ROOT_URLCONF = "leadsite.urls"
WSGI_APPLICATION = "leadsite.wsgi.application"

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
            ],
        },
    },
]

# --- Database: PostgreSQL when DATABASE_URL is set, else embedded SQLite in WAL mode.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "leadsite.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# dj-stripe's own migration history (2.x → 2.11) spends minutes rebuilding tables; a new installation
# only needs its current schema, generated once into leadsite/djstripe_migrations (regenerate it with
# `makemigrations djstripe` after upgrading dj-stripe).
MIGRATION_MODULES = {"djstripe": "leadsite.djstripe_migrations"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (L2 for enrichment): Redis when REDIS_URL is set, else the database cache.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Django culls a database cache past MAX_ENTRIES (default 300: a third of enrichment's entries dropped at
    # every write past it); enrichment's entries expire by their TTLs instead.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "leadsite_cache",
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=1_000_000)},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pages:batches"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"

# --- Storage for uploads and results: local filesystem, or S3 through django-storages.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default=""),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": None,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Uploads
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- REST framework
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "leadsite.core.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "leadsite.core.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "leadsite.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "leadsite.core.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "leadsite.core.schema.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["leadsite.core.throttling.AnonThrottle", "leadsite.core.throttling.UserThrottle"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Leadsite API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package (static files), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery: a real broker when CELERY_BROKER_URL is set, else a filesystem broker (no server).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"  # its folders are made when Django starts (leadsite.core.var_dirs)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.2,
    }
else:
    # Redis/SQS redeliver an unacknowledged task after this many seconds: longer than any stage may take, or a
    # running stage would be delivered twice (a second delivery only waits for the batch's lock, then no-ops).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=7200)}
# A broker that does not answer fails a publish in about a second (the caller answers 503), not after minutes.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.3, "interval_max": 0.6}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=3600)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=3900)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TASK_ROUTES = {"enrichment.tasks.predictive_*": {"queue": "predictive"}}
CELERY_WORKER_QUEUES = env.list("CELERY_WORKER_QUEUES", default=["celery", "predictive"])

# --- Pipeline
PIPELINE_CHUNK_SIZE = env.int("PIPELINE_CHUNK_SIZE", default=2000)
# Processes that work ingest's chunks on PostgreSQL (0 = one per CPU). Celery's prefork children always
# work alone (they cannot fork); `process_file` and a solo/threads worker use the pool.
PIPELINE_WORKERS = env.int("PIPELINE_WORKERS", default=0)
DEFAULT_ORGANIZATION_COUNTRY = env.str("DEFAULT_ORGANIZATION_COUNTRY", default="US")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Domain settings, one module per app so each stays readable.
from .abuse import *  # noqa: E402,F403
from .accounts import *  # noqa: E402,F403
from .batches import *  # noqa: E402,F403
from .billing import *  # noqa: E402,F403
from .enrichment import *  # noqa: E402,F403
from .ingest import *  # noqa: E402,F403
from .scoring import *  # noqa: E402,F403
from .validation import *  # noqa: E402,F403

CELERY_BEAT_SCHEDULE = {**CELERY_BEAT_SCHEDULE, **BATCH_BEAT_SCHEDULE}  # noqa: F405
