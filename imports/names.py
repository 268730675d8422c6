"""People as news articles print them: an honorific, a title and a name, in any of the orders
"Vietnamese Minister of Home Affairs Pham Thi Thanh Tra", "Dato' Sri Ahmad bin Ismail, Director
General of ...", "said Deputy Secretary-General of ASEAN Ekkaphab Phanthavong".

A run of capitalised words is read from its end: the name is the words at the end that are no title,
office, body, country or honorific word; what comes before it is the title as printed, and the
honorifics at its start are kept apart from both. The name is never split further: Southeast Asian
names do not divide into first and last (a single name, a family name first, a patronymic), so the
whole name is what is compared with the records.
"""

import re
from dataclasses import dataclass

from core.search import fold

# Honorifics and styles, longest first so that "Dato' Sri" wins over "Dato'".
HONORIFICS = sorted(
    """Dr|Dr.|Mr|Mr.|Mrs|Mrs.|Ms|Ms.|Mdm|Madam|Prof|Prof.|H.E.|Datuk|Dato'|Dato’|Dato' Sri|Dato’ Sri|Datin|
    Datuk Seri|Dato Sri|Tan Sri|Puan Sri|Tun|Toh Puan|Pehin|Dasho|Pengiran|Awang|Dayang|Haji|Hajah|Khun|Pak|
    Bapak|Ibu|U|Daw|Sri|Sir|Dame|Hon.|His Excellency|Her Excellency|Yang Berhormat|Encik|Cik|Puan|Seri|
    Setia|Dato|Lok|Chumteav|Excellency|Mx|Mx.""".replace("\n    ", "").split("|"),
    key=len,
    reverse=True,
)
_MULTIWORD_HONORIFICS = {honorific for honorific in HONORIFICS if " " in honorific}
_HONORIFIC_WORDS = {honorific.rstrip(".").lower() for honorific in HONORIFICS if " " not in honorific}

# The head words of a title: a run holding one before a name gives the name its title.
TITLE_WORDS = frozenset(
    [
        "minister",
        "ministers",
        "deputy",
        "vice",
        "secretary-general",
        "secretary",
        "director",
        "director-general",
        "general",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "president",
        "head",
        "heads",
        "ambassador",
        "governor",
        "commissioner",
        "permanent",
        "undersecretary",
        "under-secretary",
        "under",
        "commissioner",
        "assistant",
        "acting",
        "senior",
        "officer",
        "spokesperson",
        "spokesman",
        "chief",
        "executive",
        "advisor",
        "adviser",
        "counsellor",
        "commander",
        "premier",
        "representative",
        "delegate",
        "leader",
        "mayor",
        "rector",
        "dean",
        "member",
        "manager",
        "coordinator",
    ]
)
# Words of bodies, offices and things, which a person's name does not hold.
BODY_WORDS = frozenset(
    [
        "ministry",
        "department",
        "office",
        "commission",
        "agency",
        "bureau",
        "council",
        "secretariat",
        "community",
        "academy",
        "institute",
        "authority",
        "division",
        "committee",
        "administration",
        "service",
        "services",
        "civil",
        "public",
        "affairs",
        "home",
        "foreign",
        "labour",
        "labor",
        "invalids",
        "social",
        "interior",
        "finance",
        "education",
        "health",
        "justice",
        "planning",
        "investment",
        "personnel",
        "management",
        "state",
        "national",
        "international",
        "cooperation",
        "co-operation",
        "development",
        "reform",
        "reforms",
        "economic",
        "economy",
        "political-security",
        "socio-cultural",
        "political",
        "security",
        "cultural",
        "human",
        "resources",
        "government",
        "meeting",
        "conference",
        "summit",
        "forum",
        "workshop",
        "framework",
        "declaration",
        "plan",
        "strategy",
        "vision",
        "charter",
        "agenda",
        "revolution",
        "industrial",
        "recovery",
        "comprehensive",
        "care",
        "cabinet",
        "parliament",
        "assembly",
        "people's",
        "region",
        "regional",
        "world",
        "bank",
        "union",
        "nations",
        "association",
        "republic",
        "kingdom",
        "federation",
        "the",
        "of",
        "and",
        "for",
        "on",
        "in",
        "under",
        "to",
        "at",
        "by",
        "with",
        "from",
        "news",
        "agency",
        "photo",
        "see",
        "more",
    ]
)
# Lower-case words that join the words of a name or a title inside one run.
JOINERS = frozenset(
    [
        "of",
        "the",
        "for",
        "on",
        "and",
        "under",
        "bin",
        "binti",
        "bte",
        "bt",
        "van",
        "der",
        "de",
        "del",
        "da",
        "dos",
        "al",
    ]
)
NAME_JOINERS = frozenset(["bin", "binti", "bte", "bt", "van", "der", "de", "del", "da", "dos", "al"])
NOT_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "after",
        "before",
        "against",
        "regarding",
        "within",
        "while",
        "when",
        "where",
        "with",
        "as",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "his",
        "her",
        "their",
        "our",
        "i",
        "you",
        "also",
        "but",
        "and",
        "or",
        "so",
        "then",
        "there",
        "here",
        "on",
        "behalf",
        "meanwhile",
        "however",
        "according",
        "during",
        "over",
        "under",
        "since",
        "following",
        "between",
        "among",
        "earlier",
        "later",
    ]
)
SPEECH_VERBS = (
    "said|says|stated|states|noted|notes|told|added|stressed|emphasised|emphasized|highlighted|urged|"
    "called|expressed|affirmed|announced|underlined|underscored|remarked|spoke|briefed|presented|chaired|"
    "opened|delivered|welcomed|proposed|suggested|shared|reported|informed|praised|thanked|attended|"
    "walked|described|explained|outlined|offered|gave|asked"
)
_TOKEN = re.compile(r"[^\W\d_][\w’'.\-]*[\w’'.]|[^\W\d_]|\d+")
# A title in commas after a name ends at the next comma before a lower-case word ("..., said",
# "..., who", "..., walked") or at a speech verb.
_APPOSITIVE_END = re.compile(rf",\s+(?=[a-z])|\s+(?:{SPEECH_VERBS})\b")


