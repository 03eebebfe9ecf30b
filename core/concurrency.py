"""Simultaneous requests: a transition someone else made first is refused the same way everywhere.

A status change re-reads its row under a lock (select_for_update, inside transaction.atomic),
so two simultaneous requests queue. When the row moved between the caller's read and the lock,
the change the caller chose no longer applies: the service raises ChangedMeanwhile, the other
user is told so (rather than given a rule they did not break) and sees the current state.
"""

from typing import NoReturn

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

CHANGED_MEANWHILE = _(
    "This was changed meanwhile by someone else; the page shows its current state."
)


class ChangedMeanwhile(ValidationError):
    """Another request changed the row first; the transition asked for no longer applies."""

    def __init__(self, message=CHANGED_MEANWHILE):
        super().__init__(message, code="changed_meanwhile")


def lock_again(instance: models.Model, *watched: str, queryset=None) -> bool:
    """Re-read `instance` in place under a row lock held until the transaction ends; True when
    one of the `watched` fields (attnames) is no longer what the caller had read."""
    seen = [getattr(instance, name) for name in watched]
    rows = queryset if queryset is not None else type(instance)._default_manager.all()
    instance.refresh_from_db(from_queryset=rows.select_for_update())
    return seen != [getattr(instance, name) for name in watched]


def refuse(message, *, code: str, changed: bool) -> NoReturn:
    """Refuse a transition that is not allowed now: ChangedMeanwhile when another request moved
    the row after the caller read it, else a ValidationError with the rule's `message`."""
    if changed:
        raise ChangedMeanwhile
    raise ValidationError(message, code=code)
