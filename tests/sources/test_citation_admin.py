"""Citing sources in the staff admin: one citations inline on every record's form, each record's
unsourced facts flagged atop its form, the "provenance gaps" page, the citations' own list, and the
source page listing what cites it.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import record_models
from meetings.models import Meeting, Participation
from people.models import Official
from sources.admin import CitationInline
from sources.models import Citation, Source
from tests.admin_forms import change_form_data
from tests.factories import make_meeting, make_official, make_participation, make_source
from tests.meetings.test_admin import BUILDERS as MEETINGS_BUILDERS
from tests.people.test_admin import BUILDERS as PEOPLE_BUILDERS
from tests.sources.citing import make_citation

pytestmark = pytest.mark.django_db

# Every record model whose facts are cited, with a builder of one record staff know by a name.
CITED = {
    model: build
    for model, build in {**PEOPLE_BUILDERS, **MEETINGS_BUILDERS}.items()
    if model not in (Source, Citation)
}
PREFIX = "sources-citation-content_type-object_id"
GAPS_URL = "/admin/sources/citation/gaps/"
ONCE = "This fact already cites this source with these words."


def citation_formset(response):
    for inline in response.context["inline_admin_formsets"]:
        if isinstance(inline.opts, CitationInline):
            return inline.formset
    return None


def with_citations(response, *rows):
    """The change form's values as saved unchanged, with new citation rows added."""
    data = change_form_data(response)
    initial = int(data[f"{PREFIX}-INITIAL_FORMS"])
    data[f"{PREFIX}-TOTAL_FORMS"] = str(initial + len(rows))
    for offset, row in enumerate(rows):
        row = {"field": "", "quote": "", "locator": "", "basis": "stated", "reasoning": "", "claim": ""} | row
        row.setdefault("stated_in_record", "on")
        data.update({f"{PREFIX}-{initial + offset}-{name}": value for name, value in row.items()})
    return data


def test_every_record_admin_but_sources_and_citations_is_covered():
    cited = {model for model in record_models() if admin.site.is_registered(model)} - {Source, Citation}
    assert set(CITED) == cited


@pytest.mark.parametrize("model", CITED, ids=lambda model: model.__name__)
def test_every_record_change_form_has_the_citations_inline(admin_pages, model):
    record = CITED[model]("Luang Prabang Record")
    response = admin_pages.get(model, "change", record.pk)
    assert response.status_code == 200
    formset = citation_formset(response)
    assert formset is not None
    choices = dict(formset.empty_form.fields["field"].choices)
    assert choices[""] == "(the whole record)"
    assert set(choices) == {"", *getattr(model, "cited_fields", ())}


@pytest.mark.parametrize("model", [Meeting, Official, Participation], ids=lambda model: model.__name__)
def test_the_inline_is_headed_citations_on_meeting_official_and_participation(admin_pages, model):
    record = CITED[model]("Vientiane Record")
    text = admin_pages.text(admin_pages.get(model, "change", record.pk))
    assert "Citations: the sources of this record's facts" in text
    assert "(the whole record)" in text


def test_source_and_citation_forms_have_no_citations_inline(admin_pages):
    source = make_source()
    citation = make_citation(make_meeting(), "name", source=source)
    assert citation_formset(admin_pages.get(Source, "change", source.pk)) is None
    assert citation_formset(admin_pages.get(Citation, "change", citation.pk)) is None


def test_citation_saved_through_the_inline(admin_pages):
    meeting = make_meeting(name="Heads of Civil Service Meeting", city="Hanoi")
    source = make_source(headline="ACCSM 21 opens in Hanoi")
    form = admin_pages.get(Meeting, "change", meeting.pk)
    data = with_citations(
        form,
        {"field": "city", "source": source.pk, "quote": "in Hanoi", "locator": "paragraph 1"},
        {"field": "", "source": source.pk, "basis": "inferred", "reasoning": "The report names it."},
    )
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 302, admin_pages.text(response)
    city, whole = Citation.objects.of(meeting).order_by("field").reverse()
    assert (city.field, city.source, city.quote, city.locator) == ("city", source, "in Hanoi", "paragraph 1")
    assert (whole.field, whole.basis, whole.reasoning) == ("", "inferred", "The report names it.")


def test_citation_on_an_official_and_a_participation_saved_through_the_inline(admin_pages):
    source = make_source()
    official = make_official(name="Pham Thi Thanh Tra")
    participation = make_participation(official=official, role="chair")
    for model, record, field in [(Official, official, "name"), (Participation, participation, "role")]:
        data = with_citations(
            admin_pages.get(model, "change", record.pk), {"field": field, "source": source.pk}
        )
        response = admin_pages.post(model, "change", data, pk=record.pk)
        assert response.status_code == 302, admin_pages.text(response)
        assert Citation.objects.of(record).get().field == field


