"""An article's text → proposed records, each with the words it comes from.

``analyse(article)`` reads the article sentence by sentence and proposes, in text order:

- meetings: numbered ones ("the 21st ASEAN Conference on Civil Service Matters", "ACCSM 21",
  "ACCSM22", "6th SOM+3"), whose series are the recorded bodies' abbreviations, the recorded meetings'
  short names and the abbreviations the article itself defines in brackets; and the kinds of meeting
  (MeetingKind's labels, "workshop", "forum"); with the parent ("as part of", "in the framework of"),
  date, place, theme and format printed in their sentences;
- officials (names.py), matched to the records (matching.py), and their participations, with the role
  the sentence gives (chaired, opened, briefed, spoke, attended, hosted) at the meeting it names or else
  at the article's main meeting;
- organisations and countries named, declarations and plans, outcomes and chair handovers.

Each proposal carries ``match`` (the recorded record it is, with score and why) and ``conflicts``
(recorded values the article contradicts). The analysis reads the database once (``Catalogue``) and
nothing else: no network, no model files, and the same text always gives the same proposals.
"""

import re
from dataclasses import dataclass, field

from core.dates import DatePrecision
from core.search import fold
from meetings.models import DeclarationKind, DeclarationRelation, MeetingFormat, MeetingKind, OutcomeKind
from meetings.models import ParticipationRole as Role
from sources.models import Source

from .dates import find_dates
from .extract import Article
from .matching import Catalogue
from .names import BODY_WORDS, NOT_NAMES, TITLE_WORDS, find_people, is_acronym
from .sentences import split_sentences

ORDINAL_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
        ],
        start=1,
    )
}
MEETING_HEADS = "Conference|Meeting|Summit|Forum|Workshop|Retreat|Session|Dialogue|Congress|Symposium|Seminar"
# Acronyms of meetings known without any record: the Senior Officials' Meetings.
BUILT_IN_SERIES = {"SOM": MeetingKind.SENIOR_OFFICIALS, "SOM+3": MeetingKind.SENIOR_OFFICIALS_PLUS_THREE}
BODY_HEAD = re.compile(
    r"\b(?:Ministry|Department|Secretariat|Office|Commission|Agency|Bureau|Council|Academy|Institute|"
    r"Authority|Division|Committee|Community|Board|Administration)\b(?![’'\-])"
)
# The head words of bodies named outside titles; "Community" names pillars and ideas alike.
NAMED_BODY_HEAD = re.compile(
    r"\b(?:Ministry|Department|Secretariat|Office|Commission|Agency|Bureau|Council|Academy|Institute|"
    r"Authority|Division|Committee|Board)\b(?![’'\-])"
)
DATED_BY_PARTS = "dated by its parts"
PARTS_OF_CONFERENCES = (
    MeetingKind.HEADS_OF_CIVIL_SERVICE,
    MeetingKind.SENIOR_OFFICIALS,
    MeetingKind.SENIOR_OFFICIALS_PLUS_THREE,
)
_NAME_WORD = r"[A-Z][\w’'+\-]*"
_ORDINAL_MEETING = re.compile(
    rf"\b(?P<ordinal>\d{{1,3}})(?:st|nd|rd|th)\s+(?P<name>{_NAME_WORD}(?:\s+(?:(?:of|on|for|and|the)\s+)*{_NAME_WORD})*"
    r"(?:\s*\+\s*3|\s+3\b|\s+Plus\s+Three)?)(?:\s*\((?P<short>[A-Z][A-Za-z+]*\s?\d{1,3})\))?"
)
_KIND_PHRASES = [
    (re.compile(r"\bheads of civil service(?:s)? meeting\b", re.I), MeetingKind.HEADS_OF_CIVIL_SERVICE),
    (
        re.compile(
            r"\bsenior officials[’']? meeting(?:s)?(?:\s+plus\s+three|\s*\+\s*3)?"
            r"(?:\s*\((?P<short>[A-Z+ 0-9]+)\))?",
            re.I,
        ),
        MeetingKind.SENIOR_OFFICIALS,
    ),
    (re.compile(r"\bworkshop\b", re.I), MeetingKind.WORKSHOP),
    (re.compile(r"\bforum\b", re.I), MeetingKind.FORUM),
    (re.compile(r"\b(?:seminar|symposium|training course|retreat)\b", re.I), MeetingKind.OTHER),
]
# "Heads of civil service from ASEAN member states held their meeting": the meeting, described.
_HEADS_MEETING_DESCRIBED = re.compile(
    r"\bheads of civil service\b(?! meeting)(?=[^.]{0,60}?\b(?:meet|meets|met|held (?:their|a) meeting)\b)",
    re.I,
)
# A meeting's name goes on past its head word: "workshop on digital skills for civil servants",
# "Forum on Merit Systems in the Civil Service"; not into where, how or when it was held.
_NAME_BEFORE = re.compile(
    r"(?:(?:[A-Z][\w’'\-]*|regional|training|technical|policy|national|international)\s+)+$"
)
_NAME_AFTER_LOWER = re.compile(
    r"\s+(?:on|for)\s+(?:the\s+)?[a-z][\w\-]*"
    r"(?:\s+(?!(?:by|via|was|were|is|are|held|at|from|with|which|that|last|this|on|to)\b)[a-z][\w\-]*){0,8}"
)
_NAME_AFTER_CAPITAL = re.compile(
    r"(?:\s+(?:on|of|for|in the|and)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)+"
)
_PARENT_CUE = re.compile(
    r"(?:as part of|in the framework of|within the framework of|on the sidelines of|within|under|of|during"
    r"|at)"
    r"\s+(?:the\s+)?$",
    re.I,
)
_CHAIR_CUE = re.compile(r"(?:chair(?:man|woman|person)?|chairmanship|presidency)\s+of\s+(?:the\s+)?$", re.I)
_DOCUMENT_AFTER = re.compile(
    r"^\s+(?:Work Plan|Plan|Action Plan|Declaration|Framework|Strategy|Vision|Roadmap)\b"
)
_THEME = re.compile(
    r"\b(?:themed|under the theme|with the theme|theme of)\s+[“\"‘']([^”\"’']{3,200})[”\"’']", re.I
)
_FORMATS = [
    (re.compile(r"\bhybrid\b", re.I), MeetingFormat.HYBRID),
    (
        re.compile(r"\b(?:video ?(?:tele)?conferenc\w*|virtual(?:ly)?|online|webinar|via video)\b", re.I),
        MeetingFormat.VIRTUAL,
    ),
    (re.compile(r"\b(?:in person|in-person|face-to-face)\b", re.I), MeetingFormat.IN_PERSON),
]
_CITY = re.compile(
    r"\b(?:held in|meet(?:s|ing)? in|convene[sd]? in|took place in|hosted in|in)"
    r"\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\b"
)
_ORGANISATION = re.compile(
    r"(?:(?:[A-Z][\w\-]*|of|for|and|the)\s+)*?"
    r"(?:[A-Z][\w\-]*\s+)*(?:Ministry|Department|Secretariat|Office|Commission|Agency|Bureau|Council|Academy|"
    r"Institute|Authority|Division|Committee|Community)"
    r"(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w\-]*(?:(?:,\s+|\s+and\s+|\s+)(?!Department|Ministry)[A-Z][\w\-]*)*)?"
)
_DECLARATION = re.compile(
    r"(?:[“\"](?P<quoted>[^”\"]{10,300})[”\"″])|"
    r"(?P<plain>[A-Z][\w’'\-+]*(?:\s+(?:(?:of|on|for|the|to|as|a|an|and|in|after|by)\s+)*"
    r"(?:[A-Z][\w’'\-+]*|\d{4}(?:\s*[-–]\s*\d{4})?(?:\s+period)?|\d{1,3}))*)"
)
_TITLE_RUNS_ON = re.compile(
    r"\s+(?:on|for|to)\s+[a-z][^,.;:()]{5,200}?(?=[,.;:]|\s+(?:by|and the|as well as)\b|$)"
)
_PLAN_TO_IMPLEMENT = re.compile(
    r"\b(?:action|work)? ?plan to (?:implement|carry out) (?:the\s+)?[“\"]?$", re.I
)
DOCUMENT_KINDS = [
    ("action plan", DeclarationKind.ACTION_PLAN),
    ("work plan", DeclarationKind.WORK_PLAN),
    ("declaration", DeclarationKind.DECLARATION),
    ("framework", DeclarationKind.FRAMEWORK),
    ("strategy", DeclarationKind.STRATEGY),
    ("vision", DeclarationKind.VISION),
    ("roadmap", DeclarationKind.OTHER),
    ("blueprint", DeclarationKind.OTHER),
    ("charter", DeclarationKind.OTHER),
]
_HANDOVER = re.compile(
    r"\b(?:transferred|handed over|handed|passed|passes|transfers|hands over)\b"
    r".{0,60}?\b(?i:chair|chairmanship)\b"
    r"(?:\s+of\s+(?P<body>[A-Z][A-Za-z+]*)\s?(?P<term>\d{1,3})?)?.{0,40}?\bto\s+(?P<to>[A-Z][\w\-]*(?:\s[A-Z][\w\-]*)?)",
)
# What a person did at the meeting, by the words of their clause; the first that fits wins.
_ROLE_CUES = [
    (Role.CHAIR, re.compile(r"\b(?:chaired|chairing|presided|co-chaired)\b", re.I)),
    ("opened", re.compile(r"\b(?:opening (?:remarks|speech|address)|opened|inaugurated|opening)\b", re.I)),
    (Role.BRIEFER, re.compile(r"\b(?:briefed|briefing|updated the)\b", re.I)),
    (
        Role.SPEAKER,
        re.compile(
            r"\b(?:said|says|speech|remarks|spoke|speaking|stated|noted|stressed|emphasi[sz]ed|highlighted|"
            r"presented|delivered|addressed|told|added|called for|urged|expressed|proposed|reported|"
            r"described|explained|outlined|walked|shared|introduced|keynote|thanked|welcomed|suggested|"
            r"recommended|"
            r"pointed out|affirmed|underlined|underscored|offered|asked|gave)\b",
            re.I,
        ),
    ),
    (Role.PARTICIPANT, re.compile(r"\b(?:attended|took part|participated|joined|accompanied)\b", re.I)),
]
ROLE_RANK = {
    Role.CHAIR: 0,
    Role.HOST: 1,
    Role.BRIEFER: 2,
    Role.SPEAKER: 3,
    Role.PARTICIPANT: 4,
    Role.OBSERVER: 5,
}
_OUTCOMES = [
    (OutcomeKind.HANDOVER, re.compile(r"\b(?:transferred|handed over)\b.{0,60}\bchair", re.I)),
    (OutcomeKind.AGREEMENT, re.compile(r"\b(?:agreed|reached (?:an )?agreement|concurred)\b", re.I)),
    (
        OutcomeKind.REPORT,
        re.compile(r"\b(?:compiled|prepared|submitted|issued) (?:a|the|its) report\b", re.I),
    ),
    (OutcomeKind.DECISION, re.compile(r"\b(?:decided|adopted|endorsed|approved)\b", re.I)),
    (OutcomeKind.STATEMENT, re.compile(r"\b(?:on schedule|on track|completed)\b", re.I)),
]


