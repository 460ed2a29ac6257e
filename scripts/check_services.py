"""Fail with a clear message when PostgreSQL or Redis is not reachable (never skip)."""

import sys

import psycopg
import redis


def main(pg_url: str, redis_url: str) -> int:
    ok = True
    admin_url = pg_url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, connect_timeout=5) as conn:
            ctype = conn.execute(
                "SELECT datctype FROM pg_database WHERE datname = 'postgres'"
            ).fetchone()[0]
            print(f"PostgreSQL: ok ({admin_url}, ctype {ctype})")
    except psycopg.Error as exc:
        print(f"PostgreSQL is not reachable at {admin_url}: {exc}", file=sys.stderr)
        ok = False
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
        print(f"Redis: ok ({redis_url})")
    except redis.RedisError as exc:
        print(f"Redis is not reachable at {redis_url}: {exc}", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
