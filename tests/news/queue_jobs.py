"""Jobs for the workers tests/news/test_job_queue.py starts: every start and end of a run
is a line `<job> <pid> start|end` in the file KHABAR_TEST_JOB_LOG."""

from __future__ import annotations

import os
import time
from pathlib import Path


def _note(job: str, what: str) -> None:
    with open(os.environ["KHABAR_TEST_JOB_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{job} {os.getpid()} {what}\n")


def slow_tick() -> None:
    """Takes longer than the workers' interval, so a second run would overlap if allowed."""
    _note("tick", "start")
    time.sleep(0.8)
    _note("tick", "end")


def blocking() -> None:
    """Runs until the file KHABAR_TEST_JOB_RELEASE exists (a job a worker dies inside)."""
    _note("block", "start")
    release = Path(os.environ["KHABAR_TEST_JOB_RELEASE"])
    while not release.exists():
        time.sleep(0.05)
    _note("block", "end")
