"""The licence of the compiled records, stated wherever a consumer looks: every page's footer, the
/data/ page, the API, Popolo, the CSV and iCalendar exports (a ``Link: rel="license"`` header),
the Atom feeds (``<rights>``) and the OpenAPI document's ``info``.

The compilation (which facts were recorded, how they link, their citations) is ours to license.
The words quoted from a source remain its publisher's: they are quoted, with the source named,
as news reporting allows, and the licence does not claim them.
"""

LICENCE_NAME = "CC BY 4.0"
LICENCE_TITLE = "Creative Commons Attribution 4.0 International"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ATTRIBUTION = "ACCSM Records, compiled from the sources cited with each record"
RIGHTS_STATEMENT = (
    f"The compiled records are licensed under {LICENCE_TITLE} ({LICENCE_NAME}, {LICENCE_URL}): "
    f"credit “{ATTRIBUTION}”. Quotations remain their publishers’ and are credited to their sources."
)


def licence_link_header():
    """The value of an HTTP ``Link`` header that points at the licence (RFC 8288, rel="license")."""
    return f'<{LICENCE_URL}>; rel="license"'


def licence_json():
    """The licence as a JSON object, for the API root, Popolo and the data page's index."""
    return {"name": LICENCE_NAME, "title": LICENCE_TITLE, "url": LICENCE_URL, "attribution": ATTRIBUTION}
