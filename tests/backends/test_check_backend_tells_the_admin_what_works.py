"""`clinic-bot check-backend`, as an IT admin meets it: what works, what the bot does about what does not.

`--deep` tries every read the bot relies on against the configured account
(here each vendor's stand-in, in the variants the docs leave open) and prints
one row per call; it exits 1 only when something the bot needs fails. A wrong
base URL says so and names its setting; a host that cannot be reached is
named; `--help` lists what it does and every setting it reads.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest

from bot.cli.main import main
from tests.e2e_backends.deep_tables import stand_in
from tests.fakes import qmatic_server, solv_server


class Admin:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self._monkeypatch = monkeypatch
        self._capsys = capsys

    def run(self, env: dict[str, str], *args: str) -> tuple[int, str]:
        for name in list(os.environ):
            if name.startswith(("CLINIKO_", "QMATIC_", "SOLV_", "BOOKING_BACKEND")):
                self._monkeypatch.delenv(name)
        self._monkeypatch.setenv("CLINIC_TZ", "America/Chicago")
        for name, value in env.items():
            self._monkeypatch.setenv(name, value)
        code = main(["check-backend", *args])
        captured = self._capsys.readouterr()
        return code, captured.out + captured.err


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object) -> Iterator[Admin]:
    monkeypatch.chdir(str(tmp_path))  # no stray .env
    yield Admin(monkeypatch, capsys)


def rows(output: str) -> dict[str, str]:
    """The table's rows by the start of their call."""
    found = {}
    for line in output.splitlines():
        if "[published]" in line or "[assumed]" in line:
            call, _, rest = line.partition("]")
            found[call.split("[")[0].strip()] = rest
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# -- rows that tell the admin what the bot does about a refusal ------------------------------------------
DEEP_ROWS = [
    (
        "cliniko",
        "settings-hidden",
        (),
        "account settings (time zone)",
        ("403   refused", "set CLINIKO_ACCOUNT_TIMEZONE"),
    ),
    ("qmatic", "docs", (), "search by personal identifier", ("skipped",)),  # no --personal-id given
    ("qmatic", "docs", (), "timeslots, 7 days", ("works",)),  # ... and the times are still asked for
    (
        "qmatic",
        "branches-refused",
        (),
        "branches (names, time zones)",
        ("refused", "QMATIC_TIMEZONE (America/Chicago)"),
    ),
    (
        "solv",
        "reads",
        ("--booking", str(solv_server.DEMO_NATIVE_BOOKING)),
        "read a booking (#48213)",
        ("200   works    Booking reads work",),
    ),
]


@pytest.mark.parametrize(("vendor", "variant", "args", "call", "says"), DEEP_ROWS)
def test_deep_passes_and_its_row_says_what_the_bot_does(
    admin: Admin, vendor: str, variant: str, args: tuple[str, ...], call: str, says: tuple[str, ...]
) -> None:
    with stand_in(vendor, variant) as (_server, env):
        code, output = admin.run(env, "--deep", *args)
    assert code == 0, output
    assert all(words in rows(output)[call] for words in says), rows(output)[call]


# -- Cliniko ----------------------------------------------------------------------------------------
def test_cliniko_deep_lists_every_read_in_conversation_order_and_follows_every_page(admin: Admin) -> None:
    with stand_in("cliniko", "docs") as (_server, env):
        code, output = admin.run(env, "--deep")
    assert code == 0, output
    calls = list(rows(output))
    assert calls == [
        "account settings (time zone)",
        "businesses",
        "practitioners",
        "appointment types",
        "patient search by name",
        "upcoming appointments",
        "group class places (attendees)",
        "available times, 7 days, every next page",
    ]
    assert "2 page(s) (next links relative without /v1)" in rows(output)["available times, 7 days, every next page"]
    assert output.rstrip().endswith("OK: every call the bot needs works.")


def test_cliniko_deep_fails_when_open_times_are_off_and_says_why(admin: Admin) -> None:
    with stand_in("cliniko", "docs") as (server, env):
        for business in server.businesses.values():  # type: ignore[attr-defined]
            business["show_in_online_bookings"] = False
        code, output = admin.run(env, "--deep")
    assert code == 1
    assert "404   not found" in rows(output)["available times, 7 days, every next page"]
    assert "enabled for online bookings" in output
    assert "NOT OK: 1 call(s) the bot needs do not work" in output


def test_a_write_probe_is_never_made_on_cliniko(admin: Admin) -> None:
    with stand_in("cliniko", "docs") as (server, env):
        code, output = admin.run(env, "--deep", "--write-probe")
        methods = {call.method for call in server.calls}
    assert code == 0 and methods == {"GET"}
    assert "--write-probe is for Qmatic only: check-backend never writes to Cliniko." in output


# -- Qmatic -----------------------------------------------------------------------------------------


