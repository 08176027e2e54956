"""How exact a sum of printed figures is, from the qualifiers of the figures it adds."""

import pandas as pd

from sitrep.report.metrics import total_qualifier


def test_approximate_wins_over_a_floor_a_floor_over_exact_and_a_missing_qualifier_says_nothing():
    assert total_qualifier(pd.Series(["exact", None, "at_least", "approximately"])) == "approximately"
    assert total_qualifier(iter(["exact", "more_than", float("nan")])) == "at_least"
    assert total_qualifier(["exact", pd.NA, None]) == "" and total_qualifier([]) == ""
