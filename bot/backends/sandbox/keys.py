"""The search keys of a patient, as stored in indexed columns: how staff's words become one index lookup.

A search must not read every booking and compare names in Python (146 ms at
100x the demo data): each patient row carries its name and phone already
normalised, and a word table maps every word of a name to the patient, so a
name, a birth date or a phone is one indexed lookup. The rules are the ones
staff were promised: a full name in either order, or one word that is the
first or the last name ("lopez"); a phone however it is written, compared on
its last ten digits, where a number without its area code still matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from bot.backends import near_names

MIN_PHONE_DIGITS = 7
"""Fewer digits than a local number name nobody for sure."""
PHONE_DIGITS = 10
"""A country code in front is ignored: the last ten digits are the number."""


def name_words(text: str) -> list[str]:
    """Lower case, accents and apostrophes dropped, any other punctuation a space: 'O'Brien, José' -> obrien jose."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"['’`]", "", plain)
    return re.sub(r"[^\w]+", " ", plain).split()


def name_key(words: Iterable[str]) -> str:
    """The words of a full name in sorted order: 'Lopez, Maria' and 'maria lopez' give the same key."""
    return " ".join(sorted(words))


def phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text)[-PHONE_DIGITS:]


def phone_key(text: str | None) -> str | None:
    """The last ten digits reversed: "the number ends with what was typed" becomes a prefix the index serves."""
    if text is None:
        return None
    return phone_digits(text)[::-1]


def phone_range(typed: str) -> tuple[str, str] | None:
    """The `phone_key` range holding every number that ends with `typed`; None when it has too few digits."""
    asked = phone_digits(typed)
    if len(asked) < MIN_PHONE_DIGITS:
        return None
    prefix = asked[::-1]
    return prefix, prefix + ":"  # ':' sorts right after '9'


def reference_key(typed: str) -> str:
    """'#10234 ' -> '10234': how staff quote a booking reference."""
    return typed.strip().lstrip("#").strip().upper()


def patient_keys(first_name: str, last_name: str, phone: str | None) -> dict[str, Any]:
    """The indexed columns of a patient row, computed from the columns staff see."""
    return {
        "name_key": name_key(name_words(f"{first_name} {last_name}")),
        "phone_key": phone_key(phone),
    }


def insert_patients(db: sqlite_utils.Database, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert patients with their search keys and name words (every writer of patients goes through here)."""
    for row in rows:
        keyed = {**row, **patient_keys(row["first_name"], row["last_name"], row["phone"])}
        db.table("sandbox_patients").insert(keyed)
        index_words(db, str(row["id"]), str(row["first_name"]), str(row["last_name"]))


def index_words(db: sqlite_utils.Database, patient_id: str, first_name: str, last_name: str) -> None:
    """The name's words for the exact search, and its words as `near_names` splits them for near matches."""
    full_name = f"{first_name} {last_name}"
    for table, words in (
        ("sandbox_patient_words", name_words(full_name)),
        ("sandbox_patient_near_words", near_names.normalise(full_name)),
    ):
        db.execute(f"DELETE FROM {table} WHERE patient_id = ?", [patient_id])
        for word in sorted(set(words)):
            db.execute(f"INSERT INTO {table} (word, patient_id) VALUES (?, ?)", [word, patient_id])


def backfill(db: sqlite_utils.Database) -> int:
    """Give the keys to patients written without them (a file made before these columns, or by hand); how many."""
    missing = list(
        db.query("SELECT id, first_name, last_name, phone FROM sandbox_patients WHERE name_key IS NULL ORDER BY id")
    )
    for row in missing:
        keys = patient_keys(row["first_name"], row["last_name"], row["phone"])
        db.execute(
            "UPDATE sandbox_patients SET name_key = ?, phone_key = ? WHERE id = ?",
            [keys["name_key"], keys["phone_key"], row["id"]],
        )
        index_words(db, row["id"], row["first_name"], row["last_name"])
    return len(missing)
