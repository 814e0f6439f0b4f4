"""The gallery in the lecture's order: `bpsim examples` and the start page list the lessons by
the seed's sections, the worked example first."""

from bpsim.cli import main
from bpsim.gallery import MORE, SECTIONS, examples_dir, list_examples, sections


def test_every_lesson_has_its_place_in_the_lecture():
    placed = {name for _, names in SECTIONS for name in names}
    files = {p.stem for p in examples_dir().glob("*.bpsim")}
    assert files - placed == set(), "add the new lesson to bpsim.gallery.SECTIONS"
    assert placed - files == set(), "SECTIONS names a lesson that has no file"
    assert MORE not in [title for title, _ in sections()]


def test_bpsim_examples_follows_the_lecture(capsys):
    assert main(["examples"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert names == [e.name for e in list_examples()]
    assert names[:3] == ["textbook", "xor", "underfit"]
    assert names.index("momentum") < names.index("initialisation-xavier") \
        < names.index("vanishing-gradients-sigmoid") < names.index("digits")
