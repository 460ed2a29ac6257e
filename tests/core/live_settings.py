"""Settings of the app servers and commands the replica and fault tests start.

The test settings, except that the page cache follows KHABAR_PAGE_CACHE as in
production (the test settings turn it off for the in-process suite).
"""

from khabar.settings.env import env_str
from khabar.settings.test import *  # noqa: F403

KHABAR_PAGE_CACHE = {"auto": bool(REDIS_URL), "on": True, "off": False}[  # noqa: F405
    env_str("KHABAR_PAGE_CACHE", "auto")
]
