"""``manage.py generate_synthetic --meetings N [--seed S] [--clear]``: a large, realistic dataset.

The records grow around the fixture (loaded first if the database has no
meetings): forty years of meetings (1986-2025) hosted by the eleven ASEAN member
states, conferences with their heads', senior officials' and Plus Three meetings
and workshops, about ten participants at each drawn from some N/5 officials with
names built from Vietnamese, Thai, Lao, Khmer, Burmese, Malay, Indonesian,
Filipino, Singaporean and Timorese name material (diacritics and native scripts
included, and aliases that drop the diacritics or misspell them), their posts in
generated ministries and departments, declarations and plans (about N/50) that
implement one another, the meetings' dealings with them, outcomes and sources.

Every slug starts with ``syn-``, so generated records never clash with real
ones and ``--clear`` can remove them. Everything comes from one
``random.Random(seed)``, timestamps included, so a seed and N always give the
same records. Rows are written with ``bulk_create`` inside one transaction,
which fires no signals: the stored search text is computed here, and on
PostgreSQL the search vectors are filled by one UPDATE per table at the end.
"""

import bisect
import datetime
import itertools
import random
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from core import freshness
from core.dates import DatePrecision, truncate
from core.search import fold, stored_text
from meetings.models import (
    Declaration,
    DeclarationKind,
    DeclarationRelation,
    Meeting,
    MeetingDeclaration,
    MeetingFormat,
    MeetingKind,
    Outcome,
    OutcomeKind,
    Participation,
    ParticipationRole,
    PublicationStatus,
    TitleStatus,
)
from people.models import (
    AseanStatus,
    Country,
    Official,
    OfficialAlias,
    Organisation,
    OrganisationClassification,
    Position,
)
from sources.models import Citation, Source

SLUG_PREFIX = "syn-"
FIRST_YEAR, LAST_YEAR = 1986, 2025
BATCH_SIZE = 5000
# Meetings handled per round: their participations (about ten each) are built,
# written and dropped before the next round, which keeps memory flat at 100,000.
MEETINGS_PER_ROUND = 5000
# Timestamps never later than this, so a record is never "updated" in the future.
LATEST_STAMP = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
PUBLISHED = PublicationStatus.PUBLISHED

# ---------------------------------------------------------------------------
# Names. A name is a sequence of parts; each part draws one or more syllables
# from a pool of (Latin spelling, native spelling) pairs. Vietnamese, Filipino
# and Portuguese words are their own native spelling: they carry their
# diacritics in the Latin alphabet.


def pool(text):
    """Name material written compactly: "som:สม chai:ชาย" (Latin:native pairs) or "Peña Dela_Cruz"
    (words that are their own native spelling; "_" keeps a two-word name together)."""
    entries = []
    for entry in text.split():
        latin, _, native = entry.partition(":")
        entries.append((latin.replace("_", " "), (native or latin).replace("_", " ")))
    return tuple(entries)


@dataclass(frozen=True)
class Part:
    """One word of a name: ``syllables`` drawn from ``pool`` and written as one word."""

    pool: tuple
    syllables: tuple = (1, 1)
    chance: float = 1.0
    # Syllable pools are lower case; words drawn whole keep their own case ("da Costa").
    capitalise: bool = False


@dataclass(frozen=True)
class NameStyle:
    """How one naming tradition builds a name.

    ``native_joiner`` joins the native-script words (None: the name has no
    separate native form); ``ascii_name`` writes the English name without
    diacritics, as Vietnamese names usually are in English-language sources.
    """

    parts: tuple
    native_joiner: str | None = None
    ascii_name: bool = False


VIETNAMESE = NameStyle(
    parts=(
        Part(pool("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh")),
        Part(pool("Văn Thị Hữu Đức Minh Thanh Quốc Ngọc Xuân Công Thu Hồng Kim Bảo")),
        Part(pool("Anh Minh Thanh Hoài Quang Thúy Việt"), chance=0.3),
        Part(
            pool(
                "Hùng Dũng Lan Hương Thắng Tuấn Trà Phương Hải Long Mai Khánh Thảo Quân Hạnh Sơn Nam Hà "
                "Linh Trung Tú Hoa Yến Cường Đạt Hiếu Nga Thủy Tâm Nhung"
            )
        ),
    ),
    native_joiner=" ",
    ascii_name=True,
)
THAI_SYLLABLES = pool(
    "som:สม chai:ชาย suk:สุข sak:ศักดิ์ siri:ศิริ porn:พร wong:วงศ์ rat:รัตน์ kit:กิจ thong:ทอง "
    "saeng:แสง chan:จันทร์ pra:ประ sert:เสริฐ wi:วิ chit:จิตร anan:อนันต์ suda:สุดา mani:มณี "
    "niran:นิรันดร์ pong:พงษ์ nat:ณัฐ thana:ธนา kul:กุล sri:ศรี boon:บุญ charoen:เจริญ rung:รุ่ง "
    "ruang:เรือง phan:พันธ์ suwan:สุวรรณ"
)
LAO_SYLLABLES = pool(
    "kham:ຄຳ boun:ບຸນ phet:ເພັດ si:ສີ vong:ວົງ sa:ສະ phone:ພອນ chanh:ຈັນ souk:ສຸກ thong:ທອງ "
    "mala:ມາລາ vanh:ວັນ savanh:ສະຫວັນ douang:ດວງ phan:ພັນ tha:ທະ keo:ແກ້ວ seng:ແສງ mani:ມະນີ "
    "noy:ນ້ອຍ bou:ບົວ la:ລາ"
)
THAI = NameStyle(
    parts=(Part(THAI_SYLLABLES, (2, 2), capitalise=True), Part(THAI_SYLLABLES, (2, 3), capitalise=True)),
    native_joiner=" ",
)
LAO = NameStyle(
    parts=(Part(LAO_SYLLABLES, (2, 2), capitalise=True), Part(LAO_SYLLABLES, (2, 3), capitalise=True)),
    native_joiner=" ",
)
KHMER_GIVEN = pool(
    "Sophal:សុផល Sokha:សុខា Vannak:វណ្ណៈ Dara:តារា Bopha:បុប្ផា Chanthy:ចន្ធី Sreymom:ស្រីមុំ "
    "Pisey:ពិសី Rithy:ឫទ្ធី Vuthy:វុទ្ធី Sambath:សម្បត្តិ Kosal:កុសល Sothea:សុធា Veasna:វាសនា"
)
KHMER = NameStyle(
    parts=(
        Part(
            pool(
                "Hun:ហ៊ុន Sok:សុខ Chea:ជា Heng:ហេង Kim:គឹម Keo:កែវ Meas:មាស Chan:ចាន់ Prak:ប្រាក់ "
                "Pich:ពេជ្រ Ouk:អ៊ុក Tep:ទេព"
            )
        ),
        Part(KHMER_GIVEN),
        Part(KHMER_GIVEN, chance=0.4),
    ),
    native_joiner=" ",
)
BURMESE_WORDS = pool(
    "Aung:အောင် Kyaw:ကျော် Min:မင်း Htun:ထွန်း Win:ဝင်း Myint:မြင့် Khin:ခင် Mar:မာ Thant:သန့် "
    "Zaw:ဇော် Hla:လှ Thein:သိန်း Soe:စိုး Moe:မိုး Nyein:ငြိမ်း Thida:သီတာ Tin:တင် Naing:နိုင် "
    "Lwin:လွင် Myo:မျိုး Zin:ဇင်"
)
# Burmese names have no family name and are written without spaces in Burmese script.
BURMESE = NameStyle(
    parts=(Part(BURMESE_WORDS), Part(BURMESE_WORDS), Part(BURMESE_WORDS, chance=0.6)), native_joiner=""
)
CHINESE_GIVEN = pool(
    "Kee:奇 Yong:勇 Mei:美 Ling:玲 Wei:伟 Hui:慧 Boon:文 Seng:成 Siew:秀 Hock:福 Chee:志 Keng:庆 "
    "Soo:素 Hoon:芬 Kiat:杰"
)
SINGAPOREAN_CHINESE = NameStyle(
    parts=(
        Part(pool("Tan:陈 Lim:林 Lee:李 Ng:黄 Wong:王 Goh:吴 Chua:蔡 Teo:张 Koh:许 Yeo:杨 Low:刘")),
        Part(CHINESE_GIVEN),
        Part(CHINESE_GIVEN),
    ),
    native_joiner="",
)
MALAY_MEN = pool(
    "Ahmad Mohd Muhammad Abdul Azman Hafiz Ismail Zulkifli Zainal Khairul Shahrir Aziz Rahman Ibrahim "
    "Halim Yusof Hamzah Osman Razak"
)
MALAY_WOMEN = pool("Siti Nur Aminah Faridah Rosnah Hamidah Norazlina Salmah Zaleha Rohani Aishah")


