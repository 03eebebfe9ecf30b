"""Demo MOUs and relocations from PROGRAMME.md: 135 MOUs signed 2020-2022, 94 relocated firms.

Of the 135 MOUs, 80 were followed by a move to Gwangju (38 headquarters relocated, 42 with an
office, branch or lab opened), 37 are still open (25 considering, 12 signed only) and 18 lapsed;
14 more firms moved without an MOU, which makes 94 relocated firms. Both figures are "to date"
on 2022-03-24 (AS_OF): 2022's MOUs are signed by then, and every firm's first move happens by
then (the MOUs that led to an opening were signed by mid-2021).
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction

from companies.models import Company
from mous.models import Mou, MouStage, MouStageChange, Region, Relocation, RelocationType
from users.models import Role, User

SEOUL = ZoneInfo("Asia/Seoul")
MOU_COUNT = 135
RELOCATED_FIRMS = 94
OUTCOMES = (
    [MouStage.RELOCATED] * 38
    + [MouStage.OPENED] * 42
    + [MouStage.CONSIDERING] * 25
    + [MouStage.SIGNED] * 12
    + [MouStage.LAPSED] * 18
)
MOVED_WITH_MOU = sum(stage in (MouStage.RELOCATED, MouStage.OPENED) for stage in OUTCOMES)
SIGNED_PER_YEAR = {2020: 38, 2021: 55, 2022: 42}
# The article's date: the demo's 135 MOUs and 94 attracted firms are all in place by then.
AS_OF = date(2022, 3, 24)
# An opening follows its MOU by at most 270 days (see _follow_through): signed by then, a firm
# has opened its office by AS_OF.
MOVED_SIGNED_BY = date(2021, 6, 15)
# Fixed dates keep the data deterministic; some of them are past on any day after 2026-09.
FOLLOW_UP_FROM, FOLLOW_UP_DAYS = date(2026, 9, 1), 240
REGION_WEIGHTS = {
    Region.SEOUL: 40,
    Region.GYEONGGI: 25,
    Region.DAEJEON: 8,
    Region.BUSAN: 5,
    Region.INCHEON: 5,
    Region.DAEGU: 4,
    Region.SEJONG: 3,
    Region.CHUNGNAM: 3,
    Region.JEONNAM: 3,
    Region.GYEONGNAM: 2,
    Region.ABROAD: 2,
}
GWANGJU_STREETS = ["북구 첨단과기로", "광산구 하남산단로", "북구 첨단벤처로", "광산구 평동산단로"]
NOT_HQ = [RelocationType.BRANCH, RelocationType.LAB, RelocationType.REGIONAL_OFFICE]


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF (ASCII text) standing in for a scanned, signed MOU."""
    text = title.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _day_in(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _after(rng: random.Random, day: date, low: int, high: int) -> date:
    return day + timedelta(days=rng.randrange(low, high))


def _region(rng: random.Random) -> str:
    return rng.choices(list(REGION_WEIGHTS), weights=list(REGION_WEIGHTS.values()))[0]


def _signed_on(rng: random.Random, year: int, company: Company, latest: date) -> date:
    """A day in `year` up to `latest`, at least three months after the company was founded."""
    earliest = max(date(year, 1, 2), (company.founded_on or date(2000, 1, 1)) + timedelta(90))
    latest = max(min(date(earliest.year, 12, 28), latest), earliest + timedelta(30))
    return _day_in(rng, earliest, latest)


def _gwangju_address(rng: random.Random, company: Company) -> str:
    if company.is_in_gwangju and company.address.startswith("광주"):
        return company.address
    return f"광주광역시 {rng.choice(GWANGJU_STREETS)} {rng.randrange(1, 400)}"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), SEOUL)


def _pick_companies(rng: random.Random, companies: list[Company]):
    """Moved firms are in Gwangju now; firms that have not moved are preferably elsewhere."""
    eligible = [c for c in companies if c.founded_on is None or c.founded_on < date(2022, 6, 1)]
    in_gwangju = [c for c in eligible if c.is_in_gwangju]
    elsewhere = [c for c in eligible if not c.is_in_gwangju]
    # Firms that moved by 2022 signed early (see seed_mous), so they existed by autumn 2020.
    early = [c for c in in_gwangju if c.founded_on is None or c.founded_on < date(2020, 10, 1)]
    moved = rng.sample(early, RELOCATED_FIRMS)
    with_mou, without_mou = moved[:MOVED_WITH_MOU], moved[MOVED_WITH_MOU:]
    still_out = MOU_COUNT - MOVED_WITH_MOU
    taken = {c.pk for c in moved}
    stayed = rng.sample(elsewhere, min(still_out, len(elsewhere)))
    rest = [c for c in in_gwangju if c.pk not in taken]
    stayed += rng.sample(rest, still_out - len(stayed))
    return with_mou, stayed, without_mou


class _History:
    """Collects one MOU's dated stage rows and relocations for bulk creation."""

    def __init__(self, recorder: User):
        self.recorder = recorder
        self.changes: list[MouStageChange] = []
        self.relocations: list[Relocation] = []
        self.regions: dict[int, str] = {}  # a firm comes from one region, however many moves

    def stage(self, mou: Mou, stage: str, on: date) -> date:
        self.changes.append(
            MouStageChange(
                mou=mou,
                stage=stage,
                effective_on=on,
                recorded_by=self.recorder,
                recorded_at=_at(on),
            )
        )
        return on

    def move(self, rng, mou: Mou | None, company: Company, kind: str, on: date) -> None:
        self.relocations.append(
            Relocation(
                company=company,
                mou=mou,
                from_region=self.regions.setdefault(company.pk, _region(rng)),
                moved_on=on,
                relocation_type=kind,
                gwangju_address=_gwangju_address(rng, company),
                recorded_by=self.recorder,
            )
        )


