"""Every public list, detail page and export runs a pinned number of SQL queries, with 1 and with 30 rows.

The expected number is written below for each address, so that a change that adds a query
anywhere (not only one that adds a query per row) fails here and has to update the table on
purpose. Each address is measured twice: once with the world grown by one of everything
(tests/world.py) and again with thirty, and both counts must be the pinned one.

Every count includes the one read of the data version (core.freshness.current) that the page
cache (accsm/page_cache.py) makes for each public request; robots.txt is the one address the
cache leaves alone, hence its 0. The cache is emptied before each measured request, so the
view really renders rather than being answered from the cache. A streamed response (the CSV
files, Popolo) queries only while it is read, so it is read whole inside the measured block.
"""

import pytest
from django.core.cache import cache
from django.db import connection

from tests import world

# Address -> queries, data-version read included. Each detail page reads the citations of every
# record it shows in one query (public/citations.py); a source's page reads its citations, then the
# records they cite, one query for each kind of record (public/sourcing.py): the world cites eleven.
# Each record's page also counts the record's versions, for the version its citation names
# (public/citing_records.py, public/versions.py): one query, added with the version pages.
PAGES = {
    "/": 7,
    "/meetings/": 4,
    "/meetings/?country=vn&year=2000&kind=workshop&sort=oldest": 5,
    "/meetings/?official=anchor-official&organisation=anchor-body&declaration=anchor-declaration": 7,
    "/meetings/?q=meeting": 4,
    "/meetings/anchor-meeting/": 8,
    "/officials/": 5,
    "/officials/?organisation=anchor-body&country=vn&q=official": 7,
    "/officials/anchor-official/": 7,
    "/organisations/": 4,
    "/organisations/?classification=department&country=vn": 5,
    "/organisations/anchor-body/": 8,
    "/declarations/": 3,
    "/declarations/?kind=action_plan&year=2020": 3,
    "/declarations/anchor-declaration/": 6,
    "/countries/": 3,
    # The country's other names (people.CountryName): one prefetch.
    "/countries/vn/": 8,
    # The source, its citations, then one query per kind of record they name (public/sourcing.py).
    "/sources/anchor-source/": 15,
    # One query per kind of record searched: meetings, officials, organisations, declarations,
    # countries and sources.
    "/search/?q=meeting": 7,
    # No record matches the misspelling, so the page looks for near misses, one query per kind
    # of record; only PostgreSQL can (trigram similarity), SQLite offers none without asking
    # (core.search.near_misses gives queryset.none()).
    "/search/?q=meetng": {"sqlite": 7, "postgresql": 13},
    # An earlier version of a record's page (public/versions.py): the record, then the version with
    # the records it names, in one query. It shows none of the record's lists.
    "/meetings/anchor-meeting/?version=1": 3,
    "/declarations/anchor-declaration/?version=1": 3,
    "/officials/anchor-official/?version=1": 3,
    "/organisations/anchor-body/?version=1": 3,
    "/sources/anchor-source/?version=1": 3,
    "/countries/vn/?version=1": 3,
}

EXPORTS = {
    "/meetings.csv": 2,
    "/meetings.csv?country=vn": 3,
    # Each chunk of participations, then their citations (opendata/exports.py with_citations).
    "/participations.csv": 4,
    "/participations.csv?official=anchor-official": 5,
    "/officials.csv": 4,
    "/meetings.ics": 2,
    "/meetings.ics?country=vn": 3,
    "/meetings/anchor-meeting.ics": 2,
    # The data page: the data version, and a count of each kind of record its files hold.
    "/data/": 8,
    # A bulk file built by this very request (each size of the world is a new data version): the
    # export's own queries and the data version read twice more, by the view and before the old
    # versions' files are removed (opendata/bulk.py).
    "/data/meetings.csv.gz": 4,
    "/data/participations.csv.gz": 6,
    "/data/officials.csv.gz": 6,
    "/data/meetings.ics.gz": 4,
    "/feeds/meetings/": 2,
    "/feeds/officials/anchor-official/": 3,
    "/feeds/organisations/anchor-body/": 3,
    "/feeds/countries/vn/": 3,
    # The index asks each of the six record sections for its latest change and its size.
    "/sitemap.xml": 13,
    "/sitemap-pages.xml": 1,
    "/sitemap-meetings.xml": 3,
    "/sitemap-officials.xml": 3,
    "/sitemap-organisations.xml": 3,
    "/sitemap-declarations.xml": 3,
    "/sitemap-countries.xml": 3,
    "/sitemap-sources.xml": 3,
    "/robots.txt": 0,
}

