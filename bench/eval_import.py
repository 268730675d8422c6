"""Measure the article importer against answer keys (``make eval-import``).

    .venv/bin/python bench/eval_import.py [--save-outputs DIR] [--fake-outputs DIR]

The articles measured are the two seed articles (``../shared/seeds/``), whose answer key is
``fixtures/accsm.json`` itself, and the invented test articles in ``tests/imports/articles/``
(see the README there), each with its ``NN_slug.expected.json``. Steps:

1. migrate one throw-away SQLite database in a temporary folder, and copy it twice:
   one gets only the countries of the fixture (``people.country`` and ``people.countryname``),
   the other the whole fixture;
2. run ``manage.py import_article FILE --json`` on every article against each database, in one
   worker process per database (``call_command``, so Django starts once per database);
3. score run A (only the countries recorded) against the answer keys: precision and recall per
   kind of proposal; and run B (the whole fixture) for linking: the share of proposals of
   something already recorded that carry a ``match`` naming that record, and the conflicts
   expected with the fixture that were reported;
4. time the analysis of a 10,000-character article made of the articles' texts;
5. write ``bench/import-results.md`` and print it.

The seeds are given the headline and publisher of their source in the fixture and no date (none
is printed); the second prints no year for its meetings, so a careful importer proposes them
undated. In run B the importer recognises the seeds as sources already recorded and proposes
only what they have not yet given the records, so they weigh little in the linking share; the
test articles that name recorded things (05, 06, 08) carry it.

Matching rules (a proposal is paired with at most one expected item and the other way round;
pairs are taken greedily, strongest first, then in text order):

- meetings: the same kind (an expected item may allow several), and then, strongest first,
  the same series and ordinal (series ignored where either side has none), or the same start
  date, or the same month and day of the start date (articles that print no year: the importer
  may guess the year wrongly; the date is then counted wrong under field agreement), or, with
  no date or ordinal to tell them apart, the same folded name;
- officials: the same name once folded (``core.search.fold``: case, diacritics and punctuation
  ignored), compared with and without leading honorific words ("Dato Seri Setia", "U", "Khun",
  "H.E." ...), against the expected name and its aliases;
- participations: the official and the meeting they name are the ones paired with the expected
  official and meeting (by proposal id, or by an existing slug in run B), and the role is the same
  (a ``ParticipationRole`` value);
  participations naming no official (an organisation hosting, countries attending) are not scored;
- organisations: the folded name or abbreviation equals the expected name, abbreviation or an
  alias, and the countries do not differ where both are given;
- declarations: the Dice coefficient of the folded content words (stop words such as "the",
  "of" dropped) of the title and the expected title, an alias or the source's wording is at
  least 0.7;
- chair statements: the same country receiving the chair, and the same country handing it over
  where the proposal names one.

In run B a proposal whose ``match`` names the record an expected item is recorded as is paired
with that item first, whatever its values. An expected item marked ``"optional": true`` is
something a careful reader might or might not propose: a proposal paired with it counts neither
for nor against, and it is not missed.

For the seeds the answer key is taken from the fixture's citations of the seed's source: the
meetings, officials (directly, through an alias or a participation), participations of officials,
organisations (directly, through another name, or as the participant of a participation),
declarations cited to it, and the chairmanships cited to it that were handed over at a meeting
(from the country that chaired before to the one that took over). Each carries its fixture slug,
so run B knows which record a proposal should link to; the test articles name theirs with
``match_with_fixture``.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    # Run as a script, the project's packages (core) are not on the path yet.
    sys.path.insert(0, str(ROOT))

from core.search import fold  # noqa: E402  (the path is set just above)

FIXTURE = ROOT / "fixtures" / "accsm.json"
ARTICLES = ROOT / "tests" / "imports" / "articles"
SEEDS = Path(os.environ.get("IMPORT_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
RESULTS = ROOT / "bench" / "import-results.md"
COMMAND = ROOT / "imports" / "management" / "commands" / "import_article.py"

KINDS = ("meetings", "officials", "participations", "organisations", "declarations", "chair_statements")
# The importer's proposal kinds, under the answer key's names.
PROPOSAL_KINDS = {
    "meeting": "meetings",
    "official": "officials",
    "participation": "participations",
    "organisation": "organisations",
    "declaration": "declarations",
    "chair_statement": "chair_statements",
}
# The kinds whose records have a slug that a proposal's "match" can name.
LINKABLE = ("meetings", "officials", "organisations", "declarations")
TARGETS = {
    "meetings": (0.8, 0.9),
    "officials": (0.8, 0.9),
    "participations": (0.8, 0.9),
}  # (precision, recall)
LINK_TARGET = 0.95
SPEED_CHARACTERS = 10_000
SPEED_TARGET_S = 1.0
SPEED_RUNS = 3
HEADER_KEYS = {"headline": "headline", "publisher": "publisher", "date": "date", "url": "url"}

# Folded words that stand before a name as a form of address, not as part of it. Stripped only
# from the front, so a family name that happens to be one of them ("Tan") survives elsewhere.
HONORIFIC_WORDS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "madam",
        "dr",
        "prof",
        "professor",
        "h",
        "e",
        "he",
        "his",
        "her",
        "excellency",
        "lok",
        "chumteav",
        "oknha",
        "samdech",
        "dato",
        "datuk",
        "datin",
        "seri",
        "sri",
        "setia",
        "tan",
        "tun",
        "awang",
        "dayang",
        "haji",
        "hajah",
        "hj",
        "hjh",
        "pehin",
        "yang",
        "berhormat",
        "mulia",
        "u",
        "daw",
        "khun",
        "bapak",
        "pak",
        "ibu",
        "bu",
        "hon",
        "honourable",
        "honorable",
    }
)
STOP_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "on", "for", "to", "in", "by", "with", "its", "their", "s"}
)
DECLARATION_THRESHOLD = 0.7


# ---------------------------------------------------------------------------
# Articles


def parse_article(text):
    """Split a test article into its header (``Headline``, ``Publisher``, ``Date``, ``URL``) and its text.

    The header is the lines before the first blank line, each ``Key: value``; all four keys are
    required (the URL may be empty) and the date is YYYY-MM-DD.
    """
    head, separator, body = text.partition("\n\n")
    if not separator:
        raise ValueError("no blank line after the header")
    meta = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        name = HEADER_KEYS.get(key.strip().lower())
        if not colon or name is None:
            raise ValueError(f"not a header line: {line!r}")
        if name in meta:
            raise ValueError(f"{key.strip()} given twice")
        meta[name] = value.strip()
    missing = [key for key in HEADER_KEYS.values() if key not in meta]
    if missing:
        raise ValueError(f"missing from the header: {', '.join(missing)}")
    if not meta["headline"] or not meta["publisher"]:
        raise ValueError("the headline and the publisher must not be empty")
    datetime.date.fromisoformat(meta["date"])  # raises ValueError when malformed
    return meta, body.strip() + "\n"


def test_articles(folder=ARTICLES):
    """Every test article as (name, header, text, expected proposals), in file order."""
    found = []
    for path in sorted(folder.glob("[0-9][0-9]_*.txt")):
        meta, body = parse_article(path.read_text(encoding="utf-8"))
        expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        found.append((path.stem, meta, body, expected))
    return found


def seed_articles(rows, folder=SEEDS):
    """The seed articles as (name, header, text, expected proposals); their header is their source's.

    A seed is the source whose headline its first line starts with (the second seed's first line
    runs on into a photo caption).
    """
    if not folder.is_dir():
        return []
    sources = [row for row in rows if row["model"] == "sources.source"]
    found = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        candidates = [
            s for s in sources if s["fields"]["headline"] and first.startswith(s["fields"]["headline"])
        ]
        if not candidates:
            continue
        source = max(candidates, key=lambda s: len(s["fields"]["headline"]))
        fields = source["fields"]
        meta = {
            "headline": fields["headline"],
            "publisher": fields["publisher"],
            "date": fields.get("published_on") or "",
            "url": fields.get("url") or "",
        }
        found.append((f"seed {path.stem}", meta, text, answer_key(rows, fields["slug"])))
    return found


# ---------------------------------------------------------------------------
# The answer key of a seed: what the fixture cites to its source


def _meeting_series(meeting, meetings):
    """The series a fixture meeting belongs to ("ACCSM", "ACCSM+3"), from its kind, names and parent."""
    fields = meeting["fields"]
    names = f"{fields['name']} {fields.get('short_name', '')}"
    if fields["kind"] == "som_plus_three" or "+3" in names or "Plus Three" in names:
        return "ACCSM+3"
    if "civil service matters" in names.lower() or fold(fields.get("short_name", "")).startswith("accsm"):
        return "ACCSM"
    parent = fields.get("parent")
    if parent and parent[0] in meetings:
        return _meeting_series(meetings[parent[0]], meetings)
    return None


def answer_key(rows, source_slug):
    """The proposals a careful reader makes from the source ``source_slug``, as the fixture records them.

    A record belongs to the key when a citation of that source names it (or one of its fields);
    see the module's docstring for what counts per kind.
    """
    cited = set()
    quotes = defaultdict(list)  # title quotes: the source's own wording of a declaration
    for row in rows:
        fields = row["fields"]
        if row["model"] == "sources.citation" and fields["source"] == [source_slug]:
            key = (fields["object_id"][1], tuple(fields["object_id"][2:]))
            cited.add(key)
            if key[0] == "declaration" and fields["field"] == "title" and fields["quote"]:
                quotes[key[1][0]].append(fields["quote"])

    def of(model):
        return [row["fields"] for row in rows if row["model"] == model]

    meetings = {m["fields"]["slug"]: m for m in rows if m["model"] == "meetings.meeting"}
    officials = {o["slug"]: o for o in of("people.official")}
    aliases = defaultdict(list)
    for alias in of("people.officialalias"):
        aliases[alias["official"][0]].append(alias["name"])
    organisations = {o["slug"]: o for o in of("people.organisation")}
    other_names = defaultdict(list)
    for name in of("people.organisationname"):
        other_names[name["organisation"][0]].append(name["name"])

    key = {kind: [] for kind in KINDS}
    for slug, meeting in meetings.items():
        if ("meeting", (slug,)) in cited:
            f = meeting["fields"]
            key["meetings"].append(
                {
                    "key": slug,
                    "slug": slug,
                    "name": f["name"],
                    "series": _meeting_series(meeting, meetings),
                    "ordinal": f["ordinal"],
                    "kind": f["kind"],
                    "start_date": f["start_date"],
                    "end_date": f["end_date"],
                    "date_precision": f["date_precision"],
                    "format": f["format"] or None,
                    "country": f["country"][0] if f["country"] else None,
                    "city": f["city"] or None,
                    "parent": f["parent"][0] if f["parent"] else None,
                }
            )

    participations = [
        p
        for p in of("meetings.participation")
        if (
            "participation",
            (
                p["meeting"][0],
                p["role"],
                *(ref[0] if ref else None for ref in (p["official"], p["organisation"], p["country"])),
            ),
        )
        in cited
    ]
    official_slugs = [
        slug
        for slug in officials
        if ("official", (slug,)) in cited
        or any(("officialalias", (slug, name)) in cited for name in aliases[slug])
        or any(p["official"] == [slug] for p in participations)
    ]
    for slug in official_slugs:
        official = officials[slug]
        key["officials"].append(
            {
                "slug": slug,
                "name": official["name"],
                "honorific": None,
                "title": None,
                "country": official["country"][0] if official["country"] else None,
                "aliases": [n for n in (official["native_name"], *aliases[slug]) if n],
            }
        )
    for p in participations:
        if p["official"]:
            key["participations"].append(
                {
                    "official": officials[p["official"][0]]["name"],
                    "meeting": p["meeting"][0],
                    "role": p["role"],
                }
            )

    for slug, organisation in organisations.items():
        named = (
            ("organisation", (slug,)) in cited
            or any(("organisationname", (slug, name)) in cited for name in other_names[slug])
            or any(p["organisation"] == [slug] for p in participations)
        )
        if named:
            key["organisations"].append(
                {
                    "slug": slug,
                    "name": organisation["name"],
                    "abbreviation": organisation["abbreviation"] or None,
                    "country": organisation["country"][0] if organisation["country"] else None,
                    "aliases": other_names[slug],
                }
            )

    for declaration in of("meetings.declaration"):
        slug = declaration["slug"]
        if ("declaration", (slug,)) in cited:
            key["declarations"].append(
                {
                    "slug": slug,
                    "title": declaration["title"],
                    "kind": declaration["kind"],
                    "aliases": [a for a in (declaration["acronym"], *quotes[slug]) if a],
                }
            )

    chairs = of("meetings.chairmanship")
    for chair in chairs:
        org, country, start = chair["organisation"][0], chair["country"][0], chair["start_year"]
        if ("chairmanship", (org, country, start)) in cited and chair["handed_over_at"]:
            before = [
                c for c in chairs if c["organisation"] == chair["organisation"] and c["start_year"] < start
            ]
            previous = max(before, key=lambda c: c["start_year"])["country"][0] if before else None
            key["chair_statements"].append({"from_country": previous, "to_country": country})
    return key


# ---------------------------------------------------------------------------
# Matching


def name_variants(name, aliases=()):
    """The folded forms a person's name is recognised by: each name, with and without leading honorifics."""
    variants = set()
    for each in (name, *aliases):
        words = fold(each).split()
        if words:
            variants.add(" ".join(words))
        while words and words[0] in HONORIFIC_WORDS:
            words = words[1:]
        if words:
            variants.add(" ".join(words))
    return variants


