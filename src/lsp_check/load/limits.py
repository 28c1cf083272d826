"""The bounds on every input file, in one place: sizes, lines, nodes, depth, rows and columns (reliability.md)."""

# Every file is refused with exit status 2 and a located message past these bounds, before the work they would cost.

# Answers and questionnaire files (YAML). The bundled questionnaires are under 16 KB; answers files are smaller.
MAX_YAML_BYTES = 1_048_576  # 1 MiB
# Online-form exports (CSV): room for thousands of respondents with long free-text answers.
MAX_CSV_BYTES = 16_777_216  # 16 MiB
# The longest line of any input file, in characters (a CSV line, not a row: quoted cells may span lines).
MAX_LINE_CHARS = 100_000
# YAML nodes (keys, values, lists and mappings) a document may hold as written, counted before it is built.
MAX_YAML_NODES = 20_000
# Values a YAML document may expand to once aliases are followed: it stops alias "bombs".
MAX_YAML_VALUES = 50_000
# Lists and mappings nested inside one another.
MAX_DEPTH = 64
# Rows (respondents, plus the heading row) and columns of a form export, CSV or workbook.
MAX_CSV_ROWS = 20_000
MAX_CSV_COLUMNS = 1_000
# The longest cell of a form export, in characters (Python's csv field limit; Excel's own is 32,767).
MAX_CELL_CHARS = 131_072
# Excel workbooks (.xlsx, a zip of XML parts): the file, how many parts, and what they may unpack to, each and
# all together, checked from the zip's directory before any part is read (a part never unpacks past its size).
MAX_XLSX_BYTES = 16_777_216  # 16 MiB, as for CSV
MAX_XLSX_PARTS = 500
MAX_XLSX_PART_BYTES = 67_108_864  # 64 MiB: Excel writes a sheet of 20,000 rows of 30 columns in about 25 MB
MAX_XLSX_UNPACKED = 134_217_728  # 128 MiB
# openpyxl parses a workbook's XML by the element, each in Python, and parses some parts whole before any sheet is
# read (styles, the sheet list, document properties, the shared strings, and every sheet that does not say its size
# at its top): each part may open this many elements, the shared strings (every distinct text, two or three elements
# each) more, and all parts together (the sheets included) the most; a survey tool's export needs a few hundred
# elements besides two or three a cell.
MAX_XLSX_ELEMENTS = 50_000
MAX_XLSX_STRING_ELEMENTS = 400_000
MAX_XLSX_ALL_ELEMENTS = 2_000_000
# Cells of the sheet read, counted as they are read: 20,000 rows of 25 columns. openpyxl takes a few microseconds a
# cell, so this bounds what a sheet can cost to a second or two; a larger export can be read as CSV.
MAX_XLSX_CELLS = 500_000
# The highest score an option may give, and the largest band bound either way: totals stay exact and finite.
MAX_SCORE = 1_000_000
MAX_BAND_BOUND = 1_000_000_000
# How much of a value a message echoes; the rest is counted, not shown.
ECHO_CHARS = 80
# Problems listed one by one per file; the rest are counted in one line.
MAX_PROBLEMS_SHOWN = 50
# Unmatched form columns listed one by one; the rest are counted.
MAX_COLUMNS_SHOWN = 5


def shorten(text: str, limit: int = ECHO_CHARS) -> str:
    """The first ``limit`` characters of a value echoed in a message, then how long it was."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"
