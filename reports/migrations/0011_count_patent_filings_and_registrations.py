"""Patent filing (출원) and registration (등록) are separate events: two indicators of their
own, and "patents filed or registered" counts both events, each in its own year."""

from django.db import migrations

PROGRAMME = "인공지능 중심 산업융합 집적단지 조성사업"
WINDOW = "해당 연도에 지원 기업(사후관리 기간 내)이고, 승인된 성과 보고에 포함된 특허만 집계한다."
EVIDENCE = "특허 출원서·출원번호 통지서, 특허 등록증"
PATENTS = {
    "formula": "기간 중 출원 건수(출원번호 기준) + 기간 중 등록 건수(등록번호 기준)",
    "counting_rule": (
        f"{WINDOW} 출원과 등록은 각각의 날짜와 번호를 가진 별개의 사건으로, 일어난 연도에 "
        "번호 기준 1회 센다. 앞선 연도의 출원이 등록되면 등록 연도에 등록 1건으로 센다. 포기된 "
        "출원은 제외. 누적은 연도별 합계."
    ),
    "required_evidence": EVIDENCE,
}
NEW = [
    (
        "patents_filed",
        "특허 출원",
        "Patent applications filed",
        "기간 중 출원일이 속하는 특허 출원 건수(출원번호 기준 1회)",
        f"{WINDOW} 출원일 기준 연도에 출원번호당 1건. 포기된 출원은 제외. 누적은 연도별 합계.",
        "특허 출원서·출원번호 통지서",
    ),
    (
        "patents_registered",
        "특허 등록",
        "Patents registered",
        "기간 중 등록일이 속하는 특허 등록 건수(등록번호 기준 1회)",
        f"{WINDOW} 등록일 기준 연도에 등록번호당 1건(출원 연도와 무관). 누적은 연도별 합계.",
        "특허 등록증",
    ),
]


def split(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    patents = KpiIndicator.objects.filter(code="patents").first()
    position = patents.position if patents else 7
    if patents:
        KpiIndicator.objects.filter(code="patents").update(**PATENTS)
    # The two new rows follow "patents"; the rows after it move down by two.
    for row in KpiIndicator.objects.filter(position__gt=position).exclude(
        code__in=[code for code, *_ in NEW]
    ):
        row.position += 2
        row.save(update_fields=["position"])
    for offset, (code, name_ko, name_en, formula, rule, evidence) in enumerate(NEW, 1):
        KpiIndicator.objects.update_or_create(
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "unit": "cases",
                "kind": "flow",
                "cumulative_rule": "sum",
                "period": "yearly",
                "formula": formula,
                "counting_rule": rule,
                "required_evidence": evidence,
                "program": PROGRAMME,
                "position": position + offset,
            },
        )


def merge(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    KpiIndicator.objects.filter(code__in=[code for code, *_ in NEW]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_split_new_jobs_and_gross_hires")]

    operations = [migrations.RunPython(split, merge)]
