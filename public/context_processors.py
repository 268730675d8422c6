"""What every page of the site shows besides its records: the data licence in the footer, the
site image that link previews show, and the page's canonical address."""

from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse

from core import licence

# The site image for link previews (Open Graph): its size is stated so that a preview can be laid
# out before the image arrives.
OG_IMAGE = "img/og-default.png"
OG_IMAGE_WIDTH = 1200
OG_IMAGE_HEIGHT = 630
OG_IMAGE_ALT = (
    "ACCSM Records: ASEAN cooperation on civil service matters: meetings, officials and declarations, "
    "with sources"
)


def data_page_url():
    try:
        return reverse("opendata:data")
    except NoReverseMatch:
        # The bulk data page is being built alongside; its address is settled.
        return "/data/"


def site(request):
    """Context for base.html. A list or search page passes its own ``canonical_url``, which wins."""
    return {
        "licence_name": licence.LICENCE_NAME,
        "licence_title": licence.LICENCE_TITLE,
        "licence_url": licence.LICENCE_URL,
        "data_page_url": data_page_url(),
        "og_image_url": request.build_absolute_uri(static(OG_IMAGE)),
        "og_image_width": OG_IMAGE_WIDTH,
        "og_image_height": OG_IMAGE_HEIGHT,
        "og_image_alt": OG_IMAGE_ALT,
        # A detail page's address says everything it shows: any query string (a tracking tag,
        # an ignored parameter) only makes another address for the same page.
        "canonical_url": request.build_absolute_uri(request.path),
    }