def malay(given, link, honorifics=""):
    """A Malay name: given names, then bin/binti and the father's name, perhaps after an honorific."""
    prefix = (Part(pool(honorifics), chance=0.4),) if honorifics else ()
    return NameStyle(
        parts=(
            *prefix,
            Part(given),
            Part(given, chance=0.4),
            Part(pool(link)),
            Part(MALAY_MEN),
        )
    )


INDONESIAN_WORDS = pool(
    "Bambang Sri Dwi Tri Eko Budi Agus Rini Tjahjo Joko Suharso Wahyu Indah Ratna Dewi Hendra Yuddy "
    "Asman Setiawan Kumolo Susanto Widodo Prasetyo Hartono Nugroho Santoso Wibowo Kusuma Purnomo "
    "Soedarmo Djajadi Suryadi"
)
INDONESIAN = NameStyle(
    parts=(Part(INDONESIAN_WORDS), Part(INDONESIAN_WORDS, chance=0.7), Part(INDONESIAN_WORDS, chance=0.3))
)
FILIPINO = NameStyle(
    parts=(
        Part(
            pool(
                "José María Juan Ramón Ana Cristina Karlo Aleli Rogelio Jesús Niño Rafaela Concepción "
                "Ángel Luzviminda Wilfredo Dolores Teresita"
            )
        ),
        Part(pool(" ".join(f"{letter}." for letter in "ABCDEFGHIJLMNOPRSTV")), chance=0.7),
        Part(
            pool(
                "Santos Reyes Cruz Bautista Ocampo García Mendoza Peña Muñoz Nograles Aquino Villanueva "
                "Castañeda Ibáñez Lacson Macapagal Dumlao Magsaysay Bañez Dela_Cruz"
            )
        ),
    )
)
TIMORESE_SURNAMES = pool(
    "Gusmão Magalhães Soares Pereira Guterres Belo Ximenes Amaral Araújo Gonçalves Sarmento Lobato "
    "Freitas da_Costa da_Silva dos_Santos da_Conceição"
)
TIMORESE = NameStyle(
    parts=(
        Part(
            pool(
                "José João Fidélis Agostinho Mariano Antónia Lurdes Inês Tomás Francisco Estanislau "
                "Joaquim Armanda Filomena Sebastião Hermenegildo"
            )
        ),
        Part(TIMORESE_SURNAMES),
        Part(TIMORESE_SURNAMES, chance=0.5),
    )
)
NAME_STYLES = {
    "BN": (malay(MALAY_MEN, "bin", "Haji Pengiran Awang"), malay(MALAY_WOMEN, "binti", "Hajah Dayang")),
    "KH": (KHMER,),
    "ID": (INDONESIAN,),
    "LA": (LAO,),
    "MY": (malay(MALAY_MEN, "bin"), malay(MALAY_WOMEN, "binti")),
    "MM": (BURMESE,),
    "PH": (FILIPINO,),
    "SG": (SINGAPOREAN_CHINESE, SINGAPOREAN_CHINESE, malay(MALAY_MEN, "bin")),
    "TH": (THAI,),
    "VN": (VIETNAMESE,),
    "TL": (TIMORESE,),
}
# Spellings the same name takes in different sources (transliterations, old and
# new spelling); the first that applies makes an alias.
RESPELLINGS = (
    ("Tj", "C"), ("tj", "c"), ("Dj", "J"), ("dj", "j"), ("oe", "u"), ("Mohd", "Muhammad"),
    ("Muhammad", "Mohamad"), ("Htun", "Tun"), ("Kyaw", "Kyo"), ("Chea", "Chia"), ("ph", "f"), ("th", "t"),
    ("kh", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("y", "i"), ("w", "v"),
)  # fmt: skip
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D"})


def without_diacritics(text):
    """``text`` with its diacritics removed but its case kept: "Phạm Thị Trà" -> "Pham Thi Tra"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def make_name(rng, style):
    """(name as written in English, name in native script or with diacritics, or "")."""
    latin, native = [], []
    for part in style.parts:
        if part.chance < 1 and rng.random() >= part.chance:
            continue
        drawn = [rng.choice(part.pool) for _ in range(rng.randint(*part.syllables))]
        word = "".join(latin_spelling for latin_spelling, _ in drawn)
        word = (word[0].upper() + word[1:]) if part.capitalise else word
        if word in latin:  # "Budi Budi": leave the repeat out
            continue
        latin.append(word)
        native.append("".join(native_spelling for _, native_spelling in drawn))
    written = " ".join(latin)
    if style.ascii_name:
        return without_diacritics(written), written
    if style.native_joiner is not None:
        return written, style.native_joiner.join(native)
    return written, ""


def misspell(rng, name):
    """A plausible typo: a letter doubled, dropped or swapped with its neighbour in one name word."""
    words = name.split(" ")
    # Not in "binti" or "da": sources get particles right and misspell the names around them.
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w[0].isupper()]
    if not long_words:
        return name
    i = rng.choice(long_words)
    word = words[i]
    at = rng.randint(1, len(word) - 2)
    operation = rng.randrange(3)
    if operation == 0:
        word = word[:at] + word[at] + word[at:]
    elif operation == 1:
        word = word[:at] + word[at + 1 :]
    else:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    words[i] = word
    return " ".join(words)


def make_aliases(rng, name, native, style):
    """0-2 other spellings of a name: without diacritics, transliterated differently, misspelt."""
    plain = without_diacritics(name)
    candidates = [plain] if plain != name else []
    if style is VIETNAMESE:
        # English-language sources often put the family name last.
        parts = plain.split()
        candidates.append(" ".join([*parts[1:], parts[0]]))
    for old, new in RESPELLINGS:
        if old in plain and old != new:
            candidates.append(plain.replace(old, new, 1))
            break
    candidates.append(misspell(rng, plain))
    wanted = rng.choices((0, 1, 2), weights=(3, 4, 3))[0]
    distinct = [c for c in dict.fromkeys(candidates) if c not in (name, native)]
    rng.shuffle(distinct)
    return distinct[:wanted]


# ---------------------------------------------------------------------------
# Places, organisations, topics.

CITIES = {
    "BN": ("Bandar Seri Begawan",),
    "KH": ("Phnom Penh", "Siem Reap", "Sihanoukville"),
    "ID": ("Jakarta", "Bali", "Yogyakarta", "Bandung", "Surabaya"),
    "LA": ("Vientiane", "Luang Prabang", "Pakse"),
    "MY": ("Kuala Lumpur", "Putrajaya", "Penang", "Kota Kinabalu", "Malacca"),
    "MM": ("Naypyidaw", "Yangon", "Mandalay"),
    "PH": ("Manila", "Cebu", "Davao", "Pasay", "Baguio"),
    "SG": ("Singapore",),
    "TH": ("Bangkok", "Chiang Mai", "Pattaya", "Phuket"),
    "VN": ("Hanoi", "Ho Chi Minh City", "Da Nang", "Hue", "Ha Long"),
    "TL": ("Dili",),
}
PUBLISHERS = {
    "BN": "Borneo Bulletin",
    "KH": "Khmer Times",
    "ID": "Antara",
    "LA": "KPL Lao News Agency",
    "MY": "Bernama",
    "MM": "The Global New Light of Myanmar",
    "PH": "Philippine News Agency",
    "SG": "The Straits Times",
    "TH": "Bangkok Post",
    "VN": "Vietnam News Agency (VNA), English service",
    "TL": "Tatoli",
}
# Each member state's civil-service bodies (the first hosts its meetings).
CIVIL_SERVICE_BODIES = {
    "BN": (("Public Service Department", "JPA"), ("Prime Minister's Office", "PMO")),
    "KH": (("Ministry of Civil Service", "MCS"), ("Royal School of Administration", "RSA")),
    "ID": (
        ("Ministry of Administrative and Bureaucratic Reform", "KemenPAN-RB"),
        ("National Civil Service Agency", "BKN"),
    ),
    "LA": (
        ("Ministry of Home Affairs", "MOHA"),
        ("National Academy of Politics and Public Administration", ""),
    ),
    "MY": (("Public Service Department", "JPA"), ("National Institute of Public Administration", "INTAN")),
    "MM": (("Union Civil Service Board", "UCSB"), ("Ministry of Home Affairs", "")),
    "PH": (("Civil Service Commission", "CSC"), ("Development Academy of the Philippines", "DAP")),
    "SG": (("Public Service Division", "PSD"), ("Civil Service College", "CSC")),
    "TH": (
        ("Office of the Civil Service Commission", "OCSC"),
        ("Office of the Public Sector Development Commission", "OPDC"),
    ),
    "VN": (("National Academy of Public Administration", "NAPA"), ("Government Inspectorate", "")),
    "TL": (("Civil Service Commission", "CSC"), ("National Institute of Public Administration", "INAP")),
}
MINISTRIES = (
    "Ministry of Foreign Affairs",
    "Ministry of Finance",
    "Ministry of Labour",
    "Ministry of Education",
)
DEPARTMENTS = (
    "Department of International Cooperation",
    "Department of Personnel and Organisation",
    "Department of Planning and Finance",
    "Department of Legal Affairs",
    "Department of ASEAN Affairs",
    "Training Centre",
)
TITLES = {
    OrganisationClassification.MINISTRY: (
        "Minister",
        "Deputy Minister",
        "Permanent Secretary",
        "Vice Minister",
    ),
    OrganisationClassification.AGENCY: ("Chairperson", "Commissioner", "Director-General", "President"),
    OrganisationClassification.DEPARTMENT: (
        "Director-General",
        "Deputy Director-General",
        "Director",
        "Deputy Director",
        "Head of Division",
        "Senior Officer",
    ),
}
TOPICS = (
    "Civil Service Reform", "Public Sector Innovation", "E-Government", "Human Resource Development",
    "Good Governance", "Anti-Corruption", "Performance Management", "Digital Transformation",
    "Leadership Development", "Merit-Based Recruitment", "Public Service Delivery", "Competency Frameworks",
    "Gender Mainstreaming in the Civil Service", "Civil Service Ethics", "Knowledge Management",
    "Crisis Management in Public Administration", "Talent Management", "Green Public Administration",
)  # fmt: skip
SERIES = (
    ("ASEAN Conference on Civil Service Matters", "ACCSM"),
    *((f"ASEAN Conference on {topic}", "") for topic in TOPICS[:10]),
)
THEMES = (
    "Towards {adjective} and {adjective2} civil services for the ASEAN Community",
    "{topic} for a people-centred ASEAN",
    "Strengthening {topic_lower} across the region",
    "{adjective} public services in a changing world",
)
ADJECTIVES = ("resilient", "adaptive", "citizen-centric", "innovative", "transparent", "accountable", "agile")
STATEMENTS = (
    "Stressed the role of the civil service in {topic_lower}.",
    "Shared {country}'s experience of {topic_lower}.",
    "Called for closer cooperation among member states on {topic_lower}.",
    "Reported on progress in {topic_lower} since the previous meeting.",
)
OUTCOME_TEXTS = {
    OutcomeKind.DECISION: "The meeting decided to set up a working group on {topic_lower}.",
    OutcomeKind.HANDOVER: "{country} handed over the chair to the next host.",
    OutcomeKind.REPORT: "The ASEAN Secretariat compiled a report of the meeting for the member states.",
    OutcomeKind.AGREEMENT: "The officials agreed to share good practice in {topic_lower}.",
    OutcomeKind.STATEMENT: "The work plan on {topic_lower} is on schedule.",
}
ROOT_DECLARATIONS = {
    DeclarationKind.DECLARATION: "ASEAN Declaration on {topic}",
    DeclarationKind.FRAMEWORK: "ASEAN Framework on {topic}",
    DeclarationKind.VISION: "ASEAN Vision {year} on {topic}",
    DeclarationKind.OTHER: "ASEAN Guidelines on {topic}",
}
PLANS = {
    DeclarationKind.WORK_PLAN: "ACCSM Work Plan on {topic} {year}–{end}",
    DeclarationKind.ACTION_PLAN: "Action Plan to implement the {implemented}",
    DeclarationKind.STRATEGY: "Regional Strategy on {topic} {year}–{end}",
}
# Declarations in the fixture that generated plans may implement and meetings deal with.
FIXTURE_DECLARATIONS = ("civil-service-catalyst-declaration", "resilient-adaptive-civil-service-declaration")


def ordinal(number):
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def slug_of(*parts, max_length=100):
    """A ``syn-`` slug from ``parts``, folded like the search text (so "Đặng" gives "dang")."""
    text = "-".join(fold(str(part)).replace(" ", "-") for part in parts if part != "")
    return f"{SLUG_PREFIX}{text}"[:max_length].rstrip("-")


def initials(text):
    return "".join(word[0] for word in text.split() if word[0].isupper())


@contextmanager
def explicit_timestamps(models):
    """Keep the ``created``/``updated`` values set here: bulk_create would otherwise stamp now()."""
    fields = [(model._meta.get_field("created"), model._meta.get_field("updated")) for model in models]
    for created, updated in fields:
        created.auto_now_add = updated.auto_now = False
    try:
        yield
    finally:
        for created, updated in fields:
            created.auto_now_add = updated.auto_now = True


# ---------------------------------------------------------------------------


@dataclass
class PersonPlan:
    """What the meetings need to know of a generated official, without touching the database."""

    record: Official
    country: str
    aliases: list
    career: tuple  # (first year, last year) in service: when they can attend meetings
    positions: list = field(default_factory=list)


@dataclass
class GroupPlan:
    """A conference and its sub-meetings, or one standalone meeting, before its details are drawn."""

    year: int
    country: str
    kinds: list
    series: int = 0
    ordinal: int | None = None
    plus_three_ordinal: int | None = None
    # The article that reports the group's meetings, drawn with them.
    source: Source | None = None


class Generator:
    """Draws every record from one ``random.Random(seed)`` and writes it with bulk_create."""

    def __init__(self, seed, meetings, log):
        self.rng = random.Random(seed)
        self.seed = seed
        self.meeting_count = meetings
        self.log = log
        self.counts = {}
        # Seconds spent in bulk_create per table, for the -v 2 report.
        self.writing = {}
        self.meeting_number = itertools.count(1)
        self.source_number = itertools.count(1)

    # -- helpers ----------------------------------------------------------

    def write(self, model, records):
        """bulk_create in batches, counting what was written; returns the records (with pks)."""
        started = time.perf_counter()
        model.objects.bulk_create(records, batch_size=BATCH_SIZE)
        label = model._meta.verbose_name_plural
        self.counts[label] = self.counts.get(label, 0) + len(records)
        self.writing[label] = self.writing.get(label, 0) + time.perf_counter() - started
        return records

    def stamps(self, day):
        """(created, updated): entered some days after ``day``, sometimes edited later, never after 2025."""
        moment = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
        created = min(
            moment + datetime.timedelta(days=self.rng.randint(1, 60), seconds=self.rng.randrange(86400)),
            LATEST_STAMP,
        )
        updated = min(created + datetime.timedelta(days=self.rng.choice((0, 0, 1, 30, 400))), LATEST_STAMP)
        return {"created": created, "updated": updated}

    def random_day(self, year, earliest=None):
        """A day in ``year`` (not before ``earliest``), leaving a week for the days a meeting group spans."""
        last = datetime.date(year, 12, 24)
        first = min(max(datetime.date(year, 1, 1), earliest or datetime.date.min), last)
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))

    def random_precision(self, weights=(85, 10, 5)):
        return self.rng.choices(
            (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR), weights=weights
        )[0]

    # -- the world around the meetings -------------------------------------

    def load_anchors(self):
        if not Meeting.objects.exists():
            call_command("loaddata", "accsm", verbosity=0)
        self.countries = {
            c.code: c for c in Country.objects.filter(asean_status=AseanStatus.MEMBER).order_by("code")
        }
        missing = set(NAME_STYLES) - set(self.countries)
        if missing:
            raise CommandError(
                f"The member-state countries {sorted(missing)} are missing; load the fixtures."
            )
        self.plus_three = list(Country.objects.filter(asean_status=AseanStatus.PLUS_THREE).order_by("code"))
        self.regional_bodies = list(Organisation.objects.filter(slug__in=("asean", "accsm")).order_by("slug"))
        self.fixture_declarations = list(
            Declaration.objects.filter(slug__in=FIXTURE_DECLARATIONS, status=PUBLISHED).order_by("slug")
        )
        for record in self.fixture_declarations:
            record.adoption_year = record.adopted_on.year if record.adopted_on else FIRST_YEAR

    def organisations(self):
        """Each member state's civil-service bodies and ministries, with two or three departments each."""
        self.bodies = {code: [] for code in self.countries}
        self.hosts = {}
        origin = datetime.date(1986, 1, 1)
        tops = []
        for code, country in self.countries.items():
            top_level = [
                (name, abbreviation, OrganisationClassification.AGENCY)
                for name, abbreviation in CIVIL_SERVICE_BODIES[code]
            ] + [(name, "", OrganisationClassification.MINISTRY) for name in MINISTRIES]
            for number, (name, abbreviation, classification) in enumerate(top_level):
                record = Organisation(
                    slug=slug_of(code, number, abbreviation or name),
                    name=name,
                    abbreviation=abbreviation,
                    classification=classification,
                    country=country,
                    description=f"{country.name}: {name} (synthetic record).",
                    search_text=stored_text([name, abbreviation]),
                    **self.stamps(origin),
                )
                tops.append((code, record))
        self.write(Organisation, [record for _, record in tops])
        departments = []
        for code, parent in tops:
            self.bodies[code].append(parent)
            self.hosts.setdefault(code, parent)
            for name in self.rng.sample(DEPARTMENTS, self.rng.randint(2, 3)):
                record = Organisation(
                    slug=slug_of(parent.slug.removeprefix(SLUG_PREFIX), name),
                    name=name,
                    classification=OrganisationClassification.DEPARTMENT,
                    parent=parent,
                    country=parent.country,
                    description=f"A department of the {parent.name}, {parent.country.name} (synthetic).",
                    search_text=stored_text([name]),
                    **self.stamps(origin),
                )
                departments.append(record)
                self.bodies[code].append(record)
        self.write(Organisation, departments)

    def officials(self):
        """About N/5 officials, each with a career span, 0-2 aliases and 1-2 posts in their country."""
        count = max(30, self.meeting_count // 5)
        codes = list(self.countries)
        people, aliases, positions = [], [], []
        for number in range(1, count + 1):
            code = codes[(number - 1) % len(codes)] if number <= len(codes) else self.rng.choice(codes)
            style = self.rng.choice(NAME_STYLES[code])
            name, native = make_name(self.rng, style)
            alias_names = make_aliases(self.rng, name, native, style)
            start = self.rng.randint(FIRST_YEAR - 12, LAST_YEAR - 4)
            end = min(start + self.rng.randint(10, 25), LAST_YEAR)
            record = Official(
                slug=slug_of(name, number),
                name=name,
                native_name=native if native != name else "",
                country=self.countries[code],
                biography=f"A civil servant of {self.countries[code].name} (synthetic record).",
                search_text=stored_text([name, native, *alias_names]),
                **self.stamps(datetime.date(max(start, FIRST_YEAR), 1, 1)),
            )
            people.append(PersonPlan(record, code, alias_names, (start, end)))
        self.write(Official, [person.record for person in people])
        for person in people:
            official = person.record
            for alias in person.aliases:
                aliases.append(
                    OfficialAlias(
                        official=official,
                        name=alias,
                        note="A spelling seen in a (synthetic) source.",
                        **self.stamps(datetime.date(person.career[0] + 5, 1, 1)),
                    )
                )
            for organisation in self.rng.sample(self.bodies[person.country], self.rng.randint(1, 2)):
                positions.append(self.position(person, organisation))
                person.positions.append((positions[-1].title, organisation))
        self.write(OfficialAlias, aliases)
        self.write(Position, positions)
        self.people = people
        # Who could attend a meeting in a given year (and who could chair one in a host country).
        self.active = {year: [] for year in range(FIRST_YEAR, LAST_YEAR + 1)}
        self.active_in = {(year, code): [] for year in self.active for code in codes}
        for index, person in enumerate(people):
            start, end = person.career
            for year in range(max(start, FIRST_YEAR), end + 1):
                self.active[year].append(index)
                self.active_in[year, person.country].append(index)

    def position(self, person, organisation):
        start_year, end_year = person.career
        title = self.rng.choice(TITLES[organisation.classification])
        start_precision = self.random_precision((40, 30, 30))
        start = self.random_day(self.rng.randint(start_year, end_year))
        end, end_precision = None, DatePrecision.DAY
        if end_year < LAST_YEAR or self.rng.random() < 0.3:
            end_precision = self.random_precision((40, 30, 30))
            end = max(start, self.random_day(self.rng.randint(start.year, end_year)))
        start_date, end_date = truncate(start, start_precision), truncate(end, end_precision)
        if end_date and end_date < start_date:  # a year-precise end can fall before a day-precise start
            end_date, end_precision = start_date, start_precision
        return Position(
            official=person.record,
            organisation=organisation,
            title=title,
            start_date=start_date,
            start_precision=start_precision,
            end_date=end_date,
            end_precision=end_precision,
            **self.stamps(start),
        )

    def declarations(self):
        """About N/50 declarations, frameworks and visions, then the plans that implement them."""
        count = max(3, self.meeting_count // 50)
        roots_wanted = max(1, count * 2 // 5)
        roots, plans = [], []
        for number in range(1, count + 1):
            year = self.rng.randint(FIRST_YEAR, LAST_YEAR)
            topic = self.rng.choice(TOPICS)
            is_root = number <= roots_wanted
            kinds = ROOT_DECLARATIONS if is_root else PLANS
            kind = self.rng.choice(list(kinds))
            implemented = None
            if not is_root:
                earlier = [d for d in [*self.fixture_declarations, *roots] if d.adoption_year <= year]
                implemented = self.rng.choice(earlier) if earlier and self.rng.random() < 0.8 else None
                if kind == DeclarationKind.ACTION_PLAN and implemented is None:
                    kind = DeclarationKind.WORK_PLAN
            title = kinds[kind].format(
                topic=topic, year=year, end=year + 4, implemented=implemented.title if implemented else ""
            )
            acronym = initials(title)[:12] if self.rng.random() < 0.3 else ""
            precision = self.random_precision((50, 25, 25))
            adopted = self.random_day(year)
            record = Declaration(
                slug=slug_of(number, acronym or title, max_length=120),
                title=title,
                title_status=self.rng.choice(TitleStatus.values),
                acronym=acronym,
                kind=kind,
                adopted_on=truncate(adopted, precision),
                adopted_precision=precision,
                adopting_body=self.rng.choice(self.regional_bodies) if self.regional_bodies else None,
                period_start=year if kind in PLANS else None,
                period_end=year + 4 if kind in PLANS else None,
                implements=implemented,
                summary=f"Sets out how member states work together on {topic.lower()}.",
                status=PUBLISHED,
                **self.stamps(adopted),
            )
            record.search_text = stored_text(record.search_terms())
            record.adoption_year = year
            (roots if is_root else plans).append(record)
        self.write(Declaration, roots)
        self.write(Declaration, plans)
        # Sorted by year, so a meeting can draw from those adopted by its time.
        self.declaration_pool = sorted(
            [*self.fixture_declarations, *roots, *plans], key=lambda d: (d.adoption_year, d.slug)
        )
        self.declaration_years = [d.adoption_year for d in self.declaration_pool]
        self.new_declarations = [*roots, *plans]

    def declaration_sources(self):
        links = []
        for declaration in self.new_declarations:
            code = self.rng.choice(list(self.countries))
            links.append((declaration, self.source(declaration.title, declaration.adopted_on, code)))
        self.write(Source, [source for _, source in links])
        self.cite([(declaration, source, "") for declaration, source in links])

    def cite(self, evidence):
        """Each (record, source, quote) as a citation of the record as a whole, as the source states it."""
        citations = [
            Citation(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                source_id=source.pk,
                quote=quote,
                created=record.created,
                updated=record.created,
            )
            for record, source, quote in evidence
        ]
        self.write(Citation, citations)

    def source(self, subject, day, code):
        """A news article from the host country's press about ``subject``."""
        published = day + datetime.timedelta(days=self.rng.randint(0, 3))
        slug = slug_of("source", next(self.source_number))
        source = Source(
            slug=slug,
            headline=f"{subject} ({self.countries[code].name})"[:300],
            publisher=PUBLISHERS[code],
            dateline=self.rng.choice(CITIES[code]),
            published_on=published if self.rng.random() < 0.8 else None,
            url=f"https://www.example.com/{slug}",
            note=f"A synthetic source made by generate_synthetic (seed {self.seed}).",
            **self.stamps(published),
        )
        source.search_text = stored_text(source.search_terms())
        return source

    # -- meetings ------------------------------------------------------------

    def plan_groups(self):
        """Conferences with 2-4 sub-meetings, and standalone meetings, adding up to exactly N meetings."""
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        # More meetings in later years, as cooperation grew.
        year_weights = [1 + (year - FIRST_YEAR) / 10 for year in years]
        groups, remaining = [], self.meeting_count
        while remaining:
            year = self.rng.choices(years, weights=year_weights)[0]
            eligible = [c for c, country in self.countries.items() if self.joined(country) <= year]
            code = self.rng.choice(eligible)
            if remaining >= 3 and self.rng.random() < 0.8:
                children = [MeetingKind.HEADS_OF_CIVIL_SERVICE, MeetingKind.SENIOR_OFFICIALS]
                # ACCSM+3 began in 2008.
                optional = [MeetingKind.WORKSHOP] + (
                    [MeetingKind.SENIOR_OFFICIALS_PLUS_THREE] if year >= 2008 else []
                )
                children += self.rng.sample(optional, self.rng.randint(0, min(len(optional), remaining - 3)))
                kinds = [MeetingKind.CONFERENCE, *children]
            else:
                kinds = [self.rng.choice((MeetingKind.WORKSHOP, MeetingKind.FORUM, MeetingKind.OTHER))]
            groups.append(GroupPlan(year, code, kinds, series=self.rng.randrange(len(SERIES))))
            remaining -= len(kinds)
        groups.sort(key=lambda group: group.year)
        series_numbers = [itertools.count(1) for _ in SERIES]
        plus_three_numbers = itertools.count(1)
        for group in groups:
            if group.kinds[0] == MeetingKind.CONFERENCE:
                group.ordinal = next(series_numbers[group.series])
                if MeetingKind.SENIOR_OFFICIALS_PLUS_THREE in group.kinds:
                    group.plus_three_ordinal = next(plus_three_numbers)
        return groups

    @staticmethod
    def joined(country):
        return country.joined_asean.year if country.joined_asean else FIRST_YEAR

    def meeting(self, kind, group, day, precision, topic, parent=None):
        country = self.countries[group.country]
        city = self.rng.choice(CITIES[group.country])
        series_name, series_short = SERIES[group.series]
        if kind == MeetingKind.CONFERENCE:
            name = f"{ordinal(group.ordinal)} {series_name}"
            short = f"{series_short} {group.ordinal}" if series_short else ""
        elif kind == MeetingKind.SENIOR_OFFICIALS_PLUS_THREE:
            name = f"{ordinal(group.plus_three_ordinal)} ACCSM+3 Senior Officials' Meeting"
            short = f"{ordinal(group.plus_three_ordinal)} SOM+3"
        elif kind == MeetingKind.HEADS_OF_CIVIL_SERVICE:
            name, short = "Heads of Civil Service Meeting", ""
        elif kind == MeetingKind.SENIOR_OFFICIALS:
            name, short = "Senior Officials' Meeting", "SOM"
        elif kind == MeetingKind.FORUM:
            name, short = f"ASEAN Forum on {topic}", ""
        elif kind == MeetingKind.OTHER:
            name, short = f"Study visit on {topic.lower()} to {city}", ""
        else:
            name, short = f"Regional Workshop on {topic}", ""
        if group.year >= 2022:
            formats = (MeetingFormat.IN_PERSON, MeetingFormat.HYBRID, MeetingFormat.VIRTUAL), (60, 30, 10)
        elif group.year >= 2020:
            formats = (MeetingFormat.VIRTUAL, MeetingFormat.HYBRID, MeetingFormat.IN_PERSON), (70, 20, 10)
        else:
            formats = (MeetingFormat.IN_PERSON, ""), (95, 5)
        meeting_format = self.rng.choices(*formats)[0]
        span = 0 if precision != DatePrecision.DAY else self.rng.choice((0, 0, 0, 1, 2))
        theme = self.rng.choice(THEMES).format(
            adjective=self.rng.choice(ADJECTIVES),
            adjective2=self.rng.choice(ADJECTIVES),
            topic=topic,
            topic_lower=topic.lower(),
        )
        theme = theme[0].upper() + theme[1:]
        number = next(self.meeting_number)
        record = Meeting(
            slug=slug_of(f"{number:06d}", short or kind, max_length=120),
            name=name,
            short_name=short,
            kind=kind,
            ordinal=group.ordinal if kind == MeetingKind.CONFERENCE else None,
            parent=parent,
            start_date=truncate(day, precision),
            end_date=truncate(day + datetime.timedelta(days=span), precision) if span else None,
            date_precision=precision,
            date_note="Synthetic record." if precision != DatePrecision.DAY else "",
            city=city,
            country=country,
            venue=f"{city} International Convention Centre"
            if meeting_format != MeetingFormat.VIRTUAL
            else "",
            format=meeting_format,
            host=self.hosts[group.country],
            theme=theme if kind in (MeetingKind.CONFERENCE, MeetingKind.WORKSHOP, MeetingKind.FORUM) else "",
            summary=f"Officials met in {city}, {country.name}, on {topic.lower()}.",
            status=PUBLISHED,
            **self.stamps(day),
        )
        record.search_text = stored_text(record.search_terms())
        # Notes for drawing the meeting's participations and outcomes; not fields.
        record.topic = topic
        record.group = group
        return record

    def group_meetings(self, group):
        """The records of one planned group: a parent first, then its children (or one meeting)."""
        earliest = self.countries[group.country].joined_asean
        day = self.random_day(group.year, earliest)
        topic = self.rng.choice(TOPICS)
        if len(group.kinds) == 1:
            return [self.meeting(group.kinds[0], group, day, self.random_precision(), topic)], []
        parent = self.meeting(MeetingKind.CONFERENCE, group, day, self.random_precision((40, 20, 40)), topic)
        children = [
            self.meeting(
                kind,
                group,
                day + datetime.timedelta(days=offset),
                self.random_precision((95, 5, 0)),
                topic,
                parent,
            )
            for offset, kind in enumerate(group.kinds[1:])
        ]
        return [parent], children

    def meetings(self):
        groups = self.plan_groups()
        done = 0
        while groups:
            size, take = 0, 0
            while take < len(groups) and size < MEETINGS_PER_ROUND:
                size += len(groups[take].kinds)
                take += 1
            round_groups, groups = groups[:take], groups[take:]
            self.meeting_round(round_groups)
            done += size
            self.log(f"  {done} of {self.meeting_count} meetings")

    def meeting_round(self, groups):
        """Write one round of meetings with their sources, participations, declarations and outcomes."""
        parents, children = [], []
        for group in groups:
            top, below = self.group_meetings(group)
            parents += top
            children += below
        for meeting in parents:
            meeting.group.source = self.source(meeting.name, meeting.start_date, meeting.group.country)
        self.write(Source, [group.source for group in groups])
        # Parents first: the children's parent_id is read from the saved parents.
        self.write(Meeting, parents)
        self.write(Meeting, children)
        every = parents + children
        participations, links, outcomes = [], [], []
        # Everything about a group of meetings comes from the one article on it: (record, source, quote).
        evidence = []
        for meeting in every:
            source = meeting.group.source
            meeting_participations = self.participations(meeting)
            meeting_links = self.declaration_links(meeting)
            meeting_outcomes = [self.outcome(meeting)] if self.rng.random() < 1 / 3 else []
            participations += meeting_participations
            links += meeting_links
            outcomes += meeting_outcomes
            evidence.append((meeting, source, ""))
            evidence += [(p, source, getattr(p, "evidence", "")) for p in meeting_participations]
            evidence += [(record, source, "") for record in (*meeting_links, *meeting_outcomes)]
        self.write(Participation, participations)
        self.write(MeetingDeclaration, links)
        self.write(Outcome, outcomes)
        self.cite(evidence)

    def participations(self, meeting):
        """About ten: a chair from the host country, speakers, participants; partners at SOM+3."""
        year, code = meeting.start_date.year, meeting.group.country
        wanted = self.rng.randint(6, 14)
        made = []
        stamps = self.stamps(meeting.start_date)
        if meeting.kind == MeetingKind.SENIOR_OFFICIALS_PLUS_THREE:
            for country in self.plus_three:
                made.append(
                    Participation(
                        meeting_id=meeting.pk,
                        country_id=country.pk,
                        role=ParticipationRole.PARTICIPANT,
                        printed_name=country.name,
                        **stamps,
                    )
                )
        if self.rng.random() < 0.3:
            host = meeting.host
            made.append(
                Participation(
                    meeting_id=meeting.pk,
                    organisation_id=host.pk,
                    role=ParticipationRole.HOST,
                    printed_name=host.name,
                    **stamps,
                )
            )
        pool, hosts = self.active[year], self.active_in[year, code]
        count = max(0, min(wanted - len(made), len(pool)))
        chair = [self.rng.choice(hosts)] if hosts and count else []
        others = [index for index in self.rng.sample(pool, min(count + 1, len(pool))) if index not in chair]
        chosen = chair + others[: count - len(chair)]
        roles = [ParticipationRole.CHAIR] + self.rng.choices(
            (
                ParticipationRole.SPEAKER,
                ParticipationRole.BRIEFER,
                ParticipationRole.PARTICIPANT,
                ParticipationRole.OBSERVER,
            ),
            weights=(25, 5, 65, 5),
            k=max(0, len(chosen) - 1),
        )
        for index, role in zip(chosen, roles, strict=True):
            made.append(self.participation(meeting, self.people[index], role, stamps))
        return made

    def participation(self, meeting, person, role, stamps):
        official = person.record
        title, organisation = self.rng.choice(person.positions)
        printed_name = (
            self.rng.choice(person.aliases) if person.aliases and self.rng.random() < 0.2 else official.name
        )
        statement = ""
        if role in (ParticipationRole.CHAIR, ParticipationRole.SPEAKER, ParticipationRole.BRIEFER):
            statement = self.rng.choice(STATEMENTS).format(
                topic_lower=meeting.topic.lower(), country=official.country.name
            )
        # Keys rather than instances: a million rows are built, and setting a
        # relation through its descriptor costs several times more.
        participation = Participation(
            meeting_id=meeting.pk,
            official_id=official.pk,
            role=role,
            represents_country_id=official.country_id,
            represents_organisation_id=organisation.pk if self.rng.random() < 0.5 else None,
            printed_name=printed_name,
            printed_title=f"{title}, {organisation.name}"[:300],
            statement=statement,
            **stamps,
        )
        # The words of the article its citation quotes, if any.
        participation.evidence = (
            f"{printed_name} said the meeting was useful." if statement and self.rng.random() < 0.2 else ""
        )
        return participation

    def declaration_links(self, meeting):
        """Three meetings in ten deal with one or two declarations adopted by their year."""
        if self.rng.random() >= 0.3:
            return []
        available = bisect.bisect_right(self.declaration_years, meeting.start_date.year)
        if not available:
            return []
        chosen = self.rng.sample(range(available), min(available, self.rng.randint(1, 2)))
        links = []
        for index in chosen:
            declaration = self.declaration_pool[index]
            relations = list(DeclarationRelation.values)
            if declaration.adoption_year != meeting.start_date.year:
                relations.remove(DeclarationRelation.ADOPTED)
            links.append(
                MeetingDeclaration(
                    meeting=meeting,
                    declaration=declaration,
                    relation=self.rng.choice(relations),
                    **self.stamps(meeting.start_date),
                )
            )
        return links

    def outcome(self, meeting):
        kind = self.rng.choice(OutcomeKind.values)
        return Outcome(
            meeting=meeting,
            slug=slug_of(kind),
            kind=kind,
            text=OUTCOME_TEXTS[kind].format(topic_lower=meeting.topic.lower(), country=meeting.country.name),
            **self.stamps(meeting.start_date),
        )

    # -- after the rows ------------------------------------------------------

    def index_for_search(self):
        """On PostgreSQL, the search vectors that the post_save signals would have filled."""
        if connection.vendor != "postgresql":
            return
        for model in (Organisation, Official, Declaration, Meeting, Source):
            started = time.perf_counter()
            model.objects.filter(slug__startswith=SLUG_PREFIX).update(
                search_vector=SearchVector("search_text", config="simple")
            )
            self.log(
                f"  search vectors of {model._meta.verbose_name_plural}: "
                f"{time.perf_counter() - started:.1f} s"
            )
        # Fresh planner statistics: a table that grew a hundredfold since the
        # last ANALYZE would otherwise be planned as if it were tiny.
        tables = [model._meta.db_table for model in MODELS]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")

    def run(self):
        self.load_anchors()
        with explicit_timestamps(MODELS):
            self.organisations()
            self.officials()
            self.declarations()
            self.declaration_sources()
            self.meetings()
        for label, seconds in sorted(self.writing.items(), key=lambda item: -item[1]):
            self.log(f"  bulk_create {label}: {seconds:.1f} s")
        self.index_for_search()


MODELS = (
    Organisation,
    Official,
    OfficialAlias,
    Position,
    Source,
    Declaration,
    Meeting,
    Participation,
    MeetingDeclaration,
    Outcome,
    Citation,
)


def clear_synthetic():
    """Delete every generated record (slugs starting ``syn-``), dependants first.

    ``_raw_delete`` issues one DELETE per table: the ordinary delete() would
    load every row (a million participations) to send delete signals that
    django-simple-history listens for, and generated rows have no history.
    """
    synthetic = {"slug__startswith": SLUG_PREFIX}
    meetings = Meeting.objects.filter(**synthetic)
    officials = Official.objects.filter(**synthetic)
    declarations = Declaration.objects.filter(**synthetic)
    organisations = Organisation.objects.filter(**synthetic)
    steps = [
        # Every citation of a generated record cites a generated source.
        Citation.objects.filter(source__slug__startswith=SLUG_PREFIX),
        Participation.objects.filter(meeting__in=meetings)
        | Participation.objects.filter(official__in=officials),
        MeetingDeclaration.objects.filter(meeting__in=meetings)
        | MeetingDeclaration.objects.filter(declaration__in=declarations),
        Outcome.objects.filter(meeting__in=meetings),
        meetings.filter(parent__isnull=False),
        meetings,
        OfficialAlias.objects.filter(official__in=officials),
        Position.objects.filter(official__in=officials),
        officials,
    ]
    deleted = 0
    for queryset in steps:
        deleted += queryset._raw_delete(queryset.db)
    # Plans before what they implement, departments before their ministries.
    declarations.update(implements=None)
    deleted += declarations._raw_delete(declarations.db)
    for queryset in (organisations.filter(parent__isnull=False), organisations):
        deleted += queryset._raw_delete(queryset.db)
    sources = Source.objects.filter(**synthetic)
    deleted += sources._raw_delete(sources.db)
    return deleted


class Command(BaseCommand):
    help = (
        "Generate a large synthetic dataset around the fixture records: --meetings N meetings over "
        "1986-2025 with about 10 participations each, N/5 officials, N/50 declarations. Deterministic "
        "for a --seed; every slug starts with 'syn-'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, required=True, help="How many meetings to create.")
        parser.add_argument("--seed", type=int, default=1, help="The random seed (default 1).")
        parser.add_argument("--clear", action="store_true", help="Delete earlier synthetic records first.")

    def handle(self, meetings, seed, clear, verbosity, **options):
        if meetings < 1:
            raise CommandError("--meetings must be at least 1.")
        started = time.perf_counter()
        log = self.stderr.write if verbosity >= 2 else (lambda message: None)
        with transaction.atomic():
            if clear:
                removed = clear_synthetic()
                log(f"Removed {removed} synthetic rows.")
            elif Meeting.objects.filter(slug__startswith=SLUG_PREFIX).exists():
                raise CommandError("Synthetic records already exist; add --clear to replace them.")
            generator = Generator(seed, meetings, log)
            generator.run()
            # bulk_create sends no signals, so cached pages are made stale here.
            freshness.bump()
        seconds = time.perf_counter() - started
        counts = generator.counts
        self.stdout.write(
            f"Generated {counts['meetings']} meetings, {counts['participations']} participations, "
            f"{counts['officials']} officials ({counts.get('official aliases', 0)} aliases, "
            f"{counts.get('positions', 0)} positions), {counts['organisations']} organisations, "
            f"{counts['declarations']} declarations "
            f"({counts.get('declarations dealt with', 0)} meeting links), "
            f"{counts.get('outcomes', 0)} outcomes, {counts['sources']} sources "
            f"in {seconds:.1f} s (seed {seed})."
        )
