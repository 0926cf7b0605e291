"""A requests session that connects to one checked IP address, whatever DNS says later.

Checking that a push host resolves to public addresses and then letting the HTTP
client resolve the name again leaves a window (DNS rebinding): the second answer
may be 127.0.0.1. The session below connects every request to the address that
was checked. Only the TCP connection is redirected: the URL, the Host header, TLS
SNI and certificate verification still use the host name, so a push service's
certificate is verified exactly as before.

It also never follows redirects (a 3xx to an internal address is the same hole)
and ignores proxy variables from the environment (a proxy would resolve the name
itself).
"""

from __future__ import annotations

import socket
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util.connection import create_connection


def _connect(connection: HTTPConnection, address: str) -> socket.socket:
    """Open the TCP connection to the pinned address, as urllib3's _new_conn would."""
    try:
        return create_connection(
            (address, connection.port),
            connection.timeout,
            source_address=connection.source_address,
            socket_options=connection.socket_options,
        )
    except TimeoutError as exc:
        raise ConnectTimeoutError(connection, f"connection to {address} timed out") from exc
    except OSError as exc:
        raise NewConnectionError(connection, f"cannot connect to {address}: {exc}") from exc


class _PinnedHTTPConnection(HTTPConnection):
    def __init__(self, *args: Any, pinned_address: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pinned_address = pinned_address

    def _new_conn(self) -> socket.socket:
        return _connect(self, self.pinned_address)


class _PinnedHTTPSConnection(HTTPSConnection):
    def __init__(self, *args: Any, pinned_address: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pinned_address = pinned_address

    def _new_conn(self) -> socket.socket:
        return _connect(self, self.pinned_address)


class _PinnedPoolManager(PoolManager):
    def __init__(self, pinned_address: str, **kwargs: Any) -> None:
        self.pinned_address = pinned_address
        super().__init__(**kwargs)

    def _new_pool(
        self,
        scheme: str,
        host: str,
        port: int,
        request_context: dict[str, Any] | None = None,
    ) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.ConnectionCls = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        pool.conn_kw["pinned_address"] = self.pinned_address
        return pool


class _PinnedAdapter(HTTPAdapter):
    def __init__(self, pinned_address: str) -> None:
        self.pinned_address = pinned_address  # init_poolmanager, called below, needs it
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _PinnedPoolManager(
            self.pinned_address, num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs
        )


class PinnedSession(requests.Session):
    """A session whose every connection goes to ``pinned_address``; no redirects, no proxies."""

    def __init__(self, pinned_address: str) -> None:
        super().__init__()
        self.trust_env = False
        adapter = _PinnedAdapter(pinned_address)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    def get_redirect_target(self, resp: requests.Response) -> str | None:
        return None
