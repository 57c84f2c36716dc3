"""What a file really is, judged by its content and structure, never by its name.

Every document uploaded to Yokoten (template versions, curriculum materials, case
study attachments) passes ``check_upload`` first; a rejected file is never stored.
One function per rule; each raises ``ValidationError`` with a code and a message
that tells the uploader, in Japanese, what was wrong and what to do instead.

Allowed kinds: zip (e.g. kintone app packages), xlsx, csv, pdf, png and jpeg.
ZIP archives (and xlsx, which is a ZIP) are judged from their central directory
before anything is unpacked: entry count, declared sizes, compression ratio, every
name each entry has (the central directory's, the local header's and the Unicode
path extra fields of both), symlinks and encryption; then each entry is read through
(within those limits) for archives, programs and Office (OLE) objects, recognised by
their signatures wherever they sit. An xlsx's own parts are parsed as XML (character
references resolved) for macros, ActiveX controls and embedded objects. PDFs are
parsed in full with pikepdf (qpdf): every object, those packed in object streams too,
is looked at for scripts, actions, launches, embedded files and XFA forms. Images
are decoded to the last pixel by Pillow.
"""

import csv
import io
import re
import stat
import struct
import warnings
import zipfile
import zlib
from enum import StrEnum
from pathlib import PurePosixPath
from xml.etree import ElementTree

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
        ".chm",
        ".hlp",
        ".url",
        ".website",
        ".wsc",
        ".sct",
        ".ws",
        ".msc",
        ".inf",
        ".ins",
        ".isp",
        ".scf",
        ".shb",
        ".shs",
        ".job",
        ".gadget",
        ".application",
        ".appref-ms",
        ".settingcontent-ms",
        ".library-ms",
        ".search-ms",
        ".searchconnector-ms",
        ".diagcab",
        ".msix",
        ".msixbundle",
        ".appx",
        ".appxbundle",
        ".xbap",
        ".ocx",
        ".sys",
        ".drv",
        ".efi",
        ".vb",
        ".psc1",
        ".psd1",
        ".ps1xml",
        ".msh",
        ".mde",
        ".ade",
        ".adp",
        ".accde",
        ".xll",
        ".iqy",
        ".slk",
        ".mht",
        ".mhtml",
        ".one",
        ".vhd",
        ".vhdx",
        ".img",
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
# Signatures at the start of a file (short ones only count there).
ARCHIVE_MAGIC = (
    b"PK\x03\x04",  # zip (and Office files, which are zip archives)
    b"PK\x05\x06",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x1f\x8b",  # gzip
    b"BZh",
    b"\xfd7zXZ\x00",
    b"MSCF",  # cab
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\x5d\x00\x00",  # lzma
)
# Archive signatures long enough to mean an archive wherever they sit inside a
# file (an archive can be read from inside other bytes: a ZIP from its end, a
# self-extracting LZH after its program), and the ones defined at an offset.
ARCHIVE_ANYWHERE = re.compile(
    rb"PK\x03\x04[\x0a\x14\x2d\x33\x3f]\x00"  # zip local header (version needed)
    rb"|PK\x05\x06\x00\x00\x00\x00"  # zip end of central directory
    rb"|7z\xbc\xaf\x27\x1c"
    rb"|Rar!\x1a\x07[\x00\x01]"
    rb"|MSCF\x00\x00\x00\x00"  # cab
    rb"|ustar(?:\x0000|  \x00)"  # tar (offset 257 of each header)
    rb"|-l(?:h[0-7d]|z[s45])-"  # LZH/LHA (offset 2 of each header)
    rb"|CD001[\x01\x02]"  # ISO 9660 volume descriptor
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97 files, OLE objects, VBA projects
EXECUTABLE_ANYWHERE = re.compile(
    rb"This program (?:cannot be run in DOS mode|must be run under Win32)"  # PE stub
    rb"|\x7fELF[\x01\x02][\x01\x02]\x01"
)
SCAN_CHUNK = 1024 * 1024
SCAN_OVERLAP = 64
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
# Names in a PDF that run code or carry files, in the raw file (a first look; the
# parsed objects are what decide: check_pdf).
PDF_ACTIVE_NAMES = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?=[\s/<>\[\]()%{}]|$)"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Keys of a parsed PDF object that run code, act by themselves or carry files ...
PDF_ACTIVE_KEYS = ("/JS", "/JavaScript", "/AA", "/Launch", "/EmbeddedFiles", "/EF", "/XFA")
# ... action types (/S) that do, and annotation types (/Subtype) that carry files or media.
PDF_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",
        "/Rendition",
        "/RichMediaExecute",
    }
)
PDF_ACTIVE_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen"})
PDF_MAX_OBJECTS = 200_000
# An xlsx's parts and relationships that are macros, controls or embedded objects.
XLSX_ACTIVE = re.compile(r"vbaProject|vbaData|macroEnabled|activeX|oleObject|/package$", re.I)


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
        for name in entry_names(archive, entry):
            check_zip_entry_name(name)
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


