"""The command line as a Unix tool: closed pipes, Ctrl-C, one-line argument errors, --help."""

import json
import signal
import subprocess
import sys

import pytest

from bpsim.cli import COMMANDS, main
from bpsim.engine.trainer import Trainer
from bpsim.fileformat import load


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_closed_pipe_ends_quietly():
    """`bpsim step digits | head -1`: 400 kB of output into a reader that left."""
    p = subprocess.Popen([sys.executable, "-m", "bpsim", "step", "digits"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0 and err == ""


def interrupt_at(monkeypatch, epoch: int, hard: bool) -> None:
    """Ctrl-C when the trainer starts epoch ``epoch`` + 1: a real SIGINT (the first Ctrl-C,
    which lets the epoch finish) or, ``hard``, the KeyboardInterrupt of a second one."""
    original = Trainer.run_epoch

    def run_epoch(self):
        if self.epoch == epoch:
            if hard:
                raise KeyboardInterrupt
            signal.raise_signal(signal.SIGINT)
        return original(self)

    monkeypatch.setattr(Trainer, "run_epoch", run_epoch)


def test_a_hard_ctrl_c_between_an_epoch_and_its_history_row_numbers_the_rows_right(
        tmp_path, capsys, monkeypatch):
    from bpsim.engine.history import EpochHistory

    original = EpochHistory.append

    def append(self, step, values):
        if len(self) == 210:  # the epoch counter says 211, its row is not written yet
            raise KeyboardInterrupt
        original(self, step, values)

    monkeypatch.setattr(EpochHistory, "append", append)
    hist = tmp_path / "h.csv"
    code, _, err = run(["train", "xor", "--epochs", "1000", "--history", str(hist)], capsys)
    assert code == 130 and "interrupted at epoch 211" in err
    rows = hist.read_text().splitlines()
    assert len(rows) == 211 and rows[1].startswith("1,1,") and rows[-1].startswith("210,210,")


@pytest.mark.parametrize(("hard", "reached"), [(False, 211), (True, 210)])
def test_ctrl_c_says_where_training_stopped_and_saves_the_weights(hard, reached, tmp_path,
                                                                  capsys, monkeypatch):
    interrupt_at(monkeypatch, 210, hard)
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when the tests run in the background
    out_file, hist = tmp_path / "reached.bpsim", tmp_path / "h.csv"
    code, out, err = run(["train", "xor", "--epochs", "100000", "--json", "--out",
                          str(out_file), "--history", str(hist)], capsys)
    assert code == 130
    assert err == (f"bpsim: interrupted at epoch {reached} (step {reached}); saved to "
                   f"{out_file}\n")
    assert json.loads(out)["stopped_reason"] == f"interrupted at epoch {reached}"
    assert load(out_file).state["epoch"] == reached
    rows = hist.read_text().splitlines()
    assert len(rows) == reached + 1 and rows[1].startswith("1,1,")
    assert rows[-1].startswith(f"{reached},{reached},")
    assert signal.getsignal(signal.SIGINT) is before  # restored


@pytest.mark.parametrize(("args", "message"), [
    (["train", "textbook", "--epochs", "x"],
     "bpsim train: argument --epochs: invalid int value: 'x'; see bpsim train --help"),
    (["train", "textbook", "--epocs", "3"],
     "bpsim train: unknown option --epocs (did you mean --epochs?); see bpsim train --help"),
    (["--verison"], "bpsim: unknown option --verison (did you mean --version?); "
                    "see bpsim --help"),
    (["trian"], "bpsim: trian: no such file, gallery example or command (did you mean "
                "bpsim train?); see bpsim --help"),
    (["step"], "bpsim step: the following arguments are required: file; "
               "see bpsim step --help"),
])
def test_argument_errors_are_one_line_with_a_hint(args, message, capsys):
    code, out, err = run(args, capsys)
    assert code in (1, 2) and out == ""
    assert err == message + "\n"


def test_help_lists_every_command_in_one_line(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    listed = out.split("commands (headless, no window):\n")[1].splitlines()
    assert [line.split()[0] for line in listed] == list(COMMANDS)
    assert all(len(line.split(maxsplit=1)[1]) > 15 for line in listed)


def test_every_train_option_says_what_it_does_and_its_default(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = capsys.readouterr().out
    options = out.split("options:\n")[1]
    entries = [e for e in options.replace("\n                        ", " ").splitlines()
               if e.strip().startswith("--")]
    assert len(entries) >= 12
    for entry in entries:
        assert "default" in entry or "--target" in entry, entry


def _parser_options() -> dict[str, set[str]]:
    """Every command's long options, from the parsers themselves."""
    import argparse

    from bpsim import cli

    options = {"": {o for a in cli._gui_parser()._actions for o in a.option_strings
                    if o.startswith("--") and o != "--help"}}
    parser = cli._Parser(prog="bpsim")
    sub = parser.add_subparsers(dest="command")
    for _, add in COMMANDS.values():
        if add is not None:
            add(sub)
    cli.info.add_parsers(sub)
    for name, p in sub.choices.items():
        assert isinstance(p, argparse.ArgumentParser)
        options[name] = {o for a in p._actions for o in a.option_strings
                         if o.startswith("--") and o != "--help"}
    return options


def test_the_readme_synopsis_matches_the_parsers():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    block = readme.split("## The command line")[1].split("\n\n")[1]
    documented: dict[str, set[str]] = {}
    command = None
    for line in block.splitlines():
        words = line.split()
        if words[0] == "bpsim":
            command = words[1] if len(words) > 1 and not words[1].startswith(("[", "-")) \
                else ""
            command = "" if command == "FILE" else command
        documented.setdefault(command, set()).update(re.findall(r"--[a-z][a-z-]*", line))
    assert documented == _parser_options()
