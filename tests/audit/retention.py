"""The clock and the closed company shared by test_retention.py and test_retention_screens.py."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.factories import CompanyFactory

SEOUL = ZoneInfo("Asia/Seoul")
TODAY = date(2031, 3, 15)
NOW = datetime(2031, 3, 15, 10, 0, tzinfo=SEOUL)
LONG_AGO = datetime(2020, 1, 1, 9, 0, tzinfo=SEOUL)


def closed_company(on):
    return CompanyFactory(is_active=False, deactivated_on=on)