@dataclass
class Proposal:
    """One proposed record or fact, with the words it comes from and what it matches."""

    id: str
    kind: str
    text: str
    sentence: str
    start: int
    end: int
    values: dict
    match: dict | None = None
    conflicts: list = field(default_factory=list)

    def as_json(self):
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "values": self.values,
            "match": self.match,
            "conflicts": self.conflicts,
        }


@dataclass
class Analysis:
    """What an article proposes: its source (and whether it is already recorded) and the proposals."""

    article: Article
    known_source: dict | None
    proposals: list

    def as_json(self):
        return {
            "source": {
                "headline": self.article.headline,
                "publisher": self.article.publisher,
                "published": self.article.published.isoformat() if self.article.published else None,
                "url": self.article.url,
                "known": self.known_source,
            },
            "proposals": [proposal.as_json() for proposal in self.proposals],
        }


def known_source(article):
    """The recorded source this article already is: same URL, or same text (an earlier import)."""
    from .models import ArticleImport, text_fingerprint

    if article.url:
        source = Source.objects.filter(url=article.url).first()
        if source:
            return {"slug": source.slug, "why": "same URL"}
    earlier = (
        ArticleImport.objects.filter(fingerprint=text_fingerprint(article.text), source__isnull=False)
        .select_related("source")
        .first()
    )
    if earlier:
        return {"slug": earlier.source.slug, "why": "same text"}
    if article.headline and article.publisher:
        source = Source.objects.filter(headline=article.headline, publisher=article.publisher).first()
        if source:
            return {"slug": source.slug, "why": "same headline and publisher"}
    return None


@dataclass
class _MeetingMention:
    begin: int
    finish: int
    sentence_index: int
    key: tuple
    values: dict
    is_parent_ref: bool = False
    is_chair_ref: bool = False
    proposal: Proposal | None = None
    # Named by what happened rather than by its name ("heads of civil service ... held their meeting").
    loose: bool = False


