"""What a file really is, judged by its content and structure, never by its name.

Every document uploaded to Yokoten (template versions, curriculum materials, case
study attachments) passes ``check_upload`` first; a rejected file is never stored.
One function per rule; each raises ``ValidationError`` with a code and a message
that tells the uploader, in Japanese, what was wrong and what to do instead.

Allowed kinds: zip (e.g. kintone app packages), xlsx, csv, pdf, png and jpeg.
ZIP archives (and xlsx, which is a ZIP) are judged from their central directory
before anything is unpacked: entry count, declared sizes, compression ratio, paths,
symlinks and encryption; then at most a few leading bytes of each entry are read
to recognise nested archives and executables.
"""

import csv
import io
import re
import stat
import zipfile
import zlib
from enum import StrEnum
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class FileKind(StrEnum):
    ZIP = "zip"
    XLSX = "xlsx"
    CSV = "csv"
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"


# The name's extension must agree with what the content is.
EXTENSIONS = {
    "zip": FileKind.ZIP,
    "xlsx": FileKind.XLSX,
    "csv": FileKind.CSV,
    "pdf": FileKind.PDF,
    "png": FileKind.PNG,
    "jpg": FileKind.JPEG,
    "jpeg": FileKind.JPEG,
}
# Plain files a municipal terminal on LGWAN can receive after 無害化 (no archive).
PLAIN_KINDS = frozenset({FileKind.XLSX, FileKind.CSV, FileKind.PDF})

