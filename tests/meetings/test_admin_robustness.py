"""The admin's pages keep to the Content-Security-Policy, and malformed form values get a form error.

The policy allows no inline style or script, so a page that carries one shows
staff an error in the browser console and loses that style. A related field
posted with something that cannot be a record's id at all ("VN" for a country,
as a script or a stale page might send) is refused beside the field, with the
form shown again, never answered with a server error.
"""

import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.staticfiles import finders

from meetings.models import Declaration, Meeting, Participation
from tests.factories import (
    PARTICIPATIONS,
    make_country,
    make_declaration,
    make_meeting,
    meeting_form,
    text_of,
)

pytestmark = pytest.mark.django_db

# Not an id on any database: letters, and an integer too large for SQLite's or PostgreSQL's columns.
NOT_IDS = ["VN", "abc", "99999999999999999999999"]


def inline_script_or_style(html):
    """Every inline style attribute, <style> element and <script> without a src on the page."""
    return (
        re.findall(r"<[^>]*\sstyle=[^>]*>", html)
        + re.findall(r"<style\b[^>]*>", html)
        + [tag for tag in re.findall(r"<script\b[^>]*>", html) if not re.search(r"\ssrc=", tag)]
    )


@pytest.fixture
def edited_records():
    """A meeting and a declaration with two versions each, so each History lists a change."""
    meeting = make_meeting(theme="First theme")
    meeting.theme = "Second theme"
    meeting.save()
    declaration = make_declaration(summary="First summary")
    declaration.summary = "Second summary"
    declaration.save()
    return [meeting, declaration]


@pytest.mark.parametrize("model", [Meeting, Declaration], ids=lambda model: model.__name__)
def test_history_page_has_no_inline_style_or_script(admin_client, edited_records, model):
    record = model.objects.get()
    url = f"/admin/meetings/{model._meta.model_name}/{record.pk}/history/"

    history = admin_client.get(url)
    version = admin_client.get(f"{url}{record.history.earliest().history_id}/")

    assert history.status_code == 200 and version.status_code == 200
    assert "2 entries" in text_of(history)  # the paginator line that carried the inline style
    assert inline_script_or_style(history.content.decode()) == []
    assert inline_script_or_style(version.content.decode()) == []


def test_admin_stylesheet_is_linked_and_styles_the_history_paginator(admin_client, edited_records):
    meeting = Meeting.objects.get()

    page = admin_client.get(f"/admin/meetings/meeting/{meeting.pk}/history/").content.decode()

    assert re.search(r'<link rel="stylesheet" href="/static/css/admin(\.[0-9a-f]+)?\.css">', page)
    assert "#change-history + .paginator" in Path(finders.find("css/admin.css")).read_text(encoding="utf-8")


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize("field", ["country", "host", "parent"])
def test_meeting_add_form_with_a_related_field_not_an_id_shows_a_field_error(admin_client, field, value):
    make_country(code="VN")

    response = admin_client.post("/admin/meetings/meeting/add/", meeting_form(**{field: value}))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors
    assert all(message in text_of(response) for message in errors[field])
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("value", NOT_IDS)
@pytest.mark.parametrize("field", ["country", "official", "organisation", "represents_country"])
def test_participation_inline_with_a_related_field_not_an_id_shows_a_field_error(admin_client, field, value):
    make_country(code="VN")
    data = meeting_form(participations=[{"role": "delegate", field: value}])

    response = admin_client.post("/admin/meetings/meeting/add/", data)

    assert response.status_code == 200
    (participations,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == PARTICIPATIONS
    ]
    errors = participations.forms[0].errors
    assert field in errors
    assert all(message in text_of(response) for message in errors[field])
    assert not Meeting.objects.exists() and not Participation.objects.exists()


AUTOCOMPLETE = [
    (model, field)
    for model, model_admin in admin.site._registry.items()
    for field in model_admin.autocomplete_fields
]


@pytest.mark.parametrize(
    ("model", "field"), AUTOCOMPLETE, ids=[f"{model.__name__}.{field}" for model, field in AUTOCOMPLETE]
)
def test_every_add_form_with_an_autocomplete_field_not_an_id_shows_the_form_again(admin_client, model, field):
    response = admin_client.post(
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/", {field: "VN"}
    )

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not model.objects.exists()
