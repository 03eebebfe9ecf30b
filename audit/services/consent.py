"""Recording the basis and consent of a person's data when a form that collects it is saved."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.kinds import KINDS
from audit.models import CONSENT_BASES, Consent, ConsentBasis, ConsentScope
from users.models import User


def consent_record(
    *,
    subject_type: str,
    subject_id: int,
    basis: str = "",
    third_party: bool = False,
    by: User | None = None,
) -> list[Consent]:
    """Record how a person's data was obtained and, when `third_party`, their separate consent
    to its provision to the kind's third party, each with the notice they were given. An empty
    `basis` keeps the one recorded before (the kind's usual one when there is none); the basis
    already recorded, or a third-party consent already given, adds no row. Returns the rows
    added."""
    kind = KINDS.get(subject_type)
    if kind is None:
        raise ValidationError(_("Consents are recorded for contacts, trainees and mentors."))
    if basis and basis not in ConsentBasis.values:
        raise ValidationError(
            {"consent_basis": _("Choose how the data was obtained from the list.")},
            code="basis",
        )
    rows = Consent.objects.of(subject_type, subject_id)
    latest = rows.filter(scope=ConsentScope.COLLECTION).first()
    current = basis or (latest.basis if latest else kind.default_basis)
    wants_provision = (
        third_party
        and kind.third_party is not None
        and not rows.filter(scope=ConsentScope.THIRD_PARTY).exists()
    )
    if wants_provision and current not in CONSENT_BASES:
        raise ValidationError(
            {"third_party_consent": _("Provision to a third party needs the person's consent.")},
            code="third_party",
        )
    today = timezone.localdate()
    common = {
        "subject_type": subject_type,
        "subject_id": subject_id,
        "basis": current,
        "given_on": today,
        "recorded_by": by,
    }
    added = []
    # The notice in the agency's language, whatever the user's: the rows are read together.
    with translation.override(settings.LANGUAGE_CODE):
        if latest is None or latest.basis != current:
            added.append(
                Consent(
                    scope=ConsentScope.COLLECTION,
                    purpose=str(kind.purpose),
                    items=str(kind.items),
                    retention=kind.retention,
                    **common,
                )
            )
        if wants_provision:
            provision = kind.third_party
            added.append(
                Consent(
                    scope=ConsentScope.THIRD_PARTY,
                    purpose=str(provision.purpose),
                    items=str(provision.items),
                    retention=str(provision.retention),
                    recipient=str(provision.recipient),
                    **common,
                )
            )
    for consent in added:
        consent.full_clean()
        consent.save()
    return added
