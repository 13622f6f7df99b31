"""Hooks for .ci/schemathesis: schemathesis' own `positive_data_acceptance`,
with the few refusals a schema cannot foresee let through by name.

A schema-valid request may still be refused with 422 when a rule depends on
stored state or on two fields together. Each such rule is listed below with
the field the server names (and an id in the body may name someone who is
no longer active); a 422 naming any other field, or a 422 on an
operation not listed, is still a finding. Every listed rule has an HTTP test
of its own in crates/http/tests/it.
"""

import schemathesis
from schemathesis.specs.openapi.checks import positive_data_acceptance

# (method, path) -> the fields whose 422 comes from a rule on stored state or
# on two fields together.
STATE_RULES = {
    # Only a payment has an amount and a currency: the activity's stored kind.
    ("PATCH", "/api/v1/activities/{id}"): {"amount_cents", "currency"},
    # A successor is named only together with `"active": false`; the primary
    # admin (the person's stored role) cannot be deactivated.
    ("PATCH", "/api/v1/users/{id}"): {"successor_id", "active"},
    # Sharing with the whole company sends no email (`notify` with a company
    # subject), and a message goes only with `notify`.
    ("POST", "/api/v1/clients/{id}/access"): {"notify", "message"},
    # The new owner must be an active staff member (the person's stored state).
    ("POST", "/api/v1/clients/{id}/owner"): {"user_id"},
    # C9: outside the entity's stored domains, or a staff member's address.
    ("POST", "/api/v1/clients/{id}/contacts"): {"email"},
    ("POST", "/api/v1/entities/{id}/team-managers"): {"email"},
    # A password on the list of the most common ones, or the email itself (AC3).
    ("POST", "/api/v1/users"): {"password"},
    # The address is already the caller's own.
    ("POST", "/api/v1/me/email"): {"email"},
}


def _fields(response):
    try:
        body = response.json()
    except Exception:
        return None, None
    if not isinstance(body, dict):
        return None, None
    error = body.get("error") or {}
    return set((error.get("fields") or {}).keys()), body.get("errors")


def _explained(case, response):
    if response.status_code != 422:
        return False
    fields, line_errors = _fields(response)
    if fields is None:
        return False
    key = (case.method.upper(), case.operation.path)
    # A CSV import's lines are checked one by one (its body is any text).
    if key == ("POST", "/api/v1/clients/import"):
        return bool(line_errors) and not fields
    allowed = set(STATE_RULES.get(key, ()))
    # An id in the body may name someone deactivated or the caller themself
    # (an owner, assignee, successor): the schema only knows it is a UUID.
    if isinstance(case.body, dict):
        allowed.update(name for name in case.body if name.endswith("_id"))
    # A page cursor is opaque: only one the server gave out is valid.
    if case.query and "cursor" in case.query:
        allowed.add("cursor")
    return bool(fields) and fields <= allowed


@schemathesis.check
def positive_data_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, but for the rules listed above."""
    try:
        return positive_data_acceptance(ctx, response, case)
    except AssertionError:
        if _explained(case, response):
            return None
        raise
