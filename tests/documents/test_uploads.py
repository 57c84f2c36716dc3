"""Files are judged by content and structure, never by name. Each crafted file is
rejected with its reason in Japanese, through Wagtail's document upload, and
nothing is stored: no Document row and no file on disk."""

import io
import json
import stat
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from casestudies.demo import files as demo_files
from community.documents.uploads import FileKind, check_upload
from tests.apptemplates.conftest import file_bytes

pytestmark = pytest.mark.django_db


def make_zip(entries: list[tuple], *, method=zipfile.ZIP_DEFLATED) -> bytes:
    """entries: (name, data) or (ZipInfo, data)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """60 MB of zeros that compress to about 60 KB: a ratio of about 1,000 to 1."""
    return make_zip([("data/zeros.csv", b"0" * (60 * 1024 * 1024))])


def zip_with_symlink() -> bytes:
    link = zipfile.ZipInfo("app/settings.json")
    link.create_system = 3  # Unix
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return make_zip([("app/manifest.json", b"{}"), (link, b"/etc/passwd")])


def macro_xlsx() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(file_bytes("xlsx")))
    entries = [(info.filename, source.read(info)) for info in source.infolist()]
    return make_zip([*entries, ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")])


def pdf_with(dictionary: bytes) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + dictionary + b" >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def packed_pdf(dress) -> bytes:
    """A well-formed one-page PDF made by qpdf, every object packed in a compressed
    object stream (so nothing of it shows in the raw bytes), after ``dress(pdf)``."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    dress(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def javascript(pdf):
    import pikepdf

    return pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))


def pdf_with_packed_javascript() -> bytes:
    """/JavaScript hidden in a compressed object stream (/ObjStm)."""

    def dress(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(javascript(pdf))

    return packed_pdf(dress)


def pdf_with_javascript_in_an_untyped_object_stream() -> bytes:
    """The object stream's /Type /ObjStm blanked out (same length, so every offset
    still holds): a reader finds the objects through the cross-reference stream."""
    data = pdf_with_packed_javascript()
    assert data.count(b"/Type /ObjStm") == 1
    return data.replace(b"/Type /ObjStm", b" " * len(b"/Type /ObjStm"))


def pdf_with_a_link_running_javascript() -> bytes:
    """A link annotation whose action dictionary has no /Type, packed away."""
    import pikepdf

    def dress(pdf):
        pdf.pages[0].Annots = pdf.make_indirect(
            [
                pikepdf.Dictionary(
                    Subtype=pikepdf.Name.Link, Rect=[0, 0, 100, 100], A=javascript(pdf)
                )
            ]
        )

    return packed_pdf(dress)


def pdf_with_a_page_open_action() -> bytes:
    """/AA on a page: a launch when the page opens, packed away."""
    import pikepdf

    def dress(pdf):
        launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
        pdf.pages[0].AA = pikepdf.Dictionary(O=launch)

    return packed_pdf(dress)


def pdf_with_an_xfa_form() -> bytes:
    import pikepdf

    def dress(pdf):
        xfa = pdf.make_stream(b"<xdp:xdp><script>xfa.host.messageBox(1)</script></xdp:xdp>")
        pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[], XFA=xfa)

    return packed_pdf(dress)


def pdf_with_a_packed_embedded_file() -> bytes:
    import pikepdf

    def dress(pdf):
        payload = pdf.make_stream(b"MZ\x90\x00", Type=pikepdf.Name.EmbeddedFile)
        spec = pikepdf.Dictionary(
            Type=pikepdf.Name.Filespec, F=pikepdf.String("setup.exe"), EF={"/F": payload}
        )
        pdf.Root.Names = pikepdf.Dictionary(
            EmbeddedFiles=pikepdf.Dictionary(Names=[pikepdf.String("setup.exe"), spec])
        )

    return packed_pdf(dress)


def xlsx_with(*extra: tuple, content_types: bytes | None = None) -> bytes:
    """The demo workbook with ``extra`` (name, data) parts, and its [Content_Types].xml
    replaced by ``content_types`` when given."""
    source = zipfile.ZipFile(io.BytesIO(file_bytes("xlsx")))
    entries = [(info.filename, source.read(info)) for info in source.infolist()]
    if content_types is not None:
        entries = [
            (name, content_types if name == "[Content_Types].xml" else data)
            for name, data in entries
        ]
    return make_zip([*entries, *extra])


