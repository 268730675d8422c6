"""``manage.py refresh_search`` brings search text stored under an older folding rule up to date."""

from io import StringIO

import pytest
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.db.models import Value

from core import search
from meetings.models import Meeting
from tests.factories import make_meeting


def refresh_search():
    out = StringIO()
    call_command("refresh_search", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_refresh_search_finds_a_record_stored_under_the_old_rule():
    meeting = make_meeting(name="6th SOM+3 in Hanoi")
    # As an earlier release stored it: letters and digits written together were one word.
    stale = {"search_text": " 6th som 3 in hanoi "}
    if search.is_postgresql():
        stale["search_vector"] = SearchVector(Value(stale["search_text"]), config="simple")
    Meeting.objects.filter(pk=meeting.pk).update(**stale)
    assert not search.search(Meeting.objects.all(), "6th").exists()

    report = refresh_search()

    assert "meetings: 1 refreshed" in report
    assert list(search.search(Meeting.objects.all(), "6th")) == [meeting]
    assert "meetings: 0 refreshed" in refresh_search()
