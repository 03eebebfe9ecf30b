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
