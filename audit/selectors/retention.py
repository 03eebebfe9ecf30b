"""Which personal data is past its retention (PIPA art. 21), per kind of person, and which of
the records kept about users (notices, their e-mails).

The lifecycle is the one place the audit app reads the domain apps' people: contacts
(companies), trainees (training), mentors (mentoring, users), and the notices and e-mail
records of every user (notices). Each `expired_*` queryset has no aggregate, so the destruction
can lock its rows (`select_for_update`); the rows the page shows get their reference dates from
correlated subqueries.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.kinds import KINDS, RETAINED, PersonalDataKind, RecordKind
from audit.models import Consent, ConsentScope, RetainedKind, SubjectType
from companies.models import CompanyContact, Person
from mentoring.models import MentorAssignment
from notices.models import Notice, NoticeDelivery
from training.models import Trainee
from users.models import Role, User

# A destroyed mentor's account keeps its row (sessions and assignments point at it) under an
# address that can receive no mail (RFC 2606), unique per account.
DESTROYED_EMAIL_DOMAIN = "destroyed.invalid"
SAMPLE = 20


def destroyed_email(user_id: int) -> str:
    return f"mentor-{user_id}@{DESTROYED_EMAIL_DOMAIN}"


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _start_of(day: date) -> datetime:
    """Midnight at the start of `day` in Seoul."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def expired_contacts(today: date) -> QuerySet:
    """People all of whose companies were deactivated before the retention began (contacts of
    an active company, or of one deactivated since, are kept)."""
    cutoff = years_before(today, KINDS[SubjectType.PERSON].retention_years)
    kept = CompanyContact.objects.filter(
        Q(company__is_active=True) | Q(company__deactivated_on__gte=cutoff)
    )
    return Person.objects.filter(pk__in=CompanyContact.objects.values("person")).exclude(
        pk__in=kept.values("person")
    )


def expired_trainees(today: date) -> QuerySet:
    """Trainees of courses whose year ended more than the retention ago, not yet anonymised."""
    years = KINDS[SubjectType.TRAINEE].retention_years
    return Trainee.objects.filter(course__year__lt=today.year - years).exclude(name="")


def expired_mentors(today: date) -> QuerySet:
    """Mentors with no assignment running or ended within the retention, who joined and last
    consented before it began, and whose account is not anonymised yet."""
    cutoff = years_before(today, KINDS[SubjectType.MENTOR].retention_years)
    recent = MentorAssignment.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=cutoff))
    consented = Consent.objects.filter(
        subject_type=SubjectType.MENTOR, scope=ConsentScope.COLLECTION, given_on__gte=cutoff
    )
    joined_before = _start_of(cutoff)
    return (
        User.objects.filter(role=Role.MENTOR, date_joined__lt=joined_before)
        .exclude(email__endswith=f"@{DESTROYED_EMAIL_DOMAIN}")
        .exclude(pk__in=recent.values("mentor"))
        .exclude(pk__in=consented.values("subject_id"))
    )


def expired_notices(today: date) -> QuerySet:
    """Notices read before the read retention began, and notices never read that were made
    before the unread retention began (a notice read on the anniversary's day is kept)."""
    read_before = _start_of(years_before(today, settings.PIPA_RETENTION_NOTICE_READ_YEARS))
    made_before = _start_of(years_before(today, settings.PIPA_RETENTION_NOTICE_UNREAD_YEARS))
    return Notice.objects.filter(
        Q(read_at__lt=read_before) | Q(read_at__isnull=True, created_at__lt=made_before)
    )


def expired_notice_emails(today: date) -> QuerySet:
    """E-mail delivery records of e-mails sent (queued) before their retention began, whatever
    became of them."""
    sent_before = _start_of(years_before(today, settings.PIPA_RETENTION_NOTICE_EMAIL_YEARS))
    return NoticeDelivery.objects.filter(created_at__lt=sent_before)