API = {
    "/api/": 1,
    "/api/openapi.json": 1,
    "/api/meetings/": 3,
    "/api/meetings/?country=vn&year=2000&kind=workshop&official=anchor-official": 5,
    # A detail's citations, the meeting's and its parts', and the sources they name: one query
    # (opendata/api.py cited_in_context).
    "/api/meetings/anchor-meeting/": 7,
    "/api/officials/": 4,
    "/api/officials/anchor-official/": 6,
    "/api/organisations/": 3,
    "/api/organisations/anchor-body/": 6,
    "/api/declarations/": 3,
    "/api/declarations/anchor-declaration/": 5,
    "/api/countries/": 3,
    "/api/countries/vn/": 2,
    # The page's participations and then their citations, in one query.
    "/api/participations/": 4,
    "/api/participations/?meeting=anchor-meeting&role=speaker&country=vn&year=2022": 6,
    "/api/sources/": 3,
    "/api/sources/anchor-source/": 4,
}

# What a page shows of the grown records changes as the world grows; these show none of them
# (a fixed page, one record's own fields, the only source), so their bytes stay the same.
SAME_AT_BOTH_SIZES = {
    "/meetings/anchor-meeting.ics",
    "/sitemap-pages.xml",
    "/sitemap-sources.xml",
    "/robots.txt",
    "/api/",
    "/api/openapi.json",
    "/api/countries/vn/",
    "/api/sources/",
    # A version shows the record's own facts as they were, which the grown records are not.
    "/meetings/anchor-meeting/?version=1",
    "/declarations/anchor-declaration/?version=1",
    "/officials/anchor-official/?version=1",
    "/organisations/anchor-body/?version=1",
    "/sources/anchor-source/?version=1",
    "/countries/vn/?version=1",
}
# With no near misses on SQLite, the page says "nothing found" whatever the size of the world.
SAME_AT_BOTH_SIZES_ON = {"sqlite": {"/search/?q=meetng"}, "postgresql": set()}

ALL = {**PAGES, **EXPORTS, **API}


def on_this_database(expected):
    """A count, or the count for this database where they differ (a dict keyed by vendor)."""
    return expected[connection.vendor] if isinstance(expected, dict) else expected


def body_of(client, url, expected, django_assert_num_queries):
    """GET ``url``, rendered afresh and read whole, asserting it runs exactly ``expected`` queries."""
    cache.clear()
    with django_assert_num_queries(expected, info=url):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, body[:500]
    return body


@pytest.mark.parametrize(("url", "expected"), ALL.items(), ids=list(ALL))
def test_query_count_is_pinned_at_1_and_30_rows(client, db, django_assert_num_queries, url, expected):
    expected = on_this_database(expected)
    world.grow(1)
    small = body_of(client, url, expected, django_assert_num_queries)
    world.grow(29)
    large = body_of(client, url, expected, django_assert_num_queries)
    # The larger world really is behind the page.
    same = SAME_AT_BOTH_SIZES | SAME_AT_BOTH_SIZES_ON[connection.vendor]
    assert (large == small) == (url in same)


# Popolo reads every table in one transaction. Inside a test's transaction the export would join
# it with a savepoint (SAVEPOINT and RELEASE, two statements no request runs); a request has no
# transaction, so the export starts one, and a transactional test measures that: the count holds
# the BEGIN and COMMIT Django records, and on PostgreSQL one more statement that makes the
# transaction one snapshot (REPEATABLE READ) planned for its whole result (opendata/popolo.py).
# Three of them read the identifiers of persons, organizations and areas. One query each for the
# citations of persons, organizations, memberships and events ("accsm:citations", and "sources").
POPOLO = {"sqlite": 19, "postgresql": 20}


# Popolo's queries, built into /data/popolo.json.gz by the request, and the data version read twice
# more: by the view, and before the old versions' files are removed (opendata/bulk.py).
BULK_POPOLO = {vendor: count + 2 for vendor, count in POPOLO.items()}