def content_words(text):
    return {word for word in fold(text).split() if word not in STOP_WORDS}


def dice(a, b):
    """The Dice coefficient of two sets: 1 when equal, 0 when disjoint."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _as_list(value):
    return value if isinstance(value, list) else [value]


def meeting_score(values, item):
    """How strongly a meeting proposal's values match an expected meeting: 0 for no match."""
    if values.get("kind") not in _as_list(item["kind"]):
        return 0
    series, expected_series = fold(values.get("series") or ""), fold(item.get("series") or "")
    same_series = not series or not expected_series or series == expected_series
    if item.get("ordinal") is not None and values.get("ordinal") == item["ordinal"] and same_series:
        return 3
    proposed, expected = values.get("start_date"), item.get("start_date")
    if proposed and expected:
        if proposed == expected:
            return 2
        if proposed[4:] == expected[4:]:
            return 1
    name, expected_name = _without_article(values.get("name")), _without_article(item.get("name"))
    return 0.5 if name and name == expected_name else 0


def _without_article(name):
    """A name folded, without a leading "the"."""
    return re.sub(r"^the ", "", fold(name or ""))


def official_score(values, item):
    proposed = name_variants(values.get("name") or "")
    return 1 if proposed & name_variants(item["name"], item.get("aliases", ())) else 0


