"""Shared fixtures. The registry of all 1,788 local governments is loaded once
per test database (every test then runs inside a rolled-back transaction), so
tests query the real data: 下妻市 is 082104 with 42,071 people."""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_municipalities", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def shimotsuma(db):
    from community.municipalities.models import Municipality

    return Municipality.objects.select_related("prefecture").get(code="082104")
