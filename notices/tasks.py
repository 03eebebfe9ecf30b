"""Background tasks of notices (Django's tasks framework, run by `manage.py db_worker`).

The services enqueue these after commit; each task imports its service in its body, so the
import cycle is broken here, at the edge, and the services import the tasks at the top.
"""

import logging

from django.tasks import task

logger = logging.getLogger(__name__)


@task()
def send_notice_email(delivery_id: int) -> str:
    """Try to send one queued notice or digest e-mail; returns the delivery's status."""
    from notices.services import delivery_send

    delivery = delivery_send(delivery_id=delivery_id)
    return delivery.status if delivery else "missing"


@task()
def send_notice_emails(delivery_ids: list[int]) -> dict[str, str]:
    """Try to send the e-mails of one notice to many people, one after another: one task, so
    a decision that notifies every staff member writes one row to the queue, not one each.
    Returns each delivery's status by id. A delivery whose try fails unexpectedly does not stop
    the others; it, and any left when a worker dies mid-way, waits for the daily run
    (delivery_requeue_lost), as a single e-mail's task would."""
    from notices.services import delivery_send

    statuses = {}
    for delivery_id in delivery_ids:
        try:
            delivery = delivery_send(delivery_id=delivery_id)
        except Exception:  # the database, say: the others are still sent
            logger.exception("E-mail delivery %s could not be tried", delivery_id)
            statuses[str(delivery_id)] = "error"
            continue
        statuses[str(delivery_id)] = delivery.status if delivery else "missing"
    return statuses