def test_a_citation_saved_meanwhile_is_not_repeated(admin_pages):
    meeting = make_meeting()
    source = make_source()
    form = admin_pages.get(Meeting, "change", meeting.pk)
    # Saved by someone else after the form was opened, so not among its rows.
    make_citation(meeting, "start_date", source=source, quote="on August 5")
    data = with_citations(form, {"field": "start_date", "source": source.pk, "quote": "on August 5"})
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 200
    assert ONCE in admin_pages.text(response)
    assert Citation.objects.of(meeting).count() == 1


def test_the_same_citation_twice_in_one_form_is_refused_with_the_message(admin_pages):
    meeting = make_meeting()
    source = make_source()
    row = {"field": "start_date", "source": source.pk, "quote": "on August 5"}
    data = with_citations(admin_pages.get(Meeting, "change", meeting.pk), row, row)
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 200
    assert ONCE in admin_pages.text(response)
    assert not Citation.objects.exists()


def test_a_new_row_repeating_a_listed_citation_is_refused_with_the_message(admin_pages):
    meeting = make_meeting()
    source = make_source()
    make_citation(meeting, "start_date", source=source, quote="on August 5")
    data = with_citations(
        admin_pages.get(Meeting, "change", meeting.pk),
        {"field": "start_date", "source": source.pk, "quote": "on August 5"},
    )
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 200
    assert ONCE in admin_pages.text(response)
    assert Citation.objects.of(meeting).count() == 1


def test_inference_without_reasoning_is_refused_beside_the_reasoning(admin_pages):
    meeting = make_meeting()
    data = with_citations(
        admin_pages.get(Meeting, "change", meeting.pk),
        {"field": "name", "source": make_source().pk, "basis": "editorial"},
    )
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 200
    form = citation_formset(response).forms[0]
    assert form.errors["reasoning"] == ["Say how the inference follows from the source, or why so."]
    assert not Citation.objects.exists()


def test_a_citation_of_a_field_that_is_no_fact_keeps_its_field_when_saved_unchanged(admin_pages):
    meeting = make_meeting()
    citation = make_citation(meeting, "summary")
    response = admin_pages.get(Meeting, "change", meeting.pk)
    saved = admin_pages.post(Meeting, "change", change_form_data(response), pk=meeting.pk)
    assert saved.status_code == 302, admin_pages.text(saved)
    citation.refresh_from_db()
    assert citation.field == "summary"


def test_change_form_names_the_unsourced_facts(admin_pages):
    meeting = make_meeting(name="ACCSM 21", theme="Building a resilient civil service")
    make_citation(meeting, "name")
    make_citation(meeting, "kind")
    text = admin_pages.text(admin_pages.get(Meeting, "change", meeting.pk))
    assert "Unsourced: start_date, theme" in text


def test_change_form_has_no_notice_once_every_fact_is_cited(admin_pages):
    official = make_official(name="Pham Thi Thanh Tra")
    assert "Unsourced: name" in admin_pages.text(admin_pages.get(Official, "change", official.pk))
    make_citation(official)
    text = admin_pages.text(admin_pages.get(Official, "change", official.pk))
    assert "Unsourced" not in text
    # A new record has nothing to flag yet.
    assert "Unsourced" not in admin_pages.text(admin_pages.get(Official, "add"))


def test_gaps_page_lists_an_unsourced_fact_until_it_is_cited(admin_pages):
    meeting = make_meeting(name="Heads of Civil Service Meeting", theme="Digital transformation")
    for field in ("name", "kind", "start_date"):
        make_citation(meeting, field)
    response = admin_pages.client.get(GAPS_URL)
    assert response.status_code == 200
    text = admin_pages.text(response)
    assert "Provenance gaps" in text
    assert "1 unsourced fact in 1 record." in text
    assert "Meetings: 1 unsourced fact" in text
    assert "Heads of Civil Service Meeting theme" in text
    assert f'href="/admin/meetings/meeting/{meeting.pk}/change/"' in response.content.decode()

    make_citation(meeting, "theme")
    text = admin_pages.text(admin_pages.client.get(GAPS_URL))
    assert "0 unsourced facts in 0 records." in text
    assert "Heads of Civil Service Meeting" not in text


def test_gaps_page_groups_by_kind_of_record_and_counts(admin_pages):
    make_official(name="Ekkaphab Phanthavong", native_name="ເອກະພາບ")
    make_meeting(name="Workshop on e-government", city="Vientiane")
    text = admin_pages.text(admin_pages.client.get(GAPS_URL))
    assert "Officials: 2 unsourced facts" in text
    assert "Ekkaphab Phanthavong name, native_name" in text
    assert "Meetings: 4 unsourced facts" in text
    assert "Workshop on e-government name, kind, start_date, city" in text
    assert "6 unsourced facts in 2 records." in text


