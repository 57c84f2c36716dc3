"""What a session proved when it signed in, read from allauth's records.

allauth keeps in the session every authentication method it used (``password``,
``mfa``, ``password_reset`` …, see ``allauth.account.authentication``); this
module reads them, and marks the sessions that allauth itself signed in.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication

# ``AccountAdapter.login`` writes this: allauth is the one way in.
SIGNED_IN_BY_ALLAUTH = "yokoten_signed_in_by_allauth"


def mark_signed_in_by_allauth(request) -> None:
    request.session[SIGNED_IN_BY_ALLAUTH] = True


def signed_in_by_allauth(request) -> bool:
    return request.session.get(SIGNED_IN_BY_ALLAUTH) is True


def passed_second_factor(request, user) -> bool:
    """Whether this session passed a second factor for ``user`` (at log-in, on
    re-authentication, or by setting up the authenticator it just proved)."""
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def record_second_factor(request, user, authenticator) -> None:
    """A member who just set TOTP up typed a code from it: this session passed it."""
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
    )
