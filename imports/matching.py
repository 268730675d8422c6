"""Finding the recorded record a printed name refers to.

Every name is compared folded (``core.search.fold``: case, diacritics and punctuation ignored), so
"Pham Thi Thanh Tra" is the recorded "Phạm Thị Thanh Trà". Where no name is the same, rapidfuzz
scores how near the printed name is to each recorded name and alias; a near one (a misspelling,
"Phantavong" for "Phanthavong") is offered with its score and why, for staff to confirm. Names are
never split into first and last: across Southeast Asia a name may be one word, or put the family
name first, so the whole name is compared, and also its words in any order.

A ``Catalogue`` reads the records once per analysis; every lookup then runs in memory.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from core.search import fold
from meetings.models import Chairmanship, Declaration, Meeting
from people.models import Country, CountryName, Official, OfficialAlias, Organisation, OrganisationName

# Below this, two names are different names; above it, staff are asked to confirm they are one.
NEAR_SCORE = 86.0
# A declaration's title as printed differs more from the recorded one than a person's name does.
NEAR_TITLE_SCORE = 88.0
# An outcome is a whole sentence: one this close to a recorded one differs by punctuation or a word.
NEAR_OUTCOME_SCORE = 90.0
MIN_SHARED_WORDS = 6


@dataclass(frozen=True)
class Match:
    """A recorded record a proposal refers to: its key, how sure the match is (0-100) and why."""

    slug: str
    score: float
    why: str
    pk: int | None = None

    def as_json(self):
        return {"slug": self.slug, "score": round(self.score, 1), "why": self.why, "id": self.pk}


class NameIndex:
    """Names (folded) of records of one kind, each leading to its record's key."""

    def __init__(self):
        self.keys = {}
        self.labels = {}
        self.originals = {}

    def add(self, name, key, label):
        folded = fold(name)
        if folded and folded not in self.keys:
            self.keys[folded] = key
            self.labels[folded] = label
            self.originals[folded] = name

    def exact(self, name):
        folded = fold(name)
        if folded in self.keys:
            return self.keys[folded], self.labels[folded], folded
        return None

    def near(self, name, cutoff):
        """The best near name: its key, label, the name and the score; names of one word are only
        ever matched exactly, since a near single word is usually another word."""
        folded = fold(name)
        if not folded or not self.keys:
            return None
        best = process.extractOne(folded, list(self.keys), scorer=_name_score, score_cutoff=cutoff)
        if best is None:
            return None
        recorded, score, _ = best
        return self.keys[recorded], self.labels[recorded], recorded, score


def _name_score(a, b, **kwargs):
    # The plain ratio catches misspellings; the sorted-words ratio names printed in another order.
    if (" " not in a) != (" " not in b):
        return 0.0
    return max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b) - 2)


