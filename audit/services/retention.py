"""Destroying personal data past its retention (PIPA art. 21), with the destruction register.

Contacts are deleted with their company links and interaction participations. Trainees keep
their row, name erased, for the count of people trained. Mentors keep their account row,
closed and anonymised (their sessions and assignments point at it): the profile, the session
attachments, e-mail addresses, authenticators and sessions are deleted, and the name and
e-mail address are erased from the account's change history. Notices are deleted with the
e-mail records of each; e-mail records past their own retention are deleted alone. Access
records keep their own retention (two years) and are left as they are: they must not change.
"""

from datetime import date

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.kinds import RETAINED
from audit.models import AccessAction, DestructionRecord, RetainedKind, SubjectType
from audit.selectors.retention import EXPIRED, destroyed_email
from audit.services.access import access_record
from companies.models import CompanyContact, Interaction, Person
from mentoring.models import MentoringSession, MentorProfile
from notices.models import EmailMode, Notice, NoticeDelivery
from training.models import Trainee
from users.models import Invitation, User
from users.permissions import is_privacy_officer
from users.services import user_sessions_end

CHUNK = 500  # ids per statement, well under SQLite's limit on query parameters
ERASED_HISTORY_FIELDS = ("name", "email")


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _destroy_contacts(ids: list[int]) -> int:
    for chunk in _chunks(ids):
        Interaction.participants.through.objects.filter(person_id__in=chunk).delete()
        CompanyContact.objects.filter(person_id__in=chunk).delete()
        Person.objects.filter(pk__in=chunk).delete()
    return 0


def _destroy_trainees(ids: list[int]) -> int:
    now = timezone.now()
    for chunk in _chunks(ids):
        Trainee.objects.filter(pk__in=chunk).update(name="", updated_at=now)
    return 0


def _erase_user_history(ids: list[int]) -> None:
    """The name and e-mail address leave the accounts' change history, as values and as the
    entries' labels; the rest of the history (roles, activation) stays."""
    content_type = ContentType.objects.get_for_model(User)
    entries = list(LogEntry.objects.filter(content_type=content_type, object_id__in=ids))
    for entry in entries:
        entry.object_repr = destroyed_email(entry.object_id)
        changes = dict(entry.changes or {})
        for name in ERASED_HISTORY_FIELDS:
            if name in changes:
                changes[name] = ["" for _value in changes[name]]
        entry.changes = changes
    LogEntry.objects.bulk_update(entries, ["object_repr", "changes"], batch_size=CHUNK)
    for pk in ids:
        LogEntry.objects.filter(actor_id=pk).update(actor_email=destroyed_email(pk))


def _destroy_mentors(ids: list[int]) -> int:
    now = timezone.now()
    files = []
    for chunk in _chunks(ids):
        sessions = MentoringSession.objects.filter(assignment__mentor_id__in=chunk).exclude(
            attachment=""
        )
        files += list(sessions.values_list("attachment", flat=True))
        sessions.update(attachment="", attachment_name="", updated_at=now)
        MentorProfile.objects.filter(user_id__in=chunk).delete()
        EmailAddress.objects.filter(user_id__in=chunk).delete()
        Authenticator.objects.filter(user_id__in=chunk).delete()
        _erase_user_history(chunk)
    unusable = make_password(None)
    for user in User.objects.filter(pk__in=ids):
        email = destroyed_email(user.pk)
        # update(), not save(): the change history would keep the old name and address.
        User.objects.filter(pk=user.pk).update(
            name="", email=email, is_active=False, password=unusable
        )
        Invitation.objects.filter(user=user).update(name="", email=email)
        user_sessions_end(user=user)
    storage = MentoringSession._meta.get_field("attachment").storage
    # The files go once the rows no longer name them; a rolled-back destruction keeps both.
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return len(files)


def _destroy_notices(ids: list[int]) -> int:
    for chunk in _chunks(ids):
        # Each notice's own e-mail records go with it (on_delete CASCADE).
        Notice.objects.filter(pk__in=chunk).delete()
    return 0


