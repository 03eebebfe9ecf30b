"""The text of each kind of notice, rendered from its parameters in the active language.

Parameters are what the services pass to `notify`: typed data (company, equipment and
programme names, a change request's reason) shown as typed, dates as ISO strings, moments as
ISO strings with their offset, amounts in won as integers, hours as decimal strings, a
reporting period as its year and quarter, and a `variant` where one kind has several texts.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.templatetags.formatting import krw
from notices.models import NoticeKind


def period_params(period) -> dict:
    """A reporting period as notice parameters (its label is rendered in the reader's language)."""
    return {"year": period.year, "quarter": period.quarter}


def _period(params) -> str:
    # The same texts as ReportingPeriod.__str__, so they share its translations.
    if params.get("quarter"):
        return _("%(year)s Q%(quarter)s") % {"year": params["year"], "quarter": params["quarter"]}
    return _("%(year)s (year)") % {"year": params.get("year", "")}


def _day(value) -> str:
    try:
        return date_format(date.fromisoformat(value), "Y-m-d")
    except (TypeError, ValueError):
        return str(value or "")


def _moment(value) -> str:
    try:
        return date_format(timezone.localtime(datetime.fromisoformat(value)), "Y-m-d H:i")
    except (TypeError, ValueError):
        return str(value or "")


def _hours(value) -> str:
    try:
        return number_format(Decimal(str(value)), decimal_pos=1)
    except (InvalidOperation, ValueError):
        return str(value or "")


def _changes_requested(p):
    title = _("Changes requested on your %(period)s outcome report") % {"period": _period(p)}
    return title, _("Reason: %(reason)s") % {"reason": p.get("reason", "")}


def _accepted(p):
    title = _("Your %(period)s outcome report was accepted") % {"period": _period(p)}
    return title, _("Its figures now count in the programme's results.")


def _report_due(p):
    days = int(p.get("days_left", 0))
    if days < 0:
        title = _("Your %(period)s outcome report is overdue") % {"period": _period(p)}
        return title, _("It was due on %(due)s. Submit it as soon as you can.") % {
            "due": _day(p.get("due_on"))
        }
    if days == 0:
        title = _("Your %(period)s outcome report is due today") % {"period": _period(p)}
        return title, _("Submit it today, %(due)s.") % {"due": _day(p.get("due_on"))}
    title = ngettext(
        "Your %(period)s outcome report is due in %(days)d day",
        "Your %(period)s outcome report is due in %(days)d days",
        days,
    ) % {"period": _period(p), "days": days}
    return title, _("Submit it by %(due)s.") % {"due": _day(p.get("due_on"))}


def _period_opened(p):
    title = _("Outcome reporting for %(period)s is open") % {"period": _period(p)}
    return title, _("Enter and submit your figures by %(due)s.") % {"due": _day(p.get("due_on"))}


def _application(p):
    names = {"call": p.get("call", "")}
    if p.get("variant") == "selected":
        return _("Your application to %(call)s was selected") % names, ""
    title = _("Your application to %(call)s was not selected") % names
    return title, _("Reason: %(reason)s") % {"reason": p.get("reason", "")}


def _booking_decided(p):
    names = {"equipment": p.get("equipment", "")}
    when = _("%(start)s to %(end)s") % {
        "start": _moment(p.get("starts_at")),
        "end": _moment(p.get("ends_at")),
    }
    if p.get("variant") == "approved":
        return _("Your booking of %(equipment)s was approved") % names, when
    title = _("Your booking of %(equipment)s was rejected") % names
    return title, _("%(when)s. Reason: %(reason)s") % {"when": when, "reason": p.get("reason", "")}


def _disbursement(p):
    title = _("%(amount)s was paid for %(program)s") % {
        "amount": krw(p.get("amount_krw", 0)),
        "program": p.get("program", ""),
    }
    return title, _("Paid on %(date)s.") % {"date": _day(p.get("paid_on"))}


def _submitted(p):
    title = _("%(company)s submitted its %(period)s outcome report") % {
        "company": p.get("company", ""),
        "period": _period(p),
    }
    return title, _("Review it: accept it or request changes.")


def _booking_requested(p):
    title = _("%(company)s asks to book %(equipment)s") % {
        "company": p.get("company", ""),
        "equipment": p.get("equipment", ""),
    }
    return title, _("%(start)s to %(end)s") % {
        "start": _moment(p.get("starts_at")),
        "end": _moment(p.get("ends_at")),
    }


def _over_budget(p):
    title = _("A mentoring session for %(company)s is over budget") % {
        "company": p.get("company", "")
    }
    body = _("%(mentor)s recorded %(hours)s hours on %(date)s; they count only once approved.") % {
        "mentor": p.get("mentor", ""),
        "hours": _hours(p.get("hours")),
        "date": _day(p.get("held_on")),
    }
    return title, body


def _follow_up(p):
    names = {"company": p.get("company", ""), "due": _day(p.get("due_on"))}
    if p.get("variant") == "mou":
        return _("MOU follow-up with %(company)s is due") % names, _(
            "The next follow-up date of the MOU is %(due)s."
        ) % names
    return _("Follow-up with %(company)s is due") % names, _(
        "You set %(due)s as the follow-up date of an interaction."
    ) % names


def _assignment(p):
    names = {
        "company": p.get("company", ""),
        "date": _day(p.get("on")),
        "hours": _hours(p.get("hours")),
        "previous": _hours(p.get("previous_hours")),
    }
    variant = p.get("variant")
    if variant == "ended":
        return _("Your assignment to %(company)s ended") % names, _(
            "You no longer have access to the company from %(date)s."
        ) % names
    if variant == "budget":
        return _("Your hours budget for %(company)s changed") % names, _(
            "From %(previous)s to %(hours)s hours."
        ) % names
    return _("You were assigned to %(company)s as a mentor") % names, _(
        "From %(date)s, with a budget of %(hours)s hours."
    ) % names


RENDERERS = {
    NoticeKind.OUTCOME_CHANGES_REQUESTED: _changes_requested,
    NoticeKind.OUTCOME_ACCEPTED: _accepted,
    NoticeKind.REPORT_DUE: _report_due,
    NoticeKind.PERIOD_OPENED: _period_opened,
    NoticeKind.APPLICATION_DECIDED: _application,
    NoticeKind.BOOKING_DECIDED: _booking_decided,
    NoticeKind.DISBURSEMENT_MADE: _disbursement,
    NoticeKind.OUTCOME_SUBMITTED: _submitted,
    NoticeKind.BOOKING_REQUESTED: _booking_requested,
    NoticeKind.SESSION_OVER_BUDGET: _over_budget,
    NoticeKind.FOLLOW_UP_DUE: _follow_up,
    NoticeKind.ASSIGNMENT_CHANGED: _assignment,
}


def render(kind: str, params: dict) -> tuple[str, str]:
    """(title, body) of a notice of `kind` with `params`, in the active language."""
    renderer = RENDERERS.get(kind)
    if renderer is None:
        return str(kind), ""
    return renderer(params or {})
