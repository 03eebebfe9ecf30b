import factory

from notices.models import DeliveryStatus, EmailMode, Notice, NoticeDelivery, NoticeKind
from tests.factories import UserFactory


class NoticeFactory(factory.django.DjangoModelFactory):
    """A notice to a firm user that changes were requested on their 2024 report."""

    class Meta:
        model = Notice

    recipient = factory.SubFactory(UserFactory)
    kind = NoticeKind.OUTCOME_CHANGES_REQUESTED
    params = factory.LazyFunction(
        lambda: {"year": 2024, "quarter": None, "reason": "매출액 증빙을 첨부해 주세요."}
    )
    link = "/portal/"
    email = EmailMode.NONE


class NoticeDeliveryFactory(factory.django.DjangoModelFactory):
    """The e-mail of a notice to its recipient, sent."""

    class Meta:
        model = NoticeDelivery

    notice = factory.SubFactory(NoticeFactory, email=EmailMode.IMMEDIATE)
    recipient = factory.SelfAttribute("notice.recipient")
    to_address = factory.SelfAttribute("recipient.email")
    language = "ko"
    status = DeliveryStatus.SENT
    attempts = 1
