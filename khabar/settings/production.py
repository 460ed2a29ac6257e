"""Production: fails fast when a required variable is missing."""

from khabar.settings.base import *  # noqa: F403
from khabar.settings.env import env_bool, env_int, env_list, env_str

SECRET_KEY = env_str("KHABAR_SECRET_KEY")
if SECRET_KEY.startswith("dev-insecure"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("KHABAR_SECRET_KEY must be set to a real secret in production.")
DEBUG = False
ALLOWED_HOSTS = env_list("KHABAR_ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set KHABAR_ALLOWED_HOSTS to the site's host names.")

STORAGES = {
    # Like FileSystemStorage, but a full disk never leaves a half-written file.
    "default": {"BACKEND": "khabar.core.storage.AtomicFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_SSL_REDIRECT = env_bool("KHABAR_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("KHABAR_HSTS_SECONDS", 60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("KHABAR_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
