"""Cliniko calls: JSON reads, list pages followed through `links.next`, and reference data kept for a while.

Every list is paged (at most 100 a page) and `links.next` is the only safe way
on. Cliniko writes that link in more than one shape: absolute in the readme's
example (`https://api.cliniko.com/v1/appointments?page=4`), relative without
the `/v1` in the available_times example (`/businesses/1/…?page=1`), and a
proxy may hand on host-relative ones (`/v1/patients?page=2`). Each is
re-anchored on the configured base URL, so the API key is never sent to a
host the admin did not configure; a link to a path no route of ours has is
refused as unreadable.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel

from bot.backends.cliniko.models import AccountSettings, AppointmentType, Business, PractitionerBody
from bot.backends.cliniko.routes import ROUTES
from bot.backends.cliniko.translate import iana_zone
from bot.backends.errors import AppointmentNotFound, BackendUnavailable, InvalidRequest, NotAuthorised

if TYPE_CHECKING:
    from bot.backends.cliniko.adapter import ClinikoBackend

ModelT = TypeVar("ModelT", bound=BaseModel)
Params = list[tuple[str, str]]

PER_PAGE = 100
MAX_PAGES = 50
REFERENCE_TTL = timedelta(hours=1)
"""Businesses, practitioners and appointment types change rarely; an hour keeps a renamed one from lingering."""


class ClinikoApi:
    def __init__(self, backend: ClinikoBackend, *, fallback_zone: str, account_zone: str | None) -> None:
        self.backend = backend
        self._base_path = urlsplit(backend.base_url).path.rstrip("/")
        self._fallback_zone = fallback_zone
        self._account_zone_setting = account_zone
        self._cache: dict[str, tuple[datetime, Any]] = {}

    # -- reading ---------------------------------------------------------------------------------
    def get(self, name: str, params: Params | None = None, **path: Any) -> Any:
        return self.backend.json_of(self.backend.call(name, params=params, **path))

    def one(self, name: str, model: type[ModelT], **path: Any) -> ModelT:
        return self.backend.parse(model, self.get(name, **path))

    def pages(
        self, name: str, collection: str, params: Params, *, per_page: int = PER_PAGE, **path: Any
    ) -> Iterator[tuple[list[Any], bool]]:
        """Each page's items, and whether Cliniko has more after it (callers re-check every item they keep)."""
        route = ROUTES[name]
        url: str | None = route.url(**path)
        query: Params | None = [*params, ("per_page", str(per_page))]
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            if url is None:
                return
            body = self.backend.json_of(self.backend.http.request("GET", url, idempotent=True, params=query))
            items = body.get(collection) if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise BackendUnavailable(self.backend.unreadable)
            links = body.get("links")
            link = links.get("next") if isinstance(links, dict) else None
            url = self.follow(link, name) if isinstance(link, str) and link else None
            query = None
            if url is not None and url in seen:
                url = None
            if url is not None:
                seen.add(url)
            yield items, url is not None
        raise BackendUnavailable("Cliniko kept sending more pages than the bot can read. Please try again later.")

    def all(self, name: str, collection: str, params: Params, model: type[ModelT], **path: Any) -> list[ModelT]:
        return [
            self.backend.parse(model, item)
            for items, _more in self.pages(name, collection, params, **path)
            for item in items
        ]

    def follow(self, link: str, name: str) -> str:
        """A `links.next` in any shape the docs show, as a path under the configured base URL."""
        parts = urlsplit(link.strip())
        path = parts.path if parts.path.startswith("/") else "/" + parts.path
        if self._base_path and (path == self._base_path or path.startswith(self._base_path + "/")):
            path = path[len(self._base_path) :]
        elif path.startswith("/v1/"):
            path = path[3:]
        if ROUTES.match("GET", path) is not ROUTES[name]:
            raise BackendUnavailable(self.backend.unreadable)
        return f"{path}?{parts.query}" if parts.query else path

    # -- reference data --------------------------------------------------------------------------
    def _cached(self, key: str) -> Any:
        hit = self._cache.get(key)
        if hit is not None and hit[0] > self.backend.now():
            return hit[1]
        return None

    def _keep(self, key: str, value: Any) -> Any:
        self._cache[key] = (self.backend.now() + REFERENCE_TTL, value)
        return value

    def businesses(self) -> list[Business]:
        found: list[Business] | None = self._cached("businesses")
        if found is None:
            found = self._keep("businesses", self.all("list_businesses", "businesses", [], Business))
        return found

    def business(self, business_id: str) -> Business:
        for business in self.businesses():
            if business.id == business_id:
                return business
        gone = Business(id=business_id, business_name=f"Cliniko business {business_id}")
        return self._reference("get_business", gone, business_id=business_id)

    def practitioner(self, practitioner_id: str) -> PractitionerBody:
        return self._reference(
            "get_practitioner", PractitionerBody(id=practitioner_id), practitioner_id=practitioner_id
        )

    def appointment_type(self, type_id: str) -> AppointmentType:
        return self._reference("get_appointment_type", AppointmentType(id=type_id, name="Appointment"), type_id=type_id)

    def _reference(self, route: str, gone: ModelT, **path: str) -> ModelT:
        """A record appointments link to, read once per REFERENCE_TTL; `gone` (not kept) stands in for one
        Cliniko no longer has, so a deleted practitioner never hides the appointment itself."""
        key = "/".join([route, *path.values()])
        cached: ModelT | None = self._cached(key)
        if cached is None:
            try:
                cached = self._keep(key, self.one(route, type(gone), **path))
            except AppointmentNotFound:
                cached = gone
        return cached

    def account(self) -> AccountSettings:
        """The account's settings; empty when this API key's user may not read them (they are optional to us)."""
        cached: AccountSettings | None = self._cached("settings")
        if cached is None:
            try:
                cached = self.one("settings", AccountSettings)
            except (InvalidRequest, NotAuthorised, AppointmentNotFound):
                cached = AccountSettings()
            self._keep("settings", cached)
        return cached

    def account_zone(self) -> str | None:
        """The account's zone: CLINIKO_ACCOUNT_TIMEZONE, else what GET /settings names; None when neither says."""
        return self._account_zone_setting or iana_zone(self.account().account.time_zone)

    def times_zone(self) -> str:
        """The zone Cliniko reads available_times' `from`/`to` dates in: the account's (else the fallback)."""
        return self.account_zone() or self._fallback_zone

    def zone_of(self, business: Business) -> str:
        """The business's own zone (advanced time zones), else the account's, else the configured fallback."""
        return (
            iana_zone(business.time_zone_identifier)
            or iana_zone(business.time_zone)
            or self.account_zone()
            or self._fallback_zone
        )