def xlsx_with_vba_behind_a_character_reference() -> bytes:
    """The VBA part declared as ``application/vnd.ms-office.&#x76;baProject`` under
    an innocent part name: the bytes never spell "vbaProject", Excel reads it so."""
    source = zipfile.ZipFile(io.BytesIO(file_bytes("xlsx")))
    content_types = source.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/xl/styles2.bin" '
        b'ContentType="application/vnd.ms-office.&#x76;baProject"/></Types>',
    )
    return xlsx_with(
        ("xl/styles2.bin", b'Attribute VB_Name = "Module1"'), content_types=content_types
    )


def pe_program() -> bytes:
    return b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode.\r\n"


def ole_object() -> bytes:
    """The first bytes of an OLE compound file (Office 97, embedded objects, VBA)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def tar_archive() -> bytes:
    import tarfile

    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        data = b"echo evil"
        info = tarfile.TarInfo("run.sh")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


def lzh_archive() -> bytes:
    """A level-0 LHA header (as Japanese archivers write) and its stored data."""
    import struct

    name, data = b"setup.exe", b"MZ"
    body = b"-lh0-" + struct.pack("<IIHBB", len(data), len(data), 0, 0x20, 0)
    body += bytes([len(name)]) + name + struct.pack("<H", zlib.crc32(data) & 0xFFFF)
    header = bytes([len(body), sum(body) & 0xFF]) + body
    return header + data + b"\x00"


def zip_with_unicode_path(shown: str, hidden: str) -> bytes:
    """An entry named ``shown`` whose Unicode path extra field (0x7075), which
    unpackers such as Info-ZIP prefer, says ``hidden``."""
    import struct

    info = zipfile.ZipInfo(shown)
    name = hidden.encode()
    field = struct.pack("<BI", 1, zlib.crc32(shown.encode())) + name
    info.extra = struct.pack("<HH", 0x7075, len(field)) + field
    return make_zip([("app/manifest.json", b"{}"), (info, b"* * * * * root evil")])


def zip_whose_local_name_differs() -> bytes:
    """The central directory says readme.txt, the local header (what streaming
    unpackers read) says readme.hta."""
    data = bytearray(make_zip([("app/readme.txt", b"<script>evil()</script>")]))
    local = data.find(b"app/readme.txt")
    data[local : local + 14] = b"app/readme.hta"
    return bytes(data)


CRAFTED = {
    "zip bomb": ("package.zip", zip_bomb, "zip_ratio", "ZIP爆弾"),
    "zip with ../ paths": (
        "package.zip",
        lambda: make_zip([("app/manifest.json", b"{}"), ("../../etc/cron.d/evil", b"x")]),
        "zip_unsafe_path",
        "「..」",
    ),
    "zip with an absolute path": (
        "package.zip",
        lambda: make_zip([("/etc/passwd", b"x")]),
        "zip_unsafe_path",
        "絶対パス",
    ),
    "zip with a symlink": ("package.zip", zip_with_symlink, "zip_symlink", "シンボリックリンク"),
    "nested archive": (
        "package.zip",
        lambda: make_zip([("inner/app.zip", file_bytes("zip"))]),
        "zip_nested_archive",
        "さらに圧縮ファイル",
    ),
    "nested archive under an innocent name": (
        "package.zip",
        lambda: make_zip([("inner/readme.txt", file_bytes("zip"))]),
        "zip_nested_archive",
        "さらに圧縮ファイル",
    ),
    "executable in a zip": (
        "package.zip",
        lambda: make_zip([("tools/setup.txt", b"MZ\x90\x00" + b"\x00" * 60)]),
        "zip_executable",
        "プログラム",
    ),
    "macro xlsx": ("fields.xlsx", macro_xlsx, "xlsx_macro", "マクロ（VBA）"),
    "macro workbook renamed .zip": (
        "package.zip",
        macro_xlsx,
        "zip_executable",
        "マクロ",
    ),
    "pdf with /JavaScript": (
        "manual.pdf",
        lambda: pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "pdf_active_content",
        "/JavaScript",
    ),
    "pdf with an escaped /J#61vaScript": (
        "manual.pdf",
        lambda: pdf_with(b"/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>"),
        "pdf_active_content",
        "/JavaScript",
    ),
    "pdf with a launch action": (
        "manual.pdf",
        lambda: pdf_with(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
        "pdf_active_content",
        "/Launch",
    ),
    "pdf with an embedded file": (
        "manual.pdf",
        lambda: pdf_with(b"/Names << /EmbeddedFiles << /Names [] >> >>"),
        "pdf_active_content",
        "/EmbeddedFiles",
    ),
    "pdf with javascript in an object stream": (
        "manual.pdf",
        pdf_with_packed_javascript,
        "pdf_active_content",
        "/JS",
    ),
    "html renamed .pdf": (
        "manual.pdf",
        lambda: b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "kind_mismatch",
        "中身がPDFではありません",
    ),
    "html renamed .csv": (
        "fields.csv",
        lambda: b"<html><body>not a csv</body></html>",
        "csv_invalid",
        "CSVファイルではありません",
    ),
    "executable renamed .pdf": (
        "manual.pdf",
        lambda: b"MZ\x90\x00\x03" + b"\x00" * 200,
        "unknown_content",
        "どれでもありません",
    ),
    "an .exe": ("setup.exe", lambda: b"MZ\x90\x00", "unsupported", "アップロードできません"),
    # Issue 12, finding 4: the 13 crafted files that passed, and their kin.
    "pdf with javascript in an object stream without /Type": (
        "manual.pdf",
        pdf_with_javascript_in_an_untyped_object_stream,
        "pdf_active_content",
        "/JS",
    ),
    "pdf with a link running untyped javascript, packed": (
        "manual.pdf",
        pdf_with_a_link_running_javascript,
        "pdf_active_content",
        "/JS",
    ),
    "pdf with a page action (/AA), packed": (
        "manual.pdf",
        pdf_with_a_page_open_action,
        "pdf_active_content",
        "/AA",
    ),
    "pdf with an XFA form, packed": (
        "manual.pdf",
        pdf_with_an_xfa_form,
        "pdf_active_content",
        "/XFA",
    ),
    "pdf with an embedded file, packed": (
        "manual.pdf",
        pdf_with_a_packed_embedded_file,
        "pdf_active_content",
        "が含まれています",
    ),
    "pdf that is not a PDF inside": (
        "manual.pdf",
        lambda: b"%PDF-1.7\nnot really\n%%EOF\n",
        "pdf_invalid",
        "壊れています",
    ),
    "xlsx carrying an .exe": (
        "fields.xlsx",
        lambda: xlsx_with(("xl/media/setup.exe", pe_program())),
        "xlsx_macro",
        "xl/media/setup.exe",
    ),
    "xlsx carrying a program under an image name": (
        "fields.xlsx",
        lambda: xlsx_with(("xl/media/image1.png", pe_program())),
        "xlsx_macro",
        "xl/media/image1.png",
    ),
    "xlsx carrying a nested zip": (
        "fields.xlsx",
        lambda: xlsx_with(("xl/media/data.bin", file_bytes("zip"))),
        "xlsx_macro",
        "xl/media/data.bin",
    ),
    "xlsx with VBA behind an XML character reference": (
        "fields.xlsx",
        xlsx_with_vba_behind_a_character_reference,
        "xlsx_macro",
        "マクロ（VBA）",
    ),
    "xlsx with an embedded OLE object": (
        "fields.xlsx",
        lambda: xlsx_with(("xl/embeddings/oleObject1.bin", ole_object())),
        "xlsx_macro",
        "埋め込み",
    ),
    "OLE object under an innocent name in a zip": (
        "package.zip",
        lambda: make_zip([("docs/notes.txt", ole_object())]),
        "zip_ole_object",
        "OLE",
    ),
    "nested tar under an innocent name": (
        "package.zip",
        lambda: make_zip([("data/backup.dat", tar_archive())]),
        "zip_nested_archive",
        "data/backup.dat",
    ),
    "nested LZH under an innocent name": (
        "package.zip",
        lambda: make_zip([("data/old.dat", lzh_archive())]),
        "zip_nested_archive",
        "data/old.dat",
    ),
    "zip appended after text": (
        "package.zip",
        lambda: make_zip([("docs/notes.txt", b"hello\n" + file_bytes("zip"))]),
        "zip_nested_archive",
        "docs/notes.txt",
    ),
    "7z after a few bytes": (
        "package.zip",
        lambda: make_zip([("docs/notes.txt", b"xx7z\xbc\xaf\x27\x1c\x00\x04")]),
        "zip_nested_archive",
        "docs/notes.txt",
    ),
    "cab inside": (
        "package.zip",
        lambda: make_zip([("docs/help.dat", b"MSCF\x00\x00\x00\x00" + b"\x00" * 28)]),
        "zip_nested_archive",
        "docs/help.dat",
    ),
    ".chm in a zip": (
        "package.zip",
        lambda: make_zip([("docs/help.chm", b"ITSF")]),
        "zip_executable",
        "docs/help.chm",
    ),
    ".url in a zip": (
        "package.zip",
        lambda: make_zip([("link.url", b"[InternetShortcut]\nURL=file://evil/x")]),
        "zip_executable",
        "link.url",
    ),
    ".wsc in a zip": (
        "package.zip",
        lambda: make_zip([("tools/run.wsc", b"<component></component>")]),
        "zip_executable",
        "tools/run.wsc",
    ),
    "hta with a trailing space in a zip": (
        "package.zip",
        lambda: make_zip([("readme.hta ", b"<script>evil()</script>")]),
        "zip_executable",
        "readme.hta ",
    ),
    "exe with trailing dots in a zip": (
        "package.zip",
        lambda: make_zip([("setup.exe..", b"hello")]),
        "zip_executable",
        "setup.exe..",
    ),
    "right-to-left override in a name": (
        "package.zip",
        lambda: make_zip([("invoice\u202etxt.scr", b"hello")]),
        "zip_unsafe_name",
        "Windows",
    ),
    "../ hidden in the Unicode path extra field": (
        "package.zip",
        lambda: zip_with_unicode_path("app/notes.txt", "../../etc/cron.d/evil"),
        "zip_unsafe_path",
        "../../etc/cron.d/evil",
    ),
    ".hta hidden in the Unicode path extra field": (
        "package.zip",
        lambda: zip_with_unicode_path("app/notes.txt", "app/notes.hta"),
        "zip_executable",
        "app/notes.hta",
    ),
    "local header name differs from the central directory": (
        "package.zip",
        zip_whose_local_name_differs,
        "zip_names_differ",
        "app/readme.hta",
    ),
    "png too large to decode safely": (
        "screen.png",
        lambda: image_bytes("PNG", (10_000, 10_000), mode="1"),
        "image_too_large",
        "画素",
    ),
    "truncated jpeg": (
        "screen.jpg",
        lambda: image_bytes("JPEG", (64, 64))[:-200],
        "image_invalid",
        "画像",
    ),
}


def image_bytes(kind: str, size: tuple, *, mode: str = "RGB") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, size).save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize("case", CRAFTED.keys())
def test_crafted_files_are_rejected_with_their_reason(case):
    name, build, code, _reason = CRAFTED[case]
    with pytest.raises(ValidationError) as raised:
        check_upload(ContentFile(build(), name=name))
    assert raised.value.code == code


def test_an_oversized_file_is_rejected_before_it_is_read(settings):
    settings.YOKOTEN_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as raised:
        check_upload(ContentFile(b"a,b\n" * 500, name="big.csv"))
    assert raised.value.code == "too_large"


def test_the_size_limit_defaults_to_20_mb(settings):
    del settings.YOKOTEN_UPLOAD_MAX_BYTES
    check_upload(ContentFile(b"a,b\n" * 1000, name="fine.csv"))
    with pytest.raises(ValidationError) as raised:
        check_upload(ContentFile(b"0" * (20 * 1024 * 1024 + 1), name="big.csv"))
    assert raised.value.code == "too_large"


@pytest.mark.parametrize("kind", ["zip", "xlsx", "csv", "pdf"])
def test_generated_demo_files_pass(kind):
    assert check_upload(ContentFile(file_bytes(kind), name=f"file.{kind}")) == FileKind(kind)


def test_a_shift_jis_csv_and_real_images_pass():
    from PIL import Image

    assert check_upload(ContentFile("氏名,住所\r\n".encode("cp932"), name="a.csv")) == "csv"
    for kind, extension in (("PNG", "png"), ("JPEG", "jpg")):
        out = io.BytesIO()
        Image.new("RGB", (8, 8), "white").save(out, kind)
        assert check_upload(ContentFile(out.getvalue(), name=f"screen.{extension}")) in (
            "png",
            "jpeg",
        )


def test_a_png_that_is_not_an_image_is_rejected():
    with pytest.raises(ValidationError) as raised:
        check_upload(ContentFile(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, name="screen.png"))
    assert raised.value.code == "image_invalid"


def test_a_package_json_is_an_ordinary_file_not_a_nested_archive():
    data = make_zip([("app/fields.json", json.dumps({"a": 1}).encode()), ("README.txt", b"hi")])
    assert check_upload(ContentFile(data, name="package.zip")) == "zip"


def test_a_zip_with_too_many_entries_is_rejected(settings):
    settings.YOKOTEN_ZIP_MAX_ENTRIES = 3
    data = make_zip([(f"f{index}.txt", b"x") for index in range(4)])
    with pytest.raises(ValidationError) as raised:
        check_upload(ContentFile(data, name="package.zip"))
    assert raised.value.code == "zip_too_many_entries"


def test_an_encrypted_entry_cannot_be_checked_and_is_rejected():
    data = bytearray(make_zip([("secret.txt", b"x")], method=zipfile.ZIP_STORED))
    # Set the "encrypted" flag in both the local header and the central directory.
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    with pytest.raises(ValidationError) as raised:
        check_upload(ContentFile(bytes(data), name="package.zip"))
    assert raised.value.code == "zip_encrypted"


# --- Through Wagtail's document upload (everyone who uploads uses it) ---------


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


@pytest.fixture
def uploader(client_for, moderator, with_totp):
    return client_for(with_totp(moderator))


def root_collection_id():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


@pytest.mark.parametrize("case", CRAFTED.keys())
def test_wagtail_document_upload_rejects_each_crafted_file_and_stores_nothing(
    uploader, media_root, case
):
    name, build, _code, reason = CRAFTED[case]
    response = uploader.post(
        "/cms/documents/add/",
        {
            "title": case,
            "collection": root_collection_id(),
            "file": ContentFile(build(), name=name),
        },
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert reason in errors, errors
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_wagtail_document_upload_rejects_an_oversized_file_in_japanese(
    uploader, media_root, settings
):
    settings.YOKOTEN_UPLOAD_MAX_BYTES = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
    response = uploader.post(
        "/cms/documents/add/",
        {
            "title": "大きすぎる",
            "collection": root_collection_id(),
            "file": ContentFile(b"a,b\n" * 500, name="big.csv"),
        },
    )
    errors = " ".join(response.context["form"].errors["file"])
    assert "までです" in errors and "分割" in errors
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_the_multiple_uploader_answers_with_the_reason_and_stores_nothing(uploader, media_root):
    response = uploader.post(
        "/cms/documents/multiple/add/",
        {"files[]": ContentFile(macro_xlsx(), name="fields.xlsx")},
    )
    data = response.json()
    assert data["success"] is False and "マクロ（VBA）" in data["error_message"]
    assert not Document.objects.exists() and stored_files(media_root) == []


def test_verified_staff_upload_a_checked_file(client_for, shimotsuma_staff, with_totp, media_root):
    client = client_for(with_totp(shimotsuma_staff))
    response = client.post(
        "/cms/documents/add/",
        {
            "title": "項目一覧",
            "collection": root_collection_id(),
            "file": ContentFile(demo_files.field_list_csv([{"name": "氏名"}]), name="fields.csv"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.uploaded_by_user == shimotsuma_staff
    assert len(stored_files(media_root)) == 1


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_visitors_and_members_cannot_upload_documents(request, client_for, media_root, who):
    user = None if who == "anonymous" else request.getfixturevalue(who)
    client_for(user).post(
        "/cms/documents/add/",
        {
            "title": "x",
            "collection": root_collection_id(),
            "file": ContentFile(b"a,b\n", name="a.csv"),
        },
    )
    assert not Document.objects.exists()


def test_a_served_document_is_an_attachment_that_browsers_must_not_sniff(client, template_factory):
    template = template_factory(files=("pdf",))
    document = template.versions.get().files.get().document
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
