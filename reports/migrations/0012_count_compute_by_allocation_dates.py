"""Compute indicators read the allocations' own dates: an allocation counts in every range it is
active in, once, and "PF provided" is the sum of the distinct allocations active in the year."""

from django.db import migrations

ACTIVE = "배분 기간(연산자원 사용 시작일~종료일)이 해당 기간과 하루 이상 겹치는 배분"
TEXTS = {
    "compute_projects": (
        f"{ACTIVE}의 과제 수",
        "연산자원 배분 1건을 과제 1건으로, 기간 안에서 1회 센다. 여러 해에 걸친 배분은 걸친 "
        "각 연도에 센다. 누적은 전체 기간에 활성이었던 배분 수(중복 없음).",
    ),
    "compute_pf": (
        f"{ACTIVE}의 (배분 PF − 회수 PF) 합계",
        "기간 중 서로 다른 시기에 시작·종료하는 배분은 같은 용량을 재사용하므로, 연간 제공 PF는 "
        "어느 한 시점의 가용 용량보다 클 수 있다(예: 임차 용량 8.85 PF로 2021년 10.74 PF 제공). "
        "어느 날이든 그날 활성인 배분의 합은 그날 유효한 용량을 넘지 않는다(배분 시 일 단위 확인). "
        "목적 외 사용 등으로 회수한 PF는 뺀다. 누적은 전체 기간에 활성이었던 배분의 합계(중복 없음).",
    ),
    "ai_models_trained": (
        f"{ACTIVE} 과제가 보고한 학습 모델 수 합계",
        "배분 기간이 해당 연도와 겹치는 과제 기준. 누적은 전체 기간에 활성이었던 과제의 합계.",
    ),
    "commercial_models": (
        f"{ACTIVE} 과제가 보고한 상용화 모델 수 합계",
        "배분 기간이 해당 연도와 겹치는 과제 기준. 누적은 전체 기간에 활성이었던 과제의 합계.",
    ),
}


def define(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    for code, (formula, rule) in TEXTS.items():
        KpiIndicator.objects.filter(code=code).update(formula=formula, counting_rule=rule)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0011_count_patent_filings_and_registrations"),
        ("compute", "0006_require_allocation_dates"),
    ]

    operations = [
        migrations.RunPython(define, migrations.RunPython.noop),
    ]
