"""Development: DEBUG on, `.env` read, SQLite by default."""

from pathlib import Path

from khabar.settings.env import read_dotenv

read_dotenv(Path(__file__).resolve().parents[2] / ".env")

from khabar.settings.base import *  # noqa: E402, F403
from khabar.settings.env import env_bool, env_str  # noqa: E402

DEBUG = env_bool("KHABAR_DEBUG", True)
KHABAR_SERVE_MEDIA = env_bool("KHABAR_SERVE_MEDIA", True)
KHABAR_DEMO_PASSWORD = env_str("KHABAR_DEMO_PASSWORD", "")
