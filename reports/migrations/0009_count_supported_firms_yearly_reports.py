"""The outcome indicators count only the yearly reports of firms within their support window:
their counting rules say so."""

from django.db import migrations

WINDOW = (
    "지원 기업의 보고만 집계한다: 지원 선정 연도부터 지원 종료 연도에 세부사업의 사후관리 "
    "기간(기본 5년)을 더한 연도까지. 승인된 연간 보고만 읽고, 분기 보고는 연간 보고와 "
    "더하지 않는다."
)
OLD = "승인된 성과 보고만 집계한다."
CODES = ["new_jobs", "survey_firms", "survey_revenue_krw", "survey_new_hires", "investment_krw"]
PATENTS_OLD = "포기된 특허는 제외하고,"
PATENTS_NEW = "사후관리 기간 내 지원 기업의 승인된 보고에 포함된 특허만 집계한다. 포기된 특허는 제외하고,"


def update(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    for indicator in KpiIndicator.objects.filter(code__in=CODES):
        indicator.counting_rule = indicator.counting_rule.replace(OLD, WINDOW)
        indicator.save(update_fields=["counting_rule"])
    for indicator in KpiIndicator.objects.filter(code="patents"):
        indicator.counting_rule = indicator.counting_rule.replace(PATENTS_OLD, PATENTS_NEW)
        indicator.save(update_fields=["counting_rule"])


def revert(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    for indicator in KpiIndicator.objects.filter(code__in=CODES):
        indicator.counting_rule = indicator.counting_rule.replace(WINDOW, OLD)
        indicator.save(update_fields=["counting_rule"])
    for indicator in KpiIndicator.objects.filter(code="patents"):
        indicator.counting_rule = indicator.counting_rule.replace(PATENTS_NEW, PATENTS_OLD)
        indicator.save(update_fields=["counting_rule"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0008_add_kpi_targets"),
        ("programs", "0004_add_follow_up_years"),
    ]

    operations = [migrations.RunPython(update, revert)]
