"""The kinds of personal data the CRM holds and what their notice says: purpose, items,
retention, the right to refuse and what refusing means, and provision to a third party.

One definition serves the forms' notices, the consent rows, the retention rules, the
destruction register and the privacy policy, so they all say the same thing. Retention periods
come from settings (PIPA_RETENTION_*_YEARS); read them through `retention_years`.

`KINDS` are the people whose data a form collects (with its consent); `RETAINED` adds the
records the CRM keeps about its users without a form (notices and their e-mails), which are
kept for a period too and destroyed the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from audit.models import (
    RETENTION,
    ROLE_CHANGE_RETENTION,
    ConsentBasis,
    DestructionMethod,
    RetainedKind,
    SubjectType,
)


@dataclass(frozen=True)
class ThirdParty:
    """Provision to a third party (art. 17), consented to separately."""

    recipient: str
    purpose: str
    items: str
    retention: str


@dataclass(frozen=True)
class PersonalDataKind:
    subject_type: str
    label: str
    purpose: str
    items: str
    refusal: str
    retention_setting: str
    retention_rule: Callable[[int], str]
    method: str
    destruction: str
    default_basis: str = ConsentBasis.FORM
    third_party: ThirdParty | None = None
    # Past retention, each row is one person: the lists and the register count people.
    counts_people = True

    @property
    def key(self) -> str:
        """How the retention page, the command and the register name the kind."""
        return self.subject_type

    @property
    def retention_years(self) -> int:
        return getattr(settings, self.retention_setting)

    @property
    def retention(self) -> str:
        """The retention period in words, with the configured number of years."""
        return self.retention_rule(self.retention_years)


@dataclass(frozen=True)
class RecordKind:
    """Records the CRM keeps about its users that no form collects (notices and their e-mails):
    what they hold and why, how long they are kept and how they are destroyed."""

    key: str
    label: str
    purpose: str
    items: str
    retention_rule: Callable[[], str]
    method: str
    destruction: str
    # Whose data the records are: the users they are about (the access records name them).
    subject_type: str = SubjectType.USER
    third_party: None = None
    # Past retention, each row is one record; the register counts the people they were about.
    counts_people = False

    @property
    def retention(self) -> str:
        """The retention period in words, with the configured numbers of years."""
        return self.retention_rule()


@dataclass(frozen=True)
class PolicyItem:
    """Personal data the policy names that no form collects: accounts and access records."""

    label: str
    purpose: str
    items: str
    retention: str
    third_party: None = None


def _after_deactivation(years: int) -> str:
    return ngettext(
        "%(years)d year after the company is deactivated",
        "%(years)d years after the company is deactivated",
        years,
    ) % {"years": years}


def _after_course_year(years: int) -> str:
    return ngettext(
        "%(years)d year after the end of the course's year",
        "%(years)d years after the end of the course's year",
        years,
    ) % {"years": years}


def _after_last_assignment(years: int) -> str:
    return ngettext(
        "%(years)d year after the mentor's last assignment ended",
        "%(years)d years after the mentor's last assignment ended",
        years,
    ) % {"years": years}


def _notice_retention() -> str:
    read = settings.PIPA_RETENTION_NOTICE_READ_YEARS
    unread = settings.PIPA_RETENTION_NOTICE_UNREAD_YEARS
    return gettext("Read: %(read)s. Never read: %(unread)s.") % {
        "read": ngettext(
            "%(years)d year after being read", "%(years)d years after being read", read
        )
        % {"years": read},
        "unread": ngettext(
            "%(years)d year after being sent", "%(years)d years after being sent", unread
        )
        % {"years": unread},
    }


def _notice_email_retention() -> str:
    years = settings.PIPA_RETENTION_NOTICE_EMAIL_YEARS
    return ngettext(
        "%(years)d year after the e-mail was sent",
        "%(years)d years after the e-mail was sent",
        years,
    ) % {"years": years}


MINISTRY = _("Ministry of Science and ICT")
SURVEY_RETENTION = _("Until the survey is completed; then the recipient destroys it")

CONTACTS = PersonalDataKind(
    subject_type=SubjectType.PERSON,
    label=_("Company contacts"),
    purpose=_(
        "Contacting the firms the agency supports about programmes, calls, agreements, "
        "mentoring and outcome reports, and recording the agency's interactions with them"
    ),
    items=_("Name, e-mail address, phone number, company, role or title"),
    refusal=_(
        "You may refuse. Without a name and a way to reach you, the agency cannot record you "
        "as the firm's contact, and you will not receive notices about its programmes."
    ),
    retention_setting="PIPA_RETENTION_CONTACT_YEARS",
    retention_rule=_after_deactivation,
    method=DestructionMethod.DELETED,
    destruction=_("The person and their links to companies and interactions are deleted."),
    third_party=ThirdParty(
        recipient=MINISTRY,
        purpose=_("The programme's outcome survey of supported firms"),
        items=_("Name, e-mail address, phone number, company, role or title"),
        retention=SURVEY_RETENTION,
    ),
)

TRAINEES = PersonalDataKind(
    subject_type=SubjectType.TRAINEE,
    label=_("Trainees"),
    purpose=_(
        "Running the training courses and counting the people trained and hired by supported "
        "firms for the programme's reports"
    ),
    items=_("Name, course, the company that hired the trainee"),
    refusal=_(
        "You may refuse. Without a name the agency cannot enrol you in the course or record "
        "that you completed it."
    ),
    retention_setting="PIPA_RETENTION_TRAINEE_YEARS",
    retention_rule=_after_course_year,
    method=DestructionMethod.ANONYMISED,
    destruction=_(
        "The name is erased; the row stays, without personal data, in the count of people "
        "trained and hired."
    ),
    third_party=ThirdParty(
        recipient=MINISTRY,
        purpose=_("The ministry's check of the programme's training outcomes"),
        items=_("Name, course, the company that hired the trainee"),
        retention=SURVEY_RETENTION,
    ),
)

MENTORS = PersonalDataKind(
    subject_type=SubjectType.MENTOR,
    label=_("Mentors"),
    purpose=_(
        "Running the mentor pool: assigning mentors to firms, recording their sessions and "
        "hours, and giving them an account"
    ),
    items=_(
        "Name, e-mail address, affiliation, expertise, focus industries, biography, mentoring "
        "sessions and their attachments"
    ),
    refusal=_(
        "You may refuse. Without these details the agency cannot add you to the mentor pool or "
        "assign you to firms."
    ),
    retention_setting="PIPA_RETENTION_MENTOR_YEARS",
    retention_rule=_after_last_assignment,
    method=DestructionMethod.ANONYMISED,
    destruction=_(
        "The account is closed and its name and e-mail address erased, the profile and the "
        "session attachments are deleted; session dates and hours stay for the programme's "
        "counts."
    ),
    third_party=ThirdParty(
        recipient=MINISTRY,
        purpose=_("The programme's outcome survey and performance check"),
        items=_("Name, affiliation, expertise, mentoring hours"),
        retention=SURVEY_RETENTION,
    ),
)

KINDS = {kind.subject_type: kind for kind in (CONTACTS, TRAINEES, MENTORS)}

NOTICES = RecordKind(
    key=RetainedKind.NOTICE,
    label=_("Notices"),
    purpose=_(
        "Telling each user of the decisions and requests that concern them, in the CRM and by "
        "e-mail as they chose"
    ),
    items=_(
        "Recipient, what the notice is about (names of companies, programmes, equipment and "
        "mentors, dates, amounts, a reason given), when it was sent and read"
    ),
    retention_rule=_notice_retention,
    method=DestructionMethod.DELETED,
    destruction=_("The notices are deleted, with the e-mail records of each."),
)

NOTICE_EMAILS = RecordKind(
    key=RetainedKind.NOTICE_EMAIL,
    label=_("Notice e-mails"),
    purpose=_(
        "Sending notices by e-mail, trying again when sending fails, and showing it was sent"
    ),
    items=_("Recipient, e-mail address, language, status, tries and their errors, times sent"),
    retention_rule=_notice_email_retention,
    method=DestructionMethod.DELETED,
    destruction=_(
        "The e-mail records are deleted; the notices they carried stay until their own "
        "retention ends."
    ),
)

# Records about users, kept for a period and destroyed like the people's data; not collected
# by a form, so they have no consent, refusal or third party.
RECORD_KINDS = (NOTICES, NOTICE_EMAILS)

# Everything the retention page lists and `destroy_expired_personal_data` destroys, by key.
RETAINED = {kind.key: kind for kind in (CONTACTS, TRAINEES, MENTORS, *RECORD_KINDS)}


def accounts() -> PolicyItem:
    """User accounts and the access records kept under the safeguard notice."""
    return PolicyItem(
        label=gettext("User accounts and access records"),
        purpose=gettext(
            "Logging in, deciding who may see what, and keeping access records of personal-data "
            "handling, reviewed monthly (safeguard notice)"
        ),
        items=gettext(
            "Name, e-mail address, role, company (firm users), two-factor authentication "
            "settings, login and access times, IP addresses"
        ),
        retention=gettext(
            "Accounts: until closed. Access records: %(years)d years (role changes "
            "%(role_years)d years)."
        )
        % {"years": RETENTION.days // 365, "role_years": ROLE_CHANGE_RETENTION.days // 365},
    )
