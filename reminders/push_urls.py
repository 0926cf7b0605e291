"""Which Web Push endpoints the worker may POST to: pure checks of URLs and addresses.

A push endpoint is a URL a browser hands us and the worker later POSTs to, so a
careless check is a server-side request forgery hole. Two rules make it safe:

- The URL is parsed by the parser the HTTP client itself uses (pywebpush sends with
  requests, which parses with ``urllib3.util.parse_url``). Python's ``urlsplit``
  reads ``https://127.0.0.1\\@fcm.googleapis.com/x`` as a Google host while urllib3
  connects to 127.0.0.1; checking one parser's answer and sending with the other
  is the classic bypass. Anything the two could disagree on (userinfo, backslashes,
  whitespace, control or non-ASCII characters) is refused outright.
- The host must be a known push service (or the one configured test origin), and at
  send time every address it resolves to must be public: see
  :func:`refused_address`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

DEFAULT_PORTS = {"https": 443, "http": 80}
# NAT64 gateways translate this prefix to the IPv4 address in its last 32 bits.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class PushEndpointRefused(ValueError):
    """The endpoint is not one the worker may ever POST to."""


@dataclass(frozen=True)
class PushTarget:
    """A checked push endpoint: where the worker will connect."""

    url: str
    scheme: str
    host: str
    port: int
    # The explicitly configured local test server: plain HTTP, any address.
    is_test_origin: bool


def _origin(url: str) -> tuple[str, str, int] | None:
    """Return (scheme, host, port) of a configured origin such as http://127.0.0.1:8025."""
    if not url:
        return None
    parsed = parse_url(url)
    if not parsed.scheme or not parsed.host:
        raise PushEndpointRefused(f"the push test origin {url!r} is not an origin")
    scheme = parsed.scheme.lower()
    return (scheme, parsed.host.lower(), parsed.port or DEFAULT_PORTS.get(scheme, 0))


def _is_push_service(host: str, allowed_hosts: Iterable[str]) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in allowed_hosts)


def parse_push_endpoint(
    url: str, *, allowed_hosts: Sequence[str], test_origin: str = ""
) -> PushTarget:
    """Return where a push endpoint leads, or raise PushEndpointRefused.

    Accepted: ``https://<a push service host>/...`` on the default port, or any URL
    on exactly the configured test origin (scheme, host and port).
    """
    if not url.isascii() or any(c <= " " or c == "\x7f" or c == "\\" for c in url):
        raise PushEndpointRefused("whitespace, control characters and backslashes are refused")
    try:
        parsed = parse_url(url)
    except LocationParseError:
        raise PushEndpointRefused("not a URL") from None
    if parsed.auth is not None:
        raise PushEndpointRefused("user information in the URL is refused")
    if not parsed.scheme or not parsed.host:
        raise PushEndpointRefused("not an absolute URL")
    if parsed.fragment is not None:
        raise PushEndpointRefused("a fragment is refused")
    scheme = parsed.scheme.lower()
    host = parsed.host.lower()
    # Belt and braces: the standard library must read the same host.
    try:
        other = urlsplit(url).hostname
    except ValueError:
        raise PushEndpointRefused("not a URL") from None
    if other is None or other.lower() != host.strip("[]"):
        raise PushEndpointRefused("the URL is ambiguous")
    if scheme not in DEFAULT_PORTS:
        raise PushEndpointRefused("only https is accepted")
    port = parsed.port or DEFAULT_PORTS[scheme]
    if (scheme, host, port) == _origin(test_origin):
        return PushTarget(url=url, scheme=scheme, host=host, port=port, is_test_origin=True)
    if scheme != "https":
        raise PushEndpointRefused("only https is accepted")
    if port != DEFAULT_PORTS["https"]:
        raise PushEndpointRefused("push services listen on the default port")
    if not _is_push_service(host, allowed_hosts):
        raise PushEndpointRefused("not a known Web Push service")
    return PushTarget(url=url, scheme=scheme, host=host, port=port, is_test_origin=False)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address an IPv6 address carries to an IPv4 host, if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address: str) -> bool:
    """Return whether an IP address is on the public internet (not private, loopback, ...)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [ip]
    if isinstance(ip, ipaddress.IPv6Address) and (embedded := _embedded_ipv4(ip)) is not None:
        candidates.append(embedded)
    return all(
        candidate.is_global
        and not (
            candidate.is_private
            or candidate.is_loopback
            or candidate.is_link_local
            or candidate.is_multicast
            or candidate.is_reserved
            or candidate.is_unspecified
        )
        for candidate in candidates
    )


def refused_address(addresses: Sequence[str]) -> str | None:
    """Return the first address a push host must not resolve to, or None if all are public.

    Every address counts, not only the first: a name that resolves to one public and
    one private address could be connected to either.
    """
    if not addresses:
        return "(none)"
    for address in addresses:
        if not is_public_address(address):
            return address
    return None
