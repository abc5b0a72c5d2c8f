"""One resilient HTTP client for every vendor adapter.

Why one: retries, backoff, rate-limit waits and timeouts are the same problem
for Solv, Cliniko and Qmatic, and getting them subtly different per vendor is
how a clinic ends up with a double booking. The rules:

- connect/read timeouts on every call, so a vendor can never hang a worker;
- retries with exponential backoff and full jitter on connection errors,
  timeouts, 5xx and 429, honouring `Retry-After` and `X-RateLimit-Reset`;
- a write that is not safe to repeat (`idempotent=False`, e.g. creating a
  booking) is retried only when the request provably never left (connect
  error), never after it may have reached the vendor;
- a wait longer than `max_wait` is not slept through: it becomes
  `BackendUnavailable(retry_after=...)` so staff hear at once;
- any other non-2xx response goes through the adapter's `error_mapper`,
  which turns the vendor's body into one of our exceptions.

Token renewal on 401 belongs in the adapter's `httpx.Auth` flow (httpx re-sends
the request once after the flow refreshes), not here.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from bot.backends import observe
from bot.backends.errors import BackendUnavailable, BookingError

logger = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_wait: float = 8.0
    """Longest server-requested wait we sleep through before giving up."""


DEFAULT_TIMEOUT = httpx.Timeout(connect=3.0, read=10.0, write=10.0, pool=3.0)

ErrorMapper = Callable[[httpx.Response], BookingError]


def retry_after_seconds(response: httpx.Response, *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, from Retry-After (seconds or HTTP date) or X-RateLimit-Reset."""
    current = time.time() if now is None else now
    header = response.headers.get("Retry-After")
    if header:
        header = header.strip()
        if header.isdigit():
            return float(header)
        try:
            parsed = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            parsed = None
        if parsed is not None:
            return max(0.0, parsed.timestamp() - current)
    reset = response.headers.get("X-RateLimit-Reset")
    if reset:
        try:
            return max(0.0, float(reset) - current)
        except ValueError:
            return None
    return None


def json_or_none(response: httpx.Response) -> Any:
    """The body as JSON, or None when it is not JSON (a proxy's HTML error page)."""
    try:
        return response.json()
    except ValueError:
        return None


class VendorHttp:
    """A thin wrapper over `httpx.Client` applying the retry rules above."""

    def __init__(
        self,
        *,
        vendor: str,
        base_url: str,
        error_mapper: ErrorMapper,
        headers: dict[str, str] | None = None,
        auth: httpx.Auth | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.vendor = vendor
        self.policy = policy or RetryPolicy()
        self._error_mapper = error_mapper
        self._sleep = sleep
        self.client = httpx.Client(base_url=base_url, headers=headers, auth=auth, timeout=timeout, transport=transport)

    def close(self) -> None:
        self.client.close()

    def request(
        self, method: str, url: str, *, idempotent: bool, changes: bool = True, **kwargs: Any
    ) -> httpx.Response:
        """Send with retries; return a 2xx response or raise a BookingError.

        `changes=False`: a POST that only reads; a lost answer is then plainly "not answering", never
        "may or may not have been made" (there was nothing to make).
        """
        policy = self.policy
        writes = changes and method.upper() not in SAFE_METHODS
        for attempt in range(1, policy.attempts + 1):
            last = attempt == policy.attempts
            try:
                response = self._attempt(method, url, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
                # The request never reached the vendor: repeating is safe even for a create.
                if last:
                    raise BackendUnavailable() from error
                self._pause(attempt, None, reason=type(error).__name__, method=method)
                continue
            except httpx.TransportError as error:
                # Read timeout, dropped connection: the vendor may have acted on it.
                if last or not idempotent:
                    raise BackendUnavailable(maybe_applied=writes) from error
                self._pause(attempt, None, reason=type(error).__name__, method=method)
                continue
            except httpx.RequestError as error:
                # An answer we could not read (a broken compressed body): the request did arrive.
                raise BackendUnavailable(maybe_applied=writes) from error
            if response.is_success:
                return response
            if response.status_code in RETRYABLE_STATUS:
                wait = retry_after_seconds(response)
                if response.status_code != 429 and not idempotent:
                    raise self._error_mapper(response)
                if last or (wait is not None and wait > policy.max_wait):
                    mapped = self._error_mapper(response)
                    if isinstance(mapped, BackendUnavailable) and mapped.retry_after is None:
                        mapped.retry_after = wait
                    raise mapped
                self._pause(attempt, wait, reason=str(response.status_code), method=method)
                continue
            raise self._error_mapper(response)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One HTTP call, reported to the observer hook by its status (or, with no answer, the error's name)."""
        started = time.perf_counter()
        status = "none"
        try:
            response = self.client.request(method, url, **kwargs)
            status = str(response.status_code)
            return response
        except Exception as error:  # a transport error, or an auth flow that could not renew its token
            status = type(error).__name__
            raise
        finally:
            observe.backend_call(self.vendor, status, time.perf_counter() - started)

    def _pause(self, attempt: int, server_wait: float | None, *, reason: str, method: str) -> None:
        if server_wait is not None:
            delay = server_wait
        else:
            delay = random.uniform(0, min(self.policy.max_delay, self.policy.base_delay * 2 ** (attempt - 1)))
        logger.info("%s %s: retrying after %s in %.2fs (attempt %d)", self.vendor, method, reason, delay, attempt)
        self._sleep(delay)

    def get_json(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, idempotent=True, **kwargs).json()
