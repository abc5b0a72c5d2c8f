"""What the three HTTP adapters (Cliniko, Qmatic, Solv) share, so it is written once.

- settings: each vendor's own variables, its zone defaulting to the clinic's;
- construction: settings, the clock, and one resilient `VendorHttp` client
  (tests pass a transport, a timeout, a retry policy and a sleep that never
  sleeps);
- calls by route name (`call`): every URL comes from the adapter's route table;
- reading answers: JSON that is not JSON, or a body our models cannot read,
  is "could not read", never a crash;
- the common end of error mapping: a 404 on a path that cannot be "not
  found" means the base URL is wrong (and says which setting), 429 is a
  `RateLimited` that says when to try again, 5xx a `BackendUnavailable`;
  each vendor maps its own answers first;
- probes for `check-backend --deep`: one call, no retries, the raw status.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar, TypedDict, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_settings import BaseSettings

from bot.backends.errors import BackendUnavailable, BookingError, InvalidRequest, RateLimited
from bot.backends.http import DEFAULT_TIMEOUT, RetryPolicy, VendorHttp, retry_after_seconds
from bot.backends.probes import Probe, Verdict, verdict_of
from bot.backends.routes import Route, RouteTable
from bot.config import Settings, load
from bot.domain import Clock, system_clock

ModelT = TypeVar("ModelT", bound=BaseModel)
SettingsT = TypeVar("SettingsT", bound=BaseSettings)
T = TypeVar("T")


def vendor_settings(model: type[SettingsT], settings: Settings) -> SettingsT:
    """A vendor's settings from its own variables (a ConfigError names each one missing or malformed),
    its zone defaulting to the clinic's (CLINIC_TZ) where the admin set none for the vendor."""
    own = load(model)
    if getattr(own, "timezone", None) is None:
        own = own.model_copy(update={"timezone": settings.clinic_timezone})
    return own


class HttpOptions(TypedDict, total=False):
    """What tests (and nobody else) pass an adapter besides its settings."""

    clock: Clock
    sleep: Callable[[float], None]
    transport: httpx.BaseTransport | None
    timeout: httpx.Timeout
    policy: RetryPolicy | None


def wrong_url(variable: str, url: str, status: int = 404) -> str:
    return (
        f"The bot could not use the booking system: the base URL answered {status} — check {variable} (now {url}). "
        "Nothing was changed."
    )


def unreachable(url: httpx.URL | str, variable: str, error: Exception) -> str:
    """`could not reach http://host/path (ConnectError) — check X_BASE_URL`: the URL without its query."""
    shown = str(url).split("?", 1)[0]
    return f"The bot could not reach {shown} ({type(error).__name__}) — check {variable}. Nothing was changed."