@pytest.mark.django_db(transaction=True)
def test_bulk_popolo_query_count_is_pinned_at_1_and_30_rows(client, django_assert_num_queries):
    expected = on_this_database(BULK_POPOLO)
    world.grow(1)
    small = body_of(client, "/data/popolo.json.gz", expected, django_assert_num_queries)
    world.grow(29)
    large = body_of(client, "/data/popolo.json.gz", expected, django_assert_num_queries)
    assert large != small


@pytest.mark.django_db(transaction=True)
def test_popolo_query_count_is_pinned_at_1_and_30_rows(client, django_assert_num_queries):
    expected = on_this_database(POPOLO)
    world.grow(1)
    small = body_of(client, "/api/popolo.json", expected, django_assert_num_queries)
    world.grow(29)
    large = body_of(client, "/api/popolo.json", expected, django_assert_num_queries)
    assert large != small


# A permanent link reads the record's slug: one query. An address under a slug the record had
# before runs its view, which finds nothing, then finds the record by the former slug: one query
# more than the view's own lookup (public/addresses.py). {kind} is the anchor's id.
REDIRECTS = {
    "/m/{meeting}/": 2,
    "/d/{declaration}/": 2,
    "/p/{official}/": 2,
    "/o/{organisation}/": 2,
    "/s/{source}/": 2,
    "/meetings/former-anchor-meeting/": 3,
    "/declarations/former-anchor-declaration/": 3,
    "/officials/former-anchor-official/": 3,
    "/organisations/former-anchor-body/": 3,
    "/sources/former-anchor-source/": 3,
    "/api/meetings/former-anchor-meeting/": 3,
    "/api/declarations/former-anchor-declaration/": 3,
    "/api/officials/former-anchor-official/": 3,
    "/api/organisations/former-anchor-body/": 3,
    "/api/sources/former-anchor-source/": 3,
    "/meetings/former-anchor-meeting.ics": 3,
    "/feeds/officials/former-anchor-official/": 3,
    "/feeds/organisations/former-anchor-body/": 3,
}
ANCHORS_WITH_PERMANENT_LINKS = ("meeting", "declaration", "official", "organisation", "source")


def with_former_slugs(anchors):
    """Each anchor with a permanent link renamed to "former-<slug>" and back: its former slug."""
    for name in ANCHORS_WITH_PERMANENT_LINKS:
        record = anchors[name]
        slug = record.slug
        for renamed in (f"former-{slug}", slug):
            record.slug = renamed
            record.save()
    return {name: anchors[name].pk for name in ANCHORS_WITH_PERMANENT_LINKS}


@pytest.mark.parametrize(("url", "expected"), REDIRECTS.items(), ids=list(REDIRECTS))
def test_redirect_query_count_is_pinned_at_1_and_30_rows(
    client, db, django_assert_num_queries, url, expected
):
    ids = with_former_slugs(world.grow(1))
    for grow in (0, 29):
        world.grow(grow)
        cache.clear()
        with django_assert_num_queries(expected, info=url):
            response = client.get(url.format(**ids))
        assert response.status_code in (301, 302), url


# A citation at its permanent address: the data version (the page cache's key), the record, then
# the count of its versions, for the version the citation names (public/versions.py).
CSL_DOWNLOADS = {
    "/m/{meeting}.csl.json": 3,
    "/d/{declaration}.csl.json": 3,
    "/p/{official}.csl.json": 3,
    "/o/{organisation}.csl.json": 3,
    "/s/{source}.csl.json": 3,
}


@pytest.mark.parametrize(("url", "expected"), CSL_DOWNLOADS.items(), ids=list(CSL_DOWNLOADS))
def test_csl_download_query_count_is_pinned_at_1_and_30_rows(
    client, db, django_assert_num_queries, url, expected
):
    anchors = world.grow(1)
    ids = {name: anchors[name].pk for name in ANCHORS_WITH_PERMANENT_LINKS}
    for grow in (0, 29):
        world.grow(grow)
        cache.clear()
        with django_assert_num_queries(expected, info=url):
            response = client.get(url.format(**ids))
        assert response.status_code == 200, url
