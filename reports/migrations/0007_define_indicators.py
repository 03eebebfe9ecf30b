"""Make the indicator rows the single definition of every figure of the reports: one row per
computation in reports/indicators/, with its formula, counting rule, kind and cumulative rule,
the wording matching what is computed."""

from django.db import migrations

PROGRAMME = "인공지능 중심 산업융합 집적단지 조성사업"

# Codes renamed to the computations' codes (the keys of the figures in the snapshots).
RENAMED = {"survey_revenue": "survey_revenue_krw", "investment_attracted": "investment_krw"}
# A breakdown of firms_supported, not a figure of its own.
DROPPED = ["firms_supported_by_stage"]

# code: (Korean name, English name, unit, cumulative rule, formula, counting rule, evidence)
INDICATORS = {
    "mous_signed": (
        "업무협약 체결",
        "MOUs signed",
        "firms",
        "distinct_firms",
        "기간 중 서명된 업무협약이 있는 기업 수(중복 제외)",
        "서명된 협약만 집계하고 초안은 제외한다. 서명일이 기간에 속하는 협약을 기업 기준으로 "
        "센다(한 기업과 여러 건을 체결해도 1개사). 누적은 사업 시작부터 기업 기준 중복 제외.",
        "서명된 협약서 사본",
    ),
    "firms_attracted": (
        "기업 유치",
        "Firms attracted",
        "firms",
        "distinct_firms",
        "기간 중 광주로 이전(본사·지사·연구소 등)한 기업 수(중복 제외)",
        "이전일이 기간에 속하는 이전을 기업 기준으로 센다(지사와 연구소를 함께 옮겨도 "
        "1개사). 누적은 기업 기준 중복 제외.",
        "사업자등록증(광주 소재지), 임대차계약서",
    ),
    "firms_supported": (
        "전문기업 지원",
        "Firms supported",
        "firms",
        "distinct_firms",
        "기간 중 지원 선정(취소 제외)이 있는 기업 수(중복 제외)",
        "선정일이 기간에 속하는 지원 선정을 기업 기준으로 센다. 취소된 선정은 제외하고, "
        "이후 휴·폐업한 기업도 지원받은 연도에는 집계한다. 누적은 기업 기준 중복 제외. "
        "성장 단계별 내역은 보고 기준일의 성장 단계로 나눈다.",
        "협약서, 선정 결과 공문",
    ),
    "support_krw": (
        "지원 결정액",
        "Support awarded",
        "won",
        "sum",
        "기간 중 지원 선정(취소 제외)의 지원 결정액 합계(원)",
        "선정일이 기간에 속하는 선정의 결정액을 원 단위로 더한다. 취소된 선정은 제외. "
        "보고서에는 백만원 단위로 반올림하여 표시. 누적은 연도별 합계.",
        "협약서(지원 금액)",
    ),
    "people_trained": (
        "핵심 인력 교육·양성",
        "People trained",
        "people",
        "sum",
        "기간에 속하는 연도의 교육과정 수강 인원 합계",
        "교육과정의 연도 기준으로 수강생을 센다. 계획 인원은 실적이 아니라 목표로 입력한다. "
        "교육과정이 없는 기간은 '자료 없음'. 누적은 연도별 합계.",
        "수료 명단",
    ),
    "new_jobs": (
        "신규 일자리 창출",
        "New jobs",
        "people",
        "sum",
        "기간의 승인된 성과 보고에 기재된 신규 채용 인원 합계",
        "승인된 성과 보고만 집계한다. 보고 기간의 연도 기준. 누적은 연도별 합계.",
        "고용보험 피보험자 명부",
    ),
    "patents": (
        "특허 등록·출원",
        "Patents filed or registered",
        "cases",
        "sum",
        "기간의 승인된 성과 보고에 포함된 특허 수(출원번호 기준 1회)",
        "포기된 특허는 제외하고, 같은 출원번호는 여러 보고에 있어도 1건으로 센다. 보고 "
        "기간의 연도 기준. 누적은 연도별 합계.",
        "출원·등록 증명서",
    ),
    "compute_projects": (
        "연산자원 지원 과제",
        "Compute projects",
        "cases",
        "sum",
        "자원 기간 시작일이 기간에 속하는 연산자원 배분 과제 수",
        "연산자원 배분 1건을 과제 1건으로 센다. 자원 기간의 시작 연도 기준. 누적은 연도별 합계.",
        "연산자원 배분 협약서",
    ),
    "compute_pf": (
        "AI 데이터센터 연산자원 제공",
        "Compute provided",
        "pf",
        "sum",
        "배분 PF − 회수 PF의 합계(자원 기간 시작일이 기간에 속하는 배분)",
        "목적 외 사용 등으로 회수한 PF는 뺀다. 자원 기간의 시작 연도 기준. 누적은 연도별 합계.",
        "연산자원 배분 협약서",
    ),
    "ai_models_trained": (
        "AI 모델 학습",
        "AI models trained",
        "models",
        "sum",
        "연산자원 과제가 보고한 학습 모델 수 합계",
        "자원 기간의 시작 연도 기준. 누적은 연도별 합계.",
        "과제 결과 보고서",
    ),
    "commercial_models": (
        "상용화 모델",
        "Commercial models",
        "models",
        "sum",
        "연산자원 과제가 보고한 상용화 모델 수 합계",
        "자원 기간의 시작 연도 기준. 누적은 연도별 합계.",
        "과제 결과 보고서, 판매 증빙",
    ),
    "survey_firms": (
        "성과 조사 기업",
        "Survey firms",
        "firms",
        "distinct_firms",
        "기간의 승인된 성과 보고가 있는 기업 수(중복 제외)",
        "승인된 성과 보고만 집계한다. 보고 기간의 연도 기준. 누적은 기업 기준 중복 제외.",
        "성과 보고서",
    ),
    "survey_revenue_krw": (
        "성과 조사 매출",
        "Survey revenue",
        "won",
        "none",
        "기간의 승인된 성과 보고에 기재된 매출액 합계(원)",
        "승인된 성과 보고만 집계한다. 보고 기간의 연도 기준. 매출은 연도별 흐름이므로 여러 "
        "해를 더한 누적은 표시하지 않는다.",
        "재무제표, 부가가치세 과세표준증명",
    ),
    "survey_new_hires": (
        "성과 조사 신규 채용",
        "Survey new hires",
        "people",
        "sum",
        "기간의 승인된 성과 보고에 기재된 신규 채용 인원 합계",
        "승인된 성과 보고만 집계한다. 보고 기간의 연도 기준. 누적은 연도별 합계.",
        "고용보험 피보험자 명부",
    ),
    "investment_krw": (
        "투자 유치",
        "Investment attracted",
        "won",
        "sum",
        "기간의 승인된 성과 보고에 기재된 투자 유치액 합계(원)",
        "승인된 성과 보고만 집계한다. 보고 기간의 연도 기준. 누적은 연도별 합계.",
        "투자계약서, 주금납입증명서",
    ),
}


