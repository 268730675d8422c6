"""Slug history: when staff change a record's slug, every address made from the old one (its page,
API entry, calendar and feed) answers 301 with the address made from the new one; a slug that
belonged to one record is never given to another; a draft's old slugs lead the public nowhere."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import get_resolver

from core.models import FormerSlug
from meetings.models import Meeting
from people.models import Official
from public.addresses import OUTPUTS, PAGES
from tests.admin_forms import change_form_data
from tests.factories import (
    make_declaration,
    make_meeting,
    make_official,
    make_organisation,
    make_participation,
    make_source,
)

pytestmark = pytest.mark.django_db

# Each kind of record whose slug makes addresses: its factory, and every address made from a slug.
KINDS = {
    "meeting": (make_meeting, ["/meetings/{}/", "/api/meetings/{}/", "/meetings/{}.ics"]),
    "declaration": (make_declaration, ["/declarations/{}/", "/api/declarations/{}/"]),
    "official": (make_official, ["/officials/{}/", "/api/officials/{}/", "/feeds/officials/{}/"]),
    "organisation": (
        make_organisation,
        ["/organisations/{}/", "/api/organisations/{}/", "/feeds/organisations/{}/"],
    ),
    "source": (make_source, ["/sources/{}/", "/api/sources/{}/"]),
}


def admin_url(record):
    return f"/admin/{record._meta.app_label}/{record._meta.model_name}/{record.pk}/change/"


def rename_in_admin(admin_client, record, slug):
    """Post the record's change form, as staff save it, with ``slug`` in place of its slug."""
    url = admin_url(record)
    data = change_form_data(admin_client.get(url)) | {"slug": slug}
    return admin_client.post(url, data)


@pytest.mark.parametrize("kind", KINDS)
def test_slug_history_renaming_in_the_admin_redirects_every_old_address(client, admin_client, kind):
    make, addresses = KINDS[kind]
    record = make(slug=f"old-{kind}")
    response = rename_in_admin(admin_client, record, f"new-{kind}")
    assert response.status_code == 302, response.context["adminform"].form.errors
    for address in addresses:
        old, new = address.format(f"old-{kind}"), address.format(f"new-{kind}")
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new), old
        assert client.get(new).status_code == 200, new


def test_slug_history_redirect_keeps_the_query_string(client):
    meeting = make_meeting(slug="accsm-21-hanoi")
    meeting.slug = "accsm-21"
    meeting.save()
    response = client.get("/meetings/accsm-21-hanoi/?utm_source=newsletter&lang=vi")
    assert response.status_code == 301
    assert response["Location"] == "/meetings/accsm-21/?utm_source=newsletter&lang=vi"


def test_slug_history_renamed_twice_every_old_slug_leads_straight_to_the_newest(client):
    official = make_official(slug="pham-thi-tra")
    for slug in ("pham-thi-thanh-tra", "pham-thi-thanh-tra-vn"):
        official.slug = slug
        official.save()
    for old in ("pham-thi-tra", "pham-thi-thanh-tra"):
        response = client.get(f"/officials/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/officials/pham-thi-thanh-tra-vn/")


def test_slug_history_admin_form_shows_the_former_slugs_and_the_permanent_link(admin_client, admin_pages):
    organisation = make_organisation(slug="moha")
    rename_in_admin(admin_client, organisation, "moha-viet-nam")
    rename_in_admin(admin_client, organisation, "ministry-of-home-affairs-viet-nam")
    text = admin_pages.text(admin_client.get(admin_url(organisation)))
    assert f"Permanent link: /o/{organisation.pk}/" in text
    # The newest first.
    assert "Former slugs: moha-viet-nam (until " in text
    assert "; moha (until " in text


def test_slug_history_admin_form_of_a_record_never_renamed_says_so(admin_client, admin_pages):
    source = make_source()
    text = admin_pages.text(admin_client.get(admin_url(source)))
    assert "Former slugs: None: its addresses have not changed." in text
    # A record without a permanent link shows neither.
    participation = make_participation()
    text = admin_pages.text(admin_client.get(admin_url(participation)))
    assert "Former slugs" not in text
    assert "Permanent link" not in text


