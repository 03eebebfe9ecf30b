"""Background tasks of notices (Django's tasks framework, run by `manage.py db_worker`).

The services enqueue these after commit; each task imports its service in its body, so the
import cycle is broken here, at the edge, and the services import the tasks at the top.
"""

from django.tasks import task


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
    Returns each delivery's status by id."""
    from notices.services import delivery_send

    statuses = {}
    for delivery_id in delivery_ids:
        delivery = delivery_send(delivery_id=delivery_id)
        statuses[str(delivery_id)] = delivery.status if delivery else "missing"
    return statuses
