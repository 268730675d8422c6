"""The importer's measurement (bench/eval_import.py): its scoring, its answer keys and its test articles.

None of this runs the importer: the scoring is checked on small hand-made outputs, so these
tests say nothing of the importer's quality (``make eval-import`` measures that).
"""

import datetime
import json
import re

import pytest

from bench import eval_import as ev
from core.search import fold
from meetings.models import DeclarationKind, MeetingFormat, MeetingKind, ParticipationRole

WORKSHOP_SOURCE = "vna-civil-service-reform-workshop"
HEADS_SOURCE = "vna-heads-of-civil-service-hanoi"
ASEAN_MEMBERS = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}


@pytest.fixture(scope="module")
def rows():
    return json.loads(ev.FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles():
    return ev.test_articles()


def proposal(pid, of, **values):
    """One proposal of kind ``of`` (a meeting's values have a "kind" of their own)."""
    return {"id": pid, "kind": of, "text": "", "sentence": "", "start": 0, "end": 0, "values": values}


def output(*proposals):
    return {
        "source": {"headline": "h", "publisher": "p", "published": None, "url": "", "known": None},
        "proposals": list(proposals),
    }


def proposals_from_key(key):
    """The output a perfect importer would give for an answer key, ids in order."""
    made, official_ids, meeting_ids = [], {}, {}
    for item in key["meetings"]:
        meeting_ids[item["key"]] = f"p{len(made) + 1}"
        kind = item["kind"] if isinstance(item["kind"], str) else item["kind"][0]
        made.append(proposal(meeting_ids[item["key"]], "meeting", **{**item, "kind": kind}))
    for item in key["officials"]:
        official_ids[item["name"]] = f"p{len(made) + 1}"
        made.append(
            proposal(official_ids[item["name"]], "official", name=item["name"], country=item["country"])
        )
    for item in key["participations"]:
        made.append(
            proposal(
                f"p{len(made) + 1}",
                "participation",
                official=official_ids[item["official"]],
                meeting=meeting_ids[item["meeting"]],
                role=item["role"],
            )
        )
    for item in key["organisations"]:
        made.append(proposal(f"p{len(made) + 1}", "organisation", name=item["name"], country=item["country"]))
    for item in key["declarations"]:
        made.append(proposal(f"p{len(made) + 1}", "declaration", title=item["title"]))
    for item in key["chair_statements"]:
        made.append(proposal(f"p{len(made) + 1}", "chair_statement", **item))
    return output(*made)


# ---------------------------------------------------------------------------
# Precision and recall


def test_ratio_none_when_nothing_to_divide():
    assert ev.ratio(0, 0) is None
    assert ev.ratio(3, 4) == 0.75


def test_counts_one_right_one_wrong_official():
    key = {kind: [] for kind in ev.KINDS}
    key["officials"] = [
        {"name": "Keo Sothearith", "country": "KH"},
        {"name": "Meas Sreyneang", "country": "KH"},
    ]
    got = ev.score_article(
        output(
            proposal("p1", "official", name="Keo Sothearith"), proposal("p2", "official", name="Sok Dara")
        ),
        key,
    )
    assert got["counts"]["officials"] == {"proposed": 2, "expected": 2, "matched": 1}
    assert got["missed"]["officials"] == ["Meas Sreyneang"]
    assert got["extra"]["officials"] == ["Sok Dara"]


def test_counts_empty_when_nothing_expected_or_proposed():
    got = ev.score_article(output(), {kind: [] for kind in ev.KINDS})
    assert all(c == {"proposed": 0, "expected": 0, "matched": 0} for c in got["counts"].values())


def test_optional_item_neither_counts_nor_is_missed():
    key = {kind: [] for kind in ev.KINDS}
    key["organisations"] = [
        {"name": "Public Service Division", "country": "SG"},
        {"name": "Prime Minister's Office", "country": "SG", "optional": True},
        {"name": "ASEAN Secretariat", "optional": True},
    ]
    got = ev.score_article(
        output(
            proposal("p1", "organisation", name="Public Service Division", country="SG"),
            proposal("p2", "organisation", name="Prime Minister's Office", country="SG"),
        ),
        key,
    )
    assert got["counts"]["organisations"] == {"proposed": 1, "expected": 1, "matched": 1}
    assert got["missed"]["organisations"] == []


def test_perfect_output_scores_one_for_the_heads_seed(rows):
    key = ev.answer_key(rows, HEADS_SOURCE)
    got = ev.score_article(proposals_from_key(key), key)
    for kind, counts in got["counts"].items():
        assert counts["matched"] == counts["expected"] == counts["proposed"], kind


def test_perfect_output_scores_one_for_every_test_article(articles):
    for name, _, _, key in articles:
        got = ev.score_article(proposals_from_key(key), key)
        for kind, counts in got["counts"].items():
            assert counts["matched"] == counts["expected"] == counts["proposed"], (name, kind)


# ---------------------------------------------------------------------------
# Matching rules


def test_official_matches_without_honorifics_or_diacritics():
    item = {"name": "Mahmud bin Haji Yassin"}
    assert ev.official_score({"name": "Dato Seri Setia Awang Haji Mahmud bin Haji Yassin"}, item)
    assert ev.official_score({"name": "Phạm Thị Thanh Trà"}, {"name": "Pham Thi Thanh Tra"})
    assert ev.official_score({"name": "U Aung Thura Kyaw"}, {"name": "Aung Thura Kyaw"})


def test_official_matches_an_alias():
    item = {"name": "Ekkaphap Phanthavong", "aliases": ["Ekkaphab Phanthavong"]}
    assert ev.official_score({"name": "Ekkaphab Phanthavong"}, item)


def test_official_with_another_name_does_not_match():
    assert not ev.official_score({"name": "Mahmud"}, {"name": "Mahmud bin Haji Yassin"})
    assert not ev.official_score({"name": "Tra"}, {"name": "Pham Thi Thanh Tra"})


def test_honorifics_stripped_only_from_the_front():
    # "Tan" is a Malaysian honorific and a Chinese family name.
    assert ev.name_variants("Tan Li Ting") == {"tan li ting", "li ting"}
    assert ev.name_variants("Lim Tan Wei") == {"lim tan wei"}


def test_meeting_matches_by_series_and_ordinal_before_date():
    item = {"kind": "conference", "series": "ACCSM", "ordinal": 21, "start_date": "2022-08-03"}
    assert ev.meeting_score({"kind": "conference", "series": "ACCSM", "ordinal": 21}, item) == 3
    assert ev.meeting_score({"kind": "conference", "start_date": "2022-08-03"}, item) == 2
    assert ev.meeting_score({"kind": "conference", "series": "ACCSM+3", "ordinal": 21}, item) == 0


def test_meeting_date_without_the_right_year_matches_by_month_and_day():
    item = {"kind": "heads", "start_date": "2022-08-05"}
    assert ev.meeting_score({"kind": "heads", "start_date": "2026-08-05"}, item) == 1
    assert ev.meeting_score({"kind": "heads", "start_date": "2022-08-06"}, item) == 0


def test_meeting_without_date_or_ordinal_matches_by_name():
    item = {"kind": "som", "name": "Senior Officials' Meeting", "start_date": "2022-08-03"}
    assert ev.meeting_score({"kind": "som", "name": "the senior officials’ meeting"}, item) == 0.5
    assert ev.meeting_score({"kind": "som", "name": "Heads of Civil Service Meeting"}, item) == 0


def test_meeting_of_another_kind_does_not_match():
    item = {"kind": "som", "start_date": "2022-08-03"}
    assert ev.meeting_score({"kind": "som_plus_three", "start_date": "2022-08-03"}, item) == 0
    assert ev.meeting_score(
        {"kind": "workshop", "start_date": "2023-02-21"},
        {"kind": ["other", "workshop"], "start_date": "2023-02-21"},
    )


def test_participation_matches_through_its_paired_official_and_meeting():
    key = {kind: [] for kind in ev.KINDS}
    key["meetings"] = [{"key": "M1", "kind": "heads", "start_date": "2024-08-07"}]
    key["officials"] = [{"name": "Keo Sothearith"}, {"name": "Meas Sreyneang"}]
    key["participations"] = [
        {"official": "Keo Sothearith", "meeting": "M1", "role": "speaker"},
        {"official": "Meas Sreyneang", "meeting": "M1", "role": "participant"},
    ]
    got = ev.score_article(
        output(
            proposal("p1", "meeting", kind="heads", start_date="2024-08-07"),
            proposal("p2", "official", name="H.E. Keo Sothearith"),
            proposal("p3", "official", name="Meas Sreyneang"),
            proposal("p4", "participation", official="p2", meeting="p1", role="speaker"),
            proposal("p5", "participation", official="p3", meeting="p1", role="speaker"),
        ),
        key,
    )
    assert got["counts"]["participations"] == {"proposed": 2, "expected": 2, "matched": 1}
    assert got["wrong_role"] == 1


def test_participation_of_an_organisation_is_not_scored():
    key = {kind: [] for kind in ev.KINDS}
    got = ev.score_article(
        output(proposal("p1", "participation", organisation="p2", meeting="p3", role="host")), key
    )
    assert got["counts"]["participations"] == {"proposed": 0, "expected": 0, "matched": 0}


def test_participation_of_an_unpaired_official_does_not_match():
    key = {kind: [] for kind in ev.KINDS}
    key["meetings"] = [{"key": "M1", "kind": "forum", "start_date": "2023-09-11"}]
    key["officials"] = [{"name": "Wiryawan"}]
    key["participations"] = [{"official": "Wiryawan", "meeting": "M1", "role": "speaker"}]
    got = ev.score_article(
        output(
            proposal("p1", "meeting", kind="forum", start_date="2023-09-11"),
            proposal("p2", "official", name="Bapak"),
            proposal("p3", "participation", official="p2", meeting="p1", role="speaker"),
        ),
        key,
    )
    assert got["counts"]["participations"]["matched"] == 0


def test_organisation_matches_by_name_or_abbreviation_within_a_country():
    item = {"name": "National Civil Service Agency", "abbreviation": "BKN", "country": "ID"}
    assert ev.organisation_score({"name": "the National Civil Service Agency"}, item) == 2
    assert ev.organisation_score({"name": "BKN"}, item) == 1
    moha_vn = {"name": "Ministry of Home Affairs", "country": "VN"}
    assert ev.organisation_score({"name": "Ministry of Home Affairs", "country": "LA"}, moha_vn) == 0


def test_declaration_matches_the_sources_wording():
    item = {"title": "ACCSM Work Plan 2021–2025", "aliases": []}
    assert ev.declaration_score({"title": "ACCSM 21 Work Plan for the 2021-2025 period"}, item)
    assert not ev.declaration_score({"title": "ASEAN Comprehensive Recovery Framework"}, item)


def test_chair_statement_needs_the_receiving_country():
    item = {"from_country": "BN", "to_country": "KH"}
    assert ev.chair_score({"from_country": "BN", "to_country": "KH"}, item) == 2
    assert ev.chair_score({"to_country": "KH"}, item) == 1
    assert ev.chair_score({"from_country": "KH", "to_country": "BN"}, item) == 0


def test_align_takes_the_strongest_pair_first():
    expected = [
        {"kind": "som", "start_date": "2022-08-03"},
        {"kind": "som", "ordinal": 6, "start_date": "2022-08-04"},
    ]
    proposals = [
        {"kind": "som", "start_date": "2022-08-03", "ordinal": 6},
        {"kind": "som", "start_date": "2022-08-03"},
    ]
    assert ev.align(proposals, expected, ev.meeting_score) == {0: 1, 1: 0}


def test_linking_counts_right_wrong_and_unexpected_matches():
    key = {kind: [] for kind in ev.KINDS}
    key["officials"] = [
        {"name": "Pham Thi Thanh Tra", "match_with_fixture": "pham-thi-thanh-tra"},
        {"name": "Ekkaphap Phanthavong", "match_with_fixture": "ekkaphab-phanthavong"},
        {"name": "Doan Minh Khoa"},
    ]
    key["meetings"] = [
        {
            "key": "M2",
            "kind": "heads",
            "start_date": "2022-08-06",
            "match_with_fixture": "accsm-21-heads-of-civil-service",
            "conflicts": [{"field": "start_date", "recorded": "2022-08-05", "proposed": "2022-08-06"}],
        }
    ]
    got = ev.linking(
        output(
            {
                **proposal("p1", "official", name="Pham Thi Thanh Tra"),
                "match": {"slug": "pham-thi-thanh-tra"},
            },
            {**proposal("p2", "official", name="Ekkaphap Phanthavong"), "match": {"slug": "chu-tuan-tu"}},
            {**proposal("p3", "official", name="Doan Minh Khoa"), "match": {"slug": "vu-chien-thang"}},
            {
                **proposal("p4", "meeting", kind="heads", start_date="2022-08-06"),
                "match": {"slug": "accsm-21-heads-of-civil-service"},
                "conflicts": [{"field": "start_date", "recorded": "2022-08-05", "proposed": "2022-08-06"}],
            },
            {**proposal("p5", "country", code="VN"), "match": {"slug": "vn"}},
            proposal("p6", "country", code="BN"),
        ),
        key,
        {"VN", "BN"},
    )
    assert (got["due"], got["linked"], got["elsewhere"]) == (5, 3, 1)
    assert got["unexpected_links"] == ["official Doan Minh Khoa → vu-chien-thang"]
    assert (got["conflicts_found"], got["conflicts_expected"]) == (1, 1)
    assert got["other_conflicts"] == []


def test_linking_pairs_a_proposal_by_the_record_it_links_to():
    key = {kind: [] for kind in ev.KINDS}
    key["meetings"] = [
        {
            "key": "M1",
            "kind": "heads",
            "start_date": "2022-08-06",
            "match_with_fixture": "accsm-21-heads-of-civil-service",
            "conflicts": [{"field": "start_date", "recorded": "2022-08-05", "proposed": "2022-08-06"}],
        }
    ]
    undated = {
        **proposal("p1", "meeting", kind="heads"),
        "match": {"slug": "accsm-21-heads-of-civil-service"},
        "conflicts": [{"field": "city", "recorded": "Hanoi", "proposed": "Ha Noi"}],
    }
    got = ev.linking(output(undated), key, set())
    assert (got["due"], got["linked"]) == (1, 1)
    assert (got["conflicts_found"], got["conflicts_expected"]) == (0, 1)
    assert got["other_conflicts"] == ["meeting heads of None: city recorded Hanoi, proposed Ha Noi"]
    # Run A's scoring does not pair by match: the proposal has neither date nor ordinal.
    assert ev.score_article(output(undated), key)["counts"]["meetings"]["matched"] == 0


def test_check_format_names_departures():
    assert ev.check_format(output(proposal("p1", "meeting", kind="heads", format="virtual"))) == []
    problems = ev.check_format(
        {
            "proposals": [
                proposal("p1", "meeting", kind="summit"),
                proposal("p1", "participation", role="opened"),
                {"id": "p3", "kind": "official"},
            ]
        }
    )
    assert problems == [
        'no "source" object',
        "proposal p1: kind 'summit' is not a model value",
        "proposal p1: role 'opened' is not a model value",
        "proposal p3 lacks text, sentence, start, end, values",
        "proposal ids are not unique",
    ]


def test_format_differences_name_additions_and_omissions():
    given = output(
        proposal("p1", "meeting", name="x", kind="som", series="SOM+3", date_note="inferred"),
        proposal("p2", "country", code="VN", name="Viet Nam"),
    )
    given["source"]["known"] = {"slug": "s", "why": "same headline and publisher"}
    notes = ev.format_differences([given])
    assert "meeting values beyond the format: date_note" in notes
    assert any(n.startswith("meeting values of the format never given: city, country") for n in notes)
    assert "source.known.why beyond the format: same headline and publisher" in notes
    assert "meeting series given: SOM+3" in notes
    assert not any(n.startswith("country") for n in notes)


def test_speed_text_is_exactly_the_length_asked():
    assert len(ev.speed_text(["short text"], 10_000)) == 10_000


# ---------------------------------------------------------------------------
# The article header


def test_parse_article_splits_header_and_text():
    meta, body = ev.parse_article(
        "Headline: A headline\nPublisher: A paper\nDate: 2024-08-08\nURL: \n\nFirst paragraph.\n\nSecond.\n"
    )
    assert meta == {"headline": "A headline", "publisher": "A paper", "date": "2024-08-08", "url": ""}
    assert body == "First paragraph.\n\nSecond.\n"


@pytest.mark.parametrize(
    "text",
    [
        "Headline: h\nPublisher: p\nDate: 2024-08-08\n\ntext",  # no URL line
        "Headline: h\nPublisher: p\nDate: 8 August 2024\nURL:\n\ntext",  # not an ISO date
        "Headline: h\nPublisher: p\nDate: 2024-08-08\nURL:\ntext",  # no blank line after the header
        "Headline: h\nHeadline: g\nPublisher: p\nDate: 2024-08-08\nURL:\n\ntext",
        "Headline: \nPublisher: p\nDate: 2024-08-08\nURL:\n\ntext",
    ],
)
def test_parse_article_rejects_a_malformed_header(text):
    with pytest.raises(ValueError):
        ev.parse_article(text)


# ---------------------------------------------------------------------------
# The seeds' answer keys


def counts(key):
    return {kind: len(items) for kind, items in key.items()}


def test_answer_key_of_the_workshop_seed(rows):
    key = ev.answer_key(rows, WORKSHOP_SOURCE)
    assert counts(key) == {
        "meetings": 1,
        "officials": 2,
        "participations": 2,
        "organisations": 5,
        "declarations": 2,
        "chair_statements": 0,
    }
    assert key["meetings"][0]["format"] == "virtual"
    assert {p["role"] for p in key["participations"]} == {"speaker"}


def test_answer_key_of_the_heads_seed(rows):
    key = ev.answer_key(rows, HEADS_SOURCE)
    assert counts(key) == {
        "meetings": 4,
        "officials": 4,
        "participations": 5,
        "organisations": 4,
        "declarations": 9,
        "chair_statements": 1,
    }
    assert key["chair_statements"] == [{"from_country": "VN", "to_country": "BN"}]
    series = {m["slug"]: (m["series"], m["ordinal"]) for m in key["meetings"]}
    assert series["accsm-plus-three-6th-som"] == ("ACCSM+3", 6)
    assert series["accsm-21"] == ("ACCSM", 21)
    # Cited to this source only through the misspelt alias and the briefing.
    ekkaphab = next(o for o in key["officials"] if o["slug"] == "ekkaphab-phanthavong")
    assert "Ekkaphab Phantavong" in ekkaphab["aliases"]


def test_seed_articles_take_their_header_from_the_fixture(rows, tmp_path):
    (tmp_path / "a.txt").write_text(
        "ASEAN heads of civil service meet in Hanoi hinh anh 1 caption\n\nText.\n"
    )
    (tmp_path / "b.txt").write_text("Something else entirely\n")
    found = ev.seed_articles(rows, tmp_path)
    assert len(found) == 1
    name, meta, _, key = found[0]
    assert name == "seed a"
    assert meta["headline"] == "ASEAN heads of civil service meet in Hanoi"
    assert len(key["meetings"]) == 4


# ---------------------------------------------------------------------------
# The test articles


def test_every_article_has_a_valid_expected_file(articles, rows):
    codes = {r["fields"]["code"] for r in rows if r["model"] == "people.country"}
    slugs = {
        kind: {r["fields"]["slug"] for r in rows if r["model"] == model}
        for kind, model in (
            ("meetings", "meetings.meeting"),
            ("officials", "people.official"),
            ("organisations", "people.organisation"),
            ("declarations", "meetings.declaration"),
        )
    }
    assert len(articles) >= 8
    for name, _, body, key in articles:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+", name)
        assert 150 <= len(body.split()) <= 450, name
        assert set(key) - {"features"} == set(ev.KINDS), name
        keys = {m["key"] for m in key["meetings"]}
        names = {o["name"] for o in key["officials"]}
        for meeting in key["meetings"]:
            assert set(ev._as_list(meeting["kind"])) <= set(MeetingKind.values), name
            assert meeting["format"] in {None, *MeetingFormat.values}, name
            for field in ("start_date", "end_date"):
                if meeting[field]:
                    datetime.date.fromisoformat(meeting[field])
            assert meeting["country"] in {None, *codes}, name
            assert meeting["parent"] in {None, *keys}, name
        for official in key["officials"]:
            assert official["country"] in {None, *codes}, name
        for participation in key["participations"]:
            assert participation["official"] in names, name
            assert participation["meeting"] in keys, name
            assert participation["role"] in ParticipationRole.values, name
        for declaration in key["declarations"]:
            assert declaration["kind"] in DeclarationKind.values, name
        for statement in key["chair_statements"]:
            assert {statement["from_country"], statement["to_country"]} <= codes, name
        for kind in ev.LINKABLE:
            for item in key[kind]:
                assert item.get("match_with_fixture") in {None, *slugs[kind]}, (name, item)


def test_articles_cover_the_required_features(articles, rows):
    aliases = {
        (r["fields"]["official"][0], fold(r["fields"]["name"]))
        for r in rows
        if r["model"] == "people.officialalias"
    }
    keys = [key for _, _, _, key in articles]
    officials = [o for key in keys for o in key["officials"]]
    meetings = [m for key in keys for m in key["meetings"]]

    honoured = {o["country"] for o in officials if o.get("honorific")}
    assert len(honoured & ASEAN_MEMBERS) >= 5
    assert any(m["kind"] == "som_plus_three" and m["series"] == "ACCSM+3" for m in meetings)
    assert any(m["format"] == "virtual" for m in meetings)
    assert any(key["chair_statements"] for key in keys)
    # A known official spelt as no record has it, which must still link to the record.
    assert any(
        o.get("match_with_fixture") and (o["match_with_fixture"], fold(o["name"])) not in aliases
        for o in officials
    )
    assert any(m.get("match_with_fixture") and m.get("conflicts") for m in meetings)
    assert any(not any(key[kind] for kind in ev.KINDS) for key in keys)

    weekday = re.compile(
        r"\b(last|on|this|next) (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    )
    relative = [
        (meta, key)
        for _, meta, body, key in articles
        if weekday.search(body) and "relative_date" in key.get("features", [])
    ]
    assert relative
    for meta, key in relative:
        published = datetime.date.fromisoformat(meta["date"])
        for meeting in key["meetings"]:
            held = datetime.date.fromisoformat(meeting["start_date"])
            assert datetime.timedelta(0) < published - held <= datetime.timedelta(7)

    date_range = re.compile(r"\b\d{1,2}\s*(?:–|-|to)\s*\d{1,2} [A-Z][a-z]+ \d{4}\b")
    ranged = [key for _, _, body, key in articles if date_range.search(body)]
    assert any(m["end_date"] and m["end_date"] > m["start_date"] for key in ranged for m in key["meetings"])


def test_scoring_saved_output_reports_without_writing_the_results(articles, tmp_path, capsys):
    results = ev.RESULTS.read_bytes() if ev.RESULTS.exists() else None
    for name, _, _, key in articles:
        if name.startswith(("02_", "07_")):
            perfect = proposals_from_key(key)
            (tmp_path / f"{name}.json").write_text(json.dumps(perfect))
            (tmp_path / f"{name}.linked.json").write_text(json.dumps(perfect))
    assert ev.main(["--fake-outputs", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert "from 2 articles" in printed
    assert "| meetings | 1 | 1 | 1 | 1.00 | 1.00 | yes |" in printed
    assert "| participations | 4 | 4 | 4 | 1.00 | 1.00 | yes |" in printed
    assert "### 07_rice_harvest_festival" in printed
    assert (ev.RESULTS.read_bytes() if ev.RESULTS.exists() else None) == results
