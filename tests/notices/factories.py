import factory

from notices.models import EmailMode, Notice, NoticeKind
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
