"""Documents render sealed: a letter, a plan or an extract can load the project's static files and nothing
else — no file:// outside them, no network — even when an administrator's text tries to make it.
"""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings

from cases.pdf import STATIC_PREFIX, RefusedResource, _sealed_fetcher, css_string, html_to_pdf, layout
from visitation.letters import letter_for

from .visitation_steps import decide, pdf_text, recommended


@pytest.fixture
def outside_server():
    """A web server on loopback that records every request it gets: the 'outside world'."""
    hits: list[str] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("file:///etc/passwd", id="file-url"),
        pytest.param("http://127.0.0.1:9/x.css", id="http"),
        pytest.param("https://example.org/x.css", id="https-elsewhere"),
        pytest.param("data:text/css,body{}", id="data-url"),
        pytest.param(STATIC_PREFIX + "../../../../etc/passwd", id="static-traversal"),
        pytest.param(STATIC_PREFIX + "/etc/passwd", id="static-absolute"),
        pytest.param(STATIC_PREFIX + "css/does-not-exist.css", id="static-missing"),
    ],
)
def test_fetcher_refuses_everything_but_project_static_files(url):
    with pytest.raises(RefusedResource):
        _sealed_fetcher().fetch(url)


def test_fetcher_serves_the_projects_own_static_file():
    response = _sealed_fetcher().fetch(STATIC_PREFIX + "css/app.css")
    assert response.read() == (settings.BASE_DIR / "static" / "css" / "app.css").read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "css/does-not-exist.css"])
def test_a_documents_stylesheet_is_a_project_static_file_or_nothing(name):
    """The parsed-once stylesheets (the letter's layout) come from the static files too, never elsewhere."""
    with pytest.raises(RefusedResource):
        layout("<p>Brev</p>", stylesheets=(name,))


def test_rendering_hostile_html_reaches_neither_files_nor_network(outside_server):
    base, hits = outside_server
    html = f"""<html><head>
      <link rel="stylesheet" href="{base}/linked.css">
      <style>@import url("{base}/imported.css"); body {{ background: url("file:///etc/passwd"); }}</style>
      </head><body><p>Brev</p><img src="file:///etc/passwd"><img src="{base}/pixel.png">
      <iframe src="file:///etc/shadow"></iframe></body></html>"""

    pdf, pages = html_to_pdf(html)

    assert hits == []
    assert pages == 1
    text = pdf_text(pdf)
    assert "Brev" in text
    assert "root:" not in text


@pytest.mark.parametrize(
    "value",
    [
        pytest.param('Glostrup"; } @import url(x); a { content: "', id="quote"),
        pytest.param("Glostrup\\22 ; } @import url(file:///etc/passwd); a { content: \\22 ", id="css-escape"),
        pytest.param("Glostrup</style><script>x</script>", id="end-tag"),
        pytest.param("Glostrup\n} body { display: none }", id="newline"),
    ],
)
def test_css_string_leaves_nothing_but_text(value):
    escaped = css_string(value)
    for dangerous in ('"', "\\22 ", ";", "{", "}", "<", "\n", "@import"):
        if dangerous == "@import":
            assert "@" not in escaped
        else:
            assert dangerous not in escaped.replace("\\00", "")  # only our own 6-digit escapes remain


def test_css_string_keeps_danish_names_readable():
    assert css_string("Høje-Taastrup") == "Høje-Taastrup"


@pytest.mark.usefixtures("catalogue")
def test_municipality_name_cannot_make_the_letter_fetch_anything(
    outside_server, glostrup, case, counsellor, approver
):
    """The review's attack: CSS in the admin-editable municipality name, inside the letter's <style>."""
    base, hits = outside_server
    # A newline ends a CSS string as a "bad string"; what follows is parsed as declarations.
    glostrup.name = f"G\n;background:url({base}/e.png);content:url(file:///etc/passwd);x:"
    glostrup.save()
    recommended(case, counsellor)
    decision = decide(case, approver)

    text = pdf_text(bytes(letter_for(decision).pdf))

    assert hits == []
    assert "root:" not in text
    assert "Afgørelse" in text
