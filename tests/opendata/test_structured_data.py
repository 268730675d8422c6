"""The schema.org JSON-LD in meeting and official pages, read back as JSON."""

import json
import re

import pytest

pytestmark = pytest.mark.usefixtures("accsm_records")


def json_ld(response):
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert block, "no JSON-LD on the page"
    return json.loads(block.group(1))


def test_meeting_page_carries_a_schema_org_event(client):
    event = json_ld(client.get("/meetings/accsm-21-heads-of-civil-service/"))
    assert event["@type"] == "Event"
    assert event["name"] == "Heads of Civil Service Meeting"
    assert event["startDate"] == "2022-08-05"
    assert event["endDate"] == "2022-08-05"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["address"]["addressLocality"] == "Hanoi"
    assert event["location"]["address"]["addressCountry"] == "VN"
    assert event["url"] == "http://testserver/meetings/accsm-21-heads-of-civil-service/"
    assert event["superEvent"]["name"] == "21st ASEAN Conference on Civil Service Matters"
    workshop = json_ld(client.get("/meetings/civil-service-reform-workshop-2021/"))
    assert workshop["organizer"]["name"] == "Ministry of Home Affairs"
    assert workshop["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_official_page_carries_a_schema_org_person(client):
    person = json_ld(client.get("/officials/pham-thi-thanh-tra/"))
    assert person["@type"] == "Person"
    assert person["name"] == "Pham Thi Thanh Tra"
    assert "Phạm Thị Thanh Trà" in person["alternateName"]
    assert "Minister of Home Affairs" in person["jobTitle"]
