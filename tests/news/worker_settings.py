"""Settings of the `khabar worker` processes the job-queue tests start: the live test
settings, with the periodic jobs taken from KHABAR_WORKER_JOBS (test.py turns them off)."""

from khabar.settings.env import env_list
from tests.core.live_settings import *  # noqa: F403

KHABAR_WORKER_JOBS = env_list("KHABAR_WORKER_JOBS", [])