class _Analyser:
    """One analysis: the article, the records read once, and the proposals made so far."""

    def __init__(self, article, catalogue):
        self.article = article
        self.text = article.text
        self.catalogue = catalogue
        self.sentences = split_sentences(self.text)
        self.proposals = []
        self.by_key = {}
        years = {int(y) for y in re.findall(r"\b(?:in|of|during)\s+((?:19|20)\d\d)\b(?!\s*[-–])", self.text)}
        self.article_year = years.pop() if len(years) == 1 else None
        self.series = dict.fromkeys(catalogue.series_names(), MeetingKind.CONFERENCE)
        self.series.update(BUILT_IN_SERIES)
        for abbreviation in re.findall(r"\(([A-Z][A-Z+]{1,9})\s?\d{1,3}\)", self.text):
            self.series.setdefault(abbreviation, MeetingKind.CONFERENCE)
        self.country_words = catalogue.country_words()
        self.series_bodies = {}
        self.chair_statements = []

    # Helpers -----------------------------------------------------------------------------------

    def propose(self, kind, key, text, sentence, begin, values, match=None, printed=()):
        """The proposal for ``key``, made at its first mention; later mentions return the same one.

        Its ``text`` and offsets are the words as printed in its sentence (``printed_span``), so that
        ``article.text[start:end] == text`` holds even for a name the sentence prints otherwise."""
        if key in self.by_key:
            return self.by_key[key]
        begin, text = printed_span(sentence.text, text, begin, printed)
        start = sentence.start + begin
        proposal = Proposal(
            id=f"p{len(self.proposals) + 1}",
            kind=kind,
            text=text,
            sentence=sentence.text,
            start=start,
            end=start + len(text),
            values={k: v for k, v in values.items() if v not in (None, "")},
            match=match.as_json() if match else None,
        )
        self.proposals.append(proposal)
        self.by_key[key] = proposal
        return proposal

    def is_place_word(self, word):
        folded = fold(word)
        return any(folded == name for name, _ in self.country_words)

    def countries_in(self, text):
        folded = f" {fold(text)} "
        found = []
        for name, code in self.country_words:
            if len(name) > 2 and f" {name} " in folded and code not in found:
                found.append(code)
        return found

    def reference(self, proposal):
        """How a proposal refers to another: the recorded slug it matches, else the proposal's id."""
        return proposal.match["slug"] if proposal.match else proposal.id

    # Meetings ----------------------------------------------------------------------------------

    def meeting_mentions(self):
        mentions = []
        for index, sentence in enumerate(self.sentences):
            taken = []
            for found in self._meetings_in(sentence.text):
                if any(found.begin < end and begin < found.finish for begin, end in taken):
                    continue
                taken.append((found.begin, found.finish))
                found.sentence_index = index
                before = sentence.text[: found.begin]
                found.is_chair_ref = bool(_CHAIR_CUE.search(before))
                found.is_parent_ref = (
                    bool(_PARENT_CUE.search(before)) and found.values["kind"] == MeetingKind.CONFERENCE
                )
                mentions.append(found)
        return sorted(mentions, key=lambda m: (m.sentence_index, m.begin))

    def _meetings_in(self, text):
        for match in _ORDINAL_MEETING.finditer(text):
            name = match.group("name")
            kind = self._kind_of(name)
            if kind is None:
                continue
            series = self._series_of(name, match.group("short"))
            values = {"name": text[match.start() : match.end("name")]}
            values |= {"kind": kind, "ordinal": int(match.group("ordinal")), "series": series}
            if match.group("short"):
                values["short_name"] = match.group("short")
            elif series:
                values["short_name"] = values["name"]
            yield _MeetingMention(match.start(), match.end(), 0, self._key(values), values)
        series_pattern = "|".join(re.escape(name) for name in sorted(self.series, key=len, reverse=True))
        if series_pattern:
            numbered = re.compile(
                rf"\b(?P<series>{series_pattern})\s?(?P<number>\d{{1,3}})\b(?!\s*(?:st|nd|rd|th)\b)"
            )
            for match in numbered.finditer(text):
                if _DOCUMENT_AFTER.match(text[match.end() :]):
                    continue
                series = match.group("series")
                kind = self.series[series]
                values = {
                    "name": match.group(),
                    "short_name": f"{series} {match.group('number')}",
                    "kind": kind,
                    "ordinal": int(match.group("number")),
                    "series": series,
                }
                yield _MeetingMention(match.start(), match.end(), 0, self._key(values), values)
        for match in _HEADS_MEETING_DESCRIBED.finditer(text):
            kind = MeetingKind.HEADS_OF_CIVIL_SERVICE
            values = {"name": MeetingKind.HEADS_OF_CIVIL_SERVICE.label, "kind": kind}
            yield _MeetingMention(match.start(), match.end(), 0, (kind, None), values, loose=True)
        for pattern, kind in _KIND_PHRASES:
            for match in pattern.finditer(text):
                printed = match.group()
                meeting_kind = kind
                if kind == MeetingKind.SENIOR_OFFICIALS and re.search(r"plus three|\+\s*3", printed, re.I):
                    meeting_kind = MeetingKind.SENIOR_OFFICIALS_PLUS_THREE
                name_start, name_end = self._extend_name(text, match.start(), match.end(), printed)
                name = text[name_start:name_end].split("(")[0].strip()
                values = {"name": name[0].upper() + name[1:], "kind": meeting_kind}
                short = match.groupdict().get("short")
                if short:
                    values["short_name"] = short.strip()
                yield _MeetingMention(name_start, name_end, 0, (meeting_kind, None), values)

    def _extend_name(self, text, start, end, printed):
        """Where the whole name of a meeting named by its kind starts and ends in ``text``."""
        if "(" in printed:
            return start, end
        before = _NAME_BEFORE.search(text[:start])
        if before:
            words = before.group().split()
            # Not a sentence's first word, nor a country or body before the name ("Malaysia's").
            while words and (words[0].lower() in ("the", "a", "an") or self.is_place_word(words[0])):
                words = words[1:]
            start -= len(" ".join(words)) + (1 if words else 0)
        capitalised = printed[:1].isupper()
        after = (_NAME_AFTER_CAPITAL if capitalised else _NAME_AFTER_LOWER).match(text[end:])
        if after:
            end += len(after.group())
        return start, end

    def _kind_of(self, name):
        folded = fold(name)
        if re.search(r"\bsenior officials?\b|\bsom\b", folded):
            three = re.search(r"\+\s*3|\b3\b|plus three", name, re.I)
            return MeetingKind.SENIOR_OFFICIALS_PLUS_THREE if three else MeetingKind.SENIOR_OFFICIALS
        if "heads of civil service" in folded:
            return MeetingKind.HEADS_OF_CIVIL_SERVICE
        if re.search(r"\bworkshop\b", folded):
            return MeetingKind.WORKSHOP
        if re.search(r"\bforum\b", folded):
            return MeetingKind.FORUM
        if re.search(rf"\b(?:{MEETING_HEADS.lower()})\b", folded):
            return MeetingKind.CONFERENCE if "conference" in folded else MeetingKind.OTHER
        first = name.split()[0]
        if is_acronym(first):
            return self.series.get(
                first.rstrip("+3").strip() if first not in self.series else first, MeetingKind.CONFERENCE
            )
        return None

    def _series_of(self, name, short):
        if short:
            return re.sub(r"\s?\d+$", "", short)
        words = name.split()
        # "22nd ACCSM", "6th SOM+3": the name is the series. A longer name gives none by itself.
        if is_acronym(words[0]) and (
            len(words) == 1 or re.fullmatch(r"\+?\s*3|Plus Three", " ".join(words[1:]))
        ):
            plus = "+3" if len(words) > 1 and "+" not in words[0] else ""
            return words[0] + plus
        return None

    def _key(self, values):
        if values.get("ordinal"):
            kind = values["kind"]
            # "ACCSM 21" and "21st ASEAN Conference on Civil Service Matters" are one meeting: numbered
            # conferences are told apart by number; other kinds by series as well.
            series = (
                "" if kind == MeetingKind.CONFERENCE else fold(values.get("series", "")).replace(" 3", "+3")
            )
            return (kind, values["ordinal"], series)
        return (values["kind"], None)

    def propose_meetings(self):
        mentions = self.meeting_mentions()
        # A meeting named only as the one whose chair is handed over is not reported as held.
        held = {m.key for m in mentions if not m.is_chair_ref}
        self.meeting_by_sentence = {}
        # A meeting's proposal quotes where it is named; where it is only described, only if never named.
        for mention in sorted(mentions, key=lambda m: m.loose):
            if mention.key not in held:
                continue
            sentence = self.sentences[mention.sentence_index]
            text = sentence.text[mention.begin : mention.finish]
            proposal = self.propose(
                "meeting", ("meeting", mention.key), text, sentence, mention.begin, mention.values
            )
            mention.proposal = proposal
            for name, value in mention.values.items():
                proposal.values.setdefault(name, value)
            self.meeting_by_sentence.setdefault(mention.sentence_index, []).append(mention)
        self.mentions = [m for m in mentions if m.proposal]
        for found in self.meeting_by_sentence.values():
            found.sort(key=lambda m: m.begin)
        # Parents: a conference named after a cue in the same sentence as another meeting.
        for _index, found in self.meeting_by_sentence.items():
            parents = [m for m in found if m.is_parent_ref]
            for child in found:
                if child.is_parent_ref or not parents or child.proposal is parents[0].proposal:
                    continue
                child.proposal.values.setdefault("parent", parents[0].proposal.id)
        # A Heads of Civil Service or Senior Officials' Meeting is a part of a conference: where the
        # article names one numbered conference as held, it is that one.
        conferences = {
            m.proposal.id: m.proposal
            for m in self.mentions
            if m.values["kind"] == MeetingKind.CONFERENCE and m.values.get("ordinal") and not m.is_chair_ref
        }
        if len(conferences) == 1:
            (conference,) = conferences.values()
            for proposal in self.proposals:
                if proposal.kind == "meeting" and proposal.values["kind"] in PARTS_OF_CONFERENCES:
                    proposal.values.setdefault("parent", conference.id)
        for proposal in self.proposals:
            parent = next((p for p in self.proposals if p.id == proposal.values.get("parent")), None)
            if proposal.kind == "meeting" and proposal.values["kind"] in PARTS_OF_CONFERENCES:
                # Its series is the conference's: the 6th SOM+3 of ACCSM 21 is of the ACCSM+3.
                if parent is not None and parent.values.get("series"):
                    plus = "+3" if proposal.values["kind"] == MeetingKind.SENIOR_OFFICIALS_PLUS_THREE else ""
                    proposal.values["series"] = parent.values["series"] + plus
                elif proposal.values.get("series") in BUILT_IN_SERIES:
                    del proposal.values["series"]
        self.main_meeting = next(
            (
                m.proposal
                for m in self.mentions
                if not m.is_parent_ref and not m.is_chair_ref and not self._is_parent(m.proposal)
            ),
            self.mentions[0].proposal if self.mentions else None,
        )
        self._meeting_details()

    def _is_parent(self, proposal):
        return any(
            other.values.get("parent") == proposal.id for other in self.proposals if other.kind == "meeting"
        )

    def subject_meetings(self, index):
        """The meetings a sentence is about: those it names other than as a parent or a chair's term."""
        return [
            m.proposal
            for m in self.meeting_by_sentence.get(index, [])
            if not m.is_parent_ref and not m.is_chair_ref
        ]

    def _meeting_details(self):
        headline_city = None
        match = _CITY.search(self.article.headline or "")
        if match and not self._not_a_city(match.group(1)):
            headline_city = match.group(1)
        for index, sentence in enumerate(self.sentences):
            subjects = self.subject_meetings(index)
            if not subjects:
                ordinal = re.search(
                    r"\bthe (\w+) (?:of its kinds?|such (?:meeting|event|workshop))\b", sentence.text, re.I
                )
                previous = [m for m in self.mentions if m.sentence_index < index]
                if ordinal and previous and ordinal.group(1).lower() in ORDINAL_WORDS:
                    target = previous[-1].proposal
                    target.values.setdefault("ordinal", ORDINAL_WORDS[ordinal.group(1).lower()])
                continue
            dates = [
                d for d in find_dates(sentence.text, self.article.published, self.article_year) if d.start
            ]
            best = min(dates, key=lambda d: ["day", "month", "year"].index(d.precision)) if dates else None
            for proposal in subjects:
                values = proposal.values
                if best and "start_date" not in values:
                    values["start_date"] = best.start.isoformat()
                    if best.end:
                        values["end_date"] = best.end.isoformat()
                    values["date_precision"] = best.precision
                    values["date_as_printed"] = best.text
                    if best.how:
                        values["date_note"] = best.how
                for pattern, meeting_format in _FORMATS:
                    if pattern.search(sentence.text) and "format" not in values:
                        values["format"] = meeting_format
                theme = _THEME.search(sentence.text)
                if theme and "theme" not in values:
                    values["theme"] = theme.group(1).strip()
                city = _CITY.search(sentence.text)
                if city and not self._not_a_city(city.group(1)):
                    values.setdefault("city", city.group(1))
                for code in self.countries_in(sentence.text):
                    if re.search(
                        rf"\bin (?:the )?{re.escape(self.catalogue.country_names.get(code, '~'))}\b",
                        sentence.text,
                    ):
                        values.setdefault("country", code)
        meetings = [p for p in self.proposals if p.kind == "meeting"]
        if headline_city and self.main_meeting is not None:
            family = [
                p
                for p in meetings
                if p is self.main_meeting
                or p.values.get("parent") in (self.main_meeting.id, self.main_meeting.values.get("parent"))
            ]
            family += [p for p in meetings if p.id == self.main_meeting.values.get("parent")]
            for proposal in family:
                proposal.values.setdefault("city", headline_city)
        for parent in meetings:
            children = [
                p for p in meetings if p.values.get("parent") == parent.id and p.values.get("start_date")
            ]
            if children and "start_date" not in parent.values:
                starts = sorted(p.values["start_date"] for p in children)
                ends = sorted(p.values.get("end_date") or p.values["start_date"] for p in children)
                parent.values["start_date"] = starts[0]
                if ends[-1] != starts[0]:
                    parent.values["end_date"] = ends[-1]
                parent.values["date_precision"] = DatePrecision.DAY
                parent.values["date_note"] = DATED_BY_PARTS
            if (
                children
                and "city" not in parent.values
                and len({p.values.get("city") for p in children}) == 1
            ):
                city = children[0].values.get("city")
                if city:
                    parent.values["city"] = city

    def _not_a_city(self, words):
        first = words.split()[0]
        return (
            first.lower() in ("the", "a", "an", "his", "her", "their", "its", "this", "particular", "general")
            or self.is_place_word(words)
            or fold(first)
            in {
                fold(m)
                for m in (
                    [
                        "January",
                        "February",
                        "March",
                        "April",
                        "May",
                        "June",
                        "July",
                        "August",
                        "September",
                        "October",
                        "November",
                        "December",
                    ]
                )
            }
            or is_acronym(first)
        )

    # People ------------------------------------------------------------------------------------

    def propose_people(self):
        # The records are of who took part in meetings: with no meeting, nobody is proposed.
        if self.main_meeting is None:
            return
        official_words = {word for name, _ in self.catalogue.official_words() for word in name.split()}
        seen_people = []
        for index, sentence in enumerate(self.sentences):
            known = official_words | {word for p in seen_people for word in fold(p.values["name"]).split()}
            mentions = find_people(sentence.text, self.is_place_word, known)
            for number, mention in enumerate(mentions):
                official = self._official_for(mention, sentence, seen_people)
                if official is None:
                    continue
                # A person's clause: from the end of the one named before to the next one named.
                clause_start = mentions[number - 1].finish if number else 0
                clause_end = mentions[number + 1].begin if number + 1 < len(mentions) else len(sentence.text)
                self._participation(
                    official, mention, sentence, index, sentence.text[clause_start:clause_end]
                )

    def _official_for(self, mention, sentence, seen_people):
        if mention.single_word:
            earlier = self.catalogue.official_by_word(mention.name, [p.values["name"] for p in seen_people])
            if earlier:
                return next(p for p in seen_people if p.values["name"] == earlier)
            return None
        match = self.catalogue.official(mention.name)
        key = ("official", match.slug if match else fold(mention.name))
        # A near spelling of someone already proposed in this article is the same person.
        for person in seen_people:
            if person.match and match and person.match["slug"] == match.slug:
                return person
        values = {"name": mention.name, "honorific": mention.honorific, "title": mention.title}
        country = self._country_of(mention.title)
        speaking_for = re.match(
            r"(?:From|For)\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+(?:of\s+)?[A-Z][\w\-]*)*),", sentence.text
        )
        if not country and speaking_for and self.catalogue.country(speaking_for.group(1)):
            # "From Lao PDR, Mr. Bounthavy Sengdara, Director-General of ...": whom they speak for.
            country = self.catalogue.country(speaking_for.group(1)).slug
        values["country"] = country
        organisation = self._organisation_in_title(mention.title, sentence, country)
        if organisation is not None:
            values["organisation"] = self.reference(organisation)
            if not country and organisation.values.get("country"):
                values["country"] = organisation.values["country"]
        proposal = self.propose("official", key, mention.name, sentence, mention.begin, values, match)
        if match and key == ("official", match.slug) and proposal not in seen_people:
            recorded = self.catalogue.official_rows[match.slug]
            if country and recorded.country_id and recorded.country.code != country:
                proposal.conflicts.append(
                    {"field": "country", "recorded": recorded.country.code, "proposed": country}
                )
        if proposal not in seen_people:
            seen_people.append(proposal)
        return proposal

    def _country_of(self, title):
        for word in re.findall(r"[A-Z][\w\-]*(?:\s[A-Z][\w\-]*)?", title or ""):
            for candidate in (word, word.split()[0]):
                found = self.catalogue.country(candidate)
                if found:
                    return found.slug
        return None

    def _organisation_in_title(self, title, sentence, country=None):
        """The body a title names, the most specific one: the "Department of X" of "the Ministry of Y’",
        the "X Department under the Ministry of Y", the "Division of the Prime Minister's Office";
        "Minister of Home Affairs" names the Ministry of Home Affairs and "Secretary-General of ASEAN"
        the ASEAN Secretariat."""
        if not title:
            return None
        title = re.sub(r"\bMinister of\b", "Ministry of", title)
        found = self.bodies_in(title)
        printed = {}
        if not found and "Secretary-General" in title:
            body = next((word for word in re.findall(r"\b[A-Z]{3,}\b", title)), None)
            if body:
                found = [(f"{body} Secretariat", None)]
                # The secretariat is printed only as its head's title: those words are its mention.
                said = re.search(
                    rf"\b{body}\s+(?:Deputy\s+)?Secretary-General\b|"
                    rf"\b(?:Deputy\s+)?Secretary-General\s+of\s+(?:the\s+)?{body}\b",
                    sentence.text,
                )
                printed[found[0][0]] = (said.group(0),) if said else (body,)
        chain = None
        for name, body_country in found:
            chain = self._propose_organisation(
                name,
                sentence,
                parent=chain,
                country=body_country or country,
                # "Minister of Home Affairs" names the ministry it was read as.
                printed=printed.get(name, (re.sub(r"\bMinistry of\b", "Minister of", name),)),
            )
        return chain

    def bodies_in(self, text):
        """The bodies ``text`` names, the outermost first, each with the country named in it
        ("of Brunei Darussalam"), as (name, country code or None)."""
        outer_last = re.split(r"\s+(?:under|at|in)\s+(?:the\s+)?(?=[A-Z])", text)
        parts = []
        # "Y under X", "Y at the X": X is the outer body.
        for part in reversed(outer_last):
            # "the Ministry of Labour, Invalids and Social Affairs’ Department of International Cooperation":
            # a body's possessive names the body the next one belongs to.
            cut = 0
            for possessive in re.finditer(r"(\w+)(?:’s|'s|’|')\s+(?=[A-Z])", part):
                if possessive.group(1).lower() in BODY_WORDS:
                    parts.append(part[cut : possessive.end(1)])
                    cut = possessive.end()
            parts.append(part[cut:])
        found = []
        for part in parts:
            found.extend(self._bodies_in_part(part))
        return found

    def _bodies_in_part(self, text):
        name = self._body_in(text)
        if not name:
            return []
        country = None
        # "Malaysia's Public Service Department": the country is the body's.
        owner = re.search(
            r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,2})(?:’s|'s)\s+$", text[: max(text.find(name), 0)]
        )
        if owner and self.catalogue.country(owner.group(1)):
            country = self.catalogue.country(owner.group(1)).slug
        of_country = re.search(r"\s+of\s+(?:the\s+)?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)$", name)
        if of_country and self.catalogue.country(of_country.group(1)):
            country = self.catalogue.country(of_country.group(1)).slug
            name = name[: of_country.start()]
        # "Public Service Division of the Prime Minister's Office": a body of another body.
        nested = re.search(r"\s+of\s+(?:the\s+)?((?:[A-Z]\w*\s+)*\w+(?:’s|'s)\s.+|Ministry\s.+)$", name)
        if nested and self._head_word(nested.group(1)):
            return [*self._bodies_in_part(nested.group(1)), (name[: nested.start()], country)]
        return [(name, country)]

    @staticmethod
    def _head_word(text):
        return BODY_HEAD.search(text)

    def _body_in(self, text):
        """The name of the body ``text`` names: from its head word (Ministry, Department...) with the
        capitalised words before it that are no title's or country's, and the "of ..." after it."""
        heads = list(BODY_HEAD.finditer(text))
        if not heads:
            return ""
        head = heads[0]
        # "Civil Service Commission": the last of the head words written together.
        for following in heads[1:]:
            if not re.fullmatch(r"(?:\s+[A-Z][\w\-]*)*\s+", text[head.end() : following.start()]):
                break
            head = following
        start = head.start()
        before = text[:start].split()
        while before and before[-1][:1].isupper():
            word = before[-1]
            possessor = re.sub(r"(?:’s|'s|’|')$", "", word)
            if (
                _bare_word(word) in TITLE_WORDS
                or _bare_word(word) in NOT_NAMES
                or self.is_place_word(word)
                or self.is_place_word(possessor)
            ):
                break
            before.pop()
            start = text.rfind(word, 0, start)
        tail = re.match(
            r"(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w’'\-]*"
            r"(?:(?:,\s+|\s+and\s+|\s+(?:of\s+)?(?:the\s+)?)(?!Department|Ministry)[A-Z][\w’'\-]*)*)?",
            text[head.end() :],
        )
        name = text[start : head.end() + tail.end()].strip().rstrip("’'")
        # "Viet Nam's Ministry of Home Affairs": the country is not part of the body's name.
        words = name.split()
        for count in (3, 2, 1):
            owner = " ".join(words[:count])
            if len(words) > count and re.search(r"(?:’s|'s)$", owner) and self.is_place_word(owner[:-2]):
                return " ".join(words[count:])
        return name

    def _propose_organisation(self, name, sentence, parent=None, country=None, printed=()):
        match = self.catalogue.organisation(name)
        if match and country:
            row = self.catalogue.organisation_rows[match.slug]
            # The same name in another country is another body: each has its Ministry of Home Affairs.
            if row.country_id and row.country.code != country:
                match = None
        key = ("organisation", match.slug if match else (fold(name), country))
        begin = sentence.text.find(name)
        values = {"name": name, "country": country}
        if match:
            row = self.catalogue.organisation_rows.get(match.slug)
            if row is not None and row.country_id:
                values["country"] = row.country.code
        if parent is not None:
            values["parent"] = self.reference(parent)
            values.setdefault("country", parent.values.get("country"))
        kind_word = (
            name.split()[0]
            if name.split()[0] in ("Ministry", "Department", "Secretariat")
            else name.split()[-1]
        )
        values["classification"] = {
            "Ministry": "ministry",
            "Department": "department",
            "Secretariat": "secretariat",
            "Community": "pillar",
        }.get(kind_word, "other")
        abbreviation = re.search(rf"{re.escape(name)}\s*\(([A-Z][A-Z+]{{1,9}})\)", self.text)
        if abbreviation:
            values["abbreviation"] = abbreviation.group(1)
        return self.propose("organisation", key, name, sentence, max(begin, 0), values, match, printed)

    def _participation(self, official, mention, sentence, index, clause):
        text = sentence.text
        subjects = self.subject_meetings(index)
        meeting = subjects[0] if subjects else self.main_meeting
        around = clause
        roles = []
        # "Chairwoman of ACCSM 21", "who chaired ACCSM 21": the chair of the meeting named.
        for found in self.meeting_by_sentence.get(index, []):
            chaired = re.search(r"\bchaired\s+(?:the\s+)?$", text[: found.begin])
            if (found.is_chair_ref or chaired) and found.proposal is not None:
                roles.append((found.proposal, Role.CHAIR))
        role = None
        for cue, pattern in _ROLE_CUES:
            if pattern.search(around):
                role = cue
                break
        if role == "opened":
            chaired = [m for m, r in roles if r == Role.CHAIR]
            parent = meeting.values.get("parent") if meeting else None
            role = Role.CHAIR if any(m is meeting or m.id == parent for m in chaired) else Role.SPEAKER
        if role and meeting is not None:
            roles.append((meeting, role))
        for target, target_role in roles:
            self._propose_participation(official, mention, sentence, target, target_role)

    def _propose_participation(self, official, mention, sentence, meeting, role):
        key = ("participation", meeting.id, official.id)
        existing = self.by_key.get(key)
        if existing is not None:
            if ROLE_RANK[role] < ROLE_RANK[Role(existing.values["role"])]:
                existing.values["role"] = role
                begin, existing.text = printed_span(sentence.text, mention.name, mention.begin)
                existing.sentence, existing.start, existing.end = (
                    sentence.text,
                    sentence.start + begin,
                    sentence.start + begin + len(existing.text),
                )
            return existing
        values = {
            "meeting": self.reference(meeting),
            "official": self.reference(official),
            "role": role,
            "name_as_printed": mention.name,
            "title_as_printed": mention.title,
            "represents_country": self._country_of(mention.title) or official.values.get("country"),
        }
        organisation = official.values.get("organisation")
        behalf = re.search(r"\bon behalf of (?:the )?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)", sentence.text)
        if behalf:
            organisation = self.reference(self._propose_organisation(behalf.group(1), sentence))
        if organisation:
            values["represents_organisation"] = organisation
        return self.propose("participation", key, mention.name, sentence, mention.begin, values)

    # Bodies that act: hosts -----------------------------------------------------------------------

    def propose_hosts(self):
        for index, sentence in enumerate(self.sentences):
            subjects = self.subject_meetings(index)
            if not subjects:
                continue
            # "<body> (ABBR) hosted|held ...", or "... hosted by|held by <body>".
            host = re.search(
                r"(?P<body>(?:[A-Z][\w’'\-]*\s+)(?:(?:of|for|the|and)\s+|[A-Z][\w’'\-]*\s+)*?[A-Z][\w\-]*)"
                r"(?:\s*\([A-Z]{2,10}\))?\s+(?:held|hosted|organised|organized|convened)\b"
                r"|\b(?:hosted|held|organised|organized|convened) by (?:the\s+)?(?P<by>[A-Z][^,.;]*)",
                sentence.text,
            )
            printed = host and (host.group("body") or host.group("by"))
            found = self.bodies_in(printed) if printed else []
            if not found:
                continue
            chain = None
            for name, body_country in found:
                chain = self._propose_organisation(name, sentence, parent=chain, country=body_country)
            organisation = chain
            meeting = subjects[0]
            meeting.values.setdefault("host", self.reference(organisation))
            key = ("participation", meeting.id, organisation.id)
            self.propose(
                "participation",
                key,
                organisation.text,
                sentence,
                max(sentence.text.find(organisation.text), 0),
                {
                    "meeting": self.reference(meeting),
                    "organisation": self.reference(organisation),
                    "role": Role.HOST,
                    "name_as_printed": organisation.text,
                },
            )

    # Organisations and countries named ---------------------------------------------------------

    def propose_named_bodies(self):
        """The bodies an article names outside any title: "Thailand's Office of the Civil Service
        Commission (OCSC)", "the ASEAN Secretariat"; and the body whose conferences are numbered
        ("the 21st ASEAN Conference on Civil Service Matters (ACCSM 21)": the ACCSM)."""
        for sentence in self.sentences:
            for head in NAMED_BODY_HEAD.finditer(sentence.text):
                start = head.start()
                while True:
                    previous = re.search(r"([A-Z][\w’'\-]*)\s+$", sentence.text[:start])
                    if not previous:
                        break
                    start = previous.start(1)
                found = self.bodies_in(sentence.text[start : head.end() + 150])
                if any(found) and not any(self._overlaps_person(sentence, name) for name, _ in found):
                    chain = None
                    for name, country in found:
                        if len(name.split()) > 1:
                            chain = self._already_proposed_body(name) or self._propose_organisation(
                                name, sentence, parent=chain, country=country
                            )
        for mention in self.mentions:
            values = mention.values
            if (
                values["kind"] != MeetingKind.CONFERENCE
                or not values.get("ordinal")
                or not values.get("series")
            ):
                continue
            name = re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", values["name"])
            if name == values["name"] or is_acronym(name.split()[0]):
                continue
            sentence = self.sentences[mention.sentence_index]
            body = self._propose_organisation(name, sentence)
            body.values.setdefault("abbreviation", values["series"])
            body.values["classification"] = "intergovernmental"
            self.series_bodies[values["series"]] = body

    def _already_proposed_body(self, name):
        folded = fold(name)
        return next(
            (
                p
                for p in self.proposals
                if p.kind == "organisation" and folded in (fold(p.text), fold(p.values["name"]))
            ),
            None,
        )

    def _overlaps_person(self, sentence, name):
        return any(
            p.kind == "official" and p.sentence == sentence.text and p.text in name for p in self.proposals
        )

    def propose_bodies_and_countries(self):
        for sentence in self.sentences:
            folded = f" {fold(sentence.text)} "
            for name, slug in self.catalogue.organisation_words():
                if len(name) > 3 and f" {name} " in folded:
                    begin = _find_folded(sentence.text, name)
                    printed = sentence.text[begin[0] : begin[1]] if begin else name
                    match = self.catalogue.organisation(printed)
                    if match is None or self._already_proposed_body(printed):
                        continue
                    row = self.catalogue.organisation_rows[slug]
                    self.propose(
                        "organisation",
                        ("organisation", slug),
                        printed,
                        sentence,
                        begin[0] if begin else 0,
                        {
                            "name": row.name,
                            "abbreviation": row.abbreviation,
                            "country": row.country.code if row.country_id else None,
                        },
                        match,
                    )
            for name, code in self.country_words:
                if len(name) > 2 and f" {name} " in folded:
                    begin = _find_folded(sentence.text, name)
                    printed = sentence.text[begin[0] : begin[1]] if begin else name
                    match = self.catalogue.country(printed)
                    self.propose(
                        "country",
                        ("country", code),
                        printed,
                        sentence,
                        begin[0] if begin else 0,
                        {"code": code, "name": self.catalogue.country_names.get(code, printed)},
                        match,
                    )

    # Declarations ------------------------------------------------------------------------------

    def propose_declarations(self):
        for index, sentence in enumerate(self.sentences):
            for match in _DECLARATION.finditer(sentence.text):
                title = (match.group("quoted") or match.group("plain") or "").strip().rstrip(".″")
                end = match.end()
                if match.group("plain") and re.search(r"(?:Declaration|Framework|Strategy|Plan)$", title):
                    # "the ASEAN Declaration on strengthening their civil service to be more resilient":
                    # a title the source words as a description runs on to the end of the clause.
                    more = _TITLE_RUNS_ON.match(sentence.text[end:])
                    if more:
                        title += more.group()
                        end += len(more.group())
                folded = fold(title)
                kind = next((k for word, k in DOCUMENT_KINDS if f" {word} " in f" {folded} "), None)
                if kind is None or len(title.split()) < 3:
                    continue
                title = re.sub(r"^(?:the|The)\s+", "", title)
                begin = match.start("quoted") if match.group("quoted") else match.start("plain")
                found = self.catalogue.declaration(title)
                acronym = re.match(r"\s*\(([A-Z][A-Z0-9]{1,9})\)", sentence.text[match.end() :])
                # An action plan "to implement" a document is two documents: the plan and what it implements.
                relation = DeclarationRelation.DISCUSSED
                if re.search(
                    r"\b(?:held|organised|organized) (?:in accordance with|under)\b|\bin accordance with\b",
                    sentence.text,
                ):
                    relation = DeclarationRelation.HELD_UNDER
                elif re.search(r"\bbriefed\b", sentence.text):
                    relation = DeclarationRelation.BRIEFED_ON
                elif re.search(r"\badopted\b", sentence.text):
                    relation = DeclarationRelation.ADOPTED
                elif re.search(r"\b(?:reviewed|on schedule|progress)\b", sentence.text):
                    relation = DeclarationRelation.REVIEWED
                subjects = self.subject_meetings(index)
                meeting = subjects[0] if subjects else self.main_meeting
                values = {
                    "title": title,
                    "kind": kind,
                    "acronym": acronym.group(1) if acronym else "",
                    "relation": relation,
                    "meeting": self.reference(meeting) if meeting else None,
                }
                document = self.propose(
                    "declaration",
                    ("declaration", found.slug if found else folded),
                    title,
                    sentence,
                    begin,
                    values,
                    found,
                )
                plan = _PLAN_TO_IMPLEMENT.search(sentence.text[:begin])
                if plan:
                    printed = (sentence.text[plan.start() : begin] + title).replace("“", "").replace('"', "")
                    plan_title = printed[0].upper() + printed[1:]
                    plan_found = self.catalogue.declaration(plan_title)
                    plan_kind = (
                        DeclarationKind.WORK_PLAN
                        if "work" in plan.group().lower()
                        else DeclarationKind.ACTION_PLAN
                    )
                    self.propose(
                        "declaration",
                        ("declaration", plan_found.slug if plan_found else fold(plan_title)),
                        sentence.text[plan.start() : end].rstrip('.″”"'),
                        sentence,
                        plan.start(),
                        values
                        | {"title": plan_title, "kind": plan_kind, "acronym": "", "implements": document.id},
                        plan_found,
                    )

    # Outcomes and chair handovers ----------------------------------------------------------------

    def propose_outcomes(self):
        for index, sentence in enumerate(self.sentences):
            subjects = self.subject_meetings(index)
            meeting = subjects[0] if subjects else self.main_meeting
            parents = {p.values.get("parent") for p in subjects}
            if len(subjects) > 1 and len(parents) == 1 and None not in parents:
                # What several parts of one meeting did together, that meeting did.
                parent_id = parents.pop()
                meeting = next((p for p in self.proposals if p.id == parent_id), meeting)
            if meeting is None:
                continue
            for kind, pattern in _OUTCOMES:
                if pattern.search(sentence.text):
                    self.propose(
                        "outcome",
                        ("outcome", fold(sentence.text)),
                        sentence.text,
                        sentence,
                        0,
                        {"meeting": self.reference(meeting), "kind": kind, "text": sentence.text},
                    )
                    break
            handover = _HANDOVER.search(sentence.text)
            if handover:
                self._chair_statement(handover, sentence, index)

    def _chair_statement(self, handover, sentence, index):
        to_country = self.catalogue.country(handover.group("to"))
        if to_country is None:
            found = self.countries_in(handover.group("to"))
            if not found:
                return
            to_code = found[0]
        else:
            to_code = to_country.slug
        body = handover.group("body") or ""
        organisation = self.catalogue.organisation(body) if body else None
        sentence_words = set(fold(sentence.text).split())
        people = [
            p
            for p in self.proposals
            if p.kind == "official" and set(fold(p.values["name"]).split()) & sentence_words
        ]
        from_code = next((p.values.get("country") for p in people if p.values.get("country")), None)
        series_body = self.series_bodies.get(body)
        values = {
            "organisation": organisation.slug if organisation else (series_body.id if series_body else body),
            "from_country": from_code,
            "to_country": to_code,
            "meeting": self.reference(self.main_meeting) if self.main_meeting else None,
            "term": int(handover.group("term")) if handover.group("term") else None,
        }
        proposal = self.propose(
            "chair_statement",
            ("chair", values["organisation"], to_code),
            handover.group(),
            sentence,
            handover.start(),
            values,
        )
        if organisation:
            self.chair_statements.append((proposal, organisation.slug, to_code))

    def match_chair_statements(self):
        """Each handover's recorded term: that country's term of that body starting in the handover's
        year (its term's year, or the meeting's); an earlier term of the same country is another one."""
        meeting_slug = (
            self.main_meeting.match["slug"] if self.main_meeting and self.main_meeting.match else None
        )
        for proposal, organisation_slug, to_code in self.chair_statements:
            year = _term_year(proposal.values.get("term")) or self._main_meeting_year()
            for chair in self.catalogue.chairmanship_for(organisation_slug, to_code):
                if chair.start_year != year:
                    continue
                proposal.match = {
                    "slug": f"{organisation_slug}/{to_code}/{chair.start_year}",
                    "score": 100.0,
                    "why": "the recorded chair term of that country starting that year",
                    "id": chair.pk,
                }
                if meeting_slug and chair.handed_over_at and chair.handed_over_at.slug != meeting_slug:
                    proposal.conflicts.append(
                        {
                            "field": "handed_over_at",
                            "recorded": chair.handed_over_at.slug,
                            "proposed": meeting_slug,
                        }
                    )

    def _main_meeting_year(self):
        """The year of the article's main meeting, as proposed or as recorded; None if unknown."""
        meeting = self.main_meeting
        if meeting is None:
            return None
        if meeting.match:
            row = self.catalogue.meeting_row(meeting.match["slug"])
            if row is not None:
                return row.start_date.year
        start = meeting.values.get("start_date")
        return int(start[:4]) if start else None

    # Matching meetings and their conflicts -----------------------------------------------------

    def match_meetings(self):
        meetings = [p for p in self.proposals if p.kind == "meeting"]
        # Parents first: a part is found through its parent (the Heads of Civil Service Meeting of ACCSM 21).
        for proposal in sorted(meetings, key=lambda p: "parent" in p.values):
            values = dict(proposal.values)
            parent = next((p for p in self.proposals if p.id == values.get("parent")), None)
            if parent is not None and parent.match:
                values["parent_slug"] = parent.match["slug"]
            match = self.catalogue.meeting(values)
            if match is None:
                continue
            proposal.match = match.as_json()
            recorded = self.catalogue.meeting_row(match.slug)
            for name in ("start_date", "end_date"):
                value = getattr(recorded, name)
                same_precision = proposal.values.get("date_precision", "day") == recorded.date_precision
                # A date inferred from the meeting's parts is no claim of the article's.
                proposed = (
                    proposal.values.get(name) if proposal.values.get("date_note") != DATED_BY_PARTS else None
                )
                if (
                    proposed
                    and value
                    and value.isoformat() != proposed
                    and (name == "end_date" or same_precision)
                ):
                    proposal.conflicts.append(
                        {"field": name, "recorded": value.isoformat(), "proposed": proposal.values[name]}
                    )
            for name in ("city", "format", "ordinal"):
                value = getattr(recorded, name)
                if proposal.values.get(name) and value and value != proposal.values[name]:
                    proposal.conflicts.append(
                        {"field": name, "recorded": value, "proposed": proposal.values[name]}
                    )
        # References to matched meetings use their slugs.
        for proposal in self.proposals:
            for name in ("parent", "meeting"):
                target = next((p for p in self.proposals if p.id == proposal.values.get(name)), None)
                if target is not None and target.match:
                    proposal.values[name] = target.match["slug"]

    def match_participations(self):
        from meetings.models import Participation

        for proposal in self.proposals:
            if proposal.kind != "participation" or proposal.match:
                continue
            values = proposal.values
            # One participation of a person or body at a meeting: a role the article gives otherwise
            # is a conflict with the recorded one, never a second participation.
            filters = {"meeting__slug": values["meeting"]}
            if "official" in values:
                filters["official__slug"] = values["official"]
            else:
                filters["organisation__slug"] = values.get("organisation")
            if any(not str(v) or re.fullmatch(r"p\d+", str(v)) for v in filters.values()):
                continue
            found = Participation.objects.filter(**filters).order_by("pk").first()
            participant = values.get("official") or values.get("organisation")
            if found:
                proposal.match = {
                    "slug": "/".join((values["meeting"], participant, found.role)),
                    "score": 100.0,
                    "why": "the same person or body at the same meeting",
                    "id": found.pk,
                }
                if values.get("role") and values["role"] != found.role:
                    proposal.conflicts.append(
                        {"field": "role", "recorded": found.role, "proposed": values["role"]}
                    )

    def match_outcomes(self):
        for proposal in self.proposals:
            if proposal.kind == "outcome" and not re.fullmatch(r"p\d+", proposal.values["meeting"]):
                values = proposal.values
                match = self.catalogue.outcome(values["meeting"], values["text"], values["kind"])
                if match:
                    proposal.match = match.as_json()

    def run(self):
        self.propose_meetings()
        self.propose_people()
        self.propose_hosts()
        self.propose_named_bodies()
        self.propose_bodies_and_countries()
        self.propose_declarations()
        self.propose_outcomes()
        self.match_meetings()
        self.match_participations()
        self.match_outcomes()
        self.match_chair_statements()
        ordered = sorted(self.proposals, key=lambda p: (p.start, int(p.id[1:])))
        renumber = {p.id: f"p{n}" for n, p in enumerate(ordered, start=1)}
        for proposal in ordered:
            proposal.id = renumber[proposal.id]
            for name, value in proposal.values.items():
                if isinstance(value, str) and value in renumber:
                    proposal.values[name] = renumber[value]
        return ordered