def entry_names(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> list[str]:
    """Every name an entry goes by: unpacking tools differ in which one they use.
    The central directory's, the Unicode path extra field (0x7075) of the central
    directory and of the local header, and the local header's own name."""
    names = [entry.filename, *_unicode_paths(entry.extra)]
    local_name, local_extra = _local_header(archive, entry)
    names.extend(_unicode_paths(local_extra))
    if local_name is not None:
        decoded = local_name.decode(
            "utf-8" if entry.flag_bits & 0x800 else "cp437", errors="replace"
        )
        if decoded.replace("\\", "/") != entry.orig_filename.replace("\\", "/"):
            raise _reject(
                "zip_names_differ",
                _(
                    "“%(name)s” goes by another name inside the archive (“%(other)s”); "
                    "such archives are not allowed."
                ),
                name=entry.filename,
                other=decoded,
            )
    return names


def _unicode_paths(extra: bytes) -> list[str]:
    names, offset = [], 0
    while offset + 4 <= len(extra):
        field, size = struct.unpack("<HH", extra[offset : offset + 4])
        data = extra[offset + 4 : offset + 4 + size]
        if field == 0x7075 and len(data) >= 5:  # version (1), CRC of the name (4), UTF-8 name
            names.append(data[5:].decode("utf-8", errors="replace"))
        offset += 4 + size
    return names


def _local_header(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> tuple[bytes | None, bytes]:
    handle = archive.fp
    if handle is None:
        return None, b""
    handle.seek(entry.header_offset)
    header = handle.read(30)
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        raise _reject("broken", _("The archive is damaged and cannot be read. Create it again."))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return handle.read(name_length), handle.read(extra_length)


# Characters that make a name show other than it is (right-to-left override …) or
# that Windows refuses; a name is judged after the trailing dots and spaces Windows
# drops ("readme.hta " is readme.hta).
NAME_TRICKS = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069:*?\"<>|]")


def check_zip_entry_name(name: str) -> None:
    normalised = name.replace("\\", "/")
    # "..", and ".. " or "..." too, which Windows reads as "..".
    climbs = any(part.count(".") >= 2 and not part.strip(". ") for part in normalised.split("/"))
    if normalised.startswith("/") or re.match(r"^[A-Za-z]:", normalised) or climbs:
        raise _reject(
            "zip_unsafe_path",
            _(
                "“%(name)s” in the archive points outside the archive (an absolute path "
                "or “..”); such archives are not allowed."
            ),
            name=name,
        )
    if NAME_TRICKS.search(normalised):
        raise _reject(
            "zip_unsafe_name",
            _(
                "“%(name)s” in the archive has characters in its name that hide what it "
                "is or that Windows does not allow. Rename it."
            ),
            name=name,
        )


def check_entry_kind_by_name(name: str) -> None:
    """No program, macro file or archive by its name, as Windows reads the name: it
    drops trailing dots and spaces, so "readme.hta " and "setup.exe." are programs."""
    windows_name = "/".join(part.rstrip(". ") for part in name.replace("\\", "/").split("/"))
    suffix = _suffix(windows_name)
    if suffix in EXECUTABLE_SUFFIXES or windows_name.lower().endswith("vbaproject.bin"):
        raise _executable(name)
    if suffix in ARCHIVE_SUFFIXES:
        raise _nested(name)


def check_zip_contents(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """No archives inside the archive, no programs and no Office objects: by every
    name (check_zip_structure), then by content, read through."""
    for entry in entries:
        for name in entry_names(archive, entry):
            check_entry_kind_by_name(name)
        if entry.is_dir():
            continue
        try:
            with archive.open(entry) as member:
                _scan_member(member, entry.filename)
        except (zipfile.BadZipFile, NotImplementedError, OSError, zlib.error, EOFError) as error:
            raise _reject(
                "broken", _("The archive is damaged and cannot be read. Create it again.")
            ) from error


def _scan_member(member, name: str) -> None:
    """Signatures at the start, then the long ones wherever they sit."""
    head = member.read(SCAN_CHUNK)
    if head.startswith(ARCHIVE_MAGIC):
        raise _nested(name)
    if head.startswith(EXECUTABLE_MAGIC):
        raise _executable(name)
    chunk, tail = head, b""
    while chunk:
        window = tail + chunk
        if ARCHIVE_ANYWHERE.search(window):
            raise _nested(name)
        if EXECUTABLE_ANYWHERE.search(window):
            raise _executable(name)
        if OLE_MAGIC in window:
            raise _reject(
                "zip_ole_object",
                _(
                    "“%(name)s” in the archive is or holds an Office 97 file or an embedded "
                    "object (OLE), which can carry macros and programs; these are not allowed."
                ),
                name=name,
            )
        tail = window[-SCAN_OVERLAP:]
        chunk = member.read(SCAN_CHUNK)


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
    """A workbook without macros, controls or embedded objects: its part names, the
    content types and every relationship, read as XML (so a character reference such
    as ``&#x76;baProject`` means what Excel reads), then each part's content."""
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise _reject(
            "xlsx_invalid",
            _("This is not an Excel workbook (xlsx). Save it again from Excel as .xlsx."),
        )
    declared = []
    for entry in entries:
        if entry.filename == "[Content_Types].xml" or entry.filename.endswith(".rels"):
            for element in _parse_part(archive, entry).iter():
                declared.extend(
                    element.get(attribute, "")
                    for attribute in ("ContentType", "PartName", "Extension", "Type", "Target")
                )
    lowered = [name.lower() for name in names]
    if any(XLSX_ACTIVE.search(value) for value in declared) or any(
        name.endswith("vbaproject.bin") or "/embeddings/" in name or "/activex/" in name
        for name in lowered
    ):
        raise _reject(
            "xlsx_macro",
            _(
                "The workbook contains macros (VBA), controls or embedded objects. Remove "
                "them and save it as a macro-free workbook (.xlsx)."
            ),
        )
    for entry in entries:
        try:
            for name in entry_names(archive, entry):
                check_entry_kind_by_name(name)
            with archive.open(entry) as member:
                _scan_member(member, entry.filename)
        except ValidationError as error:
            raise _reject(
                "xlsx_macro",
                _(
                    "The workbook carries another file (“%(name)s”: an archive, a program "
                    "or an embedded object). Remove it and save it again as .xlsx."
                ),
                name=entry.filename,
            ) from error
        except (zipfile.BadZipFile, NotImplementedError, OSError, zlib.error, EOFError) as error:
            raise _reject(
                "broken", _("The archive is damaged and cannot be read. Create it again.")
            ) from error


def _parse_part(archive: zipfile.ZipFile, entry: zipfile.ZipInfo):
    invalid = _reject(
        "xlsx_invalid",
        _("This is not an Excel workbook (xlsx). Save it again from Excel as .xlsx."),
    )
    data = archive.read(entry)  # its size was checked with the archive's
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise invalid  # Office never writes them; entities could expand without end
    try:
        return ElementTree.fromstring(data)  # noqa: S314 (no DTD, so no entity expansion)
    except ElementTree.ParseError as error:
        raise invalid from error


def check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise _reject("pdf_invalid", _("The PDF is incomplete or damaged. Create it again."))
    raw = PDF_ACTIVE_NAMES.search(
        PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), data)
    )
    if raw:
        raise _active_pdf(raw.group(0).decode("ascii"))
    for what in _pdf_active_parts(data):
        raise _active_pdf(what)


