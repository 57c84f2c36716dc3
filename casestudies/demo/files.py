"""Small, real files for the demo: field lists (CSV, xlsx), an app package (ZIP of a
plausible kintone-like structure) and a manual (PDF written by hand, with Japanese
text in the standard HeiseiKakuGo-W5 font that PDF readers provide). Each passes
the upload checks in uploads.py."""

import csv
import datetime
import io
import json
import re
import textwrap
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Font

FIELD_HEADER = ["項目名", "種類", "必須", "備考"]
ADDED_IN = re.compile(r"v(\d+(?:\.\d+)*)で追加")
# Fixed timestamps keep generated files byte-for-byte reproducible.
ZIP_TIMESTAMP = (2024, 4, 1, 9, 0, 0)
XLSX_MODIFIED = b"2024-04-01T09:00:00Z"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _version_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def fields_in_version(fields: list[dict], number: str) -> list[dict]:
    """The fields a version had: a note saying 「v1.2で追加」 means not before 1.2."""
    kept = []
    for field in fields:
        added = ADDED_IN.search(field.get("note", ""))
        if added is None or _version_key(added.group(1)) <= _version_key(number):
            kept.append(field)
    return kept


def _rows(fields: list[dict]) -> list[list[str]]:
    return [
        [
            field["name"],
            field.get("type", ""),
            "必須" if field.get("required") else "",
            field.get("note", ""),
        ]
        for field in fields
    ]


def field_list_csv(fields: list[dict]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens it correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELD_HEADER)
    writer.writerows(_rows(fields))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def field_list_xlsx(title: str, fields: list[dict], *, ledger: bool = False) -> bytes:
    """A macro-free workbook: the field list, and for Excel templates the ledger itself."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "項目一覧"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(FIELD_HEADER)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in _rows(fields):
        sheet.append(row)
    for column, width in zip("ABCD", (28, 18, 8, 60), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A3"
    if ledger:
        book = workbook.create_sheet("台帳")
        book.append([field["name"] for field in fields])
        for cell in book[1]:
            cell.font = Font(bold=True)
        book.freeze_panes = "A2"
    workbook.properties.title = title
    workbook.properties.creator = "Yokoten demo"
    workbook.properties.created = datetime.datetime(2024, 4, 1, 9, 0, 0)
    workbook.properties.modified = datetime.datetime(2024, 4, 1, 9, 0, 0)
    out = io.BytesIO()
    workbook.save(out)
    return _restamped(out.getvalue())


def _restamped(package: bytes) -> bytes:
    """The workbook with every part, and its "modified" property, stamped
    ``ZIP_TIMESTAMP``: openpyxl stamps the time of saving, so the same workbook
    saved a few seconds later differed."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "docProps/core.xml":
                data = MODIFIED.sub(rb"\g<1>" + XLSX_MODIFIED + rb"\g<2>", data)
            stamped = zipfile.ZipInfo(part.filename, date_time=ZIP_TIMESTAMP)
            stamped.compress_type = part.compress_type
            stamped.external_attr = part.external_attr
            target.writestr(stamped, data)
    return out.getvalue()


def _field_code(index: int) -> str:
    return f"field_{index:02d}"


def app_package_zip(*, slug: str, title: str, tool: str, version: str, fields: list[dict],
                    screens: list[str], licence: str) -> bytes:  # fmt: skip
    """A kintone-like app package: a manifest, each app's settings as JSON, a README."""
    root = f"{slug}-v{version}"
    manifest = {
        "format": "yokoten-app-package/1",
        "tool": tool,
        "name": title,
        "version": version,
        "licence": licence,
        "apps": [{"code": "main", "name": title, "path": "apps/main"}],
    }
    app_fields = [
        {
            "code": _field_code(index),
            "label": field["name"],
            "type": field.get("type", ""),
            "required": bool(field.get("required")),
            "description": field.get("note", ""),
        }
        for index, field in enumerate(fields, start=1)
    ]
    views = [{"name": f"画面{index}", "description": text} for index, text in enumerate(screens, 1)]
    readme = "\r\n".join(
        [
            f"{title}（バージョン {version}）",
            "",
            f"このパッケージは {tool} に読み込んで使うアプリのひな形です。",
            "1. 管理者としてログインし、アプリの読み込み（テンプレートから作成）を選びます。",
            "2. このファイルを指定して読み込みます。",
            "3. 項目名と選択肢を自分の自治体に合わせて変更してから使い始めてください。",
            "",
            f"ライセンス: {licence}",
        ]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2)),
            (
                "apps/main/app.json",
                json.dumps({"name": title, "version": version}, ensure_ascii=False, indent=2),
            ),
            ("apps/main/fields.json", json.dumps(app_fields, ensure_ascii=False, indent=2)),
            ("apps/main/views.json", json.dumps(views, ensure_ascii=False, indent=2)),
            ("README.txt", readme),
        ):
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data.encode("utf-8"))
    return out.getvalue()


# --- A minimal PDF with Japanese text ----------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
FONT_SIZE, LEADING, MARGIN = 11, 17, 56
CHARS_PER_LINE = 44
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LEADING


def _utf16_hex(text: str) -> str:
    """A PDF string for the UniJIS-UCS2-H encoding: UCS-2 big-endian, as hex."""
    return text.encode("utf-16-be").hex().upper()


def _wrap(paragraphs: list[str]) -> list[str]:
    lines = []
    for paragraph in paragraphs:
        lines.extend(textwrap.wrap(paragraph, CHARS_PER_LINE) or [""])
    return lines


def manual_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small valid PDF 1.4: catalog, pages, one content stream per page, a CID font."""
    lines = _wrap([title, "", *paragraphs])
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the pages object exists
    pages_ref = add(b"")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /HeiseiKakuGo-W5 /Flags 4 "
        b"/FontBBox [-92 -250 1010 922] /ItalicAngle 0 /Ascent 752 /Descent -221 "
        b"/CapHeight 737 /StemV 114 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiKakuGo-W5 "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> "
        + f"/FontDescriptor {descriptor} 0 R /DW 1000 >>".encode()
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiKakuGo-W5 /Encoding /UniJIS-UCS2-H "
        + f"/DescendantFonts [{cid_font} 0 R] >>".encode()
    )
    page_refs = []
    for page_lines in pages:
        text = [f"BT /F1 {FONT_SIZE} Tf {LEADING} TL {MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
        for line in page_lines:
            text.append(f"<{_utf16_hex(line)}> Tj T*")
        text.append("ET")
        stream = "\n".join(text).encode("ascii")
        content = add(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
        page_refs.append(
            add(
                f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>".encode()
            )
        )
    info = add(f"<< /Title <FEFF{_utf16_hex(title)}> /Producer (Yokoten demo) >>".encode())
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_ref} 0 R >>".encode()
    kids = " ".join(f"{ref} 0 R" for ref in page_refs)
    objects[pages_ref - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_refs)} >>".encode()

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R /Info {info} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)