class Catalogue:
    """What is recorded, read once: the names of countries, organisations, officials, meetings and
    declarations, and the meetings' series, ordinals and dates for comparing."""

    def __init__(self):
        self.countries = NameIndex()
        self.country_names = {}
        self.demonyms = {}
        for country in Country.objects.all():
            self.country_names[country.code] = country.name
            for name in (country.name, country.alpha3):
                self.countries.add(name, country.code, "recorded name")
        for other in CountryName.objects.select_related("country"):
            if other.kind == CountryName.Kind.DEMONYM:
                self.demonyms[fold(other.name)] = other.country.code
            else:
                self.countries.add(other.name, other.country.code, f"also called {other.name}")

        self.organisations = NameIndex()
        self.organisation_rows = {}
        for organisation in Organisation.objects.all():
            self.organisation_rows[organisation.slug] = organisation
            self.organisations.add(organisation.name, organisation.slug, "recorded name")
            if organisation.abbreviation:
                self.organisations.add(organisation.abbreviation, organisation.slug, "recorded abbreviation")
        for other in OrganisationName.objects.select_related("organisation"):
            self.organisations.add(other.name, other.organisation.slug, f"recorded other name {other.name!r}")

        self.officials = NameIndex()
        self.official_rows = {}
        for official in Official.objects.all():
            self.official_rows[official.slug] = official
            self.officials.add(official.name, official.slug, "recorded name")
            self.officials.add(official.native_name, official.slug, "recorded native-script name")
        for alias in OfficialAlias.objects.select_related("official"):
            self.officials.add(alias.name, alias.official.slug, f"recorded alias {alias.name!r}")

        self.meetings = list(Meeting.objects.select_related("parent", "country"))
        self.meeting_names = NameIndex()
        for meeting in self.meetings:
            self.meeting_names.add(meeting.name, meeting.slug, "recorded name")
            if meeting.short_name:
                self.meeting_names.add(meeting.short_name, meeting.slug, "recorded short name")

        self.declarations = NameIndex()
        self.declaration_rows = {}
        for declaration in Declaration.objects.all():
            self.declaration_rows[declaration.slug] = declaration
            self.declarations.add(declaration.title, declaration.slug, "recorded title")
            if declaration.acronym:
                self.declarations.add(declaration.acronym, declaration.slug, "recorded acronym")

        self.declaration_titles = self.declarations.originals
        self.chairmanships = list(
            Chairmanship.objects.select_related("organisation", "country", "handed_over_at")
        )

    # Countries ---------------------------------------------------------------------------------

    def country(self, name):
        """The code of the country ``name`` names (a name, short name, former name, code or demonym)."""
        folded = fold(name)
        if folded in self.demonyms:
            return Match(self.demonyms[folded], 100.0, f"{name!r} is a recorded demonym")
        found = self.countries.exact(name)
        if found:
            code, label, _ = found
            return Match(code, 100.0, f"same as the {label} ignoring case and accents")
        return None

    def country_words(self):
        """Every folded name and demonym of a country, longest first, with its code."""
        names = dict(self.countries.keys) | self.demonyms
        return sorted(names.items(), key=lambda item: (-len(item[0]), item[0]))

    # Organisations -----------------------------------------------------------------------------

    def organisation(self, name):
        found = self.organisations.exact(name)
        if found:
            slug, label, _ = found
            pk = self.organisation_rows[slug].pk
            return Match(slug, 100.0, f"same as the {label} ignoring case and accents", pk)
        near = self.organisations.near(name, NEAR_TITLE_SCORE)
        if near:
            slug, label, recorded, score = near
            return Match(slug, score, f"close to the {label} ({recorded!r})", self.organisation_rows[slug].pk)
        return None

    def organisation_words(self):
        return sorted(self.organisations.keys.items(), key=lambda item: (-len(item[0]), item[0]))

    # Officials ---------------------------------------------------------------------------------

    def official(self, name):
        """The official ``name`` (as printed, without title) names: the same name or alias, or a near
        one with its score."""
        found = self.officials.exact(name)
        if found:
            slug, label, _ = found
            return Match(
                slug, 100.0, f"same as the {label} ignoring case and accents", self.official_rows[slug].pk
            )
        near = self.officials.near(name, NEAR_SCORE)
        if near:
            slug, label, recorded, score = near
            why = f"close to the {label} ({recorded!r}): a spelling variant or a misspelling, to be checked"
            return Match(slug, score, why, self.official_rows[slug].pk)
        return None

    def official_by_word(self, word, candidates):
        """A later, shorter mention ("Minister Tra", "Tra said") of one of ``candidates``
        (official proposals): the one whose name has ``word`` as one of its words."""
        folded = fold(word)
        for candidate in candidates:
            if folded and folded in fold(candidate).split():
                return candidate
        return None

    def official_words(self):
        return sorted(self.officials.keys.items(), key=lambda item: (-len(item[0]), item[0]))

    # Meetings ----------------------------------------------------------------------------------

    def meeting(self, values):
        """The recorded meeting ``values`` (a meeting proposal's) describes: the same series and
        ordinal, the same name, or the same kind of part of the same parent."""
        ordinal, kind = values.get("ordinal"), values.get("kind")
        series = fold(values.get("series", ""))
        if ordinal:
            for meeting in self.meetings:
                names = fold(f"{meeting.name} {meeting.short_name}")
                if meeting.ordinal == ordinal and meeting.kind == kind and series and series in names:
                    return Match(
                        meeting.slug, 100.0, f"the same series ({values['series']}) and number", meeting.pk
                    )
            for meeting in self.meetings:
                # A part of a conference is in the conference's series ("7th SOM+3" of ACCSM 23).
                names = fold(f"{meeting.name} {meeting.short_name}")
                if meeting.parent is not None:
                    names += " " + fold(f"{meeting.parent.name} {meeting.parent.short_name}")
                if (
                    series
                    and meeting.ordinal == ordinal
                    and meeting.kind == kind
                    and _series_initials(series) in names
                ):
                    return Match(
                        meeting.slug, 95.0, "the same kind and number in the same series", meeting.pk
                    )
            if series:
                return None
        parent = values.get("parent_slug")
        for meeting in self.meetings:
            if parent and meeting.kind == kind and meeting.parent and meeting.parent.slug == parent:
                return Match(
                    meeting.slug, 100.0, f"the {meeting.get_kind_display()} of {meeting.parent}", meeting.pk
                )
        start = values.get("start_date")
        for meeting in self.meetings:
            if (
                start
                and meeting.kind == kind
                and meeting.start_date.isoformat() == start
                and not meeting.parent_id
            ):
                return Match(
                    meeting.slug, 90.0, f"a {meeting.get_kind_display().lower()} on the same date", meeting.pk
                )
        for meeting in self.meetings:
            same_year = not start or meeting.start_date.year == int(start[:4])
            if (
                ordinal
                and meeting.ordinal == ordinal
                and meeting.kind == kind
                and not meeting.parent_id
                and same_year
            ):
                return Match(
                    meeting.slug,
                    90.0,
                    f"a {meeting.get_kind_display().lower()} with the same number",
                    meeting.pk,
                )
        found = self.meeting_names.exact(values.get("name", ""))
        # A part of a new meeting is new too; and a meeting of another year is another meeting.
        if found and not parent and not values.get("parent"):
            slug, label, _ = found
            row = self.meeting_row(slug)
            if not start or row.start_date.year == int(start[:4]):
                return Match(slug, 90.0, f"same as the {label} ignoring case and accents", row.pk)
        return None

    def outcome(self, meeting_slug, text, kind=None):
        """The recorded outcome of that meeting whose text is ``text``: the same once folded, or close
        (``NEAR_OUTCOME_SCORE``) by the plain ratio (a reworded comma or word), or, for one of the same
        kind, by the words one shares with the other (an article's sentence around the recorded words,
        "X said the Work Plan is on schedule" for "The Work Plan is on schedule").

        The meeting and kind alone say nothing: a meeting records many outcomes, and an article's
        outcome matched to the only recorded one of its kind would be cited as stating words it does not."""
        from meetings.models import Outcome

        folded = fold(text or "")
        if not folded:
            return None
        best = None
        for outcome in Outcome.objects.filter(meeting__slug=meeting_slug).order_by("pk"):
            recorded = fold(outcome.text)
            if recorded == folded:
                return Match(
                    f"{meeting_slug}/{outcome.slug}",
                    100.0,
                    "the recorded outcome of this meeting, the same words ignoring case and accents",
                    outcome.pk,
                )
            score, why = (
                fuzz.ratio(recorded, folded),
                "close to the words of a recorded outcome of this meeting",
            )
            # A few words are in many sentences: sharing words counts only for a statement of some length.
            if outcome.kind == kind and min(len(recorded.split()), len(folded.split())) >= MIN_SHARED_WORDS:
                shared = fuzz.token_set_ratio(recorded, folded)
                if shared > score:
                    score, why = shared, "the words of a recorded outcome of this kind at this meeting"
            if score >= NEAR_OUTCOME_SCORE and (best is None or score > best[0]):
                best = (score, why, outcome)
        if best is None:
            return None
        score, why, outcome = best
        return Match(f"{meeting_slug}/{outcome.slug}", score, why, outcome.pk)

    def meeting_row(self, slug):
        return next((meeting for meeting in self.meetings if meeting.slug == slug), None)

    def series_names(self):
        """The names and abbreviations of the bodies whose meetings are numbered (ACCSM, ACCSM+3),
        from the recorded intergovernmental organisations and the short names of recorded meetings."""
        names = {}
        for organisation in self.organisation_rows.values():
            intergovernmental = organisation.classification == Organisation.Classification.INTERGOVERNMENTAL
            if intergovernmental and organisation.abbreviation:
                names[organisation.abbreviation] = organisation.abbreviation
        for meeting in self.meetings:
            if meeting.ordinal and meeting.short_name:
                stem = "".join(ch for ch in meeting.short_name if not ch.isdigit()).strip()
                stem = stem.removeprefix("th ").removeprefix("st ").removeprefix("nd ").removeprefix("rd ")
                if stem:
                    names[stem] = stem
        return names

    # Declarations ------------------------------------------------------------------------------

    def declaration(self, title):
        found = self.declarations.exact(title)
        if found:
            slug, label, _ = found
            row = self.declaration_rows[slug]
            return Match(slug, 100.0, f"same as the {label} ignoring case and accents", row.pk)
        folded = _content_words(_title_fold(title))
        if not folded or not self.declarations.keys:
            return None
        recorded_titles = {
            _content_words(_title_fold(self.declaration_titles[key])): key for key in self.declarations.keys
        }
        best = process.extractOne(
            folded, list(recorded_titles), scorer=_title_score, score_cutoff=NEAR_TITLE_SCORE
        )
        if best is None:
            return None
        stripped, score, _ = best
        # A title much shorter than the other is another document ("the Declaration" in "its Action
        # Plan for the Declaration").
        if min(len(stripped), len(folded)) / max(len(stripped), len(folded)) < 0.75:
            return None
        recorded = recorded_titles[stripped]
        slug = self.declarations.keys[recorded]
        return Match(
            slug, score, f"close to the recorded title ({recorded!r})", self.declaration_rows[slug].pk
        )

    def declaration_words(self):
        return sorted(self.declarations.keys.items(), key=lambda item: (-len(item[0]), item[0]))

    # Chair terms -------------------------------------------------------------------------------

    def chairmanship_for(self, organisation_slug, country_code):
        return [
            chair
            for chair in self.chairmanships
            if chair.organisation.slug == organisation_slug and chair.country.code == country_code
        ]


_FILLER = frozenset(["the", "for", "of", "on", "to", "a", "an", "and", "period", "as", "in"])


def _title_fold(title):
    """A title folded, its "+3" kept as a word of its own: the ACCSM+3 Work Plan is not the ACCSM's."""
    return fold(re.sub(r"\s*\+\s*3\b|\s+Plus Three\b", " plusthree", title, flags=re.I))


def _title_score(a, b, **kwargs):
    # Titles that differ only in small words and numbers ("for the 2021-2025 period", "ACCSM 21") are
    # one document, whatever else either adds; other differences count in full.
    numbers = re.compile(r"^\d{1,3}$")
    if {w for w in a.split() if not numbers.match(w)} == {w for w in b.split() if not numbers.match(w)}:
        return fuzz.token_set_ratio(a, b)
    return fuzz.token_sort_ratio(a, b)


def _content_words(folded):
    """A folded title without the small words that printed titles add or drop."""
    return " ".join(word for word in folded.split() if word not in _FILLER)


def _series_initials(series):
    return series.split()[0] if series else "\0"
