"""Sign-up, log-in and password reset do the same work whether or not an address
has an account (issue 12, finding 5), so their time tells nobody which addresses
are members. The slow parts are counted: password hashes (each one is what makes a
request take hundreds of milliseconds in production) and emails queued; the
answers are the same too."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    """The test hasher, counting every hash it computes (to set or to check)."""

    hashes = 0

    def encode(self, password, salt):
        CountingHasher.hashes += 1
        return super().encode(password, salt)


@dataclass(frozen=True)
class Work:
    hashes: int
    emails: int
    status: int
    location: str


@pytest.fixture
def work(settings, django_capture_on_commit_callbacks):
    """``work(url, data)``: what a fresh browser's POST cost and what it answered."""
    settings.PASSWORD_HASHERS = ["tests.accounts.test_enumeration.CountingHasher"]

    def post(url: str, data: dict) -> Work:
        CountingHasher.hashes = 0
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(url, data)
        return Work(
            CountingHasher.hashes,
            len(mail.outbox),
            response.status_code,
            response.get("Location", ""),
        )

    return post


def sign_up(email):
    return {"email": email, "password1": "kintone-is-great-42", "password2": "kintone-is-great-42"}


def test_sign_up_with_a_members_address_costs_what_a_new_address_costs(work, member):
    new = work("/accounts/signup/", sign_up("newcomer@example.com"))
    taken = work("/accounts/signup/", sign_up(member.email))
    assert new.hashes >= 1  # a new account's password is hashed
    assert taken == new


def test_a_wrong_password_costs_the_same_whether_or_not_the_address_has_an_account(work, member):
    unknown = work("/accounts/login/", {"login": "nobody@example.com", "password": "guess-1234"})
    known = work("/accounts/login/", {"login": member.email, "password": "guess-1234"})
    assert known.hashes >= 1
    assert known == unknown


def test_password_reset_emails_either_way_and_answers_the_same(work, member):
    unknown = work("/accounts/password/reset/", {"email": "nobody@example.com"})
    known = work("/accounts/password/reset/", {"email": member.email})
    assert known.emails == 1  # the reset link to the member, "no account here" to the other
    assert known == unknown
