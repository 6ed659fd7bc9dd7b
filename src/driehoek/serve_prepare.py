"""A party's preparation form in the browser: `/prepare/<link>/` of `driehoek serve`.

`driehoek prepare MEETING --party P --link` stores a link (the SHA-256 of a new token) and prints
it. Opened, the token becomes a cookie of that link alone (HttpOnly, SameSite=Strict, its number
in its name) and leaves the address bar, as for the read-only links (`serve_follow`). The page
is a plain HTML form, made here, with the same questions as the file form; sent back (a POST
from this origin: the gate checks Host and Origin first, the cookie is never sent cross-site),
it is checked whole and kept as the party's preparation, replacing an earlier one. The link
opens that form and nothing else: no app, no websocket, no download; the database is asked
at every request, so a meeting all three signed ends its links at once.

Everything shown from the database or typed by the party is escaped (`html.escape`); the
page runs no script.
"""

from __future__ import annotations

import asyncio
import html
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler

from driehoek import prepare_links, prepared
from driehoek.database import DatabaseRefused, open_database, session_user
from driehoek.dates import format_date
from driehoek.domain import Factor, FactorStatus, Meeting, MeetingKind, Question
from driehoek.i18n import Catalogue
from driehoek.preparation import (
    ANSWERED,
    MAX_GOALS,
    MAX_TEXT,
    Preparation,
    PreparedFactor,
    Source,
)
from driehoek.prepare_form import asks_goals
from driehoek.prepare_links import PREPARE_PAGE, Holds, Link, holder, prepare_path
from driehoek.prompts import catalogue_for
from driehoek.readonly import open_read_only
from driehoek.serve_access import Gate, cross_site_navigation, plain_page
from driehoek.serve_url import TOKEN_PARAMETER, is_token
from driehoek.store import NotFound, Signed, Store
from driehoek.text import clean_line, clean_text

MAX_TOKEN_LENGTH = 128
MAX_FIELDS = 64
"""More fields than the form has (six factors twice, four questions, the goals): not ours."""

_LINK_KEY = "driehoek_prepare_link"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


