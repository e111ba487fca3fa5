"""The command line: each subcommand (check, export, import, guide, diff, notes) and `briefing [PATH]`."""

# Each subcommand and the module that parses its arguments and runs it (`main(args) -> status`),
# imported only when asked for: `briefing check` loads no UI library.
COMMANDS = {
    "check": "tui.cli.check",
    "export": "tui.cli.export",
    "import": "tui.cli.import_notes",
    "guide": "tui.cli.guide",
    "diff": "tui.cli.diff",
    "notes": "tui.cli.notes",
}