class VendorBackend:
    """Base of an HTTP adapter; subclasses set the class attributes and the vendor's own error cases."""

    name: ClassVar[str]
    """Shown to staff ("Cliniko")."""
    vendor: ClassVar[str]
    """In logs ("cliniko")."""
    routes: ClassVar[RouteTable]
    base_url_variable: ClassVar[str]
    """The setting an admin fixes when the base URL is wrong ("CLINIKO_BASE_URL")."""

    def __init__(
        self,
        settings: Any,
        *,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._http = VendorHttp(
            vendor=self.vendor,
            base_url=self.base_url,
            error_mapper=self._map_error,
            headers=self._headers(),
            auth=self._auth(clock),
            timeout=timeout,
            policy=policy,
            sleep=sleep,
            transport=transport,
        )
        self._base_path = urlsplit(self.base_url).path.rstrip("/")

    # -- what a vendor says about itself ---------------------------------------------------
    @property
    def base_url(self) -> str:
        raise NotImplementedError

    def _headers(self) -> dict[str, str]:
        return {"Accept": "application/json"}

    def _auth(self, clock: Clock) -> httpx.Auth | None:
        return None

    def _read_error(self, response: httpx.Response) -> tuple[str, dict[str, str]]:
        """The vendor's words for an error answer: (text, {field: message}); never the raw body."""
        return response.reason_phrase or f"HTTP {response.status_code}", {}

    def _vendor_error(
        self, response: httpx.Response, route: Route | None, text: str, fields: dict[str, str]
    ) -> BookingError | None:
        """The vendor's own cases; None leaves the answer to the common ones."""
        return None

    def setting_for(self, url: httpx.URL) -> str:
        """The setting that names the host of `url` (a vendor with a separate token URL overrides)."""
        return self.base_url_variable

    # -- calls -------------------------------------------------------------------------------
    def call(
        self,
        name: str,
        *,
        params: Any = None,
        json: Any = None,
        idempotent: bool | None = None,
        **path: str | int,
    ) -> httpx.Response:
        route = self.routes[name]
        safe = route.safe_to_repeat if idempotent is None else idempotent
        return self._http.request(
            route.method, route.url(**path), idempotent=safe, changes=not route.reads_only, params=params, json=json
        )

    @property
    def unreadable(self) -> str:
        return f"{self.name} answered with something the bot could not read. Please try again in a minute."

    def json_of(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as error:
            raise BackendUnavailable(self.unreadable) from error

    def parse(self, model: type[ModelT], data: Any) -> ModelT:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise BackendUnavailable(self.unreadable) from error

    def parse_with(self, adapter: TypeAdapter[T], data: Any) -> T:
        try:
            return adapter.validate_python(data)
        except ValidationError as error:
            raise BackendUnavailable(self.unreadable) from error

    @property
    def http(self) -> VendorHttp:
        return self._http

    def now(self) -> datetime:
        return self._clock()

    def close(self) -> None:
        self._http.close()

    # -- errors --------------------------------------------------------------------------------
    def _route_of(self, request: httpx.Request) -> Route | None:
        # The raw path keeps an id with a slash in it ("..%2Fx") one segment, as the vendor saw it.
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        if self._base_path and path.startswith(self._base_path + "/"):
            path = path[len(self._base_path) :]
        return self.routes.match(request.method, path)

    def _map_error(self, response: httpx.Response) -> BookingError:
        route = self._route_of(response.request)
        text, fields = self._read_error(response)
        specific = self._vendor_error(response, route, text, fields)
        if specific is not None:
            return specific
        status = response.status_code
        if status == 404 and (route is None or not route.placeholders):
            # A listing or a fixed path cannot be "not found": the host answered, but not as this vendor.
            return InvalidRequest(wrong_url(self.setting_for(response.request.url), self.base_url))
        if status == 429:
            wait = retry_after_seconds(response)
            when = f"in {round(wait)} seconds" if wait is not None else "in a minute"
            return RateLimited(
                f"{self.name} is limiting how fast the bot may call it ({text}). Nothing was changed; "
                f"please try again {when}.",
                retry_after=wait,
            )
        if status >= 500:
            return BackendUnavailable(
                f"{self.name} answered with a server error ({status}). Please try again in a minute."
            )
        if status in (400, 422):
            return InvalidRequest(f"{self.name} rejected the change ({text}).", field_errors=fields)
        return InvalidRequest(f"{self.name} refused the request ({status}: {text}).")

    # -- probes (check-backend --deep) -----------------------------------------------------------
    def probe(
        self,
        call: str,
        name: str,
        *,
        read: Callable[[httpx.Response], Any],
        works: str | Callable[[Any], str],
        otherwise: str,
        needed: bool = True,
        params: Any = None,
        json: Any = None,
        **path: str | int,
    ) -> tuple[Probe, Any]:
        """Call route `name` once (no retries, no error mapping) and judge the answer; (row, what `read` gave)."""
        route = self.routes[name]
        label = f"{call} [{'assumed' if route.assumed else 'published'}]"
        try:
            response = self._http.client.request(route.method, route.url(**path), params=params, json=json)
        except httpx.TransportError as error:
            url = error.request.url if _has_request(error) else self.base_url
            return Probe(
                label, None, Verdict.UNREACHABLE, unreachable(url, self.setting_for(httpx.URL(str(url))), error), needed
            ), None
        except BookingError as error:  # an auth flow that could not read the token answer
            return Probe(label, None, Verdict.SHAPE, f"{error.staff_message} {otherwise}", needed), None
        if not response.is_success:
            return Probe(label, response.status_code, verdict_of(response.status_code), otherwise, needed), None
        try:
            value = read(response)
        except (ValueError, BookingError):
            return Probe(label, response.status_code, Verdict.SHAPE, otherwise, needed), None
        action = works(value) if callable(works) else works
        return Probe(label, response.status_code, Verdict.WORKS, action, needed), value


def _has_request(error: httpx.TransportError) -> bool:
    try:
        error.request  # noqa: B018 - httpx raises RuntimeError when the error carries no request
    except RuntimeError:
        return False
    return True
