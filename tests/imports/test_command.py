"""python manage.py import_article: the JSON it prints, bad input refused, --accept."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Meeting, Participation
from people.models import Official

from .conftest import SOM_ARTICLE


@pytest.fixture
def article_file(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(SOM_ARTICLE)
    return path


def run(*args):
    out = StringIO()
    call_command("import_article", *map(str, args), stdout=out)
    return out.getvalue()


def test_command_prints_the_agreed_json_and_changes_nothing(countries, article_file):
    output = json.loads(
        run(
            article_file,
            "--json",
            "--headline",
            "Officials meet online",
            "--publisher",
            "TNA",
            "--date",
            "2024-03-14",
        )
    )
    assert output["source"] == {
        "headline": "Officials meet online",
        "publisher": "TNA",
        "published": "2024-03-14",
        "url": "",
        "known": None,
    }
    first = output["proposals"][0]
    assert set(first) == {"id", "kind", "text", "sentence", "start", "end", "values", "match", "conflicts"}
    assert [p["id"] for p in output["proposals"]] == [f"p{n}" for n in range(1, len(output["proposals"]) + 1)]
    assert {p["kind"] for p in output["proposals"]} >= {
        "meeting",
        "official",
        "participation",
        "chair_statement",
    }
    assert not Meeting.objects.exists() and not Official.objects.exists()


def test_command_text_output_names_matches_and_new_records(countries, article_file):
    output = run(article_file, "--date", "2024-03-14")
    assert "meeting" in output and "'7th SOM+3' new" in output
    assert "proposals in" in output


def test_command_accept_records_drafts(countries, article_file):
    output = json.loads(run(article_file, "--json", "--accept", "--date", "2024-03-14", "--publisher", "TNA"))
    # What others referred to was accepted with them; only the chair handover is left.
    assert len(output["accepted"]) > 5
    assert [item["id"] for item in output["not_accepted"]] == [
        p["id"] for p in output["proposals"] if p["kind"] == "chair_statement"
    ]
    assert set(Meeting.objects.values_list("status", flat=True)) == {"draft"}
    assert Participation.objects.filter(role="chair", official__name="Somsak Rattanakul").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02" * 100, "binary"), (b"\xff\xfe\xfa" * 50, "UTF-8")],
)
def test_command_refuses_bad_input_with_the_reason(db, tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)


def test_command_refuses_a_bad_date_and_a_missing_file(db, tmp_path, article_file):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(article_file, "--date", "14/03/2024")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.txt")


def test_command_reads_a_saved_web_page(countries, tmp_path):
    page = tmp_path / "page.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in SOM_ARTICLE.split("\n\n")[1:])
    head = "<head><title>Officials meet online</title></head>"
    page.write_text(f"<html>{head}<body><article>{paragraphs}</article></body></html>")
    output = json.loads(run(page, "--html", "--json", "--date", "2024-03-14"))
    assert output["source"]["headline"] == "Officials meet online"
    assert any(p["text"] == "Somsak Rattanakul" for p in output["proposals"])


def test_command_accept_json_says_which_records_are_public_at_once(countries, article_file):
    output = json.loads(run(article_file, "--json", "--accept", "--date", "2024-03-14"))
    public = {item["record"] for item in output["accepted"] if item["public"]}
    assert "Somsak Rattanakul" in public
    assert not any(item["public"] for item in output["accepted"] if "SOM+3" in item["record"])


def test_command_accept_text_says_which_records_are_public_at_once(countries, article_file):
    text = run(article_file, "--accept", "--date", "2024-03-14")
    assert "Aminah Yusof — PUBLIC NOW (no draft status)" in text
    assert "7th SOM+3 — draft" in text
