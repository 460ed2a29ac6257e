"""A small reliable job queue on Redis lists, for `khabar worker` (ADR 0009).

A job is the dotted path of a function that takes no arguments (scheduled publishing
and the periodic jobs of settings.KHABAR_WORKER_JOBS). Every worker process, on any
machine, does the same four things against one Redis:

- schedule: each job is pushed onto the queue at most once per interval across all
  workers (`SET NX` of a "due" key that expires after the interval), and not while a
  run of it is still going on;
- take: `BLMOVE` moves a job from the queue into the worker's own processing list,
  and a per-job running lock (`SET NX`) makes sure a job never runs twice at once (a
  second copy taken while the first runs is dropped: the next interval runs it again);
- heartbeat: the worker's lease key and its running locks expire after
  KHABAR_WORKER_LEASE_SECONDS unless refreshed, which happens every third of that;
- reap: a worker whose lease has expired (SIGKILL, a machine gone) has its processing
  list moved back to the head of the queue and its running locks dropped, in one Lua
  script, so another worker runs those jobs again (at least once; the jobs are
  idempotent: publishing locks and re-checks each row).

A worker that is alive but cannot reach Redis for longer than its lease is reaped too,
and its job may then run twice at once; keep the lease well above Redis hiccups.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import uuid
from collections.abc import Iterable

import redis
from django.conf import settings

log = logging.getLogger("khabar.worker")

# Seconds a blocked BLMOVE waits before looking at the stop flag again.
TAKE_TIMEOUT = 1

_ENQUEUE = """
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('LPUSH', KEYS[3], ARGV[2])
return 1
"""

_ACK = """
redis.call('LREM', KEYS[1], 1, ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 1
"""

_RELEASE = """
if redis.call('LREM', KEYS[1], 1, ARGV[1]) > 0 then redis.call('RPUSH', KEYS[2], ARGV[1]) end
return 1
"""

_HEARTBEAT = """
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
for i = 3, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
return 1
"""

# KEYS: lease, processing, workers, queue; ARGV: worker id, running-lock key prefix,
# and "1" to reap even with a live lease (a worker handing back its own jobs on exit).
_REAP = """
if ARGV[3] ~= '1' and redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local moved = 0
while true do
  local message = redis.call('RPOP', KEYS[2])
  if not message then break end
  local ok, job = pcall(cjson.decode, message)
  if ok and type(job) == 'table' and job.path then
    local running = ARGV[2] .. job.path
    if redis.call('GET', running) == ARGV[1] then redis.call('DEL', running) end
  end
  redis.call('RPUSH', KEYS[4], message)
  moved = moved + 1
end
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[1])
return moved
"""


def _key(name: str) -> str:
    return f"{settings.CACHE_KEY_PREFIX}:jobs:{name}"


class JobQueue:
    """One worker process's view of the shared queue (thread-safe: redis-py pools)."""

    def __init__(self, url: str, *, lease_seconds: float, worker_id: str | None = None) -> None:
        # Commands answer at once except BLMOVE, which may wait TAKE_TIMEOUT.
        self.redis = redis.Redis.from_url(
            url,
            socket_connect_timeout=settings.KHABAR_REDIS_TIMEOUT,
            socket_timeout=TAKE_TIMEOUT + 4,
            health_check_interval=30,
        )
        self.lease_ms = max(1, int(lease_seconds * 1000))
        self.worker_id = worker_id or f"{socket.gethostname()}:{uuid.uuid4().hex[:12]}"
        self.queue = _key("queue")
        self.workers = _key("workers")
        self.processing = self._processing(self.worker_id)
        self.lease = self._lease(self.worker_id)
        self._running: set[str] = set()
        self._running_lock = threading.Lock()
        self._enqueue = self.redis.register_script(_ENQUEUE)
        self._ack = self.redis.register_script(_ACK)
        self._release = self.redis.register_script(_RELEASE)
        self._heartbeat = self.redis.register_script(_HEARTBEAT)
        self._reap = self.redis.register_script(_REAP)

    @staticmethod
    def _processing(worker_id: str) -> str:
        return _key(f"processing:{worker_id}")

    @staticmethod
    def _lease(worker_id: str) -> str:
        return _key(f"lease:{worker_id}")

    @staticmethod
    def running_key(path: str) -> str:
        return _key(f"running:{path}")

    # The control loop: heartbeat, schedule, reap.

    def heartbeat(self) -> None:
        with self._running_lock:
            running = [self.running_key(path) for path in self._running]
        self._heartbeat(
            keys=[self.lease, self.workers, *running], args=[self.worker_id, self.lease_ms]
        )

    def enqueue_due(self, path: str, *, interval: float) -> bool:
        """Push `path` unless it was pushed less than `interval` seconds ago or is running."""
        message = json.dumps({"id": uuid.uuid4().hex, "path": path})
        keys = [_key(f"due:{path}"), self.running_key(path), self.queue]
        return bool(self._enqueue(keys=keys, args=[max(1, int(interval * 1000)), message]))

    def reap(self) -> dict[str, int]:
        """Hand the jobs of every worker whose lease expired back to the queue."""
        reaped = {}
        for raw in self.redis.smembers(self.workers):
            other = raw.decode()
            if other == self.worker_id:
                continue
            moved = self._reap_worker(other, force=False)
            if moved >= 0:
                reaped[other] = moved
        return reaped

    def _reap_worker(self, worker_id: str, *, force: bool) -> int:
        keys = [self._lease(worker_id), self._processing(worker_id), self.workers, self.queue]
        args = [worker_id, _key("running:"), "1" if force else "0"]
        return int(self._reap(keys=keys, args=args))

    def leave(self) -> int:
        """On a clean exit: give back whatever this worker still holds, drop its lease."""
        return self._reap_worker(self.worker_id, force=True)

    # The consumers.

    def take(self) -> tuple[bytes, str] | None:
        """The next job (message, path), moved into this worker's processing list."""
        raw = self.redis.blmove(self.queue, self.processing, TAKE_TIMEOUT, "RIGHT", "LEFT")
        if raw is None:
            return None
        try:
            path = json.loads(raw)["path"]
        except (ValueError, KeyError, TypeError):
            log.error("dropping a malformed job message %r", raw[:200])
            self.redis.lrem(self.processing, 1, raw)
            return None
        return raw, path

    def claim(self, path: str) -> bool:
        """Take the running lock of `path`; False while another run of it goes on."""
        with self._running_lock:
            got = bool(
                self.redis.set(self.running_key(path), self.worker_id, nx=True, px=self.lease_ms)
            )
            if got:
                self._running.add(path)
        return got

    def done(self, raw: bytes, path: str) -> None:
        """The job is finished (or dropped): forget it and release its running lock."""
        self._ack(keys=[self.processing, self.running_key(path)], args=[raw, self.worker_id])
        with self._running_lock:
            self._running.discard(path)

    def give_back(self, raw: bytes) -> None:
        """Put a job taken but not started back at the head of the queue."""
        self._release(keys=[self.processing, self.queue], args=[raw])

    def running(self) -> Iterable[str]:
        with self._running_lock:
            return sorted(self._running)
