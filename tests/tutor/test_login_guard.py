"""Wrong passwords slow down the guesser, never the victim (issue 18, finding 8).

Ten wrong passwords for "bob" from one address made his correct password
answer 429 everywhere, and a school behind one address shared one limit.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client

from tutor.login_guard import FREE_FAILURES, MAX_WAIT_SECONDS, login_failed, login_refusal, pair_wait_seconds
from tutor.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
ATTACKER, VICTIM_HOME, SCHOOL = "203.0.113.66", "198.51.100.7", "192.0.2.10"


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user(username="bob", password=PASSWORD, role="student")


def page_login(address: str, username: str, password: str) -> int:
    return Client(REMOTE_ADDR=address).post("/accounts/login/", {"username": username, "password": password}).status_code


def token_login(address: str, username: str, password: str) -> int:
    return Client(REMOTE_ADDR=address).post("/api/auth/token/", {"username": username, "password": password}).status_code


@pytest.mark.parametrize(("login", "ok", "wrong"), [(page_login, 302, 200), (token_login, 200, 400)],
                         ids=["page", "token"])
def test_an_attacker_cannot_lock_the_victim_out(bob: User, login, ok: int, wrong: int) -> None:  # type: ignore[no-untyped-def]
    # The clock stands still, so no wait runs out however slowly the passwords are hashed.
    with mock.patch("tutor.login_guard.time.time", return_value=1000.0):
        check_lockout(login, ok, wrong)


def check_lockout(login, ok: int, wrong: int) -> None:  # type: ignore[no-untyped-def]
    codes = [login(ATTACKER, "bob", "guess") for _ in range(10)]
    assert codes[:FREE_FAILURES] == [wrong] * FREE_FAILURES and 429 in codes
    assert login(ATTACKER, "bob", PASSWORD) == 429  # the guesser's address waits, even with the right password
    assert login(VICTIM_HOME, "bob", PASSWORD) == ok  # bob, from his own address, is not affected


def test_pupils_behind_one_school_address_do_not_share_a_small_limit(db: None) -> None:
    for i in range(30):
        User.objects.create_user(username=f"pupil{i}", password=PASSWORD, role="student")
    # Each pupil mistypes once or twice: 45 failures from one address.
    for i in range(30):
        for _ in range(1 + i % 2):
            assert page_login(SCHOOL, f"pupil{i}", "typo") == 200
    assert all(page_login(SCHOOL, f"pupil{i}", PASSWORD) == 302 for i in range(30))


def test_waits_grow_per_pair_and_are_capped() -> None:
    waits = [pair_wait_seconds(n) for n in range(FREE_FAILURES + 12)]
    assert waits[:FREE_FAILURES] == [0] * FREE_FAILURES
    assert waits[FREE_FAILURES:FREE_FAILURES + 4] == [1, 2, 4, 8]
    assert max(waits) == MAX_WAIT_SECONDS


def test_a_wait_runs_out(db: None) -> None:
    for _ in range(FREE_FAILURES + 1):
        login_failed(username="bob", address=ATTACKER, now=1000.0)
    refusal = login_refusal(username="bob", address=ATTACKER, now=1000.5)
    assert refusal is not None and refusal.wait_seconds == 2
    assert login_refusal(username="bob", address=ATTACKER, now=1002.1) is None


def test_the_per_address_cap_stops_one_machine_trying_many_names(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.LOGIN_ADDRESS_MAX_FAILURES = 20
    for i in range(20):
        login_failed(username=f"user{i}", address=ATTACKER, now=1000.0)
    assert login_refusal(username="someone-new", address=ATTACKER, now=1001.0) is not None
    assert login_refusal(username="someone-new", address=VICTIM_HOME, now=1001.0) is None


@pytest.mark.parametrize("login", [page_login, token_login], ids=["page", "token"])
def test_behind_a_proxy_a_forged_forwarded_for_is_not_a_new_address(bob: User, login, settings) -> None:  # type: ignore[no-untyped-def]
    """The proxy appends the address it saw to the header the client sent: the guard read the first entry, the
    client's own text, so a guesser who wrote a new one on each try was never made to wait."""
    settings.TRUST_X_FORWARDED_FOR = True
    settings.NUM_PROXIES = 1

    def through_proxy(forged: str, username: str, password: str) -> int:
        client = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, {ATTACKER}")
        url = "/accounts/login/" if login is page_login else "/api/auth/token/"
        return client.post(url, {"username": username, "password": password}).status_code

    with mock.patch("tutor.login_guard.time.time", return_value=1000.0):
        codes = [through_proxy(f"198.18.0.{i}", "bob", "guess") for i in range(10)]
        assert 429 in codes, codes
        # bob at home, through the same proxy, is his own address and is not kept waiting.
        ok = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=VICTIM_HOME)
        url = "/accounts/login/" if login is page_login else "/api/auth/token/"
        assert ok.post(url, {"username": "bob", "password": PASSWORD}).status_code in (200, 302)