def organisation_score(values, item):
    country, expected_country = values.get("country"), item.get("country")
    if country and expected_country and country.upper() != expected_country.upper():
        return 0
    known = {_without_article(n) for n in (item["name"], *item.get("aliases", ())) if n}
    abbreviation = fold(item.get("abbreviation") or "")
    name = _without_article(values.get("name"))
    proposed_abbreviation = fold(values.get("abbreviation") or "")
    if name and name in known:
        return 2
    if abbreviation and abbreviation in (name, proposed_abbreviation):
        return 1
    if proposed_abbreviation and proposed_abbreviation in known:
        return 1
    return 0


def declaration_score(values, item):
    proposed = content_words(values.get("title") or "")
    best = max(dice(proposed, content_words(t)) for t in (item["title"], *item.get("aliases", ())))
    return best if best >= DECLARATION_THRESHOLD else 0


def chair_score(values, item):
    to_country = (values.get("to_country") or "").upper()
    if not to_country or to_country != (item.get("to_country") or "").upper():
        return 0
    from_country = (values.get("from_country") or "").upper()
    if not from_country:
        return 1
    return 2 if from_country == (item.get("from_country") or "").upper() else 0


def align(proposals, expected, score):
    """Pair proposals with expected items one to one, strongest pair first, then in text order.

    ``proposals`` and ``expected`` are lists of value dicts; the result maps a proposal's index to
    an expected item's index.
    """
    candidates = []
    for p, values in enumerate(proposals):
        for e, item in enumerate(expected):
            s = score(values, item)
            if s:
                candidates.append((-s, p, e))
    pairs, used = {}, set()
    for _, p, e in sorted(candidates):
        if p not in pairs and e not in used:
            pairs[p] = e
            used.add(e)
    return pairs