ARCHIVE_SUFFIXES = frozenset(
    [
        ".zip",
        ".7z",
        ".rar",
        ".gz",
        ".tgz",
        ".tar",
        ".bz2",
        ".xz",
        ".lzh",
        ".lha",
        ".cab",
        ".jar",
        ".war",
        ".iso",
        ".z",
        ".zipx",
        ".apk",
    ]
)
EXECUTABLE_SUFFIXES = frozenset(
    [
        ".exe",
        ".dll",
        ".com",
        ".bat",
        ".cmd",
        ".scr",
        ".msi",
        ".msp",
        ".ps1",
        ".psm1",
        ".vbs",
        ".vbe",
        ".js",
        ".jse",
        ".wsf",
        ".wsh",
        ".hta",
        ".lnk",
        ".cpl",
        ".pif",
        ".reg",
        ".sh",
        ".bash",
        ".app",
        ".elf",
        ".so",
        ".dylib",
        ".class",
        ".py",
        ".pl",
        ".rb",
        ".jar",
        ".xlsm",
        ".xltm",
        ".xlam",
        ".docm",
        ".dotm",
        ".pptm",
        ".potm",
        ".ppam",
    ]
)
ARCHIVE_MAGIC = (
    b"PK\x03\x04",  # zip (and Office files, which are zip archives)
    b"PK\x05\x06",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # cab
)
EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal, Java class
    b"#!",  # scripts
)
# Names in a PDF that run code or carry files.
PDF_ACTIVE_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia)(?=[\s/<>\[\]()%{}]|$)"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_MAX_INFLATED = 64 * 1024 * 1024


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def max_upload_bytes() -> int:
    return _limit("YOKOTEN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)


def _reject(code: str, message: str, **params) -> ValidationError:
    return ValidationError(message % params if params else message, code=code)


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


# --- Rules ------------------------------------------------------------------


def check_size(size: int) -> None:
    limit = max_upload_bytes()
    if size > limit:
        raise _reject(
            "too_large",
            _(
                "This file is %(size)s; files may be at most %(limit)s. Split it or make it smaller."
            ),
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )


def detect_kind(head: bytes, data_for_text) -> FileKind | None:
    """The kind the content says it is (zip/xlsx are told apart later)."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return FileKind.ZIP
    if head.startswith(b"%PDF-"):
        return FileKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileKind.JPEG
    if _looks_like_text(data_for_text()):
        return FileKind.CSV
    return None


def _decode_text(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp932"):  # Excel in Japan still writes Shift_JIS
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _looks_like_text(data: bytes) -> bool:
    return _decode_text(data) is not None


def check_extension(name: str, kind: FileKind | None) -> FileKind:
    """The extension is one we accept, and the content is what the extension says."""
    extension = _suffix(name).lstrip(".")
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise _reject(
            "unsupported",
            _(
                "Files of this kind (%(extension)s) cannot be uploaded. Allowed: ZIP, "
                "Excel (xlsx), CSV, PDF, PNG and JPEG."
            ),
            extension=f".{extension}" if extension else _("no extension"),
        )
    if kind is None:
        raise _reject(
            "unknown_content",
            _("The contents of this file are not ZIP, Excel, CSV, PDF, PNG or JPEG."),
        )
    if expected == FileKind.XLSX and kind == FileKind.ZIP:
        return FileKind.XLSX  # an xlsx is a ZIP; check_xlsx decides whether it is one
    if expected != kind:
        raise _reject(
            "kind_mismatch",
            _(
                "The file is named .%(extension)s but its contents are not %(expected)s. "
                "Save it again in that format, or give it its real extension."
            ),
            extension=extension,
            expected=expected.value.upper(),
        )
    return kind


def _open_zip(file) -> zipfile.ZipFile:
    try:
        file.seek(0)
        return zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _reject(
            "broken", _("The archive is damaged and cannot be read. Create it again.")
        ) from error


def check_zip_structure(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Limits read from the central directory only: nothing is unpacked here."""
    entries = archive.infolist()
    max_entries = _limit("YOKOTEN_ZIP_MAX_ENTRIES", 1000)
    if len(entries) > max_entries:
        raise _reject(
            "zip_too_many_entries",
            _("The archive holds %(count)d files; at most %(limit)d are allowed."),
            count=len(entries),
            limit=max_entries,
        )
    total = sum(entry.file_size for entry in entries)
    max_total = _limit("YOKOTEN_ZIP_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
    if total > max_total:
        raise _reject(
            "zip_too_large",
            _("Unpacked, the archive would take %(size)s; at most %(limit)s is allowed."),
            size=filesizeformat(total),
            limit=filesizeformat(max_total),
        )
    max_ratio = _limit("YOKOTEN_ZIP_MAX_RATIO", 100)
    compressed = sum(entry.compress_size for entry in entries)
    ratios = [
        entry.file_size / max(entry.compress_size, 1)
        for entry in entries
        if entry.file_size >= 1024 * 1024
    ]
    if (total >= 1024 * 1024 and total / max(compressed, 1) > max_ratio) or any(
        ratio > max_ratio for ratio in ratios
    ):
        raise _reject(
            "zip_ratio",
            _(
                "The archive is compressed suspiciously well (more than %(ratio)d to 1), as "
                "“zip bombs” are. It was not unpacked."
            ),
            ratio=max_ratio,
        )
    for entry in entries:
        check_zip_entry_name(entry.filename)
        if entry.flag_bits & 0x1:
            raise _reject(
                "zip_encrypted",
                _("“%(name)s” in the archive is encrypted, so it cannot be checked."),
                name=entry.filename,
            )
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise _reject(
                "zip_symlink",
                _("“%(name)s” in the archive is a symbolic link; links are not allowed."),
                name=entry.filename,
            )
    return entries


def check_zip_entry_name(name: str) -> None:
    normalised = name.replace("\\", "/")
    parts = normalised.split("/")
    if (
        normalised.startswith("/")
        or re.match(r"^[A-Za-z]:", normalised)
        or ".." in parts
        or "\x00" in name
    ):
        raise _reject(
            "zip_unsafe_path",
            _(
                "“%(name)s” in the archive points outside the archive (an absolute path "
                "or “..”); such archives are not allowed."
            ),
            name=name,
        )


def check_zip_contents(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """No archives inside the archive and no programs: by name, then by first bytes."""
    for entry in entries:
        if entry.is_dir():
            continue
        suffix = _suffix(entry.filename)
        if suffix in EXECUTABLE_SUFFIXES or entry.filename.lower().endswith("vbaproject.bin"):
            raise _executable(entry.filename)
        if suffix in ARCHIVE_SUFFIXES:
            raise _nested(entry.filename)
        try:
            with archive.open(entry) as member:
                head = member.read(8)
        except (zipfile.BadZipFile, NotImplementedError, OSError, zlib.error, EOFError) as error:
            raise _reject(
                "broken", _("The archive is damaged and cannot be read. Create it again.")
            ) from error
        if head.startswith(ARCHIVE_MAGIC):
            raise _nested(entry.filename)
        if head.startswith(EXECUTABLE_MAGIC):
            raise _executable(entry.filename)


def _nested(name: str) -> ValidationError:
    return _reject(
        "zip_nested_archive",
        _(
            "“%(name)s” is an archive (or an Office file) inside the archive. Upload it "
            "separately instead."
        ),
        name=name,
    )


def _executable(name: str) -> ValidationError:
    return _reject(
        "zip_executable",
        _("“%(name)s” in the archive is a program or a macro file; these are not allowed."),
        name=name,
    )


def check_xlsx(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _reject(
            "xlsx_invalid",
            _("This is not an Excel workbook (xlsx). Save it again from Excel as .xlsx."),
        )
    content_types = archive.read("[Content_Types].xml")  # small, and its size was checked
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        b"macroEnabled" in content_types
    ):
        raise _reject(
            "xlsx_macro",
            _(
                "The workbook contains macros (VBA). Remove them and save it as a macro-free "
                "workbook (.xlsx)."
            ),
        )


def check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise _reject("pdf_invalid", _("The PDF is incomplete or damaged. Create it again."))
    for chunk in _pdf_texts(data):
        names = PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), chunk)
        found = PDF_ACTIVE_NAMES.search(names)
        if found:
            raise _reject(
                "pdf_active_content",
                _(
                    "The PDF contains %(what)s, which can run code or carry other files. "
                    "Print it to a new PDF without them."
                ),
                what=found.group(0).decode("ascii"),
            )


def _pdf_texts(data: bytes):
    """The raw file, then each object stream inflated: objects packed in a compressed
    object stream (/ObjStm) would otherwise hide their names from the scan."""
    yield data
    budget = PDF_MAX_INFLATED
    for match in PDF_STREAM.finditer(data):
        start = match.end()
        header_start = data.rfind(b"obj", 0, match.start())
        header = PDF_NAME_ESCAPE.sub(
            lambda found: bytes([int(found.group(1), 16)]),
            data[max(header_start, 0) : match.start()],
        )
        if b"/ObjStm" not in header:
            continue
        end = data.find(b"endstream", start)
        try:
            inflater = zlib.decompressobj()
            inflated = inflater.decompress(data[start : end if end != -1 else None], budget)
        except zlib.error as error:
            raise _reject(
                "pdf_invalid",
                _(
                    "The PDF packs its objects in a way that cannot be checked. Save it again as PDF."
                ),
            ) from error
        budget -= len(inflated)
        if budget <= 0 or inflater.unconsumed_tail:
            raise _reject(
                "pdf_invalid",
                _(
                    "The PDF packs its objects in a way that cannot be checked. Save it again as PDF."
                ),
            )
        yield inflated


def check_image(file) -> None:
    from PIL import Image

    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()
    except Exception as error:
        raise _reject(
            "image_invalid", _("The image is damaged or not a PNG/JPEG image.")
        ) from error
    finally:
        file.seek(0)


def check_csv(data: bytes) -> None:
    text = _decode_text(data)
    stripped = (text or "").lstrip().lower()
    if text is None or stripped.startswith(("<", "{\\rtf")):
        raise _reject(
            "csv_invalid",
            _("This is not a CSV file (it looks like a web page or a document). Export it as CSV."),
        )
    try:
        for _row in csv.reader(io.StringIO(text)):
            pass
    except csv.Error as error:
        raise _reject(
            "csv_invalid", _("The CSV cannot be read: %(error)s"), error=str(error)
        ) from error


# --- The whole check ---------------------------------------------------------


def check_upload(file, name: str | None = None) -> FileKind:
    """Raise ``ValidationError`` if ``file`` may not be stored; return its kind.

    ``file`` is any Django ``File`` (an upload or a stored document's file)."""
    name = name or getattr(file, "name", "") or ""
    size = file.size
    check_size(size)
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = check_extension(name, detect_kind(head, lambda: _read_all(file)))
    if kind in (FileKind.ZIP, FileKind.XLSX):
        archive = _open_zip(file)
        try:
            entries = check_zip_structure(archive)
            if kind == FileKind.XLSX:
                check_xlsx(archive, entries)
            else:
                check_zip_contents(archive, entries)
        finally:
            archive.close()
            file.seek(0)
    elif kind == FileKind.PDF:
        check_pdf(_read_all(file))
    elif kind in (FileKind.PNG, FileKind.JPEG):
        check_image(file)
    else:
        check_csv(_read_all(file))
    return kind


def check_stored_document(document) -> None:
    """A Wagtail document chosen for a template or curriculum passes the same checks
    (it may predate a rule); raises ``ValidationError({"document": …})``."""
    with document.open_file() as handle:
        try:
            check_upload(handle, document.filename)
        except ValidationError as error:
            raise ValidationError({"document": error.messages}) from error


def kind_of_name(name: str) -> FileKind | None:
    """What a stored document is, from the name it was checked under."""
    return EXTENSIONS.get(_suffix(name).lstrip("."))
