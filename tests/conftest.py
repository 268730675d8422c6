"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture
def accsm_records(db):
    """The records derived from the two source articles, as `make run` loads them."""
    call_command("loaddata", "accsm", verbosity=0)
