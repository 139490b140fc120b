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


@pytest.mark.parametrize(
    "value, message",
    [
        ({"x": 1}, r"leverage_weights: weights must name exactly the components x, y; missing: y\."),
        ({"x": 1, "y": -2}, r"leverage_weights: weights must not be negative: y=-2\."),
        ({"x": "heavy", "y": 1}, r"leverage_weights: the weight of x is not a number\."),
        ([1, 2], r"leverage_weights must be \{\} \(equal weights\) or a mapping"),
    ],
)
def test_weights_name_the_problem(value, message):
    with pytest.raises(params.ParameterError, match=message):
        params.weights(value, ["x", "y"], "leverage_weights")


def test_weights_equal_by_default_and_kept_when_valid():
    assert params.weights({}, ["x", "y"], "w") is None
    assert params.weights({"x": 2, "y": 0}, ["x", "y"], "w") == {"x": 2, "y": 0}


def test_library_errors_become_parameter_errors_with_the_parameters_name():
    with pytest.raises(params.ParameterError, match=r"^influence = 'x' is not one of: balanced, network$"):
        with params.library_errors(design="influence"):
            raise ValueError("design = 'x' is not one of: balanced, network")
    with pytest.raises(params.ParameterError, match=r"^scenario: unknown event id\(s\): EV9$"):
        with params.library_errors(prefix="scenario"):
            raise ValueError("unknown event id(s): EV9")
    # only whole words are renamed
    with pytest.raises(params.ParameterError, match=r"^redesigned: bloc_method$"):
        with params.library_errors(method="bloc_method", design="influence"):
            raise ValueError("redesigned: method")


def test_library_errors_leaves_other_exceptions_and_parameter_errors_alone():
    with pytest.raises(KeyError):
        with params.library_errors():
            raise KeyError("x")
    with pytest.raises(params.ParameterError, match="^design stays$"):
        with params.library_errors(design="influence"):
            raise params.ParameterError("design stays")
    with params.library_errors():  # nothing raised: nothing happens
        value = 1
    assert value == 1


def test_numbers_are_real_numbers_not_booleans_or_nan():
    import numpy as np

    assert params.positive(np.int64(3), "draws") == 3  # a numpy integer is a number
    for bad in (True, float("nan"), "3", None):
        with pytest.raises(params.ParameterError, match="draws must be a positive number"):
            params.positive(bad, "draws")
    with pytest.raises(params.ParameterError, match=r"the weight of y is not a number"):
        params.weights({"x": 1, "y": float("nan")}, ["x", "y"], "leverage_weights")
    with pytest.raises(params.ParameterError, match=r"the weight of x is not a number"):
        params.weights({"x": True, "y": 1}, ["x", "y"], "leverage_weights")


def test_a_single_actor_code_is_not_a_list_of_codes():
    with pytest.raises(params.ParameterError, match=r"actors must be a list of actor codes, such as \['RUS'\]"):
        params.actors_list("RUS", ACTORS)
    assert params.actors_list(["USA", "RUS"], ACTORS) == ["USA", "RUS"]