def test_slug_history_a_record_may_take_back_a_slug_it_had(client):
    declaration = make_declaration(slug="catalyst")
    declaration.slug = "civil-service-catalyst-declaration"
    declaration.save()
    declaration.slug = "catalyst"
    declaration.save()
    assert client.get("/declarations/catalyst/").status_code == 200
    response = client.get("/declarations/civil-service-catalyst-declaration/")
    assert (response.status_code, response["Location"]) == (301, "/declarations/catalyst/")
    # Its slug now is no longer among its former ones.
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["civil-service-catalyst-declaration"]


SLUG_TAKEN = "This slug was used by “{}” before; choose another."


def test_slug_history_admin_refuses_another_records_former_slug_beside_the_slug(admin_client, admin_pages):
    first = make_meeting(slug="accsm-21", short_name="ACCSM 21")
    rename_in_admin(admin_client, first, "accsm-21-hanoi")
    second = make_meeting(slug="accsm-22")
    response = rename_in_admin(admin_client, second, "accsm-21")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [SLUG_TAKEN.format("ACCSM 21")]
    assert SLUG_TAKEN.format("ACCSM 21") in admin_pages.text(response)
    second.refresh_from_db()
    assert second.slug == "accsm-22"


def test_slug_history_admin_add_form_refuses_another_records_former_slug(admin_client):
    official = make_official(slug="ekkaphab", name="Ekkaphab Phanthavong")
    official.slug = "ekkaphab-phanthavong"
    official.save()
    response = admin_client.post("/admin/people/official/add/", {"name": "Someone Else", "slug": "ekkaphab"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [SLUG_TAKEN.format("Ekkaphab Phanthavong")]
    assert not Official.objects.filter(slug="ekkaphab").exists()


def test_slug_history_saving_under_another_records_former_slug_is_refused(client):
    first = make_meeting(slug="accsm-21", short_name="ACCSM 21")
    first.slug = "accsm-21-hanoi"
    first.save()
    with pytest.raises(IntegrityError, match="This slug was used by “ACCSM 21” before"), transaction.atomic():
        make_meeting(slug="accsm-21")
    second = make_meeting(slug="accsm-22")
    second.slug = "accsm-21"
    with pytest.raises(IntegrityError, match="This slug was used by “ACCSM 21” before"), transaction.atomic():
        second.save()
    # The old address still leads to the record that had it.
    assert client.get("/meetings/accsm-21/")["Location"] == "/meetings/accsm-21-hanoi/"


def test_slug_history_a_former_slug_binds_only_records_of_its_kind(client):
    meeting = make_meeting(slug="hanoi-2022")
    meeting.slug = "accsm-22-hanoi"
    meeting.save()
    organisation = make_organisation(slug="hanoi-2022")
    assert client.get("/organisations/hanoi-2022/").status_code == 200
    assert client.get("/meetings/hanoi-2022/")["Location"] == "/meetings/accsm-22-hanoi/"
    assert organisation.slug == "hanoi-2022"


@pytest.mark.parametrize("make", [make_meeting, make_declaration], ids=["meeting", "declaration"])
def test_slug_history_old_slugs_of_a_draft_lead_the_public_nowhere(client, admin_client, make):
    draft = make(slug="draft-before", status="draft")
    draft.slug = "draft-after"
    draft.save()
    kind = draft._meta.model_name
    addresses = KINDS[kind][1]
    for address in addresses:
        # Exactly as its addresses under its slug now.
        assert client.get(address.format("draft-after")).status_code == 404, address
        assert client.get(address.format("draft-before")).status_code == 404, address
    # Staff, who see the draft's page, are led there; the API and exports show them no draft either.
    page, *outputs = addresses
    response = admin_client.get(page.format("draft-before"))
    assert (response.status_code, response["Location"]) == (301, page.format("draft-after"))
    for address in outputs:
        assert admin_client.get(address.format("draft-before")).status_code == 404, address


def test_slug_history_a_published_records_old_slug_redirects_once_it_is_published(client):
    meeting = make_meeting(slug="before", status="draft")
    meeting.slug = "after"
    meeting.save()
    assert client.get("/meetings/before/").status_code == 404
    meeting.status = "published"
    meeting.save()
    assert client.get("/meetings/before/")["Location"] == "/meetings/after/"


@pytest.mark.parametrize(
    "path",
    ["/meetings/never-was/", "/api/meetings/never-was/", "/api/meetings/%00/", "/feeds/officials/never/"],
)
def test_slug_history_a_slug_no_record_ever_had_is_still_not_found(client, path):
    make_meeting(slug="never-was-not")
    assert client.get(path).status_code == 404


def test_slug_history_covers_every_address_made_from_a_slug():
    """Every address of the site with a slug in it redirects from a former slug (public/addresses.py)."""
    named = set()
    for namespace in ("public", "opendata", "api"):
        _, resolver = get_resolver().namespace_dict[namespace]
        for pattern in resolver.url_patterns:
            if "slug" in pattern.pattern.regex.groupindex:
                named.add(f"{namespace}:{pattern.name}")
    assert named == set(PAGES) | set(OUTPUTS)


def test_slug_history_deleting_a_record_deletes_its_former_slugs(client):
    official = make_official(slug="before")
    official.slug = "after"
    official.save()
    assert FormerSlug.objects.count() == 1
    official.delete()
    assert FormerSlug.objects.count() == 0
    assert client.get("/officials/before/").status_code == 404


def test_slug_history_loading_the_fixture_again_renames_nothing(accsm_records):
    call_command("loaddata", "accsm", verbosity=0)
    assert FormerSlug.objects.count() == 0


def test_slug_history_former_slugs_dump_and_load_by_natural_keys(client, tmp_path):
    meeting = make_meeting(slug="accsm-21-hanoi")
    meeting.slug = "accsm-21"
    meeting.save()
    out = io.StringIO()
    call_command("dumpdata", "core.formerslug", natural_foreign=True, natural_primary=True, stdout=out)
    (row,) = json.loads(out.getvalue())
    # No database id: the record is named by its kind and slug now.
    assert row == {
        "model": "core.formerslug",
        "fields": {
            "content_type": ["meetings", "meeting"],
            "object_id": ["meetings", "meeting", "accsm-21"],
            "slug": "accsm-21-hanoi",
            "replaced": row["fields"]["replaced"],
        },
    }
    FormerSlug.objects.all().delete()
    path = tmp_path / "former-slugs.json"
    path.write_text(out.getvalue())
    call_command("loaddata", str(path), verbosity=0)
    assert FormerSlug.objects.get(slug="accsm-21-hanoi").record == Meeting.objects.get(slug="accsm-21")
    assert client.get("/meetings/accsm-21-hanoi/")["Location"] == "/meetings/accsm-21/"


@pytest.mark.parametrize("path", ["/meetings/", "/api/meetings/"])
def test_slug_history_a_list_filtered_by_a_former_slug_filters_by_the_renamed_record(client, path):
    official = make_official(slug="old-official")
    make_participation(make_meeting(slug="attended", name="The meeting attended"), official=official)
    make_meeting(slug="not-attended", name="Another meeting")
    official.slug = "new-official"
    official.save()
    for slug in ("new-official", "old-official"):
        listed = client.get(path, {"official": slug}).content.decode()
        assert "The meeting attended" in listed
        assert "Another meeting" not in listed
        assert "not understood" not in listed


def test_slug_history_a_list_filtered_by_a_slug_no_record_had_still_says_so(client):
    make_meeting(slug="a-meeting")
    response = client.get("/meetings/", {"official": "never-was"})
    assert "The filter “Official” was not understood" in " ".join(response.content.decode().split())
