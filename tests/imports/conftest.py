"""What the import tests share: a database holding only countries, and articles written for the tests."""

from datetime import date
from pathlib import Path

import pytest

from people.models import Country, CountryName

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_WORKSHOP = SEEDS / "000_df96c0fe0589f983.txt"
SEED_HEADS_MEETING = SEEDS / "002_3df05439a9905345.txt"
needs_seeds = pytest.mark.skipif(
    not (SEED_WORKSHOP.exists() and SEED_HEADS_MEETING.exists()), reason="the source articles are not here"
)

# Written for these tests: a Senior Officials' Meeting in Bangkok, reported two days later.
SOM_ARTICLE = "\n\n".join(
    [
        "Officials meet online on digital training",
        "Bangkok (TNA) – The 7th SOM+3 took place on Tuesday by video conference in Bangkok as part of the "
        "23rd ASEAN Conference on Civil Service Matters (ACCSM 23).",
        "Thai Secretary-General of the Civil Service Commission Khun Somsak Rattanakul chaired the meeting "
        "and opened it with a call for shared digital training.",
        "Dato' Sri Aminah Yusof, Director General of the Public Service Department of Malaysia, said the "
        "regional e-learning portal would open to every member state next year.",
        "Khun Somsak handed over the chair of ACCSM 24 to Malaysia at the close of the meeting.",
    ]
)
SOM_PUBLISHED = date(2024, 3, 14)


@pytest.fixture
def countries(db):
    """Only the countries, as the evaluation's database holds: names, short names and demonyms."""
    made = {}
    for code, alpha3, name, others in (
        ("VN", "VNM", "Viet Nam", [("Vietnam", "short"), ("Vietnamese", "demonym")]),
        ("TH", "THA", "Thailand", [("Thai", "demonym")]),
        ("MY", "MYS", "Malaysia", [("Malaysian", "demonym")]),
        ("BN", "BRN", "Brunei Darussalam", [("Brunei", "short")]),
        ("LA", "LAO", "Lao PDR", [("Laos", "short"), ("Lao", "demonym")]),
    ):
        country = Country.objects.create(code=code, alpha3=alpha3, name=name, asean_status="member")
        for other, kind in others:
            CountryName.objects.create(country=country, name=other, kind=kind)
        made[code] = country
    return made
