"""New jobs are the net increase in insured employees between year ends; the hires the firms
report are a separate indicator, gross hires, with its own name."""

from django.db import migrations

NEW_JOBS = {
    "formula": "Σ(연말 고용보험 피보험자 수 − 전년 말 피보험자 수), 집계 대상 기업·연도별",
    "counting_rule": (
        "지원 기업의 승인된 연간 보고만 집계한다(사후관리 기간 내, 분기 보고 제외). 기업별로 "
        "보고 연도 말 피보험자 수에서 전년 말 피보험자 수를 뺀 순증을 더한다(감소는 음수). "
        "기업의 첫 연간 보고는 기준값이며 순증이 없다. 누적은 연도별 합계."
    ),
    "required_evidence": "고용보험 피보험자 명부(연말 기준, 전년·당해 연도)",
}
GROSS = {
    "old_names": ("성과 조사 신규 채용", "Survey new hires"),
    "name_ko": "신규 채용 인원(총 채용)",
    "name_en": "New hires (gross)",
    "formula": "승인된 연간 보고에 기재된 해당 연도 신규 채용 인원 합계(퇴사자를 빼지 않음)",
}


def split(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    KpiIndicator.objects.filter(code="new_jobs").update(**NEW_JOBS)
    gross = KpiIndicator.objects.filter(code="survey_new_hires").first()
    if gross is None:
        return
    # Names staff reworded are left as they are.
    if (gross.name_ko, gross.name_en) == GROSS["old_names"]:
        gross.name_ko, gross.name_en = GROSS["name_ko"], GROSS["name_en"]
    gross.formula = GROSS["formula"]
    gross.save(update_fields=["name_ko", "name_en", "formula"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0009_count_supported_firms_yearly_reports")]

    operations = [migrations.RunPython(split, migrations.RunPython.noop)]
