"""Edition parameters: folders of any name pass through as themselves; other values stay plain; qarqe in any form;
each bad value is one line naming the notebook parameter where a notebook opens its page, the option in the command."""

from __future__ import annotations

import ast
import signal
import unicodedata

import nbformat
import papermill
import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from papermill.translators import PythonTranslator

from sitrep import paths
from sitrep.cli import main
from sitrep.errors import ParameterError, UsageError
from sitrep.report.edition import check_district, check_literal, check_parameters, declared_parameters
from sitrep.report.page import open_page

FOLDERS = ["/home/ana/Projects [2024] & co/data/clean", "/srv/o'brien/#1 ~draft/clean", "/tmp/Ünë, Çikë (2)/clean",
           "C:\\Users\\ana\\clean\\", '/tmp/say "hi"/clean', "/tmp/a$b`c`/{x}/%d/clean"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_folder_of_any_name_reaches_the_notebook_as_exactly_itself(folder):
    check_parameters({"clean_dir": folder})
    # what the notebook's injected cell evaluates is the very string
    assert ast.literal_eval(PythonTranslator.translate(folder)) == folder


@pytest.mark.parametrize("control", ["\n", "\r", "\x00", "\x1b", "\t"])
def test_a_folder_with_a_control_character_is_refused_naming_the_real_option(control):
    with pytest.raises(UsageError) as refused:
        check_literal("clean_dir", f"/tmp/a{control}b")
    option = str(refused.value.as_option())
    assert option.startswith("--clean ") and "--clean-dir" not in option
    assert str(refused.value).startswith("parameter clean_dir = ")


def test_other_parameters_stay_plain():
    with pytest.raises(UsageError, match="not a plain value"):
        check_literal("period", "2005-01:2006-07'); import os; #")


@pytest.mark.parametrize("typed", ["Korçë", "korce", "KORÇË", unicodedata.normalize("NFD", "Korçë"),
                                   unicodedata.normalize("NFD", "korçe")])
def test_a_district_is_accepted_composed_or_decomposed(typed):
    assert check_district(typed) == "Korçë"


def test_an_unknown_district_is_still_refused():
    with pytest.raises(UsageError, match="not a qark"):
        check_district(unicodedata.normalize("NFD", "Atlantisë"))


def test_a_page_opens_with_nothing_but_its_name_and_the_clean_tables(clean_dir):
    page = open_page(page="grants", clean_dir=str(clean_dir))
    assert (page.edition.lang, page.edition.audience, page.edition.min_cell) == ("sq", "public", 10)
    assert len(page.data.grants) > 0


@pytest.mark.parametrize("values, line", [
    ({"lang": "fr"}, "parameter lang = 'fr': choose one of sq, en"),
    ({"audience": "all"}, "parameter audience = 'all': choose one of public, internal"),
    ({"min_cell": 0}, "parameter min_cell = 0: give a whole number from 1 to 1000"),
    ({"period": "2006-07:2005-01"}, "parameter period = '2006-07:2005-01': write YYYY-MM:YYYY-MM"),
    ({"district": "Atlantis"}, "parameter district = 'Atlantis': not a qark"),
    ({"district": "Berat", "page": "districts/korce"},
     "disagrees with district = 'Berat': give page = 'districts/berat'"),
    ({"page": "districts/korce"}, "is a qark's profile: give its district too"),
])
def test_a_bad_value_names_the_notebook_parameter(clean_dir, values, line):
    with pytest.raises(ParameterError) as raised:
        open_page(**{"page": "grants", "clean_dir": str(clean_dir), **values})
    assert line in str(raised.value)
    assert "--" not in str(raised.value)
    assert raised.value._render_traceback_() == [f"ParameterError: {raised.value}"]


def test_the_command_names_its_option_for_the_same_problem(capsys):
    before = signal.getsignal(signal.SIGTERM)
    assert main(["build", "--lang", "fr", "--out", "/nonexistent/site"]) == 2
    assert capsys.readouterr().err.strip() == "--lang 'fr': choose one of sq, en"
    # a build run as a function (a notebook, a test) must not change how its caller ends on SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before


def test_a_district_names_its_page_and_any_spelling_is_accepted(clean_dir):
    page = open_page(district="korce", clean_dir=str(clean_dir))
    assert (page.slug, page.district) == ("districts/korce", "Korçë")


def test_missing_clean_tables_say_where_they_were_looked_for(tmp_path):
    with pytest.raises(ParameterError, match=r"parameter clean_dir = .*: no clean tables in .*sitrep clean"):
        open_page(page="grants", clean_dir=str(tmp_path))


def test_an_empty_period_says_so_on_the_page(clean_dir):
    InteractiveShell.instance()
    with capture_output(display=True) as captured:
        page = open_page(page="grants", clean_dir=str(clean_dir), period="2010-01:2010-12", lang="en")
    assert page.data.is_empty()
    notes = [o.data["text/html"] for o in captured.outputs if "edition-empty" in o.data.get("text/html", "")]
    assert len(notes) == 1
    assert "The period January 2010 – December 2010 holds no data" in notes[0]
    assert "January 2005 – July 2006" in notes[0]
    assert "holds no data" in captured.stderr


def test_a_period_with_data_says_nothing_of_the_kind(clean_dir):
    InteractiveShell.instance()
    with capture_output(display=True) as captured:
        open_page(page="grants", clean_dir=str(clean_dir), lang="en")
    assert not any("edition-empty" in o.data.get("text/html", "") for o in captured.outputs)


def test_usage_errors_render_as_one_line_in_ipython():
    assert UsageError("a problem (a hint)")._render_traceback_() == ["UsageError: a problem (a hint)"]


@pytest.mark.parametrize("notebook", sorted(paths.NOTEBOOKS.glob("*.ipynb")), ids=lambda path: path.name)
def test_declared_parameters_are_those_papermill_finds(notebook):
    assert declared_parameters(notebook) == set(papermill.inspect_notebook(str(notebook)))


def test_declared_parameters_of_a_notebook_without_a_parameters_cell_or_with_annotations(tmp_path):
    plain = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), plain)
    assert declared_parameters(plain) == set()
    tagged = tmp_path / "tagged.ipynb"
    cell = nbformat.v4.new_code_cell("page: str = 'summary'\nmin_cell = 10  # hide below\nimport os",
                                     metadata={"tags": ["parameters"]})
    kernel = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    nbformat.write(nbformat.v4.new_notebook(cells=[cell], metadata=kernel), tagged)
    assert declared_parameters(tagged) == {"page", "min_cell"} == set(papermill.inspect_notebook(str(tagged)))
