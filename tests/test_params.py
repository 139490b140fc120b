"""Notebook parameter checks name the problem and the valid choices."""
import pandas as pd
import pytest

from analysis import params

ACTORS = pd.DataFrame({"actor_id": ["RUS", "USA", "ISR"]})


def test_unknown_actor_lists_valid_codes_and_a_guess():
    with pytest.raises(params.ParameterError, match=r"'RUZ' is not an actor code. Did you mean RUS\?.*ISR, RUS, USA"):
        params.actor("RUZ", ACTORS)
    assert params.actor("USA", ACTORS) == "USA"


def test_window_order_and_format():
    with pytest.raises(params.ParameterError, match="is after end"):
        params.window("2024-01-01", "2023-01-01")
    with pytest.raises(params.ParameterError, match="ISO dates"):
        params.window("soon", "2023-01-01")


def test_choice_positive_and_empty():
    with pytest.raises(params.ParameterError, match="body = 'HRC' is not one of: GA, SC"):
        params.choice("HRC", ["GA", "SC"], "body")
    with pytest.raises(params.ParameterError, match="must be a positive number"):
        params.positive(-1, "draws")
    with pytest.raises(params.ParameterError, match="no roll calls between 2023-01-01 and 2023-02-01"):
        params.not_empty(pd.DataFrame(), "roll calls", "2023-01-01", "2023-02-01")
