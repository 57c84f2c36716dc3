"""The evidence pack stays readable when it is full: ten case studies (the basket's
limit) side by side in the PDF, every title and figure legible and whole."""

import io
import re

import pytest
from pypdf import PdfReader

from casestudies.adoption.models import Adoption
from casestudies.cases.models import CaseStudyPage
from casestudies.evidence.basket import LIMIT
from casestudies.evidence.pack import make_token
from community.municipalities.models import Municipality

pytestmark = pytest.mark.django_db

TOWNS = ["082104", "064033", "314013", "063240", "064025"]


@pytest.fixture
def full_pack(case_study_factory):
    """Ten cases, each with its own initial cost, running cost and cost after the trial."""
    cases = []
    for number in range(LIMIT):
        case = case_study_factory(
            TOWNS[number % len(TOWNS)],
            title=f"第{number + 1}の事例：窓口予約をkintoneで受け付ける取り組み",
            budget=1_000_000 + number,
            metrics=[
                {
                    "metric": f"削減時間{number + 1}",
                    "value_before": f"年{400 + number}時間",
                    "value_after": f"年{100 + number}時間",
                }
            ],
        )
        CaseStudyPage.objects.filter(pk=case.pk).update(
            initial_cost_yen=12_345_000 + number,
            running_cost_yen=2_468_000 + number,
            running_cost_after_trial_yen=3_579_000 + number,
        )
        cases.append(case)
    # Two towns recorded their own figures for the last case.
    for code, before, after in (("064017", "年520", "年75"), ("063240", "年610", "年88")):
        Adoption.objects.create(
            page=cases[-1],
            municipality=Municipality.objects.get(code=code),
            adopted_on="2025-04-01",
            metrics=[
                {"metric": "予約受付の時間", "before": before, "after": after, "unit": "時間"}
            ],
        )
    return cases


def test_a_pack_of_ten_cases_keeps_every_title_and_figure_whole_in_the_pdf(client, full_pack):
    token = make_token([case.pk for case in full_pack], "064033")
    response = client.get(f"/evidence/pack/{token}/pdf/")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    texts = [page.extract_text() for page in pages]
    text = "\n".join(texts)
    flat = "".join(text.split())
    for number, case in enumerate(full_pack):
        # A title may wrap within its column; a figure must stand on one line, whole.
        assert case.title in flat, case.title
        for figure in (
            f"{1_000_000 + number:,}円",
            f"{12_345_000 + number:,}円",
            f"{2_468_000 + number:,}円",
            f"{3_579_000 + number:,}円",
        ):
            assert figure in text, figure
        assert f"年{400 + number}時間→年{100 + number}時間" in flat
    # Every column of figures has its row headers beside it: at most four cases a table,
    # so each group of cases repeats 初期費用 (three groups for ten cases).
    assert flat.count("初期費用") >= 3
    # Nothing runs off a page: each page's lines are all within its width.
    for page in pages:
        width = float(page.mediabox.width)
        assert width > float(page.mediabox.height)  # landscape
        found = []

        def visit(text, cm, tm, font, size, found=found):
            if text.strip():
                found.append(tm[4] * cm[0] + cm[4])

        page.extract_text(visitor_text=visit)
        assert found and max(found) < width, max(found)
    assert re.search(r"自団体の見込み", flat)
    # The adopters' own figures, with their town and population.
    for text in ["小国町", "大江町", "7,062人", "年520時間", "年75時間", "年610時間", "年88時間"]:
        assert text in flat, text
