"""An article as staff give it: pasted text with its headline, publisher, date and address, or a saved
web page whose text and metadata are read with trafilatura. Input that cannot be an English news
article (empty, too long, binary, markup without text, another language) is refused here, with the
reason, before anything is analysed or stored."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

# A long article is 20,000 characters; ten times that is a paste of something else.
MAX_CHARACTERS = 200_000
MIN_WORDS = 8
# English prose has about four words in ten from this list; a text in another language has
# almost none (names and acronyms aside), so one in eight is a safe floor.
MIN_STOP_WORD_SHARE = 0.12
ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "also",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "said",
        "she",
        "that",
        "the",
        "their",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "who",
        "will",
        "with",
    ]
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?>")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_BLANK_LINES = re.compile(r"\n{3,}")


# The lengths ArticleImport and Source keep (headline, publisher, URL).
MAX_HEADLINE = 300
MAX_PUBLISHER = 200
MAX_URL = 500


class ArticleRejected(ValueError):
    """The input is not something an article can be analysed from; the message says why."""


@dataclass
class Article:
    """The text of one article and what is known about it."""

    text: str
    headline: str = ""
    publisher: str = ""
    published: date | None = None
    url: str = ""
    metadata_found: dict = field(default_factory=dict)


def normalise_line_ends(text):
    """Every line break as LF: browsers send a textarea's lines ended with CR LF, old Mac files with CR."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text):
    """Plain text as the analysis reads it: Unicode composed (NFC), one kind of line break, runs of
    spaces made one, at most one blank line in a row, no space at the ends of lines."""
    text = unicodedata.normalize("NFC", normalise_line_ends(text))
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def check_text(text):
    """Refuse, with the reason, text that cannot be an English news article."""
    if not text or not text.strip():
        raise ArticleRejected("The article is empty: paste its text.")
    if len(text) > MAX_CHARACTERS:
        raise ArticleRejected(
            f"The article is {len(text):,} characters long; the limit is {MAX_CHARACTERS:,}. "
            "Paste one article, not a whole page or file."
        )
    unreadable = sum(
        1 for ch in text if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    )
    if unreadable > max(3, len(text) // 200):
        raise ArticleRejected("This looks like a binary file, not text: paste the article's text.")
    if len(_TAG.findall(text)) > 5:
        raise ArticleRejected("This looks like HTML: give it as a saved web page (--html) instead.")
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        raise ArticleRejected(f"The article has {len(words)} words; an article needs at least {MIN_WORDS}.")
    share = sum(word in ENGLISH_STOP_WORDS for word in words) / len(words)
    if share < MIN_STOP_WORD_SHARE:
        raise ArticleRejected(
            "This does not read as English (too few common English words): "
            "only English articles can be analysed."
        )


def plain_article(text, headline="", publisher="", published=None, url=""):
    """An article from pasted text: cleaned and checked."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ArticleRejected("This is not UTF-8 text: paste the article's text.") from error
    # A CR is a control character, which check_text counts as a sign of binary data; line ends are not.
    text = normalise_line_ends(text)
    check_text(text)
    return Article(clean_text(text), headline.strip(), publisher.strip(), published, url.strip())


def html_article(html, headline="", publisher="", published=None, url=""):
    """An article from a saved web page: its main text and, unless given, its headline, site name,
    date and address as the page states them (trafilatura, offline)."""
    import trafilatura

    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html or not html.strip():
        raise ArticleRejected("The page is empty.")
    if len(html) > MAX_CHARACTERS * 5:
        raise ArticleRejected(f"The page is larger than {MAX_CHARACTERS * 5:,} characters.")
    if "\x00" in html:
        raise ArticleRejected("This looks like a binary file, not a web page.")
    document = trafilatura.bare_extraction(
        html, url=url or None, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (document.text if document is not None else "") or ""
    if not text.strip():
        raise ArticleRejected("No article text was found in this page.")
    found = {
        "headline": (document.title or "").strip(),
        "publisher": (document.sitename or "").strip(),
        "published": (document.date or "").strip(),
        "url": (document.url or "").strip(),
    }
    page_date = None
    if found["published"]:
        try:
            page_date = date.fromisoformat(found["published"][:10])
        except ValueError:
            page_date = None
    check_text(text)
    # A page may state more than the records hold (a headline with its site's slogan, a tracking
    # address); cut at the records' lengths here, saying so, rather than have the database refuse it.
    shortened = []
    headline = headline.strip() or found["headline"]
    publisher = publisher.strip() or found["publisher"]
    url = url.strip() or found["url"]
    if len(headline) > MAX_HEADLINE:
        headline = shorten(headline, MAX_HEADLINE)
        shortened.append(f"the headline was cut to {MAX_HEADLINE} characters")
    if len(publisher) > MAX_PUBLISHER:
        publisher = shorten(publisher, MAX_PUBLISHER)
        shortened.append(f"the site name was cut to {MAX_PUBLISHER} characters")
    if len(url) > MAX_URL:
        url = ""
        shortened.append(f"the page's address was left out, being longer than {MAX_URL} characters")
    return Article(
        clean_text(text),
        headline,
        publisher,
        published or page_date,
        url,
        metadata_found={**found, "shortened": shortened},
    )


def shorten(text, limit):
    """``text`` cut to at most ``limit`` characters at a word boundary, ending with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—|") + "…"
