"""The open data as a browser sees it: read from a page on another origin (CORS), and the API's
interactive documentation at /api/docs/, served from our own files within the CSP."""

import threading
from http.server import HTTPServer, SimpleHTTPRequestHandler

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("accsm_records")]


@pytest.fixture
def other_origin(tmp_path):
    """A page served from another origin: someone else's web page that wants our data."""
    (tmp_path / "index.html").write_text("<!doctype html><title>Someone else's page</title><p>Hello</p>")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


READ = """async (url) => {
    try {
        const response = await fetch(url);
        return {ok: response.ok, status: response.status, text: (await response.text()).slice(0, 200)};
    } catch (error) {
        return {ok: false, error: String(error)};
    }
}"""


@pytest.mark.parametrize(
    "path",
    [
        "/api/meetings/",
        "/api/popolo.json",
        "/api/openapi.json",
        "/meetings.csv",
        "/meetings.ics",
        "/feeds/meetings/",
        "/sitemap.xml",
    ],
)
def test_page_on_another_origin_reads_public_data(site, other_origin, page, path):
    page.goto(other_origin)
    result = page.evaluate(READ, site + path)
    assert result["ok"], result
    assert result["text"].strip()


@pytest.mark.parametrize("path", ["/admin/login/", "/meetings/"])
def test_page_on_another_origin_cannot_read_admin_or_pages(site, other_origin, page, path):
    page.goto(other_origin)
    result = page.evaluate(READ, site + path)
    assert not result["ok"]
    assert "Failed to fetch" in result["error"]


def test_api_docs_work_offline_within_the_csp(site, browser):
    # Unlike the shared page fixture, the site's Content-Security-Policy is enforced here.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems, foreign = [], []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("request", lambda request: request.url.startswith(site) or foreign.append(request.url))
    page.goto(site + "/api/docs/")
    expect(page.get_by_text("ACCSM Records API").first).to_be_visible()
    expect(page.get_by_text("/api/meetings/", exact=True).first).to_be_visible()
    context.close()
    assert problems == []
    assert [url for url in foreign if not url.startswith("data:")] == []
