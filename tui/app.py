"""BriefingApp: picks the first screen; everything else lives in the screens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.notifications import SeverityLevel
from textual.theme import Theme

from tui.commands.keys import KeyCommands
from tui.core.brief.loader import BriefLoader
from tui.core.display.statuses import css_variables as status_colours
from tui.core.notes.access import Notes
from tui.core.outside.atomic import clean_stray_writes
from tui.core.outside.settings import Settings, SettingsUnreadable, read_settings, update_settings
from tui.core.outside.visible import visible
from tui.paths import screenshot_dirs
from tui.screens.confirm import ConfirmScreen
from tui.screens.help import HelpScreen, key_table, screen_title
from tui.screens.note_editor import NoteEditor
from tui.screens.reader import ReaderScreen
from tui.widgets.key_bar import HELP


class BriefingApp(App[None]):
    """Read structured briefings with the keyboard."""

    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {*App.COMMANDS, KeyCommands}
    TITLE = "Briefing Reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        HELP,  # declared with the key bar, which always shows it
        Binding("q", "go_back", "Back / quit", id="app.back"),
    ]

    def __init__(
        self,
        brief: BriefLoader | None = None,
        library: list[Path] | None = None,
        settings: Path | None = None,
        store: Path | None = None,
    ) -> None:
        """Open `brief` in the reader, or else the library of the briefs in `library`.

        `settings` is the file the theme is kept in (read here, before the app runs);
        `store` the notes database (opened on first use, in a thread; None keeps no notes).
        """
        # Read through the bounded reader (a FIFO or a device here once hung or exhausted the start);
        # before the App is made, as its stylesheet is built with the measure (`get_css_variables`).
        loaded = read_settings(settings) if settings else Settings()
        self.measure = loaded.measure  # the most cells of text a line of a column holds
        super().__init__()
        self.brief = brief
        self.library = library or []
        self.notes = Notes(store)
        self.settings_path = settings
        self.saved_theme = loaded.values.get("theme", "")  # a string: other values are not read
        self.saved_values = loaded.values  # the file's string values, read once here (the library's order too)
        self.settings_problem = loaded.problem  # said once the app runs; the file is then never written
        self.settings_warnings = loaded.warnings
        self.said_not_saved = False

    def on_mount(self) -> None:
        if self.settings_problem:
            self.notify(
                f"Settings not read, so the defaults are used: {self.settings_problem}. "
                "The file is left as it is; settings are not saved until it is fixed or removed.",
                severity="warning",
                timeout=12,
            )
        for warning in self.settings_warnings:
            self.notify(warning, severity="warning", markup=False)
        if self.saved_theme in self.available_themes:
            self.theme = self.saved_theme
        elif self.saved_theme:  # said, not left to look like the default chosen
            said = f"The theme {self.saved_theme!r} in the settings is not one of the app's: the default is used."
            self.notify(said, severity="warning")
        self.theme_changed_signal.subscribe(self, self.remember_theme)
        if self.brief is not None:
            self.push_screen(ReaderScreen(self.brief, self.notes))
        else:
            from tui.screens.library import LibraryScreen  # not needed (nor imported) to read one brief

            self.push_screen(LibraryScreen(self.library, self.notes))
        if self.notes.journal is not None:
            self.clean_up(self.notes.journal)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, and `$column-measure`: a column's widest, its text at the measure."""
        variables = super().get_css_variables()
        # The text, the gutter (1), the scrollbar (1) and the column's padding (2).
        variables["column-measure"] = str(self.measure + 4)
        # `$status-confirmed`...: hues apart from the chrome. Under NO_COLOR, Textual greys each colour by its
        # brightness, and "false" (crimson) came out dark grey on black, the hardest word to read: there
        # every status word is in the text's colour, told apart by the word and its style.
        monochrome = variables.get("foreground") if self.no_color else None
        variables.update(status_colours(dark=self.current_theme.dark, monochrome=monochrome))
        return variables

    @work(thread=True, exclusive=True, group="clean-up", exit_on_error=False, description="clean up")
    def clean_up(self, journal: Path) -> None:
        """Remove what writes killed half-way (an export, the settings) left behind."""
        clean_stray_writes(journal)

    def on_unmount(self) -> None:
        self.notes.close()

    def remember_theme(self, theme: Theme) -> None:
        """Keep the chosen theme for the next start."""
        if self.settings_path is not None and theme.name != self.saved_theme:
            self.saved_theme = theme.name
            self.save_theme(self.settings_path, theme.name)

    @work(thread=True, exclusive=True, group="settings", exit_on_error=False, description="save the theme")
    def save_theme(self, path: Path, name: str) -> None:
        try:
            update_settings(path, {"theme": name}, journal=self.notes.journal)
        except SettingsUnreadable as exc:
            if not self.said_not_saved:  # once: previewing themes in the palette changes the theme at each step
                self.said_not_saved = True
                self.call_from_thread(
                    self.notify, f"The theme is not saved: {exc}; the file is left as it is.", severity="warning"
                )
        except OSError as exc:
            self.call_from_thread(self.notify, f"Could not save the theme: {exc}", severity="warning", markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text, never markup, its control characters made visible.

        Messages carry file names and exception texts, which can hold anything: here is the
        one place they reach the screen, so here is where they are made safe.
        """
        del markup  # never markup: a message's text is shown as it is
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    async def action_quit(self) -> None:
        """Quit (ctrl+q); first ask if that would lose a note being written (it was lost without a word)."""
        writing = any(isinstance(screen, NoteEditor) and screen.changed() for screen in self.screen_stack)
        if not writing or isinstance(self.screen, ConfirmScreen):
            self.exit()  # nothing to lose, or asked already: a second ctrl+q quits
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        detail = "n or escape goes back to it; ctrl+s there saves it."
        self.push_screen(ConfirmScreen("Quit and lose the note you are writing?", detail), answered)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen (palette: Screenshot) and say where, in plain words.

        Textual's own said "Saved screenshot to [$text-success]'…'" (markup, shown raw here)
        and failed when the downloads folder did not exist: it is made, else the data folder is used.
        """
        folders = [Path(path)] if path else screenshot_dirs()
        reasons = []
        for folder in folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                saved = self.save_screenshot(filename, str(folder))
            except OSError as exc:
                reasons.append(f"{folder}: {exc.strerror or exc}")
                continue
            self.notify(f"Screenshot saved to {saved}", timeout=8)
            return
        self.notify(f"The screenshot could not be saved: {'; '.join(reasons)}", severity="error", timeout=10)

    def action_go_back(self) -> None:
        """Back to the screen underneath (the library), or quit from the first screen."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """Help is off in the help itself, so that its own `?` and f1 close it."""
        return not (action == "help" and isinstance(self.screen, HelpScreen))

    def action_help(self) -> None:
        """Show every key of the current screen."""
        screen = self.screen
        active = screen.active_bindings
        display = {key: self.get_key_display(item.binding) for key, item in active.items()}
        self.push_screen(HelpScreen(screen_title(screen), key_table(active, display)))