def test_gaps_page_queries_do_not_grow_with_records(admin_pages):
    counts = []
    for number in range(2):
        for _ in range(1 + 9 * number):
            make_citation(make_participation(meeting=make_meeting()), "role")
        admin_pages.client.get(GAPS_URL)
        with CaptureQueriesContext(connection) as queries:
            assert admin_pages.client.get(GAPS_URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_gaps_page_is_linked_from_the_citations_list(admin_pages):
    response = admin_pages.get(Citation)
    assert response.status_code == 200
    assert f'href="{GAPS_URL}"' in response.content.decode()


def test_gaps_page_is_for_staff_who_may_view_citations(client, django_user_model):
    user = django_user_model.objects.create_user("guest", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(GAPS_URL).status_code == 403


def test_citations_list_filters_and_searches(admin_pages):
    meeting = make_meeting(name="ACCSM 21")
    official = make_official(name="Vu Chien Thang")
    make_citation(meeting, "start_date", quote="on August 5", source=make_source(headline="Opening"))
    make_citation(official, "name", basis="inferred", reasoning="Named in the caption.")
    text = admin_pages.text(admin_pages.get(Citation, basis="inferred"))
    assert "Vu Chien Thang" in text
    assert "ACCSM 21" not in text
    text = admin_pages.text(admin_pages.get(Citation, q="August"))
    assert "start_date of ACCSM 21" in text
    assert "Vu Chien Thang" not in text
    for kind in ("Meeting", "Official"):
        assert kind in admin_pages.text(admin_pages.get(Citation))


def test_citations_list_queries_do_not_grow_with_rows(admin_pages):
    def build(name):
        make_citation(make_participation(official=make_official(name=name)), "role")
        make_citation(make_official(name=f"{name} official"), "name")

    at_one, at_ten = admin_pages.changelist_query_counts(Citation, build)
    assert at_ten == at_one


def test_citation_change_form_shows_its_record_read_only(admin_pages):
    meeting = make_meeting(name="ACCSM 21")
    citation = make_citation(meeting, "start_date", quote="on August 5")
    response = admin_pages.get(Citation, "change", citation.pk)
    assert response.status_code == 200
    assert "Meeting: ACCSM 21" in admin_pages.text(response)
    assert f'href="/admin/meetings/meeting/{meeting.pk}/change/"' in response.content.decode()
    form = response.context["adminform"].form
    assert "object_id" not in form.fields
    assert "content_type" not in form.fields
    # Citations are added on their record's form.
    assert admin_pages.get(Citation, "add").status_code == 403


def test_source_form_has_its_new_fields_and_lists_what_cites_it(admin_pages):
    source = make_source(headline="ACCSM 21 opens in Hanoi")
    meeting = make_meeting(name="ACCSM 21")
    make_citation(meeting, "city", source=source, quote="in Hanoi")
    make_citation(make_official(name="Vu Chien Thang"), "name", source=source)
    response = admin_pages.get(Source, "change", source.pk)
    form = response.context["adminform"].form
    for field in ("kind", "published_precision", "retrieved_on", "archive_url"):
        assert field in form.fields
    text = admin_pages.text(response)
    assert "Cited by" in text
    assert "Meeting: ACCSM 21" in text
    assert "in Hanoi" in text
    assert "Official: Vu Chien Thang" in text


def test_source_form_saves_unchanged_with_citations(admin_pages):
    source = make_source(headline="ACCSM 21 opens in Hanoi")
    make_citation(make_meeting(), "city", source=source, quote="in Hanoi")
    response = admin_pages.get(Source, "change", source.pk)
    saved = admin_pages.post(Source, "change", change_form_data(response), pk=source.pk)
    assert saved.status_code == 302, admin_pages.text(saved)
    assert Citation.objects.filter(source=source).count() == 1


def test_deleting_a_record_in_the_admin_deletes_its_citations(admin_pages):
    meeting = make_meeting()
    make_citation(meeting, "name")
    kept = make_citation(make_meeting(), "name")
    response = admin_pages.client.post(f"/admin/meetings/meeting/{meeting.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert list(Citation.objects.all()) == [kept]


def test_a_source_that_is_no_id_shows_the_form_again_with_the_error(admin_pages):
    meeting = make_meeting()
    data = with_citations(admin_pages.get(Meeting, "change", meeting.pk), {"field": "name", "source": "VN"})
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 200
    assert "source" in citation_formset(response).forms[0].errors
    assert not Citation.objects.exists()


def test_a_form_posted_without_the_citation_rows_saves_and_keeps_the_citations(admin_pages):
    meeting = make_meeting(name="ACCSM 21")
    citation = make_citation(meeting, "name")
    data = {
        key: value
        for key, value in change_form_data(admin_pages.get(Meeting, "change", meeting.pk)).items()
        if not key.startswith(PREFIX)
    }
    data["name"] = "21st ACCSM"
    response = admin_pages.post(Meeting, "change", data, pk=meeting.pk)
    assert response.status_code == 302, admin_pages.text(response)
    meeting.refresh_from_db()
    assert meeting.name == "21st ACCSM"
    assert list(Citation.objects.of(meeting)) == [citation]
