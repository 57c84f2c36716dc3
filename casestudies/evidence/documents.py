"""The pack as a PDF (WeasyPrint, Japanese set in Noto Sans CJK) and as an xlsx
(openpyxl): the same ``Pack`` as the print page."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from casestudies.knowledge.fiscal import fiscal_year_label


def pack_pdf_bytes(request, pack) -> bytes:
    from weasyprint import HTML

    html = render_to_string("evidence/pack_pdf.html", {"pack": pack}, request)
    # No base URL: the document links nothing it would have to fetch.
    return HTML(string=html).write_pdf()


def _text(cell, value) -> None:
    """A text cell that no spreadsheet runs as a formula, whatever it starts with."""
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"


def _yen(value):
    return "" if value is None else value


def case_rows(pack) -> list[tuple[str, list]]:
    """(label, one value per case) for the comparison sheet; numbers stay numbers."""
    cases = [item.page for item in pack.cases]
    items = pack.cases
    return [
        (_("Case study"), [case.title for case in cases]),
        (_("Municipality"), [case.municipality.display_name for case in cases]),
        (_("Population"), [case.municipality.population for case in cases]),
        (_("Fiscal year"), [fiscal_year_label(case.fiscal_year) for case in cases]),
        (_("Budget (yen)"), [_yen(case.budget_yen) for case in cases]),
        (_("Initial cost (yen)"), [_yen(case.initial_cost_yen) for case in cases]),
        (_("Yearly running cost (yen)"), [_yen(case.running_cost_yen) for case in cases]),
        (
            _("Yearly running cost after the free trial (yen)"),
            [_yen(case.running_cost_after_trial_yen) for case in cases],
        ),
        (_("Procurement route"), [case.get_procurement_route_display() for case in cases]),
        (_("Funding"), ["、".join(p.name for p in item.funding) for item in items]),
        (_("Licences"), [case.licences for case in cases]),
        (_("Number of licences"), [_yen(case.licence_count) for case in cases]),
        (_("Staff-hours to build"), [_yen(case.build_hours) for case in cases]),
        (_("Staff-hours a month to run"), [_yen(case.running_hours_per_month) for case in cases]),
        (_("Months to launch"), [_yen(case.months_to_launch) for case in cases]),
        (_("Had to agree"), ["、".join(case.agreed_with_labels) for case in cases]),
        (
            _("Effect"),
            [
                "\n".join(
                    f"{m.metric}: {m.value_before + ' → ' if m.value_before else ''}{m.value_after}"
                    for m in item.metrics
                )
                for item in items
            ],
        ),
        (
            _("Adopted by towns of our size"),
            [
                "、".join(a.municipality.display_name for a in item.similar_adopters)
                for item in items
            ],
        ),
        (_("Adoptions in all"), [case.adoption_count for case in cases]),
        (
            _("Published on"),
            [
                case.first_published_at.date().isoformat() if case.first_published_at else ""
                for case in cases
            ],
        ),
        (_("Source"), [item.url for item in items]),
        (_("Licence"), [pack.licence for _item in items]),
    ]


def _adopter_sheet(sheet, pack, bold) -> None:
    """One row per figure an adopting town recorded: the case, the town, its population
    (a number), the outcome, before, after, unit."""
    headers = [
        _("Case study"),
        _("Adopting municipality"),
        _("Population"),
        _("Adopted on"),
        _("Outcome"),
        _("Before"),
        _("After"),
        _("Unit"),
    ]
    for column, header in enumerate(headers, start=1):
        _text(sheet.cell(row=1, column=column), header)
        sheet.cell(row=1, column=column).font = bold
    row = 2
    for item in pack.cases:
        for result in item.adopter_results:
            _text(sheet.cell(row=row, column=1), item.page.title)
            _text(sheet.cell(row=row, column=2), result.municipality.display_name)
            sheet.cell(row=row, column=3).value = result.municipality.population
            sheet.cell(row=row, column=3).number_format = "#,##0"
            sheet.cell(row=row, column=4).value = result.adopted_on
            sheet.cell(row=row, column=4).number_format = "yyyy-mm-dd"
            for column, value in enumerate(
                (result.metric, result.before, result.after, result.unit), start=5
            ):
                _text(sheet.cell(row=row, column=column), value)
            row += 1
    for letter, width in zip("ABCDEFGH", (34, 20, 12, 12, 24, 18, 18, 10), strict=True):
        sheet.column_dimensions[letter].width = width


def pack_xlsx_bytes(pack) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comparison")[:31]
    bold = Font(bold=True)
    _text(sheet.cell(row=1, column=1), _("Budget request evidence: what other municipalities did"))
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    made = _("Made on %(date)s") % {"date": pack.made_on.isoformat()}
    if pack.municipality:
        made = f"{pack.municipality.display_name} · {made}"
    _text(sheet.cell(row=2, column=1), made)
    first = 4
    own_column = len(pack.cases) + 2
    if pack.cases:
        for index, (label, values) in enumerate(case_rows(pack)):
            row = first + index
            _text(sheet.cell(row=row, column=1), label)
            sheet.cell(row=row, column=1).font = bold
            for column, value in enumerate(values, start=2):
                cell = sheet.cell(row=row, column=column)
                if isinstance(value, int):
                    cell.value = value
                    if "yen" in label or "円" in label:
                        cell.number_format = "#,##0"
                else:
                    _text(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        _text(sheet.cell(row=first, column=own_column), _("Our own estimate"))
        estimate = PatternFill("solid", fgColor="FFFBE6")
        for row in range(first, first + len(case_rows(pack))):
            sheet.cell(row=row, column=own_column).fill = estimate
        sheet.column_dimensions["A"].width = 30
        for column in range(2, own_column + 1):
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = 34
    if pack.has_adopter_results:
        _adopter_sheet(workbook.create_sheet(_("Adopters' results")[:31]), pack, bold)
    if pack.templates:
        templates = workbook.create_sheet(_("App templates")[:31])
        headers = [
            _("App template"),
            _("Municipality"),
            _("Licence"),
            _("Adoptions in all"),
            _("Source"),
        ]
        for column, header in enumerate(headers, start=1):
            _text(templates.cell(row=1, column=column), header)
            templates.cell(row=1, column=column).font = bold
        for row, item in enumerate(pack.templates, start=2):
            _text(templates.cell(row=row, column=1), item.page.title)
            _text(templates.cell(row=row, column=2), item.municipality.display_name)
            _text(templates.cell(row=row, column=3), item.page.get_licence_display())
            templates.cell(row=row, column=4).value = item.page.adoption_count
            _text(templates.cell(row=row, column=5), item.url)
    sources = workbook.create_sheet(_("Sources and licence")[:31])
    _text(
        sources.cell(row=1, column=1),
        _("Figures from Yokoten (verified municipal staff), under %(licence)s: %(url)s")
        % {"licence": pack.licence, "url": pack.licence_url},
    )
    for row, item in enumerate(pack.items, start=2):
        _text(
            sources.cell(row=row, column=1),
            f"{item.page.title}（{item.municipality.display_name}）",
        )
        _text(sources.cell(row=row, column=2), item.url)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
