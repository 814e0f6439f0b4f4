"""The ``bpsim`` command.

``bpsim [FILE]`` opens the GUI (FILE may be a gallery name); ``bpsim COMMAND`` runs a headless
command (one module each in this package) and never imports Qt. Errors are one line on
stderr and a non-zero exit status, never a traceback; an argument error names the option and
where to look (``bpsim train --help``). A closed pipe (``bpsim examples | head -2``) ends the
command quietly; Ctrl-C says where it stopped.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import os
import sys
from collections.abc import Sequence

from bpsim import __version__
from bpsim.cli import compare, export, info, new, pretrain, step, train
from bpsim.cli.common import CliError
from bpsim.cli.safeout import safe_output
from bpsim.lang import LANGUAGES
from bpsim.sanitize import one_line

log = logging.getLogger("bpsim")

# name -> (one-line help, function adding the parser); the order of `bpsim --help`
COMMANDS = {
    "step": (step.HELP, step.add_parser),
    "train": (train.HELP, train.add_parser),
    "new": (new.HELP, new.add_parser),
    "export": (export.HELP, export.add_parser),
    "pretrain": (pretrain.HELP, pretrain.add_parser),
    "compare": (compare.HELP, compare.add_parser),
    "check": (info.CHECK_HELP, None),
    "gradcheck": (info.GRADCHECK_HELP, None),
    "examples": (info.EXAMPLES_HELP, None),
}
USAGE_ERROR = 2
INTERNAL_ERROR = 3


class UsageError(Exception):
    """A bad command line: one line with a hint."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line (with a hint) instead of the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {_with_suggestion(message, self)}; "
                         f"see {self.prog} --help")


def _with_suggestion(message: str, parser: argparse.ArgumentParser) -> str:
    """Add "did you mean --epochs?" to "unrecognized arguments: --epoch"."""
    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return message
    word = message[len(prefix):].split()[0]
    options = [o for a in parser._actions for o in a.option_strings]
    close = difflib.get_close_matches(word.split("=")[0], options, n=1, cutoff=0.7)
    return f"unknown option {word}" + (f" (did you mean {close[0]}?)" if close else "")


def _gui_parser() -> argparse.ArgumentParser:
    width = max(map(len, COMMANDS))
    listed = "\n".join(f"  {name:<{width}}  {text}" for name, (text, _) in COMMANDS.items())
    p = _Parser(
        prog="bpsim", formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="bpsim [FILE] [--train] [--lang LANG] [--screenshot PNG [--seconds S] "
              "[--size WxH]]\n"
              "       bpsim COMMAND [options]   (bpsim COMMAND --help)\n"
              "       bpsim --version | --install-desktop-entry | --uninstall-desktop-entry",
        description="bpsim, a backpropagation simulator: without a command it opens the "
                    "window.",
        epilog=f"commands (headless, no window):\n{listed}")
    p.add_argument("file", nargs="?",
                   help="a .bpsim file or a gallery name to open (e.g. spirals; "
                        "default: an empty window with the gallery)")
    p.add_argument("--train", action="store_true", help="start training at once")
    p.add_argument("--screenshot", metavar="PNG", help="render the window offscreen and exit")
    p.add_argument("--seconds", type=float, default=3.0, metavar="S",
                   help="with --screenshot --train: train this long first (default 3)")
    p.add_argument("--size", type=_size, metavar="WxH",
                   help="with --screenshot: the window's size (default 1400x900)")
    p.add_argument("--lang", choices=tuple(LANGUAGES), metavar="LANG",
                   help="the window's language: zh_CN (简体中文) or en (default: the "
                        "system locale's, e.g. LANG=zh_CN.UTF-8)")
    p.add_argument("--version", action="version", version=f"bpsim {__version__}",
                   help="print the version and exit")
    p.add_argument("--install-desktop-entry", action="store_true",
                   help="Linux: add bpsim to the desktop's menu and open .bpsim files with it "
                        "(in $XDG_DATA_HOME, default ~/.local/share), then exit")
    p.add_argument("--uninstall-desktop-entry", action="store_true",
                   help="Linux: remove what --install-desktop-entry added, then exit")
    return p


def _parse_command(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="bpsim")
    sub = p.add_subparsers(dest="command", required=True)
    for _, add in COMMANDS.values():
        if add is not None:
            add(sub)
    info.add_parsers(sub)
    args, extra = p.parse_known_args(argv)
    if extra:  # reported by the command's own parser, which knows its options
        sub.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    with safe_output():  # names and cells from files never reach the terminal raw
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="bpsim: %(message)s")
    try:
        if argv and argv[0] in COMMANDS:
            args = _parse_command(argv)
            handler = args.run
        else:
            args = _gui_parser().parse_args(argv)
            handler = _run_gui
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except UsageError as exc:
        print(exc, file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except (CliError, ValueError, OSError) as exc:  # FileFormatError, DataError, I/O
        print(f"bpsim: {one_line(str(exc))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bpsim: interrupted", file=sys.stderr)
        return train.INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - never a traceback for the user
        log.debug("internal error", exc_info=True)
        print(f"bpsim: internal error: {type(exc).__name__}: {one_line(str(exc))}",
              file=sys.stderr)
        return INTERNAL_ERROR


def _silence_stdout() -> None:
    """The reader of our output has gone (``| head``): drop the rest, exit quietly.

    Python would otherwise report the failed flush of the buffered rest at exit.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (a test's captured stdout)
        pass


def _run_gui(args: argparse.Namespace) -> int:
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(args.uninstall_desktop_entry)
    if args.file:
        _check_file(args.file)
    try:
        from bpsim.gui.app import run
    except ImportError as exc:
        raise CliError(f"the GUI is not available ({exc}); headless commands: "
                       + ", ".join(COMMANDS)) from None
    return run(args.file, screenshot=args.screenshot, train=args.train, seconds=args.seconds,
               lang=args.lang, size=args.size)


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1024x700") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"{text}: each side between 200 and 10000 pixels")
    return width, height


def _desktop_entry(remove: bool) -> int:
    from bpsim import desktop

    if remove:
        paths = desktop.uninstall()
        print("removed " + ", ".join(map(str, paths)) if paths else "nothing to remove")
    else:
        for path in desktop.install():
            print(f"wrote {path}")
        print("bpsim is in the menu (Education); .bpsim files open with it")
    return 0


def _check_file(name: str) -> None:
    """CliError for a FILE that is neither a file nor a gallery name (perhaps a mistyped
    command: "did you mean bpsim train?"), before the window is built."""
    from bpsim.gallery import resolve

    try:
        resolve(name)
    except FileNotFoundError as exc:
        close = difflib.get_close_matches(name, COMMANDS, n=1)
        if close:
            raise CliError(f"{name}: no such file, gallery example or command (did you mean "
                           f"bpsim {close[0]}?); see bpsim --help") from None
        raise CliError(str(exc)) from None
