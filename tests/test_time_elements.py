"""Every ``<time datetime>`` of the public pages holds a value the HTML standard accepts: a year, a month,
a date, or a date and time to the second with its offset -- never the microseconds that an edit in the
admin leaves in a record's timestamps, which the Nu Html Checker rejects."""

import datetime
import re

import pytest

from core.models import record_models
from meetings.models import Meeting
from tests.public_urls import PUBLIC_PAGES

# HTML's valid year, month and date strings, and its valid global date and time string to the second.
VALID_DATETIME = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?)?)?")
TIME_ELEMENT = re.compile(r"<time\b[^>]*?\bdatetime=\"([^\"]*)\"")
SAVED_AT = datetime.datetime(2026, 12, 1, 0, 0, 5, 123456, tzinfo=datetime.UTC)


@pytest.fixture
def records_saved_with_microseconds(accsm_records):
    """The fixture records, every one last changed at a moment with microseconds, as the admin saves them."""
    for model in record_models():
        model.objects.update(updated=SAVED_AT)


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_time_element_datetime_is_valid_html_when_records_have_microseconds(
    client, records_saved_with_microseconds, url
):
    page = client.get(url).content.decode()
    for value in TIME_ELEMENT.findall(page):
        assert VALID_DATETIME.fullmatch(value), f"{url}: <time datetime={value!r}>"
        if "T" in value:
            assert datetime.datetime.fromisoformat(value)
        elif len(value) == len("2022-08-05"):
            assert datetime.date.fromisoformat(value)


def test_record_last_updated_is_given_to_the_second_in_local_time(client, records_saved_with_microseconds):
    page = client.get(Meeting.objects.get(slug="accsm-21").get_absolute_url()).content.decode()
    # Saved at 00:00:05.123456 UTC: 07:00:05 in Hanoi (settings.TIME_ZONE), the same day either way.
    assert 'Record last updated <time datetime="2026-12-01T07:00:05+07:00">1 December 2026</time>' in page