def test_qmatic_deep_tries_both_combination_timeslot_paths_and_says_which_the_bot_uses(admin: Admin) -> None:
    args = ("--deep", "--personal-id", qmatic_server.DEMO_COMBINED_PERSONAL_ID)
    with stand_in("qmatic", "docs", combined=True) as (_server, env):
        code, published = admin.run(env, *args)
    with stand_in("qmatic", "timeslots-by-branch", combined=True) as (_server, env):
        fallback_code, fallback = admin.run(env, *args)
    assert code == fallback_code == 0
    assert "works" in rows(published)["timeslots, 7 days"]
    assert "the bot uses the other path" in rows(published)["timeslots, 7 days (branch id in the path)"]
    assert "the bot uses the other path" in rows(fallback)["timeslots, 7 days"]
    assert "the bot uses this path" in rows(fallback)["timeslots, 7 days (branch id in the path)"]
    assert "combines services Qmatic does not list" in rows(published)["timeslots, 7 days"]


def test_qmatic_write_probe_reserves_far_ahead_and_gives_it_back(admin: Admin) -> None:
    with stand_in("qmatic", "docs") as (server, env):
        code, output = admin.run(env, "--deep", "--personal-id", qmatic_server.DEMO_PERSONAL_ID, "--write-probe")
        assert server.active_reservations() == []  # type: ignore[attr-defined]
        [reservation] = server.reservations.values()  # type: ignore[attr-defined]
    assert code == 0
    assert "201   works" in rows(output)["reserve a time far ahead (write probe)"]
    assert "204   works" in rows(output)["release that reservation"]
    assert reservation.state == "RELEASED"


# -- Solv -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("variant", "status"), [("no-reads-missing", "404"), ("no-reads-method", "405"), ("no-reads-scope", "403")]
)
def test_solv_deep_reports_an_account_without_booking_reads_and_what_still_works(
    admin: Admin, variant: str, status: str
) -> None:
    with stand_in("solv", variant) as (_server, env):
        code, output = admin.run(env, "--deep", "--booking", str(solv_server.DEMO_NATIVE_BOOKING))
        plain_code, plain = admin.run(env)
    row = rows(output)["read a booking (#48213)"]
    assert code == 0 and status in row
    assert "does not let partners read bookings" in row and "by their EHR reference" in row
    assert plain_code == 0 and "does not let partners read bookings" in plain


def test_solv_without_reads_or_ehr_settings_fails_the_check(admin: Admin) -> None:
    with stand_in("solv", "no-reads-missing") as (_server, env):
        env = {k: v for k, v in env.items() if k not in ("SOLV_EXTERNAL_LOCATION_ID", "SOLV_SERVICE_ID")}
        code, output = admin.run(env, "--deep")
    assert code == 1 and "cannot change any booking" in output


# -- every vendor: wrong URLs, unreachable hosts, help --------------------------------------------------
WRONG_BASE = {
    "cliniko": ("CLINIKO_BASE_URL", "/v2"),
    "qmatic": ("QMATIC_BASE_URL", "/external/v9"),
    "solv": ("SOLV_BASE_URL", "/partner"),
}


@pytest.mark.parametrize("vendor", sorted(WRONG_BASE))
def test_a_base_url_answering_404_says_so_and_names_its_setting(admin: Admin, vendor: str) -> None:
    variable, wrong_path = WRONG_BASE[vendor]
    variant = {"cliniko": "docs", "qmatic": "docs", "solv": "reads"}[vendor]
    with stand_in(vendor, variant) as (server, env):
        wrong = server.url + wrong_path
        code, output = admin.run({**env, variable: wrong})
    assert code == 1
    assert f"the base URL answered 404 — check {variable} (now {wrong})" in output


@pytest.mark.parametrize(
    ("vendor", "variable", "first"),
    [
        ("cliniko", "CLINIKO_BASE_URL", "/v1/businesses"),
        ("qmatic", "QMATIC_TOKEN_URL", "/oauth2/token"),
        ("solv", "SOLV_BASE_URL", "/v1/auth/token"),
    ],
)
def test_a_host_that_cannot_be_reached_is_named(admin: Admin, vendor: str, variable: str, first: str) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    variant = {"cliniko": "docs", "qmatic": "docs", "solv": "reads"}[vendor]
    with stand_in(vendor, variant) as (_server, env):
        moved = {
            "cliniko": {"CLINIKO_BASE_URL": nowhere + "/v1"},
            "qmatic": {"QMATIC_TOKEN_URL": nowhere + "/oauth2/token"},
            "solv": {"SOLV_BASE_URL": nowhere},
        }[vendor]
        code, output = admin.run({**env, **moved})
    assert code == 1
    assert f"could not reach {nowhere}{first} (ConnectError) — check {variable}" in output


def test_help_says_what_the_check_does_and_lists_every_setting(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check-backend", "--help"])
    text = capsys.readouterr().out
    assert exited.value.code == 0
    assert "answers the bot's credentials. Read-only." in text and "--deep" in text and "--write-probe" in text
    for variable in ("CLINIKO_API_KEY", "CLINIKO_ACCOUNT_TIMEZONE", "QMATIC_TOKEN_URL", "SOLV_SERVICE_ID"):
        assert variable in text


def test_cliniko_deep_says_whether_next_links_keep_the_filters(admin: Admin) -> None:
    with stand_in("cliniko", "docs") as (_server, env):
        _code, kept = admin.run(env, "--deep")
    with stand_in("cliniko", "next-drops-filters") as (_server, env):
        code, dropped = admin.run(env, "--deep")
    assert "next links keep the q[] filters" in rows(kept)["upcoming appointments"]
    assert code == 0 and "next links drop the q[] filters" in rows(dropped)["upcoming appointments"]
