"""What a file that is not text is, by its first bytes: an Excel workbook, an encrypted one, or an old .xls.

Kept apart from load.workbook so that reading a CSV export can ask without importing the workbook reader.
"""

from __future__ import annotations

# Said of an .xls file by every command (and of any file that is one, whatever its name, by the form reader).
OLD_EXCEL = ("an Excel 97-2003 workbook (.xls), which lsp-check does not read; save it as an Excel Workbook (.xlsx) "
             "or as CSV UTF-8")
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Excel 97-2003 and of encrypted workbooks


def binary_kind(raw: bytes) -> str:
    """'workbook' (a zip), 'encrypted' (an encrypted workbook), 'xls' (Excel 97-2003), or '' for anything else."""
    if raw.startswith(ZIP_MAGIC):
        return "workbook"
    if raw.startswith(OLE_MAGIC):
        # An encrypted .xlsx is an OLE compound file holding the encrypted zip as a stream of this name.
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in raw else "xls"
    return ""