def define(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    for old, new in RENAMED.items():
        KpiIndicator.objects.filter(code=old).update(code=new)
    KpiIndicator.objects.filter(code__in=DROPPED).delete()
    for position, (code, values) in enumerate(INDICATORS.items(), 1):
        name_ko, name_en, unit, cumulative, formula, rule, evidence = values
        indicator, created = KpiIndicator.objects.get_or_create(
            code=code,
            defaults={"name_ko": name_ko, "name_en": name_en, "program": PROGRAMME},
        )
        # The names stay as staff may have worded them; the rest must say what is computed.
        indicator.unit = unit
        indicator.kind = "flow"
        indicator.cumulative_rule = cumulative
        indicator.period = "yearly"
        indicator.formula = formula
        indicator.counting_rule = rule
        indicator.required_evidence = evidence
        indicator.position = position
        indicator.save()


def undefine(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    KpiIndicator.objects.filter(code__in=["support_krw", "compute_projects", "survey_firms"]).delete()
    for old, new in RENAMED.items():
        KpiIndicator.objects.filter(code=new).update(code=old)
    units = {"firms": "count", "cases": "count", "models": "count"}
    for new, old in units.items():
        KpiIndicator.objects.filter(unit=new).update(unit=old)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_add_indicator_definitions")]

    operations = [migrations.RunPython(define, undefine)]
