"""Typed, fail-loud readers for settings that come from the environment.

Each helper raises ``ImproperlyConfigured`` naming the variable when a value
is present but malformed, so a typo in a deployment stops the process at
start-up instead of surfacing as odd behaviour later.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | object = _UNSET) -> str:
    value = _raw(name)
    if value:
        return value
    if default is _UNSET:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return default  # type: ignore[return-value]


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}."
    )


def _env_number(name: str, default, kind: type, described: str):
    value = _raw(name)
    if not value:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {described}; got {value!r}.") from None


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int, "an integer")


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float, "a number")


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def require(
    variables: dict[str, str], *, schemes: dict[str, tuple[str, ...]] | None = None
) -> None:
    """Stop start-up with one message that names every variable of ``variables``
    (name -> what it is for) that is unset or empty, and every one whose value does
    not start with one of its ``schemes``. Values are never echoed (they may be secret)."""
    problems = [f"{name} ({meaning})" for name, meaning in variables.items() if not _raw(name)]
    for name, allowed in (schemes or {}).items():
        value = _raw(name)
        if value and not value.lower().startswith(allowed):
            scheme = value.split(":", 1)[0] if ":" in value else "no scheme"
            problems.append(f"{name} must start with {' or '.join(allowed)} (got {scheme})")
    if problems:
        raise ImproperlyConfigured(
            "Production settings cannot start. Set these environment variables: "
            + "; ".join(problems)
            + "."
        )
