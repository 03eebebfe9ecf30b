"""Writing PIPA access records and signing off a month's review."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from audit.history import current_remote_addr
from audit.models import AccessChain, AccessRecord, MonthlyReview, chain_of
from users.network import client_ip
from users.permissions import is_privacy_officer

GENESIS = "0" * 64
MAX_IDS = 200  # a list page records at most this many ids; `people` keeps the full count


def _ip(value: str | None) -> str | None:
    if value and ":" in value:
        return clean_ipv6_address(value)
    return value or None


def access_record(
    *,
    request=None,
    user=None,
    action: str,
    subject_type: str,
    subject: str,
    subject_ids: Iterable[int] = (),
    people: int | None = None,
    purpose: str = "",
    row_count: int | None = None,
    file_sha256: str = "",
    at: datetime | None = None,
) -> AccessRecord:
    """Append one record of access to personal data to the hash chain. Without a user (nor a
    request) the record is the system's."""
    if user is None and request is not None:
        user = request.user
    signed_in = user is not None and user.is_authenticated
    ids = list(subject_ids)
    record = AccessRecord(
        chain=chain_of(action),
        user=user if signed_in else None,
        account=user.email if signed_in else "system",
        ip=_ip(client_ip(request) if request is not None else current_remote_addr()),
        action=action,
        subject_type=subject_type,
        subject=subject[:500],
        subject_ids=ids[:MAX_IDS],
        people=len(ids) if people is None else people,
        path=request.get_full_path()[:500] if request is not None else "",
        purpose=str(purpose)[:100],
        row_count=row_count,
        file_sha256=file_sha256,
    )
    if connection.vendor == "postgresql" and _append_in_one_statement(record, at):
        return record
    with transaction.atomic():
        # The head row lock makes appends one at a time, so each links to the one before.
        head = AccessChain.objects.select_for_update().filter(pk=record.chain).first()
        if head is None:  # the chain's first record; get_or_create settles a race for it
            AccessChain.objects.get_or_create(pk=record.chain, defaults={"last_hash": GENESIS})
            head = AccessChain.objects.select_for_update().get(pk=record.chain)
        record.at = at or timezone.now()
        record.previous_hash = head.last_hash
        record.hash = record.compute_hash()
        record.save()
        head.last_hash, head.length = record.hash, head.length + 1
        head.save(update_fields=["last_hash", "length"])
    return record


# PostgreSQL appends in one statement: it locks the chain's head, hashes the previous hash and
# the record's canonical JSON (the same sha256(previous_hash + payload) as
# AccessRecord.compute_hash), inserts the record and moves the head, so a page that records
# access pays one round trip, and outside a transaction holds the head's lock only while that
# statement runs. The record's time is taken just before, so records written at the same moment
# may be milliseconds out of time order in their chain (pruning allows for it).
_APPEND_SQL = """
WITH head AS (
    SELECT last_hash FROM {chain_table} WHERE id = %s FOR UPDATE
), record AS (
    INSERT INTO {record_table} ({columns}, previous_hash, hash)
    SELECT {placeholders}, head.last_hash,
        encode(sha256(convert_to(head.last_hash || %s, 'UTF8')), 'hex')
    FROM head
    RETURNING id, previous_hash, hash
), moved AS (
    UPDATE {chain_table} SET last_hash = record.hash, length = {chain_table}.length + 1
    FROM record WHERE {chain_table}.id = %s
)
SELECT id, previous_hash, hash FROM record
"""


def _append_in_one_statement(record: AccessRecord, at: datetime | None) -> bool:
    """Append `record` on PostgreSQL; False when its chain has no head yet (the first record
    of a chain takes the general path, which creates it)."""
    record.at = at or timezone.now()
    fields = [
        field
        for field in AccessRecord._meta.concrete_fields
        if not field.primary_key and field.name not in ("previous_hash", "hash")
    ]
    sql = _APPEND_SQL.format(
        chain_table=connection.ops.quote_name(AccessChain._meta.db_table),
        record_table=connection.ops.quote_name(AccessRecord._meta.db_table),
        columns=", ".join(connection.ops.quote_name(field.column) for field in fields),
        placeholders=", ".join(["%s"] * len(fields)),
    )
    values = [
        field.get_db_prep_save(getattr(record, field.attname), connection) for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [record.chain, *values, record.payload(), record.chain])
        row = cursor.fetchone()
    if row is None:
        return False
    record.pk, record.previous_hash, record.hash = row
    record._state.adding = False
    return True


@dataclass
class ChainCheck:
    ok: bool
    checked: int
    broken_at: int | None = None
    reason: str = ""


def access_chain_verify() -> ChainCheck:
    """Recompute each hash chain: a changed, inserted or removed record breaks it. Pruning
    removes only a chain's oldest records, so each chain is checked from its oldest one kept."""
    checked = 0
    heads = {head.pk: head.last_hash for head in AccessChain.objects.all()}
    for chain in sorted(heads):
        previous = last = None
        records = AccessRecord.objects.filter(chain=chain).order_by("pk")
        for record in records.iterator(chunk_size=2000):
            if previous is not None and record.previous_hash != previous:
                return ChainCheck(False, checked, record.pk, _("does not follow the record before"))
            if record.compute_hash() != record.hash:
                return ChainCheck(
                    False, checked, record.pk, _("its content does not match its hash")
                )
            previous, last = record.hash, record
            checked += 1
        if last is not None and heads[chain] != last.hash:
            return ChainCheck(False, checked, last.pk, _("records after it are missing"))
    return ChainCheck(True, checked)


def review_sign_off(*, month: date, by, note: str = "", summary: dict | None = None):
    """The privacy officer signs the review of an ended `month` once, with its result note."""
    if not is_privacy_officer(by):
        raise ValidationError(_("Only the privacy officer signs the monthly review."))
    if month >= timezone.localdate().replace(day=1):
        raise ValidationError(_("A month can be signed off once it has ended."))
    if not note.strip():
        raise ValidationError(
            _(
                "Write the result of the review (what was found and what was done); a "
                "sign-off needs it."
            ),
            code="note",
        )
    try:
        with transaction.atomic():
            return MonthlyReview.objects.create(
                month=month.replace(day=1),
                signed_by=by,
                signed_at=timezone.now(),
                note=note,
                summary=summary or {},
            )
    except IntegrityError as error:
        raise ValidationError(_("This month has been signed off already.")) from error