def ratio(numerator, denominator):
    """``numerator / denominator``, or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def tally(pairs, proposals, expected):
    """Counts for precision and recall, leaving out proposals paired with optional items."""
    optional = {e for e, item in enumerate(expected) if item.get("optional")}
    ignored = sum(1 for e in pairs.values() if e in optional)
    matched = len(pairs) - ignored
    return {
        "proposed": len(proposals) - ignored,
        "expected": len(expected) - len(optional),
        "matched": matched,
    }


SCORERS = {
    "meetings": meeting_score,
    "officials": official_score,
    "organisations": organisation_score,
    "declarations": declaration_score,
    "chair_statements": chair_score,
}
# Fields compared on each matched pair where the expected item gives a value.
AGREEMENT_FIELDS = {
    "meetings": ("start_date", "end_date", "date_precision", "format", "country", "ordinal"),
    "officials": ("honorific", "title", "country"),
}


def _agrees(field, proposed, expected):
    if field in ("honorific", "title"):
        a, b = fold(str(proposed or "")), fold(str(expected))
        return bool(a) and (a == b or (field == "title" and (a in b or b in a)))
    if field == "country":
        return (proposed or "").upper() == expected.upper()
    return proposed == expected


def _by_match(scorer):
    """``scorer``, but a proposal whose match names the expected item's record pairs with it first."""

    def score(values, item):
        slug = values.get("_match")
        if slug and slug in (item.get("slug"), item.get("match_with_fixture")):
            return 10
        return scorer(values, item)

    return score


def _values(proposal, use_matches):
    values = proposal.get("values") or {}
    if use_matches and proposal.get("match"):
        values = {**values, "_match": proposal["match"].get("slug")}
    return values


def score_article(output, expected, use_matches=False):
    """Score one importer output (the ``--json`` object) against an answer key.

    Returns {"counts": {kind: {proposed, expected, matched}}, "pairs": {kind: {proposal id:
    expected index}}, "missed": {kind: [labels]}, "extra": {kind: [labels]}, "agreement":
    {"kind.field": [agree, compared]}, "wrong_role": n}. With ``use_matches`` (run B), a proposal
    whose ``match`` names the record an expected item is recorded as is paired with that item
    whatever its values say.
    """
    by_kind = defaultdict(list)
    for proposal in output.get("proposals", []):
        kind = PROPOSAL_KINDS.get(proposal.get("kind"))
        if kind:
            by_kind[kind].append(proposal)
    result = {"counts": {}, "pairs": {}, "missed": {}, "extra": {}, "agreement": {}, "wrong_role": 0}
    for kind, scorer in SCORERS.items():
        proposals, items = by_kind[kind], expected.get(kind, [])
        if use_matches:
            scorer = _by_match(scorer)
        pairs = align([_values(p, use_matches) for p in proposals], items, scorer)
        _record(result, kind, proposals, items, pairs)
        for field in AGREEMENT_FIELDS.get(kind, ()):
            for p, e in pairs.items():
                wanted = items[e].get(field)
                if wanted is not None:
                    counts = result["agreement"].setdefault(f"{kind}.{field}", [0, 0])
                    counts[0] += _agrees(field, proposals[p].get("values", {}).get(field), wanted)
                    counts[1] += 1

    # Participations are compared through the pairing of their official and meeting.
    officials, meetings = expected.get("officials", []), expected.get("meetings", [])
    official_of = _references(result["pairs"]["officials"], officials, lambda item: item["name"])
    meeting_of = _references(result["pairs"]["meetings"], meetings, lambda item: item["key"])
    # Participations of an organisation or a country (a host, "ASEAN member states") are not scored:
    # the answer keys hold officials' only.
    proposals = [p for p in by_kind["participations"] if (p.get("values") or {}).get("official")]
    items = expected.get("participations", [])

    def participation_key(values):
        return (
            official_of.get(values.get("official")),
            meeting_of.get(values.get("meeting")),
            values.get("role"),
        )

    def participation_score(values, item):
        official, meeting, role = participation_key(values)
        return (
            1 if official == item["official"] and meeting == item["meeting"] and role == item["role"] else 0
        )

    pairs = align([p.get("values", {}) for p in proposals], items, participation_score)
    names = {
        p.get("id"): _label(PROPOSAL_KINDS.get(p.get("kind")), p.get("values", {}))
        for p in output.get("proposals", [])
    }
    _record(result, "participations", proposals, items, pairs, names)
    unmatched = [
        participation_key(p.get("values", {}))[:2] for i, p in enumerate(proposals) if i not in pairs
    ]
    for e, item in enumerate(items):
        if e not in pairs.values() and (item["official"], item["meeting"]) in unmatched:
            unmatched.remove((item["official"], item["meeting"]))
            result["wrong_role"] += 1
    return result


def _references(pairs, items, label):
    """{proposal id or fixture slug: the expected item's label} for the paired proposals of a kind."""
    refs = {}
    for proposal_id, e in pairs.items():
        refs[proposal_id] = label(items[e])
    for item in items:
        for slug in (item.get("slug"), item.get("match_with_fixture")):
            if slug:
                refs.setdefault(slug, label(item))
    return refs


def _label(kind, values, names=None):
    """How the report names a proposal or an expected item; ``names`` turns proposal ids into names."""
    names = names or {}
    if kind == "participations":
        official, meeting = values.get("official"), values.get("meeting")
        return f"{names.get(official, official)} at {names.get(meeting, meeting)} as {values.get('role')}"
    if kind == "chair_statements":
        return f"{values.get('from_country')} → {values.get('to_country')}"
    if kind == "meetings" and not values.get("name"):
        return f"{values.get('kind')} of {values.get('start_date')}"
    return str(values.get("name") or values.get("title") or values.get("key") or "?")


