"""Free ports and throwaway server processes, shared by the test suite and bench/.

Plain standard library (and the redis client): no pytest, no Django, so the
benchmarks import it without pulling in the test machinery, and production code
never imports it.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

# Ports of the packaged services, which CI's apt install may have started.
RESERVED_PORTS = frozenset({5432, 6379})
START_TIMEOUT = 30.0


class ServerError(RuntimeError):
    """A server that is installed failed to start: an environment error, not a skip."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now, avoiding the packaged ones."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port: int = sock.getsockname()[1]
        if port not in RESERVED_PORTS:
            return port


def start_redis(executable: str, directory: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Start redis-server on a free loopback port and wait until it answers PING.

    Nothing is persisted; the log goes to ``directory/redis.log``. The caller stops
    the process (kill, wait) and removes the directory.
    """
    import redis

    for _attempt in range(3):
        port = free_port()
        log = (directory / "redis.log").open("wb")
        process = subprocess.Popen(
            [
                executable,
                "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--daemonize", "no", "--dir", str(directory),
            ],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        client = redis.Redis(host="127.0.0.1", port=port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + START_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if client.ping():
                    client.close()
                    return process, port
            except redis.ConnectionError:
                time.sleep(0.02)
        process.kill()
        process.wait()
        client.close()
        # The usual cause is another process taking the port first: try another.
    raise ServerError(
        "redis-server did not start:\n"
        + (directory / "redis.log").read_text(errors="replace")[-2000:]
    )
