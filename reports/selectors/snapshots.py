"""Which edition a report file is, and what changed between a submitted snapshot's figures and
the previous one's."""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.selectors.figures import KpiReport


@dataclass(frozen=True)
class ReportEdition:
    """What a report file's cover says about itself: the version of a submitted snapshot (None
    for a working copy computed from the live records) and the day the file was issued."""

    issued_on: date
    version: int | None = None

    @property
    def label(self) -> str:
        if self.version is None:
            return _("Working copy (not submitted)")
        return _("Version %(version)s (submitted)") % {"version": self.version}


def snapshot_edition(snapshot) -> ReportEdition:
    """A snapshot's files are issued on the day it was submitted, in Seoul."""
    return ReportEdition(
        issued_on=timezone.localdate(snapshot.approved_at), version=snapshot.version
    )


def working_edition(today: date | None = None) -> ReportEdition:
    """A file built from the live records is a working copy, issued today."""
    return ReportEdition(issued_on=today or timezone.localdate())


@dataclass(frozen=True)
class FigureChange:
    label: str
    before: object
    after: object


@dataclass
class SnapshotDiff:
    """What changed in a snapshot's figures since the previous version of the same year."""

    figures: list[FigureChange] = field(default_factory=list)
    companies_added: list[str] = field(default_factory=list)
    companies_removed: list[str] = field(default_factory=list)
    companies_changed: int = 0

    @property
    def is_empty(self) -> bool:
        return not (
            self.figures or self.companies_added or self.companies_removed or self.companies_changed
        )


def snapshot_diff(current: dict, previous: dict) -> SnapshotDiff:
    """Compare two snapshots' frozen figures (KpiReport.to_json() data)."""
    diff = SnapshotDiff()
    now = KpiReport.from_json(current).indicators
    then = {figure.code: figure for figure in KpiReport.from_json(previous).indicators}
    columns = (
        ("value", str(current["year"])),
        ("cumulative", _("cumulative")),
        ("target", pgettext("KPI", "target")),
    )
    for column, suffix in columns:
        for figure in now:
            before = getattr(then[figure.code], column) if figure.code in then else None
            after = getattr(figure, column)
            if before != after:
                diff.figures.append(FigureChange(f"{figure.label} ({suffix})", before, after))
    before = {row["pk"]: row for row in previous.get("companies", [])}
    after = {row["pk"]: row for row in current.get("companies", [])}
    diff.companies_added = sorted(after[pk]["name"] for pk in after.keys() - before.keys())
    diff.companies_removed = sorted(before[pk]["name"] for pk in before.keys() - after.keys())
    both = after.keys() & before.keys()
    diff.companies_changed = sum(1 for pk in both if after[pk] != before[pk])
    return diff
