"""Static files in production: hashed names, served by WhiteNoise with far-future caching."""

import re

from django.core.management import call_command
from django.test import Client


def test_static_files_have_hashed_names_and_far_future_caching(settings, tmp_path, db):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", interactive=False, verbosity=0)

    # A new client builds a new middleware chain, so WhiteNoise indexes the collected files.
    client = Client()
    page = client.get("/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.content.decode())
    assert stylesheet, "the page links the stylesheet by its hashed name"

    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    assert b"".join(response.streaming_content)  # compressed body is there