EXPIRED = {
    SubjectType.PERSON: expired_contacts,
    SubjectType.TRAINEE: expired_trainees,
    SubjectType.MENTOR: expired_mentors,
    RetainedKind.NOTICE: expired_notices,
    RetainedKind.NOTICE_EMAIL: expired_notice_emails,
}


@dataclass(frozen=True)
class ExpiredRow:
    pk: int
    name: str
    detail: str
    reference_on: date | None
    # Whose data the row is, when the row is a record about a person rather than the person.
    person_id: int | None = None

    @property
    def subject_id(self) -> int:
        """The person the access records name for this row."""
        return self.pk if self.person_id is None else self.person_id


@dataclass
class ExpiredGroup:
    kind: PersonalDataKind | RecordKind
    count: int = 0
    rows: list[ExpiredRow] = field(default_factory=list)


def _contact_rows(queryset) -> list[ExpiredRow]:
    last = (
        CompanyContact.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(last=Max("company__deactivated_on"))
        .values("last")
    )
    people = queryset.annotate(reference_on=Subquery(last)).order_by("reference_on", "pk")
    return [
        ExpiredRow(person.pk, person.name, person.email, person.reference_on)
        for person in people[:SAMPLE]
    ]


def _trainee_rows(queryset) -> list[ExpiredRow]:
    trainees = queryset.select_related("course").order_by("course__year", "pk")[:SAMPLE]
    return [
        ExpiredRow(trainee.pk, trainee.name, str(trainee.course), date(trainee.course.year, 12, 31))
        for trainee in trainees
    ]


def _mentor_rows(queryset) -> list[ExpiredRow]:
    last = (
        MentorAssignment.objects.filter(mentor=OuterRef("pk"))
        .order_by()
        .values("mentor")
        .annotate(last=Max("ended_on"))
        .values("last")
    )
    mentors = queryset.annotate(reference_on=Subquery(last)).order_by("reference_on", "pk")
    return [
        ExpiredRow(
            mentor.pk,
            mentor.name,
            mentor.email,
            mentor.reference_on or timezone.localtime(mentor.date_joined).date(),
        )
        for mentor in mentors[:SAMPLE]
    ]


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _notice_rows(queryset) -> list[ExpiredRow]:
    # Read notices count from their reading, unread ones from their making.
    notices = (
        queryset.select_related("recipient")
        .annotate(reference_at=Coalesce("read_at", "created_at"))
        .order_by("reference_at", "pk")[:SAMPLE]
    )
    return [
        ExpiredRow(
            notice.pk,
            notice.recipient.name,
            notice.get_kind_display(),
            _local_day(notice.reference_at),
            person_id=notice.recipient_id,
        )
        for notice in notices
    ]


def _notice_email_rows(queryset) -> list[ExpiredRow]:
    deliveries = queryset.select_related("recipient").order_by("created_at", "pk")[:SAMPLE]
    return [
        ExpiredRow(
            delivery.pk,
            delivery.recipient.name,
            delivery.to_address,
            _local_day(delivery.created_at),
            person_id=delivery.recipient_id,
        )
        for delivery in deliveries
    ]


ROWS = {
    SubjectType.PERSON: _contact_rows,
    SubjectType.TRAINEE: _trainee_rows,
    SubjectType.MENTOR: _mentor_rows,
    RetainedKind.NOTICE: _notice_rows,
    RetainedKind.NOTICE_EMAIL: _notice_email_rows,
}


def expired_group(kind: str, today: date | None = None) -> ExpiredGroup:
    """How many people (or records) of `kind` are past retention, and the first SAMPLE of them
    (those whose retention ended first)."""
    queryset = EXPIRED[kind](today or timezone.localdate())
    return ExpiredGroup(kind=RETAINED[kind], count=queryset.count(), rows=ROWS[kind](queryset))


def expired_overview(today: date | None = None) -> list[ExpiredGroup]:
    """Every kind of person data and of records about users, with what of it is past
    retention."""
    today = today or timezone.localdate()
    return [expired_group(kind, today) for kind in RETAINED]