def _destroy_notice_emails(ids: list[int]) -> int:
    for chunk in _chunks(ids):
        # The notices a deleted digest carried were e-mailed: once the record is gone they
        # must not look like notices still waiting for the next digest.
        Notice.objects.filter(digest_id__in=chunk).update(email=EmailMode.NONE)
        NoticeDelivery.objects.filter(pk__in=chunk).delete()
    return 0


DESTROY = {
    SubjectType.PERSON: _destroy_contacts,
    SubjectType.TRAINEE: _destroy_trainees,
    SubjectType.MENTOR: _destroy_mentors,
    RetainedKind.NOTICE: _destroy_notices,
    RetainedKind.NOTICE_EMAIL: _destroy_notice_emails,
}

# Records about users: the people whose data they are, for the register and the access record.
RECORDS = {RetainedKind.NOTICE: Notice, RetainedKind.NOTICE_EMAIL: NoticeDelivery}


def _people(kind: str, ids: list[int]) -> list[int]:
    """The people whose data the rows `ids` of `kind` are: the rows themselves for people, the
    recipients for notices and e-mail records."""
    model = RECORDS.get(kind)
    if model is None:
        return ids
    people = set()
    for chunk in _chunks(ids):
        people.update(model.objects.filter(pk__in=chunk).values_list("recipient_id", flat=True))
    return sorted(people)


def _too_many(definition, count: int, expected: int) -> str:
    if definition.counts_people:
        message = ngettext(
            "%(count)s person is past retention now, more than the %(expected)s you "
            "confirmed; check the list again.",
            "%(count)s people are past retention now, more than the %(expected)s you "
            "confirmed; check the list again.",
            count,
        )
    else:
        message = ngettext(
            "%(count)s record is past retention now, more than the %(expected)s you "
            "confirmed; check the list again.",
            "%(count)s records are past retention now, more than the %(expected)s you "
            "confirmed; check the list again.",
            count,
        )
    return message % {"count": count, "expected": expected}


def _details(definition, records: int) -> str:
    if definition.counts_people:
        return str(definition.destruction)
    return ngettext(
        "%(count)s record destroyed. %(how)s", "%(count)s records destroyed. %(how)s", records
    ) % {"count": records, "how": definition.destruction}


def personal_data_destroy(
    *,
    kind: str,
    by: User,
    expected: int | None = None,
    note: str = "",
    request=None,
    today: date | None = None,
) -> DestructionRecord:
    """Destroy the data of `kind` past its retention, in one transaction, with its entry in the
    destruction register and an access record. Only the privacy officer approves; when more
    people (for notices and e-mails, records) are past retention than the `expected` they
    confirmed, nothing is destroyed."""
    if not is_privacy_officer(by):
        raise ValidationError(
            _("Only the privacy officer approves the destruction of personal data.")
        )
    definition = RETAINED.get(kind)
    if definition is None:
        raise ValidationError(_("Choose a kind of personal data from the list."))
    today = today or timezone.localdate()
    with transaction.atomic():
        # Locked, so two confirmations at once destroy each person once: the second finds them
        # destroyed (deleted or anonymised) and stops.
        expired = EXPIRED[kind](today).select_for_update(of=("self",)).order_by("pk")
        ids = list(expired.values_list("pk", flat=True))
        if not ids:
            raise ValidationError(_("No personal data of this kind is past its retention."))
        if expected is not None and len(ids) > expected:
            raise ValidationError(_too_many(definition, len(ids), expected))
        people = _people(kind, ids)
        files = DESTROY[kind](ids)
        # The register is read as one document: in the agency's language.
        with translation.override(settings.LANGUAGE_CODE):
            record = DestructionRecord.objects.create(
                kind=kind,
                people=len(people),
                files_deleted=files,
                method=definition.method,
                details=_details(definition, len(ids))[:500],
                retention=definition.retention[:200],
                destroyed_at=timezone.now(),
                approved_by=by,
                note=note,
            )
            access_record(
                request=request,
                user=by,
                action=AccessAction.DELETE,
                subject_type=definition.subject_type,
                subject=_("%(kind)s past retention, destruction register entry %(number)s")
                % {"kind": definition.label, "number": record.pk},
                subject_ids=people,
                purpose=_("Destruction past retention"),
            )
    return record
