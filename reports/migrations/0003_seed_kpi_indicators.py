from django.db import migrations

PROGRAMME = "인공지능 중심 산업융합 집적단지 조성사업"

# (code, Korean name, English name, unit, counting rule, required evidence)
INDICATORS = [
    ("mous_signed", "업무협약 체결", "MOUs signed", "count",
     "서명된 업무협약(초안 제외) 건수, 서명일 기준 연도.",
     "서명된 협약서 사본"),
    ("firms_attracted", "기업 유치", "Firms attracted", "count",
     "광주로 이전(본사·지사·연구소 등)한 기업 수(중복 제외), 이전일 기준 연도.",
     "사업자등록증(광주 소재지), 임대차계약서"),
    ("firms_supported", "전문기업 지원", "Firms supported", "count",
     "취소되지 않은 지원 선정이 있는 기업 수(중복 제외), 선정일 기준 연도.",
     "협약서, 선정 결과 공문"),
    ("firms_supported_by_stage", "성장 단계별 지원 기업", "Firms supported this year by growth stage",
     "count",
     "해당 연도 지원 기업을 보고 기준일의 성장 단계별로 집계.",
     "성장 단계 변경 이력"),
    ("people_trained", "핵심 인력 교육·양성", "People trained", "people",
     "해당 연도 교육과정 수료(등록) 인원, 과정 연도 기준.",
     "수료 명단"),
    ("new_jobs", "신규 일자리 창출", "New jobs", "people",
     "승인된 성과 보고의 신규 채용 인원 합계.",
     "4대보험 가입자 명부"),
    ("patents", "특허 등록·출원", "Patents filed or registered", "count",
     "승인된 특허(출원번호 기준 1회만 집계).",
     "출원·등록 증명서"),
    ("compute_pf", "AI 데이터센터 연산자원 제공", "Compute provided", "pf",
     "선정 과제에 배분된 PF에서 회수분을 뺀 값, 자원 기간 시작 연도 기준.",
     "연산자원 배분 협약서"),
    ("ai_models_trained", "AI 모델 학습", "AI models trained", "count",
     "연산자원 과제가 보고한 학습 모델 수, 자원 기간 시작 연도 기준.",
     "과제 결과 보고서"),
    ("commercial_models", "상용화 모델", "Commercial models", "count",
     "연산자원 과제 중 상용화된 모델 수.",
     "과제 결과 보고서, 판매 증빙"),
    ("survey_revenue", "성과 조사 매출", "Survey revenue", "won",
     "승인된 성과 보고의 매출액 합계(백만원, 반올림).",
     "재무제표, 부가가치세 과세표준증명"),
    ("survey_new_hires", "성과 조사 신규 채용", "Survey new hires", "people",
     "승인된 성과 보고를 제출한 기업의 신규 채용 인원 합계.",
     "4대보험 가입자 명부"),
    ("investment_attracted", "투자 유치", "Investment attracted", "won",
     "승인된 성과 보고의 투자 유치액 합계.",
     "투자계약서, 주금납입증명서"),
]


def seed(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    for position, (code, name_ko, name_en, unit, rule, evidence) in enumerate(INDICATORS, 1):
        KpiIndicator.objects.update_or_create(
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "unit": unit,
                "period": "yearly",
                "counting_rule": rule,
                "required_evidence": evidence,
                "program": PROGRAMME,
                "position": position,
            },
        )


def unseed(apps, schema_editor):
    KpiIndicator = apps.get_model("reports", "KpiIndicator")
    KpiIndicator.objects.filter(code__in=[row[0] for row in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_initial")]

    operations = [migrations.RunPython(seed, unseed)]