def _follow_through(rng: random.Random, history: _History, mou: Mou, outcome: str) -> None:
    """The dated path from signing to `outcome`, with the relocations it implies."""
    day = history.stage(mou, MouStage.SIGNED, mou.signed_on)
    if outcome == MouStage.SIGNED:
        return
    if outcome != MouStage.OPENED or rng.random() < 0.7:
        day = history.stage(mou, MouStage.CONSIDERING, _after(rng, day, 30, 90))
    if outcome == MouStage.LAPSED:
        history.stage(mou, MouStage.LAPSED, _after(rng, day, 300, 600))
    elif outcome == MouStage.OPENED:
        day = history.stage(mou, MouStage.OPENED, _after(rng, day, 60, 180))
        kind = mou.relocation_type if mou.relocation_type in NOT_HQ else RelocationType.BRANCH
        history.move(rng, mou, mou.company, kind, day)
    elif outcome == MouStage.RELOCATED:
        if rng.random() < 0.4:  # a branch or lab first, the headquarters later
            day = history.stage(mou, MouStage.OPENED, _after(rng, day, 60, 180))
            history.move(rng, mou, mou.company, rng.choice(NOT_HQ[:2]), day)
        day = history.stage(mou, MouStage.RELOCATED, _after(rng, day, 90, 240))
        history.move(rng, mou, mou.company, RelocationType.HEADQUARTERS, day)


@transaction.atomic
def seed_mous(*, rng: random.Random, companies: list[Company], users: dict[str, list[User]]) -> int:
    """Create the demo MOUs and relocations once (none when MOUs exist); returns MOUs created."""
    if Mou.objects.exists():
        return 0
    staff = users[Role.STAFF]
    with_mou, stayed, without_mou = _pick_companies(rng, companies)
    outcomes = list(OUTCOMES)
    moved_outcomes = [o for o in outcomes if o in (MouStage.RELOCATED, MouStage.OPENED)]
    other_outcomes = [o for o in outcomes if o not in (MouStage.RELOCATED, MouStage.OPENED)]
    rng.shuffle(moved_outcomes)
    rng.shuffle(other_outcomes)
    plan = list(zip(with_mou, moved_outcomes, strict=True)) + list(
        zip(stayed, other_outcomes, strict=True)
    )
    # PROGRAMME.md's 94 attracted firms are cumulative to early 2022, so the MOUs that led to a
    # move were signed first: headquarters relocations in 2020, openings in 2021 (the slots of
    # SIGNED_PER_YEAR in order), and every move happens by the end of 2022.
    order = {MouStage.RELOCATED: 0, MouStage.OPENED: 1}
    plan.sort(key=lambda pair: (order.get(pair[1], 2), pair[0].pk))
    years = [year for year, count in SIGNED_PER_YEAR.items() for _ in range(count)]
    history = _History(staff[0])
    for n, ((company, outcome), year) in enumerate(zip(plan, years, strict=True)):
        recorder = staff[n % len(staff)]
        history.recorder = recorder
        # Headquarters moves are promised more often than they happen: some firms that
        # committed to one have only opened a branch so far.
        hq_share = {MouStage.RELOCATED: 1.0, MouStage.OPENED: 0.2}.get(outcome, 0.35)
        if rng.random() < hq_share:
            relocation_type = RelocationType.HEADQUARTERS
        else:
            relocation_type = rng.choice(NOT_HQ)
        headquarters = relocation_type == RelocationType.HEADQUARTERS
        moved = outcome in (MouStage.RELOCATED, MouStage.OPENED)
        latest = MOVED_SIGNED_BY if moved else AS_OF
        signed_on = _signed_on(rng, year, company, latest)
        has_document = n % 9 == 0
        mou = Mou(
            company=company,
            signed_on=signed_on,
            parties=f"광주광역시, 인공지능산업융합사업단, {company.name}",
            planned_investment_krw=rng.randrange(5, 300) * (20 if headquarters else 10) * 1_000_000,
            planned_local_hires=rng.randrange(10, 80) if headquarters else rng.randrange(3, 30),
            relocation_type=relocation_type,
            stage=outcome,
            next_follow_up_on=(
                None
                if outcome in (MouStage.RELOCATED, MouStage.LAPSED)
                else _after(rng, FOLLOW_UP_FROM, 0, FOLLOW_UP_DAYS)
            ),
            is_signed_outside=not has_document,
            signed_outside_on=None if has_document else signed_on,
            created_by=recorder,
        )
        if has_document:
            mou.document_name = f"업무협약서-{signed_on.isoformat()}.pdf"
            pdf = demo_pdf(f"MOU {signed_on.isoformat()} company #{company.pk}")
            mou.document.save(mou.document_name, ContentFile(pdf), save=False)
        mou.save()
        _follow_through(rng, history, mou, outcome)
    history.recorder = staff[0]
    for company in without_mou:
        moved_on = _day_in(rng, date(2020, 3, 1), AS_OF)
        history.move(rng, None, company, rng.choice(list(RelocationType)), moved_on)
    MouStageChange.objects.bulk_create(history.changes)
    Relocation.objects.bulk_create(history.relocations)
    return len(plan)