class PrepareDoor:
    """The parties' links' way in (see `serve_access.Door`): judges `/prepare/...` requests."""

    def __init__(self, gate: Gate, db_path: Path, t: Catalogue) -> None:
        self.gate = gate
        self.db_path = db_path
        self.t = t

    def cookie_name(self, link_id: int) -> str:
        """The cookie of one link: this server's port and the link's number in its name."""
        return f"driehoek-prepare-{self.gate.served.rsplit(':', 1)[1]}-{link_id}"

    def handles(self, route: str | None) -> bool:
        """Whether `route` is this door's to judge."""
        return route == PREPARE_PAGE

    def lets_in(self, request: web.Request, route: str | None) -> bool:
        """A party's cookie opens nothing of the app (the form needs no static file)."""
        return False

    def state(self, link_id: int, token: str) -> tuple[Holds, Link | None]:
        """Whether `token` opens the link now; NOT_ITS if the file cannot tell."""
        if len(token) > MAX_TOKEN_LENGTH or not is_token(token):
            return Holds.NOT_ITS, None
        try:
            database = open_read_only(self.db_path)
        except DatabaseRefused:
            return Holds.NOT_ITS, None
        try:
            return database.read(lambda reading: holder(reading.db, link_id, token))
        except sqlite3.Error:
            return Holds.NOT_ITS, None
        finally:
            database.close()

    async def enter(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Let a `/prepare/<link>/` request through, log it in, or refuse it."""
        link_id = int(request.match_info["link"])
        token = request.query.get(TOKEN_PARAMETER) if request.method == hdrs.METH_GET else None
        cookie = request.cookies.get(self.cookie_name(link_id))
        if token is not None:
            state, _link = self.state(link_id, token)
            if state is Holds.OPEN:
                return self._log_in(link_id, token)
            if cookie is None or self.state(link_id, cookie)[0] is not Holds.OPEN:
                return self._refuse(request, state)
            return self._to_page(link_id)
        state, link = self.state(link_id, cookie) if cookie is not None else (Holds.NOT_ITS, None)
        if state is Holds.OPEN and link is not None:
            request[_LINK_KEY] = link
            return await handler(request)
        return self._refuse(request, state)

    def _to_page(self, link_id: int, query: str = "") -> web.Response:
        response = web.Response(status=303)
        response.headers[hdrs.LOCATION] = self.gate.public.path + prepare_path(link_id) + query
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        return response

    def _log_in(self, link_id: int, token: str) -> web.Response:
        response = self._to_page(link_id)
        response.set_cookie(
            self.cookie_name(link_id),
            token,
            path=self.gate.public.path + prepare_path(link_id),
            secure=self.gate.public.secure,
            httponly=True,
            samesite="Strict",
        )
        return response

    def _refuse(self, request: web.Request, state: Holds) -> web.Response:
        t = self.t
        if state is Holds.ENDED:
            return plain_page(t, 410, t("serve.prepare_ended_title"), t("serve.prepare_ended"))
        refresh = cross_site_navigation(request)
        return plain_page(t, 403, t("serve.no_access_title"), t("serve.no_access"), refresh=refresh)

    # -- the page ------------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.StreamResponse:
        """The form (GET), or the form sent back (POST): kept, or shown again with its
        problems and everything as typed."""
        link: Link = request[_LINK_KEY]
        meeting = await asyncio.to_thread(self._meeting, link)
        if meeting is None:
            return plain_page(self.t, 410, self.t("serve.prepare_ended_title"),
                              self.t("serve.prepare_ended"))  # fmt: skip
        if request.method != hdrs.METH_POST:
            before = next((p for p in meeting.preparations if p.party is link.party), None)
            kept = request.query.get("kept") == "1"
            return self._form(meeting, link, values_of(before), [], kept=kept)
        form = await request.post()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        # A field sent twice is no form this page made (each name is on it once): refused
        # whole, rather than keeping whichever value came last.
        if len(form) > MAX_FIELDS or len(set(form.keys())) != len(form):
            return plain_page(self.t, 400, self.t("serve.prepare_bad_title"),
                              self.t("serve.prepare_bad"))  # fmt: skip
        preparation, problems = read_fields(fields, meeting, link)
        if preparation is not None:
            problem = await asyncio.to_thread(self._save, preparation)
            if problem is None:
                return self._to_page(link.id, "?kept=1")
            problems = [problem]
        return self._form(meeting, link, fields, problems, status=400)

    def _meeting(self, link: Link) -> Meeting | None:
        try:
            database = open_read_only(self.db_path)
        except DatabaseRefused:
            return None
        try:
            return database.read(lambda reading: reading.meeting(link.meeting_id))
        except (sqlite3.Error, NotFound):
            return None
        finally:
            database.close()

    def _save(self, preparation: Preparation) -> str | None:
        """Keep it (in this thread, on a connection of its own); a problem's message, or None."""
        store = Store(
            open_database(self.db_path, create=False),
            clock=lambda: datetime.now(UTC),
            user=session_user(),
            client="link",
        )
        try:
            prepared.save(store, preparation)
        except (Signed, NotFound, prepared.WrongKind):
            return self.t("serve.prepare_ended")
        finally:
            store.close()
        return None

    def _form(
        self,
        meeting: Meeting,
        link: Link,
        values: Mapping[str, str],
        problems: list[str],
        *,
        kept: bool = False,
        status: int = 200,
    ) -> web.Response:
        body = render_page(meeting, link, values, problems, self.t, kept=kept)
        response = web.Response(status=status, text=body, content_type="text/html")
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        return response


def values_of(p: Preparation | None) -> dict[str, str]:
    """A kept preparation as the form's fields, to change rather than start over."""
    if p is None:
        return {}
    values = {}
    for f in p.factors:
        if f.status in ANSWERED:
            values[f"status-{f.factor.value}"] = f.status.value
        values[f"note-{f.factor.value}"] = f.note
    for question, text in p.answers:
        values[f"answer-{question.value}"] = text
    if p.goals:
        values["goals"] = "\n".join(p.goals)
    return values


def read_fields(
    fields: Mapping[str, str], meeting: Meeting, link: Link
) -> tuple[Preparation | None, list[str]]:
    """The form's fields as a preparation, or the problems (already in words) that stop it."""
    problems: list[str] = []
    statuses = {s.value: s for s in ANSWERED}
    factors = []
    too_long: list[str] = []
    for factor in Factor:
        raw = fields.get(f"status-{factor.value}", "")
        if raw and raw not in statuses:
            problems.append(f"status-{factor.value}")
            continue
        note = clean_text(fields.get(f"note-{factor.value}", "")).strip()
        if len(note) > MAX_TEXT:
            too_long.append(f"note-{factor.value}")
        status = statuses.get(raw, FactorStatus.NOT_DISCUSSED)
        if status is not FactorStatus.NOT_DISCUSSED or note:
            factors.append(PreparedFactor(factor, status, note))
    answers = []
    if meeting.kind is MeetingKind.EVALUATION:
        for question in Question:
            text = clean_text(fields.get(f"answer-{question.value}", "")).strip()
            if len(text) > MAX_TEXT:
                too_long.append(f"answer-{question.value}")
            if text:
                answers.append((question, text))
    goals: tuple[str, ...] = ()
    if asks_goals(meeting.kind, link.party):
        written = clean_text(fields.get("goals", ""))
        goals = tuple(g for g in (line.strip() for line in written.splitlines()) if g)
        if len(goals) > MAX_GOALS or any(len(g) > MAX_TEXT for g in goals):
            too_long.append("goals")
    problems += too_long
    preparation = Preparation(
        meeting.id,
        link.party,
        meeting.kind,
        factors=tuple(factors),
        answers=tuple(answers),
        goals=goals,
        source=Source.LINK,
    )
    if not problems and preparation.empty:
        problems.append("empty")
    return (None if problems else preparation), problems


def _problem_words(problem: str, t: Catalogue) -> str:
    if problem == "empty":
        return t("serve.prepare_empty")
    if problem.startswith("status-"):
        return t("serve.prepare_bad_status", name=t.enum(Factor(problem.removeprefix("status-"))))
    return t("serve.prepare_too_long", max=MAX_TEXT, goals=MAX_GOALS)


def render_page(
    meeting: Meeting,
    link: Link,
    values: Mapping[str, str],
    problems: list[str],
    t: Catalogue,
    *,
    kept: bool = False,
) -> str:
    """The form's page: what it is for, the questions, the answers given so far, all escaped."""
    t = catalogue_for(meeting, t)  # the questions in its programme's words (template)
    p = meeting.placement
    kind = t.enum(meeting.kind)
    title = t("prepare.title", kind=kind)
    day = format_date(meeting.day, t.lang, "long") if meeting.day else t("value.invalid_date")
    where = ", ".join(clean_line(x) for x in (p.organisation, p.team) if x.strip())
    out = [
        f'<!DOCTYPE html>\n<html lang="{t.lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title></head><body>",
        f"<h1>{_e(title)}</h1><ul>",
        f"<li>{_e(t('prepare.meeting_line', id=meeting.id, kind=kind, date=day))}</li>",
        f"<li>{_e(t('prepare.student_line', name=clean_line(p.student)))}</li>",
        f"<li>{_e(t('prepare.placement_line', where=where))}</li>",
        f"<li>{_e(t('prepare.party_line', party=t.enum(link.party)))}</li></ul>",
        f"<p>{_e(t('serve.prepare_intro'))}</p>",
    ]
    if kept:
        out.append(f'<p role="status"><strong>{_e(t("serve.prepare_kept"))}</strong></p>')
    if problems:
        out.append('<div role="alert"><ul>')
        out += [f"<li>{_e(_problem_words(x, t))}</li>" for x in problems]
        out.append("</ul></div>")
    out.append('<form method="post">')
    for factor in Factor:
        name = f"status-{factor.value}"
        legend = t("prepare.factor_heading", number=factor.number, name=t.enum(factor))
        out.append(f"<fieldset><legend>{_e(legend)}</legend>")
        out.append(f"<p>{_e(t(f'question.{factor.value}'))}</p>")
        chosen = values.get(name, "")
        for value, label in (("", t("prepared.unticked")),
                             *((s.value, t.enum(s)) for s in ANSWERED)):  # fmt: skip
            checked = " checked" if chosen == value else ""
            out.append(
                f'<label><input type="radio" name="{name}" value="{value}"{checked}> '
                f"{_e(label)}</label><br>"
            )
        note = f"note-{factor.value}"
        out.append(
            f'<label for="{note}">{_e(t("field.note"))}</label><br>'
            f'<textarea id="{note}" name="{note}" rows="3" cols="60">'
            f"{_e(values.get(note, ''))}</textarea></fieldset>"
        )
    if meeting.kind is MeetingKind.EVALUATION:
        for number, question in enumerate(Question, start=1):
            name = f"answer-{question.value}"
            label = f"{t('prepare.question_word')} {number}: {t(f'question.{question.value}')}"
            out.append(
                f'<p><label for="{name}">{_e(label)}</label><br>'
                f'<textarea id="{name}" name="{name}" rows="3" cols="60">'
                f"{_e(values.get(name, ''))}</textarea></p>"
            )
    if asks_goals(meeting.kind, link.party):
        out.append(
            f'<p><label for="goals">{_e(t("prepare.goals_heading"))}: '
            f"{_e(t('serve.prepare_goals'))}</label><br>"
            f'<textarea id="goals" name="goals" rows="4" cols="60">'
            f"{_e(values.get('goals', ''))}</textarea></p>"
        )
    out.append(f'<p><button type="submit">{_e(t("serve.prepare_send"))}</button></p>')
    out.append("</form></body></html>\n")
    return "\n".join(out)


def add_routes(app: web.Application, door: PrepareDoor) -> None:
    """The links' form, under `/prepare/<link>/` (GET shows it, POST keeps it)."""
    path = prepare_links.PREPARE_PATH + r"/{link:[1-9][0-9]{0,8}}/"
    resource = app.router.add_resource(path, name=PREPARE_PAGE)
    resource.add_route(hdrs.METH_GET, door.page)
    resource.add_route(hdrs.METH_POST, door.page)


class Doors:
    """Several doors as one (`serve_access.middleware` takes one): each judges its routes."""

    def __init__(self, *doors: Any) -> None:
        self.doors = doors

    def handles(self, route: str | None) -> bool:
        """Whether one of the doors judges `route`."""
        return any(d.handles(route) for d in self.doors)

    async def enter(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The door that handles the request's route lets it in, or not."""
        route = request.match_info.route.name
        door = next(d for d in self.doors if d.handles(route))
        response: web.StreamResponse = await door.enter(request, handler)
        return response

    def lets_in(self, request: web.Request, route: str | None) -> bool:
        """Whether one of the doors lets the request have `route`."""
        return any(d.lets_in(request, route) for d in self.doors)