def _term_year(term):
    """The year a handover's term gives when it is one; a conference number (ACCSM 22) gives none."""
    return term if isinstance(term, int) and 1900 <= term <= 2200 else None


def printed_span(sentence, text, begin, printed=()):
    """Where in ``sentence`` a proposal's words are, and those words: ``text`` at ``begin`` when it is
    there, else its mention nearest ``begin``, else the first of ``printed`` (other words the sentence
    gives it in) that is there, else ``text`` in any case and accents; else the whole sentence, as the
    words it was read from. A proposal's offsets then always hold its text."""
    if text and sentence[begin : begin + len(text)] == text:
        return begin, text
    for words in (text, *printed):
        if not words:
            continue
        places = [found.start() for found in re.finditer(re.escape(words), sentence)]
        if places:
            return min(places, key=lambda place: abs(place - begin)), words
    folded = _find_folded(sentence, fold(text)) if text else None
    if folded is not None:
        return folded[0], sentence[folded[0] : folded[1]]
    return 0, sentence


def _bare_word(word):
    return word.rstrip("’'.").lower()


def _find_folded(text, folded_name):
    """Where in ``text`` the words of ``folded_name`` are printed (any case and accents), or None."""
    words = folded_name.split()
    pattern = r"\W+".join(re.escape(word) for word in words)
    for match in re.finditer(r"\b" + pattern + r"\b", fold_keep_length(text)):
        return match.start(), match.end()
    return None