def _active_pdf(what: str) -> ValidationError:
    return _reject(
        "pdf_active_content",
        _(
            "The PDF contains %(what)s, which can run code or carry other files. "
            "Print it to a new PDF without them."
        ),
        what=what,
    )


def _pdf_active_parts(data: bytes):
    """Parse the PDF with qpdf and yield what in it is active: every object of the
    cross-reference table, including those packed in object streams, and every
    dictionary inside them, whatever its /Type says (or lacks)."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise _reject(
            "pdf_encrypted",
            _("The PDF is protected by a password, so it cannot be checked. Save it without one."),
        ) from error
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        raise _reject(
            "pdf_invalid", _("The PDF is incomplete or damaged. Create it again.")
        ) from error
    with pdf:
        pending = [pdf.trailer, *pdf.objects]
        if len(pending) > PDF_MAX_OBJECTS:
            raise _reject(
                "pdf_invalid",
                _("The PDF has too many parts to be checked. Save it again as PDF."),
            )
        seen = 0
        while pending:
            item = pending.pop()
            seen += 1
            if seen > PDF_MAX_OBJECTS * 4:
                raise _reject(
                    "pdf_invalid",
                    _("The PDF has too many parts to be checked. Save it again as PDF."),
                )
            if isinstance(item, pikepdf.Stream):
                item = item.stream_dict
            if isinstance(item, pikepdf.Dictionary):
                found = _active_in_dictionary(item)
                if found:
                    yield found
                children = item.values()
            elif isinstance(item, pikepdf.Array):
                children = list(item)
            else:
                continue
            # Indirect objects are in pdf.objects already; look into direct ones only.
            pending.extend(
                child
                for child in children
                if isinstance(child, pikepdf.Object) and not child.is_indirect
            )


def _active_in_dictionary(dictionary) -> str | None:
    for key in PDF_ACTIVE_KEYS:
        if key in dictionary:
            return key
    action = dictionary.get("/S")
    if action is not None and str(action) in PDF_ACTIVE_ACTIONS:
        return str(action)
    subtype = dictionary.get("/Subtype")
    if subtype is not None and str(subtype) in PDF_ACTIVE_ANNOTATIONS:
        return str(subtype)
    opening = dictionary.get("/OpenAction")
    if opening is not None and hasattr(opening, "keys"):  # an action, not a destination
        return "/OpenAction"
    return None


def check_image(file, kind: FileKind | None = None) -> None:
    """Decoded to the last pixel, and of the kind its name says (when given)."""
    from PIL import Image

    failed = _reject("image_invalid", _("The image is damaged or not a PNG/JPEG image."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            file.seek(0)
            with Image.open(file) as image:
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                if kind and image.format != {FileKind.PNG: "PNG", FileKind.JPEG: "JPEG"}[kind]:
                    raise failed
                image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise _reject(
            "image_too_large",
            _("The image has too many pixels to be shown safely. Make it smaller."),
        ) from error
    except ValidationError:
        raise
    except Exception as error:
        raise failed from error
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
        check_image(file, kind)
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