@dataclass
class PersonMention:
    """One printed mention of a person: the name, honorific and title as printed, with offsets of the
    name within the sentence; ``title_before`` is the title printed before the name."""

    name: str
    begin: int
    finish: int
    honorific: str = ""
    title: str = ""
    single_word: bool = False


def _bare(word):
    return word.rstrip("’'.").lower()


def is_body_or_title(word):
    bare = _bare(word)
    return (
        bare in BODY_WORDS or bare in TITLE_WORDS or bare.removesuffix("’s").removesuffix("'s") in BODY_WORDS
    )


def is_acronym(word):
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def capitalised_runs(sentence):
    """Runs of capitalised words (with the lower-case joiners between them), as (start, end, tokens)."""
    runs, current = [], []
    for match in _TOKEN.finditer(sentence):
        word = match.group()
        gap = sentence[current[-1].end() : match.start()] if current else ""
        joined = not current or (gap.strip() == "" and "\n" not in gap)
        capital = word[0].isupper()
        if capital and joined or current and joined and word in JOINERS:
            current.append(match)
        else:
            if current:
                runs.append(current)
            current = [match] if capital else []
    if current:
        runs.append(current)
    result = []
    for run in runs:
        while run and run[-1].group() in JOINERS:
            run.pop()
        if run:
            result.append(run)
    return result


def _is_name_word(word, is_place_word):
    return not (
        word in JOINERS
        or is_body_or_title(word)
        or is_acronym(word)
        or is_place_word(word)
        or _bare(word) in _HONORIFIC_WORDS
        or _bare(word) in NOT_NAMES
    )


