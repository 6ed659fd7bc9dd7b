"""A party's link to its own preparation form, against a real `driehoek serve`: the link opens
that form and nothing else, the form sent back is kept as the party's preparation, a bad one
is shown again with its problem and nothing kept, another site cannot send it, and the link
ends when all three sign. Names are invented."""

from __future__ import annotations

import http.cookiejar
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from driehoek.database import open_database
from driehoek.domain import Factor, FactorStatus, Party
from driehoek.preparation import Source
from driehoek.store import Store

from .flows import driehoek_command
from .serving import running_server
from .tmux import clean_env

pytestmark = pytest.mark.e2e


class Browser:
    """Requests as a browser makes them: cookies kept, redirects followed, its own Origin."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def open(
        self,
        url: str,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
        origin: str | None = None,
    ) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(url, data=data)
        if origin is not None:
            request.add_header("Origin", origin)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def _store(path: Path) -> Store:
    return Store(open_database(path), clock=lambda: datetime.now(UTC), user="e2e")


def _link(db: Path, meeting: int, party: str, home: Path, origin: str) -> str:
    result = subprocess.run(
        [*driehoek_command(), "--db", str(db), "prepare", str(meeting), "--party", party,
         "--link", "--public-url", origin],
        env=clean_env(home), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    *_words, url = result.stdout.splitlines()
    assert url.startswith(f"{origin}/prepare/")
    return url


def test_a_party_prepares_in_the_browser_through_its_own_link(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "driehoek.db"
    store = _store(db)
    meeting = store.new_intake("Sanne de Vries", "Zorggroep Noord")
    other = store.new_intake("Milan <b>Jansen</b>", "Bakkerij De Korenaar")
    store.close()
    with running_server(db, home, tmp_path / "serve.log") as served:
        url = _link(db, meeting, "workplace", home, served.origin)
        page = url.split("?", 1)[0]
        browser = Browser()
        status, body = browser.open(url)
        assert status == 200, body
        assert "Sanne de Vries" in body
        assert "Dit formulier is voor: werkplek" in body
        assert "Milan" not in body
        assert "Korenaar" not in body
        assert "token" not in body

        # Filled in and sent from the page: kept as the workplace's preparation.
        form = {"status-autonomy": "present", "note-autonomy": "Ze kiest <b>zelf</b>."}
        status, body = browser.open(page, form, origin=served.origin)
        assert status == 200
        assert "Bewaard." in body
        assert "Ze kiest &lt;b&gt;zelf&lt;/b&gt;." in body  # shown again, escaped
        store = _store(db)
        [kept] = store.meeting(meeting).preparations
        assert (kept.party, kept.source) == (Party.WORKPLACE, Source.LINK)
        assert kept.factor(Factor.AUTONOMY).status is FactorStatus.PRESENT

        # A status the form does not offer: the form again with the problem, nothing kept.
        status, body = browser.open(page, {"status-autonomy": "great"}, origin=served.origin)
        assert status == 400
        assert "Taakautonomie: kies aanwezig, afwezig of realiseerbaar" in body
        assert store.meeting(meeting).preparations == (kept,)

        # A field sent twice (no browser sends this page's fields so): refused whole.
        twice = [("status-autonomy", "absent"), ("status-autonomy", "present")]
        status, body = browser.open(page, twice, origin=served.origin)
        assert status == 400
        assert "Dit is niet wat het formulier stuurt; niets opgeslagen." in body
        assert store.meeting(meeting).preparations == (kept,)

        # Another site cannot send it; no cookie opens nothing; the link opens only its form.
        evil = {"status-autonomy": "absent"}
        assert browser.open(page, evil, origin="http://evil.example")[0] == 403
        assert Browser().open(page)[0] == 403
        assert browser.open(f"{served.origin}/")[0] == 403  # not the app
        other_url = _link(db, other, "workplace", home, served.origin).split("?", 1)[0]
        assert browser.open(other_url)[0] == 403  # its cookie is this link's only
        assert Browser().open(url.replace("token=", "token=x"))[0] == 403

        token = url.split("token=", 1)[1]
        assert token not in served.output()  # the access log leaves it out

        # All three sign: the link has ended, for good.
        for party in Party:
            store.sign(meeting, party, "Naam")
        store.close()
        status, body = browser.open(page)
        assert status == 410
        assert "neemt geen voorbereiding meer aan" in body
