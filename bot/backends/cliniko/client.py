"""Cliniko calls: JSON reads, list pages followed through `links.next`, and reference data kept for a while.

Every list is paged (at most 100 a page) and `links.next` is the only safe way
on. The next link is re-anchored on the configured base URL, so the API key is
never sent to a host the admin did not configure (a proxy in front of Cliniko
still sees Cliniko's own host in the links).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

from bot.backends.cliniko.models import AccountSettings, AppointmentType, Business, PractitionerBody
from bot.backends.cliniko.translate import iana_zone
from bot.backends.errors import AppointmentNotFound, BackendUnavailable, InvalidRequest, NotAuthorised
from bot.backends.http import VendorHttp
from bot.domain import Clock

ModelT = TypeVar("ModelT", bound=BaseModel)
Params = list[tuple[str, str]]

PER_PAGE = 100
MAX_PAGES = 50
REFERENCE_TTL = timedelta(hours=1)
"""Businesses, practitioners and appointment types change rarely; an hour keeps a renamed one from lingering."""
UNREADABLE = "Cliniko answered with something the bot could not read. Please try again in a minute."


class ClinikoApi:
    def __init__(self, http: VendorHttp, *, base_url: str, clock: Clock, fallback_zone: str) -> None:
        self.http = http
        self._base_path = urlsplit(base_url).path.rstrip("/")
        self._clock = clock
        self._fallback_zone = fallback_zone
        self._cache: dict[str, tuple[datetime, Any]] = {}

    # -- reading ---------------------------------------------------------------------------------
    def get(self, path: str, params: Params | None = None) -> Any:
        return self.json(self.http.request("GET", path, idempotent=True, params=params))

    def one(self, path: str, model: type[ModelT]) -> ModelT:
        return self.parse(model, self.get(path))

    def pages(self, path: str, collection: str, params: Params) -> Iterator[tuple[list[Any], bool]]:
        """Each page's items, and whether Cliniko has more after it."""
        url: str | None = path
        query: Params | None = [*params, ("per_page", str(PER_PAGE))]
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            if url is None:
                return
            body = self.json(self.http.request("GET", url, idempotent=True, params=query))
            items = body.get(collection) if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise BackendUnavailable(UNREADABLE)
            link = body.get("links", {}).get("next") if isinstance(body.get("links"), dict) else None
            url = self._follow(link) if link else None
            query = None
            if url is not None and url in seen:
                url = None
            if url is not None:
                seen.add(url)
            yield items, url is not None
        raise BackendUnavailable("Cliniko kept sending more pages than the bot can read. Please try again later.")

    def all(self, path: str, collection: str, params: Params, model: type[ModelT]) -> list[ModelT]:
        return [self.parse(model, item) for items, _more in self.pages(path, collection, params) for item in items]

    def _follow(self, link: str) -> str:
        parts = urlsplit(link)
        path = parts.path
        if self._base_path and path.startswith(self._base_path + "/"):
            path = path[len(self._base_path) :]
        elif "/v1/" in path:
            path = path[path.index("/v1/") + 3 :]
        else:
            raise BackendUnavailable(UNREADABLE)
        return f"{path}?{parts.query}" if parts.query else path

    @staticmethod
    def json(response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as error:
            raise BackendUnavailable(UNREADABLE) from error

    @staticmethod
    def parse(model: type[ModelT], data: Any) -> ModelT:
        try:
            return model.model_validate(data)
        except ValidationError as error:
            raise BackendUnavailable(UNREADABLE) from error

    # -- reference data --------------------------------------------------------------------------
    def _cached(self, key: str) -> Any:
        hit = self._cache.get(key)
        if hit is not None and hit[0] > self._clock():
            return hit[1]
        return None

    def _keep(self, key: str, value: Any) -> Any:
        self._cache[key] = (self._clock() + REFERENCE_TTL, value)
        return value

    def businesses(self) -> list[Business]:
        found: list[Business] | None = self._cached("businesses")
        if found is None:
            found = self._keep("businesses", self.all("/businesses", "businesses", [], Business))
        return found

    def business(self, business_id: str) -> Business:
        for business in self.businesses():
            if business.id == business_id:
                return business
        cached: Business | None = self._cached(f"business/{business_id}")
        if cached is None:
            try:
                cached = self._keep(f"business/{business_id}", self.one(f"/businesses/{business_id}", Business))
            except AppointmentNotFound:
                cached = Business(id=business_id, business_name=f"Cliniko business {business_id}")
        return cached

    def practitioner(self, practitioner_id: str) -> PractitionerBody:
        key = f"practitioner/{practitioner_id}"
        cached: PractitionerBody | None = self._cached(key)
        if cached is None:
            try:
                cached = self._keep(key, self.one(f"/practitioners/{practitioner_id}", PractitionerBody))
            except AppointmentNotFound:
                cached = PractitionerBody(id=practitioner_id)
        return cached

    def appointment_type(self, type_id: str) -> AppointmentType:
        key = f"appointment_type/{type_id}"
        cached: AppointmentType | None = self._cached(key)
        if cached is None:
            try:
                cached = self._keep(key, self.one(f"/appointment_types/{type_id}", AppointmentType))
            except AppointmentNotFound:
                cached = AppointmentType(id=type_id, name="Appointment")
        return cached

    def account(self) -> AccountSettings:
        """The account's settings; empty when this API key's user may not read them (they are optional to us)."""
        cached: AccountSettings | None = self._cached("settings")
        if cached is None:
            try:
                cached = self.one("/settings", AccountSettings)
            except (InvalidRequest, NotAuthorised, AppointmentNotFound):
                cached = AccountSettings()
            self._keep("settings", cached)
        return cached

    def zone_of(self, business: Business) -> str:
        """The business's own zone (advanced time zones), else the account's, else the configured fallback."""
        return (
            iana_zone(business.time_zone_identifier)
            or iana_zone(business.time_zone)
            or iana_zone(self.account().account.time_zone)
            or self._fallback_zone
        )