def split_run(run, sentence, is_place_word):
    """The parts of a run: honorific, title (as printed) and name, and where the name starts and ends.

    The name is the last stretch of the run's words that are no title's, body's, country's or
    honorific's, standing at the run's end or before "of"/"for" ("Commissioner Maria Santos of the
    Civil Service Commission"); an honorific word after "bin"/"binti" is part of the name ("Mahmud bin
    Haji Yassin"). The honorific words just before the name are its honorific ("Dato Seri Setia Awang
    Haji"); what precedes them, and any "of ..." after the name, its title. ``is_place_word`` tells
    countries' names and demonyms, which are titles' words, not names'.
    """
    words = [token.group() for token in run]
    end = len(words)
    # The name ends at the run's end, or before "of"/"for" and the body that follows.
    for position in range(len(words) - 1, 0, -1):
        before_is_name = _is_name_word(words[position - 1], is_place_word)
        body_after = any(is_body_or_title(word) for word in words[position + 1 :])
        if words[position] in ("of", "for") and before_is_name and body_after:
            end = position
            break
    name_start = end
    while name_start > 0:
        word = words[name_start - 1]
        if word in NAME_JOINERS and name_start < end:
            name_start -= 1
            continue
        joined = name_start >= 2 and words[name_start - 2] in NAME_JOINERS
        if _bare(word) in _HONORIFIC_WORDS and joined:
            name_start -= 1
            continue
        if not _is_name_word(word, is_place_word):
            break
        name_start -= 1
    if name_start == end:
        return None
    finish = run[end - 1].end()
    # A full stop after the last word ends the sentence, not an initial ("Phanthavong.").
    if sentence[finish - 1] == "." and len(words[end - 1]) > 2 and words[end - 1][-2].islower():
        finish -= 1
    # The honorific: the honorific words right before the name.
    honorific_start = name_start
    while honorific_start > 0 and (
        _bare(words[honorific_start - 1]) in _HONORIFIC_WORDS
        or f"{words[honorific_start - 1]} {words[honorific_start]}" in _MULTIWORD_HONORIFICS
    ):
        honorific_start -= 1
    honorific = (
        sentence[run[honorific_start].start() : run[name_start - 1].end()]
        if honorific_start < name_start
        else ""
    )
    title = sentence[run[0].start() : run[honorific_start].start()].strip() if honorific_start else ""
    if title and _bare(title.split()[0]) in NOT_NAMES:
        title = " ".join(title.split()[1:])
    if end < len(words):
        tail = sentence[run[end].start() : run[-1].end()]
        title = f"{title} {tail}".strip()
    joined_to_body = name_start > 0 and words[name_start - 1] in JOINERS
    return honorific, title, run[name_start].start(), finish, joined_to_body


def find_people(sentence, is_place_word, known_words):
    """The people printed in ``sentence``: a name with a title or honorific before it, a name with a
    title after it in commas (or before it: "Viet Nam's Minister of Home Affairs, Pham Thi Thanh Tra,"),
    a name before a speech verb, or a word of a name already seen (``known_words``, folded) after a
    title ("Minister Tra") or before a speech verb ("Tra said")."""
    people = []
    runs = capitalised_runs(sentence)
    for index, run in enumerate(runs):
        parts = split_run(run, sentence, is_place_word)
        if parts is None:
            continue
        honorific, title, begin, finish, joined_to_body = parts
        name = sentence[begin:finish]
        name_words = name.split()
        if joined_to_body or is_place_word(name):
            continue
        # An honorific word inside a place's name ("Bandar Seri Begawan") makes no person of it.
        if (
            honorific
            and title
            and not any(_bare(w) in TITLE_WORDS or is_place_word(w) for w in title.split())
        ):
            continue
        after = sentence[finish:]
        has_title_before = any(_bare(word) in TITLE_WORDS for word in title.split())
        appositive = ""
        if after.startswith(", "):
            rest = after[2:]
            first = rest.split(" ", 1)[0] if rest else ""
            if _bare(first) in TITLE_WORDS or (first in ("a", "an", "the") and _starts_with_title(rest)):
                end = _APPOSITIVE_END.search(rest)
                appositive = (rest[: end.start()] if end else rest.split(",", 1)[0]).strip().rstrip(".")
        before = sentence[: run[0].start()]
        if not title and not honorific and before.endswith(", ") and index > 0:
            previous = runs[index - 1]
            between = sentence[previous[-1].end() : run[0].start()]
            printed = sentence[previous[0].start() : previous[-1].end()]
            if between == ", " and any(_bare(word) in TITLE_WORDS for word in printed.split()):
                title = re.sub(r"^(?:The|A|An)\s+", "", printed)
                has_title_before = True
        speaks = re.match(rf",?\s+(?:{SPEECH_VERBS})\b", after) is not None or re.search(
            rf"\b(?:{SPEECH_VERBS})\s*$", before
        )
        evidence = has_title_before or bool(honorific) or bool(appositive) or speaks
        if not evidence:
            continue
        if (
            len(name_words) == 1
            and fold(name) not in known_words
            and not (honorific and (appositive or title))
        ):
            continue
        people.append(
            PersonMention(
                name=name,
                begin=begin,
                finish=finish,
                honorific=honorific,
                title=appositive or title,
                single_word=len(name_words) == 1 and fold(name) in known_words,
            )
        )
    return people


def _starts_with_title(text):
    words = text.split()
    return len(words) > 1 and (
        _bare(words[1]) in TITLE_WORDS or (len(words) > 2 and _bare(words[2]) in TITLE_WORDS)
    )
