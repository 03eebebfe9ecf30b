"""What changed between a submitted snapshot's figures and the previous one's."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reports.selectors.figures import FIGURE_LABELS


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
    for column, suffix in (("figures", str(current["year"])), ("cumulative", _("cumulative"))):
        for name, label in FIGURE_LABELS.items():
            before, after = previous[column].get(name), current[column].get(name)
            if before != after:
                diff.figures.append(FigureChange(f"{label} ({suffix})", before, after))
    before = {row["pk"]: row for row in previous.get("companies", [])}
    after = {row["pk"]: row for row in current.get("companies", [])}
    diff.companies_added = sorted(after[pk]["name"] for pk in after.keys() - before.keys())
    diff.companies_removed = sorted(before[pk]["name"] for pk in before.keys() - after.keys())
    both = after.keys() & before.keys()
    diff.companies_changed = sum(1 for pk in both if after[pk] != before[pk])
    return diff
