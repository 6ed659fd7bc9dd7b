"""The follower's screens: one meeting's minutes as they are written, the list to choose one
from, and their help. No key on them changes anything: they have nothing to change it with.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from driehoek.following import POLL_SECONDS, Follower, State, Target, View
from driehoek.i18n import Catalogue
from driehoek.widgets.minutes_view import MinutesView


def _status(view: View, t: Catalogue) -> str:
    """The line under the title: how far the minutes are signed, and when they last changed."""
    if view.state is State.SIGNED:
        return t("follow.signed_ended")
    if view.state is State.STOPPED:
        return t("follow.stopped")
    if view.state is State.GONE:
        return t("follow.gone")
    if view.state is State.WAITING:
        return t("follow.waiting", detail=view.detail)
    signed = t("follow.all_signed") if view.signed == 3 else t("follow.draft", signed=view.signed)
    if view.read_at is None:
        return signed
    return f"{signed} · {t('follow.updated', time=view.read_at.strftime('%H:%M:%S'))}"


class FollowScreen(Screen[None]):
    """One meeting's minutes, read again whenever another session saves.

    Args:
        follower: What to show, and when it changes (`following.Follower`).
        t: The language.
        back: Escape goes back to the list this meeting was chosen from.
    """

    BINDINGS = [Binding("escape", "back", "follow.key_back", show=False)]

    def __init__(self, follower: Follower, t: Catalogue, *, back: bool = False) -> None:
        super().__init__()
        self.follower = follower
        self.t = t
        self.back = back
        self.markdown = ""
        """The minutes on the screen now."""

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("follow.loading"), id="app-title", markup=False)
        yield Static("", id="follow-status", markup=False)
        with VerticalScroll(id="follow-scroll"):
            yield MinutesView("", id="minutes")
        yield Static(t("follow.footer"), id="follow-footer", markup=False)

    def on_mount(self) -> None:
        self.query_one("#follow-scroll").focus()
        self.poll()
        self.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        """Show what changed since the last look, if anything did."""
        view = self.follower.poll()
        if view is not None:
            self.show(view)

    def show(self, view: View) -> None:
        """Put `view` on the screen; the scroll position stays where the reader left it."""
        t = self.t
        heading = t("follow.heading", meeting=view.title) if view.title else t("follow.gone")
        self.query_one("#app-title", Static).update(Content(heading))
        status = self.query_one("#follow-status", Static)
        status.update(Content(_status(view, t)))
        status.set_class(view.state in (State.SIGNED, State.STOPPED, State.GONE), "-ended")
        status.set_class(view.state is State.WAITING, "-waiting")
        if view.markdown != self.markdown:
            self.markdown = view.markdown
            self.query_one("#minutes", MinutesView).show(view.markdown)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.back
        return True

    def action_back(self) -> None:
        """Back to the list of shared meetings."""
        self.dismiss(None)


class ChooseScreen(Screen[None]):
    """The meetings shared with this follower; Enter follows the highlighted one."""

    class Chosen(Message):
        """The follower chose a meeting to follow."""

        def __init__(self, target: Target) -> None:
            super().__init__()
            self.target = target

    def __init__(self, targets: list[Target], t: Catalogue) -> None:
        super().__init__()
        self.targets = targets
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        yield Static(t("follow.choose_title"), id="app-title", markup=False)
        # Content, not a str: a student's name is shown as typed, never read as markup.
        yield OptionList(
            *(
                Option(Content(f"{target.meeting_id:>5}  {target.title}"), id=str(i))
                for i, target in enumerate(self.targets)
            ),
            id="follow-choices",
        )
        yield Static(t("follow.choose_footer"), id="follow-footer", markup=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.targets[int(event.option.id or 0)]))


class FollowHelp(ModalScreen[None]):
    """What the follower's screen is, and its few keys."""

    BINDINGS = [
        Binding("escape", "close", "key.close"),
        Binding("f1", "close", show=False),
    ]

    def __init__(self, t: Catalogue) -> None:
        super().__init__()
        self.t = t

    def compose(self) -> ComposeResult:
        t = self.t
        keys = "\n".join(
            f"{key:<22} {t(what)}"
            for key, what in (
                ("↑ ↓ PgUp PgDn Home End", "follow.key_scroll"),
                ("Escape", "follow.key_back_help"),
                ("F1", "key.help"),
                ("Ctrl+Q", "key.quit"),
            )
        )
        with VerticalScroll(id="follow-help", classes="dialog"):
            yield Static(t("follow.help_title"), classes="dialog-title", markup=False)
            yield Static(t("follow.help"), markup=False)
            yield Static(keys, id="follow-help-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#follow-help").focus()

    def action_close(self) -> None:
        """Back to the minutes."""
        self.dismiss(None)
