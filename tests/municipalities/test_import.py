"""import_municipalities PATH: creates or updates from a CSV, idempotent, and a
file with any bad row prints every error with its line number and writes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from community.municipalities.models import Municipality, OfficialDomain, Prefecture

HEADER = "code,prefecture,name,name_kana,kind,population,population_as_of,website\n"


def run_import(tmp_path, body: str):
    path = tmp_path / "municipalities.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_municipalities", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_of_next_years_figures_updates_population_and_date(tmp_path):
    out, _ = run_import(
        tmp_path,
        "082104,茨城県,下妻市,しもつまし,city,41781,2026-01-01,https://www.city.shimotsuma.lg.jp/\n"
        "131016,東京都,千代田区,ちよだく,special_ward,69139,2026-01-01,https://www.city.chiyoda.lg.jp/\n",
    )
    assert "0 created, 2 updated" in out
    shimotsuma = Municipality.objects.get(code="082104")
    assert (shimotsuma.population, shimotsuma.population_as_of.isoformat()) == (41781, "2026-01-01")
    assert Municipality.objects.get(code="131016").population == 69139


@pytest.mark.django_db
def test_import_twice_changes_nothing_the_second_time(tmp_path):
    body = (
        "082104,茨城県,下妻市,しもつまし,city,41781,2026-01-01,https://www.city.shimotsuma.lg.jp/\n"
    )
    run_import(tmp_path, body)
    out, _ = run_import(tmp_path, body)
    assert "0 created, 0 updated, 1 unchanged" in out
    assert Municipality.objects.filter(code="082104").count() == 1


@pytest.mark.django_db
def test_import_creates_a_new_municipality_with_its_domain(tmp_path):
    Municipality.objects.filter(code="082104").delete()
    out, _ = run_import(
        tmp_path,
        "082104,茨城県,下妻市,しもつまし,city,42071,2025-01-01,https://www.city.shimotsuma.lg.jp/\n",
    )
    assert "1 created" in out
    created = Municipality.objects.get(code="082104")
    assert created.prefecture == Prefecture.objects.get(code="08")
    assert OfficialDomain.objects.get(municipality=created).domain == "city.shimotsuma.lg.jp"


@pytest.mark.django_db
def test_a_file_with_bad_rows_writes_nothing_and_names_each_line(tmp_path):
    before = Municipality.objects.get(code="082104").population
    bad = (
        "082104,茨城県,下妻市,しもつまし,city,99999,2026-01-01,https://www.city.shimotsuma.lg.jp/\n"  # good, line 2
        "082105,茨城県,下妻市,しもつまし,city,100,2026-01-01,\n"  # check digit, line 3
        "131016,東京都,千代田区,ちよだく,special_ward,many,2026-01-01,\n"  # population, line 4
        "012025,青森県,函館市,はこだてし,core_city,236515,2026-13-01,ftp://x\n"  # prefecture, date, url, line 5
        "082104,茨城県,下妻市,しもつまし,town,1,2026-01-01,\n"  # duplicate, line 6
    )
    with pytest.raises(CommandError, match="nothing was written"):
        run_import(tmp_path, bad)
    assert Municipality.objects.get(code="082104").population == before


@pytest.mark.django_db
def test_bad_rows_are_reported_with_their_line_numbers(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "082105,茨城県,下妻市,しもつまし,city,100,2026-01-01,\n"
        + "131016,東京都,千代田区,ちよだく,special_ward,many,2026-01-01,\n"
        + "012025,青森県,函館市,はこだてし,core_city,236515,2026-13-01,ftp://x\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path), stderr=err)
    report = err.getvalue()
    # Errors are in Japanese, the site's language, each with the file and its line.
    assert f"{path}:2 行目: コード 082105 の検査数字が正しくありません（正しくは 4）" in report
    assert f"{path}:3 行目, population 列: 'many' は人数を表す整数ではありません" in report
    assert f"{path}:4 行目: 都道府県 '青森県' がコード 012025（北海道）と一致しません" in report
    assert f"{path}:4 行目: 人口の基準日 '2026-13-01' が日付（YYYY-MM-DD）ではありません" in report
    assert f"{path}:4 行目: ウェブサイト 'ftp://x' が http(s) のアドレスではありません" in report


@pytest.mark.django_db
def test_a_file_missing_columns_is_refused(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("code,name\n082104,下妻市\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_municipalities", str(path), stderr=err)
    assert "列が足りません: prefecture, name_kana, kind" in err.getvalue()


def import_errors(path, *options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_municipalities", str(path), *options, stderr=err)
    return err.getvalue()


@pytest.mark.django_db
def test_a_name_too_long_for_its_column_is_an_error_never_cut_short(tmp_path):
    long_name = "下妻" * 30  # 60 characters; the column holds 40
    path = tmp_path / "long.csv"
    path.write_text(
        HEADER + f"082104,茨城県,{long_name},しもつまし,city,41781,2026-01-01,\n", encoding="utf-8"
    )
    report = import_errors(path)
    assert f"{path}:2 行目, name 列: 60 文字は、この列に入る 40 文字より長すぎます" in report
    assert Municipality.objects.get(code="082104").name == "下妻市"


@pytest.mark.django_db
def test_a_population_no_local_government_has_is_an_error_with_its_line(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(
        HEADER + "082104,茨城県,下妻市,しもつまし,city,3000000000,2026-01-01,\n", encoding="utf-8"
    )
    report = import_errors(path)
    assert f"{path}:2 行目, population 列: 3,000,000,000 人は" in report
    assert Municipality.objects.get(code="082104").population == 42071


@pytest.mark.django_db
def test_any_surprise_in_a_row_becomes_that_rows_error(tmp_path, monkeypatch):
    from community.municipalities import registry

    def broken(value):
        raise RuntimeError("壊れた行")

    monkeypatch.setattr(registry, "_too_long", broken)
    path = tmp_path / "odd.csv"
    path.write_text(
        HEADER + "082104,茨城県,下妻市,しもつまし,city,41781,2026-01-01,\n", encoding="utf-8"
    )
    assert f"{path}:2 行目: 行を読み取れませんでした（壊れた行）" in import_errors(path)


SHIFT_JIS_BODY = (
    "082104,茨城県,下妻市,しもつまし,city,41781,2026-01-01,https://www.city.shimotsuma.lg.jp/\n"
)


@pytest.mark.django_db
def test_a_shift_jis_file_says_which_encoding_was_expected_and_offers_cp932(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + SHIFT_JIS_BODY).encode("cp932"))
    report = import_errors(path)
    assert f"{path}:2 行目: UTF-8（BOM の有無は問いません）のテキストではありません" in report
    assert "--encoding cp932" in report
    assert Municipality.objects.get(code="082104").population == 42071


@pytest.mark.django_db
def test_a_shift_jis_file_imports_with_the_cp932_option(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes((HEADER + SHIFT_JIS_BODY).encode("cp932"))
    out = io.StringIO()
    call_command("import_municipalities", str(path), "--encoding", "cp932", stdout=out)
    assert "1 updated" in out.getvalue()
    assert Municipality.objects.get(code="082104").population == 41781


@pytest.mark.django_db
def test_a_utf8_file_with_a_bom_as_excel_writes_it_imports(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes((HEADER + SHIFT_JIS_BODY).encode("utf-8-sig"))
    out = io.StringIO()
    call_command("import_municipalities", str(path), stdout=out)
    assert "1 updated" in out.getvalue()


@pytest.mark.django_db
def test_a_valid_import_shows_the_new_population_on_the_next_request(
    tmp_path, client, settings, django_capture_on_commit_callbacks
):
    settings.YOKOTEN_PAGE_CACHE = True
    client.get("/municipalities/082104/")
    assert client.get("/municipalities/082104/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        run_import(tmp_path, SHIFT_JIS_BODY)
    page = client.get("/municipalities/082104/").content.decode()
    assert "41,781" in page and "42,071" not in page


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_municipalities", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
def test_the_shipped_registry_holds_every_local_government():
    assert Prefecture.objects.count() == 47
    assert Municipality.objects.filter(kind="prefecture").count() == 47
    counts = {
        kind: Municipality.objects.filter(kind=kind).count()
        for kind in ["designated_city", "core_city", "city", "special_ward", "town", "village"]
    }
    assert counts == {
        "designated_city": 20,
        "core_city": 62,
        "city": 710,
        "special_ward": 23,
        "town": 743,
        "village": 183,
    }
    shimotsuma = Municipality.objects.get(code="082104")
    assert (shimotsuma.name, shimotsuma.prefecture.name, shimotsuma.population) == (
        "下妻市",
        "茨城県",
        42071,
    )
    assert shimotsuma.prefecture.get_region_display() == "関東"


@pytest.mark.django_db
def test_official_domains_match_sub_domains_but_not_lookalikes():
    assert (
        OfficialDomain.objects.owning("dx.city.shimotsuma.lg.jp").first().municipality.code
        == "082104"
    )
    assert (
        OfficialDomain.objects.owning("CITY.SHIMOTSUMA.LG.JP").first().municipality.code == "082104"
    )
    assert not OfficialDomain.objects.owning("evilcity.shimotsuma.lg.jp").exists()
    assert not OfficialDomain.objects.owning("lg.jp").exists()


@pytest.mark.django_db
def test_import_reports_each_phase_with_counts_and_time_and_is_quiet_under_v0(tmp_path):
    path = tmp_path / "municipalities.csv"
    path.write_text(
        HEADER
        + "082104,茨城県,下妻市,しもつまし,city,41781,2026-01-01,https://www.city.shimotsuma.lg.jp/\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_municipalities", str(path), stdout=out, verbosity=1)
    lines = out.getvalue().splitlines()
    assert any("1 rows valid" in line for line in lines)
    assert any("0 to create, 1 to update, 0 unchanged" in line for line in lines)
    assert any("municipalities updated: 1/1" in line for line in lines)
    assert all(line.startswith("[") and " s] " in line for line in lines)  # elapsed time

    quiet = io.StringIO()
    call_command("import_municipalities", str(path), stdout=quiet, verbosity=0)
    assert quiet.getvalue() == ""
