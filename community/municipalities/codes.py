"""全国地方公共団体コード: six digits, the last a check digit over the first five.

s = 6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5;  check = (11 - s % 11) % 10
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SIX_DIGITS = re.compile(r"\d{6}")
_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    total = sum(int(digit) * weight for digit, weight in zip(first_five, _WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_code(code: str) -> bool:
    return bool(_SIX_DIGITS.fullmatch(code or "")) and check_digit(code[:5]) == int(code[5])


def validate_code(code: str) -> None:
    if not _SIX_DIGITS.fullmatch(code or ""):
        raise ValidationError(_("A local government code has exactly six digits."), code="format")
    if check_digit(code[:5]) != int(code[5]):
        raise ValidationError(
            _("%(code)s has a wrong check digit (expected %(digit)s)."),
            code="check_digit",
            params={"code": code, "digit": check_digit(code[:5])},
        )
