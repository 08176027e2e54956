"""Edition parameters: folders of any name pass through as themselves; other values stay plain; qarqe in any form."""

from __future__ import annotations

import ast
import unicodedata

import pytest
from papermill.translators import PythonTranslator
from sitrep.errors import UsageError
from sitrep.report.edition import check_district, check_literal, check_parameters

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
    assert str(refused.value).startswith("--clean ") and "--clean-dir" not in str(refused.value)


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
