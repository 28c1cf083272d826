"""What keeps a live room to the people in it: where it listens, its tokens, forms that cannot be forged, rate limits."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from collections.abc import Callable

# Join codes are typed from the screen as well as scanned: no 0/o, 1/l/i to misread. 10 characters of 31 are
# about 2^49 codes, which the failure limit below keeps out of reach of guessing.
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
JOIN_CODE_LENGTH = 10

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def join_code() -> str:
    """A fresh random join code, short enough to type from the projector."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def file_code() -> str:
    """A random part of a delegate's file name (says nothing of who or when)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def secret_token() -> str:
    """A fresh random token for a device or the facilitator (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """The SHA-256 of a token, as kept on disk: a device's token is never stored, only its digest."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def same(given: str, expected: str) -> bool:
    """Compare secrets in constant time."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


class Signer:
    """Signs a form's purpose and subject (a device, the facilitator, a joining browser) with the room's key.

    A form carries the signature as its CSRF token: a page on another site cannot know it, so it cannot post
    in a delegate's or the facilitator's name.
    """

    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, purpose: str, subject: str) -> str:
        """The token for one purpose and subject."""
        mac = hmac.new(self._key, f"{purpose}\n{subject}".encode("utf-8", "surrogatepass"), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()[:24]).decode("ascii")

    def check(self, purpose: str, subject: str, token: str) -> bool:
        """Whether a token is the one signed for this purpose and subject."""
        return same(token, self.sign(purpose, subject))


class AddressError(ValueError):
    """An address the room will not listen on, with why and what to do."""


def parse_host(text: str) -> IPAddress:
    """The IP address ``--host`` names ('localhost' is 127.0.0.1); a host name is refused, since it can change."""
    cleaned = text.strip().strip("[]")
    if cleaned.casefold() == "localhost":
        return ipaddress.IPv4Address("127.0.0.1")
    try:
        return ipaddress.ip_address(cleaned)
    except ValueError:
        raise AddressError(f"'{text}' is not an IP address; expected this laptop's address on the room's network, "
                           "such as 192.168.1.23 (or 127.0.0.1 for this laptop alone)") from None


def is_public(address: IPAddress) -> bool:
    """Whether listening there could take requests from the internet: a global address, or every interface."""
    return address.is_unspecified or address.is_global


def check_host(text: str, public: bool) -> IPAddress:
    """The address to listen on; a public one (or every interface) only with ``public``."""
    address = parse_host(text)
    if address.is_multicast:
        raise AddressError(f"{address} is a multicast address; expected this laptop's own address")
    if is_public(address) and not public:
        where = "every network this laptop is on" if address.is_unspecified else "the internet"
        raise AddressError(f"{address} would take answers from {where}; give a private address (192.168.x.x, "
                           "10.x.x.x, 172.16-31.x.x) or add --public if that is really meant")
    return address


def private_lan_address(candidates: Callable[[], list[str]] | None = None) -> IPAddress | None:
    """This laptop's address on a private network (Wi-Fi or a phone's hotspot), or None when it has none."""
    for text in (candidates or _candidate_addresses)():
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if address.is_private and not (address.is_loopback or address.is_link_local or address.is_unspecified):
            return address
    return None


def _candidate_addresses() -> list[str]:
    found = []
    # Connecting a UDP socket sends nothing: it only asks the routing table which local address would be used
    # for the default route (192.0.2.1 is a documentation address that no host answers on).
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found.extend(socket.gethostbyname_ex(socket.gethostname())[2])
    except OSError:
        pass
    return found


def url_host(address: IPAddress) -> str:
    """An address as it is written in a URL (IPv6 in brackets)."""
    return f"[{address}]" if address.version == 6 else str(address)


class RateLimit:
    """A token bucket per key (a client's address): ``burst`` requests at once, then ``per_second``.

    Memory is bounded: past ``max_keys`` buckets, the full ones (clients that have gone quiet) are forgotten.
    """

    def __init__(self, burst: float, per_second: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000) -> None:
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, cost: float = 1.0) -> bool:
        """Take ``cost`` from the key's bucket; False (take nothing) when it holds too little."""
        now = self.clock()
        tokens, stamp = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - stamp) * self.per_second)
        allowed = tokens >= cost
        self._buckets[key] = (tokens - cost if allowed else tokens, now)
        if len(self._buckets) > self.max_keys:
            self._forget(now)
        return allowed

    def retry_after(self, key: str) -> int:
        """Whole seconds until the key's bucket holds one request again."""
        tokens, stamp = self._buckets.get(key, (self.burst, self.clock()))
        missing = max(0.0, 1.0 - tokens)
        return max(1, int(missing / self.per_second + 0.999)) if self.per_second else 60

    def _forget(self, now: float) -> None:
        for key, (tokens, stamp) in list(self._buckets.items()):
            if tokens + (now - stamp) * self.per_second >= self.burst:
                del self._buckets[key]