def fold_keep_length(text):
    """``text`` lower-cased without diacritics, one character for each, so offsets still hold."""
    import unicodedata

    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(base[0].lower() if base[0].isalnum() else " ")
    return "".join(out)


def analyse(article, catalogue=None, only_new=True):
    """The proposals ``article`` (an ``extract.Article``) makes, as an ``Analysis``.

    Where the article is already recorded as a source, the proposals whose record already cites that
    source are left out (with ``only_new``): a second import proposes only what is new.
    """
    catalogue = catalogue or Catalogue()
    known = known_source(article)
    proposals = _Analyser(article, catalogue).run()
    if known and only_new:
        proposals = [p for p in proposals if not _already_cited(p, known["slug"])]
    return Analysis(article, known, proposals)


def _already_cited(proposal, source_slug):
    from sources.models import Citation

    if proposal.kind == "country":
        # Countries are looked up, never made from an article: a known one is nothing new.
        return proposal.match is not None
    if not proposal.match or proposal.match.get("id") is None:
        return False
    model = {
        "meeting": "meeting",
        "official": "official",
        "participation": "participation",
        "declaration": "declaration",
        "organisation": "organisation",
        "chair_statement": "chairmanship",
        "outcome": "outcome",
    }.get(proposal.kind)
    if model is None:
        return False
    return Citation.objects.filter(
        source__slug=source_slug, content_type__model=model, object_id=proposal.match["id"]
    ).exists()
