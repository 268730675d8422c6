"""How the public data travels: compressed, and labelled with its licence.

Both are middleware (listed in accsm/settings.py) so that every format, the API, Popolo, CSV,
iCalendar, feeds, sitemaps and the HTML pages, gets them the same way, cached or not.
"""

from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

from core.licence import licence_link_header

# The formats a consumer takes away; each of them is the compiled data under the licence.
DATA_MEDIA_TYPES = (
    "application/json",
    "application/geo+json",
    "application/ld+json",
    "application/vnd.oai.openapi",
    "application/vnd.oai.openapi+json",
    "text/csv",
    "text/calendar",
    "application/atom+xml",
    "application/xml",
    "application/gzip",
    # A record's citation (``?format=csl`` on its page: public/citing_records.py).
    "application/vnd.citationstyles.csl+json",
)


ALREADY_COMPRESSED = ("application/gzip", "application/zip", "image/png", "image/jpeg", "image/webp")


def under_admin(request):
    return request.path.startswith(reverse("admin:index"))


class CompressionMiddleware(GZipMiddleware):
    """gzip for clients that ask for it, except where a response holds a secret.

    Compressing a page that carries a CSRF token next to text an attacker can choose lets the
    token be guessed from the sizes (BREACH), so the admin, responses meant for one signed-in
    user ("private") and responses that set cookies are sent as they are. Public pages hold no
    secret and are the same for everyone, so they are compressed.
    """

    def process_response(self, request, response):
        if under_admin(request) or response.cookies or "private" in response.get("Cache-Control", ""):
            return response
        # A .gz download or an image is compressed already: a second pass only costs time.
        if response.get("Content-Type", "").startswith(ALREADY_COMPRESSED):
            return response
        return super().process_response(request, response)


class LicenceLinkMiddleware:
    """Adds ``Link: <licence>; rel="license"`` (RFC 8288) to every data response.

    A client that only reads headers (curl -I, a harvester) learns the terms without parsing
    the body; the HTML pages say the same in their footer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        media_type = response.get("Content-Type", "").split(";")[0].strip()
        if media_type in DATA_MEDIA_TYPES and response.status_code == 200 and not under_admin(request):
            existing = response.get("Link")
            response["Link"] = f"{existing}, {licence_link_header()}" if existing else licence_link_header()
        return response