def _record(result, kind, proposals, items, pairs, names=None):
    result["counts"][kind] = tally(pairs, proposals, items)
    result["pairs"][kind] = {proposals[p].get("id", p): e for p, e in pairs.items()}
    result["missed"][kind] = [
        _label(kind, item)
        for e, item in enumerate(items)
        if e not in pairs.values() and not item.get("optional")
    ]
    result["extra"][kind] = [
        _label(kind, proposals[p].get("values", {}), names) for p in range(len(proposals)) if p not in pairs
    ]


def linking(output, expected, country_codes):
    """How run B's proposals link to recorded records.

    Returns {"due": n, "linked": n, "elsewhere": n, "conflicts_expected": n, "conflicts_found": n,
    "unexpected_links": [...], "other_conflicts": [...]}: ``due`` proposals are paired with an
    expected item that is recorded (or are recorded countries), ``linked`` of them name that
    record in their match, ``elsewhere`` name another. ``unexpected_links`` are the matches of
    proposals that nothing recorded was expected of (right or wrong: a reader judges);
    ``other_conflicts`` the conflicts reported that the answer key does not expect.
    """
    scored = score_article(output, expected, use_matches=True)
    proposals = {p.get("id"): p for p in output.get("proposals", [])}
    counts = {"due": 0, "linked": 0, "elsewhere": 0, "conflicts_expected": 0, "conflicts_found": 0}
    unexpected, expected_conflicts = [], set()
    for kind in LINKABLE:
        items = expected.get(kind, [])
        for item in items:
            counts["conflicts_expected"] += len(item.get("conflicts", []))
        paired = scored["pairs"][kind]
        for proposal_id, e in paired.items():
            slug = items[e].get("slug") or items[e].get("match_with_fixture")
            proposal = proposals.get(proposal_id) or {}
            match = proposal.get("match")
            if slug:
                counts["due"] += 1
                if match and match.get("slug") == slug:
                    counts["linked"] += 1
                elif match:
                    counts["elsewhere"] += 1
            elif match:
                unexpected.append(
                    f"{kind[:-1]} {_label(kind, proposal.get('values', {}))} → {match.get('slug')}"
                )
            for conflict in items[e].get("conflicts", []):
                for i, c in enumerate(proposal.get("conflicts") or []):
                    if c.get("field") == conflict["field"] and str(c.get("proposed")) == str(
                        conflict["proposed"]
                    ):
                        counts["conflicts_found"] += 1
                        expected_conflicts.add((proposal_id, i))
                        break
        for proposal_id, proposal in proposals.items():
            if (
                PROPOSAL_KINDS.get(proposal.get("kind")) == kind
                and proposal_id not in paired
                and proposal.get("match")
            ):
                label = _label(kind, proposal.get("values", {}))
                unexpected.append(f"{kind[:-1]} {label} → {proposal['match'].get('slug')}")
    for proposal in proposals.values():
        if proposal.get("kind") == "country":
            code = (proposal.get("values", {}).get("code") or "").upper()
            if code in country_codes:
                counts["due"] += 1
                match = proposal.get("match")
                if match and (match.get("slug") or "").upper() in ("", code):
                    counts["linked"] += 1
                elif match:
                    counts["elsewhere"] += 1
    counts["unexpected_links"] = unexpected
    counts["other_conflicts"] = []
    for proposal_id, proposal in proposals.items():
        label = _label(PROPOSAL_KINDS.get(proposal.get("kind")), proposal.get("values", {}))
        for i, c in enumerate(proposal.get("conflicts") or []):
            if (proposal_id, i) not in expected_conflicts:
                counts["other_conflicts"].append(
                    f"{proposal.get('kind')} {label}: {c.get('field')} recorded {c.get('recorded')}, "
                    f"proposed {c.get('proposed')}"
                )
    return counts


# ---------------------------------------------------------------------------
# Running the importer


def countries_fixture(rows):
    """The fixture's rows that a database holding only the countries needs."""
    return [row for row in rows if row["model"] in ("people.country", "people.countryname")]


def importer_arguments(path, meta):
    args = [str(path), "--json", "--headline", meta["headline"], "--publisher", meta["publisher"]]
    if meta.get("date"):
        args += ["--date", meta["date"]]
    if meta.get("url"):
        args += ["--url", meta["url"]]
    return args


def speed_text(texts, length=SPEED_CHARACTERS):
    """One article of exactly ``length`` characters made of ``texts``, repeated as often as needed."""
    joined = "\n\n".join(texts)
    while len(joined) < length:
        joined += "\n\n" + joined
    return joined[:length]


def _environment(database):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "accsm.settings",
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def _manage(args, database):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=_environment(database), check=True, cwd=ROOT
    )


def prepare_databases(folder, rows):
    """Two SQLite databases in ``folder``: (only the countries, the whole fixture)."""
    empty = folder / "empty.sqlite3"
    _manage(["migrate", "--no-input", "--verbosity", "0"], empty)
    countries, full = folder / "countries.sqlite3", folder / "full.sqlite3"
    shutil.copy(empty, countries)
    shutil.copy(empty, full)
    countries_json = folder / "countries.json"
    countries_json.write_text(json.dumps(countries_fixture(rows)), encoding="utf-8")
    _manage(["loaddata", str(countries_json), "--verbosity", "0"], countries)
    _manage(["loaddata", str(FIXTURE), "--verbosity", "0"], full)
    return countries, full


