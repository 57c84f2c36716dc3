import pytest
from django.core.exceptions import ValidationError

from community.municipalities.codes import check_digit, is_valid_code, validate_code


@pytest.mark.parametrize("code", ["082104", "011002", "131016", "010006", "472018"])
def test_real_codes_have_a_valid_check_digit(code):
    assert is_valid_code(code)
    validate_code(code)


def test_check_digit_covers_remainder_ten_and_zero():
    # s % 11 == 1 gives (11 - 1) % 10 == 0; s % 11 == 0 gives 11 % 10 == 1.
    assert check_digit("08210") == 4
    assert check_digit("00000") == 1


@pytest.mark.parametrize(
    "code", ["082105", "082100", "08210", "0821044", "08210a", "", "８２１０４"]
)
def test_wrong_or_malformed_codes_are_rejected(code):
    assert not is_valid_code(code)
    with pytest.raises(ValidationError):
        validate_code(code)


def test_wrong_check_digit_error_names_the_expected_digit():
    with pytest.raises(ValidationError) as error:
        validate_code("082105")
    assert error.value.code == "check_digit"
    assert error.value.params["digit"] == 4
