"""Settings for the test suite: the real settings with the demo allowances."""

import os

os.environ.setdefault("WOONKANS_DEMO", "true")
os.environ.setdefault("WOONKANS_STATIC_FINDERS", "true")

from .settings import *  # noqa: F403

# Fast hashing in tests; production hashing (Argon2) is asserted in accounts tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
# One process: the import task runs eagerly and reports progress to the same memory cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