def run_worker(database, jobs, folder, name):
    """Run the importer on every job in one process against ``database``; {job id: result}."""
    jobs_file, out_file = folder / f"{name}-jobs.json", folder / f"{name}-results.json"
    jobs_file.write_text(json.dumps(jobs), encoding="utf-8")
    subprocess.run(
        [sys.executable, __file__, "--worker", str(jobs_file), str(out_file)],
        env=_environment(database),
        check=True,
        cwd=ROOT,
    )
    return json.loads(out_file.read_text(encoding="utf-8"))


def worker(jobs_file, out_file):
    """In a process of its own, with the database of the environment: run each job's import."""
    import io
    import traceback

    import django

    django.setup()
    from django.core.management import call_command

    from meetings.models import Declaration, Meeting, Participation
    from people.models import Official, Organisation

    def counts():
        return {
            m.__name__: m.objects.count()
            for m in (Meeting, Official, Organisation, Declaration, Participation)
        }

    before = counts()
    results = {}
    for job in json.loads(Path(jobs_file).read_text(encoding="utf-8")):
        runs = []
        for _ in range(job.get("repeat", 1)):
            out, err = io.StringIO(), io.StringIO()
            started = time.perf_counter()
            try:
                call_command("import_article", *job["args"], stdout=out, stderr=err)
            except Exception:  # a crash is a result to report, not a reason to stop the others
                results[job["id"]] = {"error": traceback.format_exc(limit=3)[-2000:]}
                break
            runs.append(time.perf_counter() - started)
        else:
            try:
                output = json.loads(out.getvalue())
            except ValueError as error:
                results[job["id"]] = {"error": f"stdout is not one JSON object: {error}"}
                continue
            results[job["id"]] = {"output": output, "seconds": runs}
    results["_database_changes"] = {
        name: after - before[name] for name, after in counts().items() if after != before[name]
    }
    Path(out_file).write_text(json.dumps(results), encoding="utf-8")


# ---------------------------------------------------------------------------
# The report


def _fmt(value):
    return "—" if value is None else f"{value:.2f}"


def _met(kind, precision, recall):
    if kind not in TARGETS:
        return ""
    want_p, want_r = TARGETS[kind]
    if precision is None or recall is None:
        return "—"
    return "yes" if precision >= want_p and recall >= want_r else "**no**"


def report(articles, scored, linked, speed, notes):
    """The Markdown of ``bench/import-results.md``."""
    now = datetime.datetime.now(datetime.UTC)
    lines = [
        "# The article importer, measured",
        "",
        f"Written by `make eval-import` (`bench/eval_import.py`) on {now:%Y-%m-%d %H:%M} UTC, from "
        f"{len(articles)} articles: the two seeds (answer key: `fixtures/accsm.json`) and the test "
        "articles in `tests/imports/articles/` (answer keys: their `.expected.json`). The matching "
        "rules are in the script's docstring. Run A: a database holding only the countries; "
        "run B: the whole fixture.",
        "",
        "## Totals, run A",
        "",
        "Precision: matched / proposed; recall: matched / expected (targets for meetings, officials and "
        "participations: precision ≥ 0.8, recall ≥ 0.9).",
        "",
        "| kind | expected | proposed | matched | precision | recall | target met |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    totals = {kind: {"expected": 0, "proposed": 0, "matched": 0} for kind in KINDS}
    agreement = defaultdict(lambda: [0, 0])
    wrong_role = 0
    for name in scored:
        for kind in KINDS:
            for key in totals[kind]:
                totals[kind][key] += scored[name]["counts"][kind][key]
        for field, (agree, compared) in scored[name]["agreement"].items():
            agreement[field][0] += agree
            agreement[field][1] += compared
        wrong_role += scored[name]["wrong_role"]
    for kind in KINDS:
        t = totals[kind]
        precision, recall = ratio(t["matched"], t["proposed"]), ratio(t["matched"], t["expected"])
        lines.append(
            f"| {kind.replace('_', ' ')} | {t['expected']} | {t['proposed']} | {t['matched']} | "
            f"{_fmt(precision)} | {_fmt(recall)} | {_met(kind, precision, recall)} |"
        )
    if wrong_role:
        lines += [
            "",
            f"{wrong_role} participation(s) named the right official and meeting with another role.",
        ]
    if agreement:
        lines += ["", "Field agreement of matched pairs (where the answer key gives the field):", ""]
        lines += ["| field | agree | compared |", "|---|---:|---:|"]
        lines += [f"| {field} | {a} | {c} |" for field, (a, c) in sorted(agreement.items())]

    lines += ["", "## Linking, run B", ""]
    if linked:
        due = sum(v["due"] for v in linked.values())
        ok = sum(v["linked"] for v in linked.values())
        share = ratio(ok, due)
        met = "—" if share is None else ("yes" if share >= LINK_TARGET else "**no**")
        lines += [
            "Proposals of something already recorded (meetings, officials, organisations, declarations "
            "paired with an answer-key item that has a fixture slug, and recorded countries) should carry a "
            f"`match` naming it (target ≥ {LINK_TARGET:.0%}).",
            "",
            "| article | source already recorded | due | linked | linked elsewhere | links not expected "
            "| conflicts found |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for name, v in linked.items():
            lines.append(
                f"| {name} | {v['known'] or 'no'} | {v['due']} | {v['linked']} | {v['elsewhere']} | "
                f"{len(v['unexpected_links'])} | {v['conflicts_found']}/{v['conflicts_expected']} |"
            )
        found = sum(v["conflicts_found"] for v in linked.values())
        wanted = sum(v["conflicts_expected"] for v in linked.values())
        lines += [
            f"| **total** | | {due} | {ok} | {sum(v['elsewhere'] for v in linked.values())} | "
            f"{sum(len(v['unexpected_links']) for v in linked.values())} | {found}/{wanted} |",
            "",
            f"Linked: {'—' if share is None else f'{share:.0%}'} (target met: {met}). Where the importer "
            "knows the source already, it proposes only what that source has not yet given the records.",
        ]
        unexpected = [f"- {name}: {link}" for name, v in linked.items() for link in v["unexpected_links"]]
        if unexpected:
            lines += [
                "",
                "Links not expected: matches on proposals the answer key expects nothing recorded of. "
                "Some are right (a record the key leaves out); the others link a new thing to an old "
                "record, which would merge two records into one:",
                "",
            ]
            lines += unexpected
        others = [f"- {name}: {c}" for name, v in linked.items() for c in v["other_conflicts"]]
        if others:
            lines += ["", "Other conflicts reported:", "", *others]
    else:
        lines.append("Not measured.")

    lines += ["", "## Speed", ""]
    if speed:
        lines += [
            f"Analysis of one {SPEED_CHARACTERS:,}-character article (the articles' texts run together), "
            f"run B's database, in-process, {len(speed)} runs: "
            + ", ".join(f"{s:.3f} s" for s in speed)
            + f"; median {statistics.median(speed):.3f} s (target < {SPEED_TARGET_S:.0f} s: "
            + ("met" if statistics.median(speed) < SPEED_TARGET_S else "**not met**")
            + ")."
        ]
    else:
        lines.append("Not measured.")

    lines += ["", "## Per article, run A", ""]
    for name in scored:
        s = scored[name]
        lines += [f"### {name}", "", "| kind | expected | proposed | matched | precision | recall |"]
        lines.append("|---|---:|---:|---:|---:|---:|")
        for kind in KINDS:
            c = s["counts"][kind]
            lines.append(
                f"| {kind.replace('_', ' ')} | {c['expected']} | {c['proposed']} | {c['matched']} | "
                f"{_fmt(ratio(c['matched'], c['proposed']))} | {_fmt(ratio(c['matched'], c['expected']))} |"
            )
        for heading, key in (("Missed", "missed"), ("Not in the answer key", "extra")):
            listed = [
                f"{kind.replace('_', ' ')}: {'; '.join(s[key][kind])}" for kind in KINDS if s[key][kind]
            ]
            if listed:
                lines += ["", f"{heading}:", "", *(f"- {entry}" for entry in listed)]
        lines.append("")
    if notes:
        lines += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    return "\n".join(lines).rstrip() + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--fake-outputs",
        type=Path,
        help="score saved importer output instead of running the importer: DIR/<article>.json for run A "
        "and DIR/<article>.linked.json for run B (to check the scorer itself; printed, not written to "
        "bench/import-results.md)",
    )
    parser.add_argument(
        "--save-outputs",
        type=Path,
        help="also save the importer's output in DIR, as --fake-outputs reads it (to read or score again)",
    )
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accsm.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if args.worker:
        worker(*args.worker)
        return 0

    import django

    django.setup()  # for the model's choices that check_format holds the output to
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    articles = seed_articles(rows) + test_articles()
    notes = []
    if not SEEDS.is_dir():
        notes.append(f"No seed articles at {SEEDS}: only the test articles were measured.")
    country_codes = {
        row["fields"]["code"].upper() for row in countries_fixture(rows) if row["model"] == "people.country"
    }
    speed = []

    if args.fake_outputs:
        outputs, linked_outputs = {}, {}
        for name, *_ in articles:
            stem = name.removeprefix("seed ")
            for store, suffix in ((outputs, ".json"), (linked_outputs, ".linked.json")):
                path = args.fake_outputs / f"{stem}{suffix}"
                if path.exists():
                    store[name] = {"output": json.loads(path.read_text(encoding="utf-8"))}
        # Only the articles some output was saved for are scored.
        articles = [article for article in articles if article[0] in outputs]
        notes.append(f"Scored saved output from {args.fake_outputs}, not the importer.")
    else:
        if not COMMAND.exists():
            sys.exit(f"{COMMAND.relative_to(ROOT)} does not exist yet: nothing to measure.")
        with tempfile.TemporaryDirectory(prefix="eval-import-") as tmp:
            folder = Path(tmp)
            print("Preparing the databases...", flush=True)
            countries, full = prepare_databases(folder, rows)
            jobs = []
            for i, (name, meta, text, _) in enumerate(articles):
                path = folder / f"article-{i:02d}.txt"
                path.write_text(text, encoding="utf-8")
                jobs.append({"id": name, "args": importer_arguments(path, meta)})
            long_article = folder / "speed.txt"
            long_article.write_text(speed_text([text for _, _, text, _ in articles]), encoding="utf-8")
            speed_job = {
                "id": "_speed",
                "args": importer_arguments(
                    long_article, {"headline": "Speed", "publisher": "eval", "date": "2024-01-01"}
                ),
                "repeat": SPEED_RUNS,
            }
            print("Run A: only the countries recorded...", flush=True)
            outputs = run_worker(countries, jobs, folder, "countries")
            print("Run B: the whole fixture recorded...", flush=True)
            linked_outputs = run_worker(full, [*jobs, speed_job], folder, "full")
        for label, store in (("A", outputs), ("B", linked_outputs)):
            changes = store.pop("_database_changes", {})
            if changes:
                notes.append(f"Run {label}: the importer changed the database without --accept: {changes}.")
        speed = linked_outputs.pop("_speed", {}).get("seconds", [])
        if args.save_outputs:
            save_outputs(args.save_outputs, outputs, linked_outputs)

    scored, linked = {}, {}
    for name, _, _, expected in articles:
        result = outputs.get(name)
        if result is None or "error" in result:
            notes.append(
                f"{name}, run A: " + (result["error"].strip().splitlines()[-1] if result else "no output")
            )
            result = {"output": {"proposals": []}}
        scored[name] = score_article(result["output"], expected)
        problems = check_format(result["output"])
        notes += [f"{name}, run A: {problem}" for problem in problems]
        result = linked_outputs.get(name)
        if result is None or "error" in result:
            if result:
                notes.append(f"{name}, run B: " + result["error"].strip().splitlines()[-1])
            continue
        linked[name] = linking(result["output"], expected, country_codes)
        known = (result["output"].get("source") or {}).get("known")
        linked[name]["known"] = f"yes ({known.get('why')})" if known else ""

    notes += format_differences(
        [r["output"] for store in (outputs, linked_outputs) for r in store.values() if "output" in r]
    )
    text = report(articles, scored, linked, speed, notes)
    if not args.fake_outputs:
        # The results file holds the importer's figures only, never those of a check of the scorer.
        RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


def save_outputs(folder, outputs, linked_outputs):
    """Write each article's output of both runs to ``folder``, named as ``--fake-outputs`` reads them."""
    folder.mkdir(parents=True, exist_ok=True)
    for store, suffix in ((outputs, ".json"), (linked_outputs, ".linked.json")):
        for name, result in store.items():
            if "output" in result:
                path = folder / f"{name.removeprefix('seed ')}{suffix}"
                path.write_text(json.dumps(result["output"], indent=2, ensure_ascii=False), encoding="utf-8")


# The value keys /tmp/import_format.md gives each kind of proposal (the contract with the review UI).
FORMAT_VALUES = {
    "meeting": {
        "name",
        "short_name",
        "kind",
        "series",
        "ordinal",
        "parent",
        "start_date",
        "end_date",
        "date_precision",
        "city",
        "country",
        "format",
        "theme",
    },
    "official": {"name", "honorific", "title", "country", "organisation"},
    "participation": {
        "meeting",
        "official",
        "role",
        "represents_country",
        "represents_organisation",
        "name_as_printed",
        "title_as_printed",
    },
    "organisation": {"name", "abbreviation", "country", "classification"},
    "country": {"code", "name"},
    "declaration": {"title", "kind", "relation", "meeting"},
    "outcome": {"meeting", "kind", "text"},
    "chair_statement": {"organisation", "from_country", "to_country", "meeting", "term"},
}
FORMAT_KNOWN_WHY = {"same URL", "same text"}


def format_differences(outputs):
    """What the outputs give beyond the agreed format, and what of it they never give, as sentences."""
    seen, series, whys = defaultdict(set), set(), set()
    for output in outputs:
        known = (output.get("source") or {}).get("known")
        if known:
            whys.add(known.get("why"))
        for proposal in output.get("proposals", []):
            values = proposal.get("values") or {}
            seen[proposal.get("kind")] |= set(values)
            if proposal.get("kind") == "meeting" and values.get("series"):
                series.add(values["series"])
    notes = []
    for kind, keys in FORMAT_VALUES.items():
        if kind not in seen:
            continue
        extra, never = sorted(seen[kind] - keys), sorted(keys - seen[kind])
        if extra:
            notes.append(f"{kind} values beyond the format: {', '.join(extra)}")
        if never:
            notes.append(f"{kind} values of the format never given: {', '.join(never)}")
    if whys - FORMAT_KNOWN_WHY:
        notes.append(
            f"source.known.why beyond the format: {', '.join(sorted(map(str, whys - FORMAT_KNOWN_WHY)))}"
        )
    if series:
        notes.append(f"meeting series given: {', '.join(sorted(series))}")
    return notes


def check_format(output):
    """Where an importer output departs from the agreed format (/tmp/import_format.md); [] if nowhere."""
    from meetings.models import MeetingFormat, MeetingKind, ParticipationRole

    allowed = {
        ("meeting", "kind"): set(MeetingKind.values),
        ("meeting", "format"): set(MeetingFormat.values),
        ("participation", "role"): set(ParticipationRole.values),
    }
    problems = []
    if not isinstance(output.get("source"), dict):
        problems.append('no "source" object')
    kinds = set(PROPOSAL_KINDS) | {"country", "outcome"}
    ids = set()
    for proposal in output.get("proposals", []):
        name = proposal.get("id", "?")
        missing = [
            k for k in ("id", "kind", "text", "sentence", "start", "end", "values") if k not in proposal
        ]
        if missing:
            problems.append(f"proposal {name} lacks {', '.join(missing)}")
        if proposal.get("kind") not in kinds:
            problems.append(f"proposal {name} has the unknown kind {proposal.get('kind')!r}")
        for (kind, field), values in allowed.items():
            value = (proposal.get("values") or {}).get(field)
            if proposal.get("kind") == kind and value and value not in values:
                problems.append(f"proposal {name}: {field} {value!r} is not a model value")
        if proposal.get("match") is not None and "slug" not in proposal["match"]:
            problems.append(f"proposal {name}'s match names no slug")
        ids.add(proposal.get("id"))
    if len(ids) != len(output.get("proposals", [])):
        problems.append("proposal ids are not unique")
    return problems


if __name__ == "__main__":
    sys.exit(main())
