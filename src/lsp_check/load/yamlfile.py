"""Safe YAML reading that keeps the location of every key and value."""

from __future__ import annotations

import codecs
import os
import re
from typing import Any, NamedTuple

import yaml

from lsp_check.load.limits import MAX_DEPTH, MAX_LINE_CHARS, MAX_YAML_BYTES, MAX_YAML_NODES, MAX_YAML_VALUES, shorten
from lsp_check.problems import InputError, KeyPath, Problem, fail, format_path

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is in PyYAML's wheels
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
# Past this many values a document is refused: it stops alias "bombs" early.
MAX_VALUES = MAX_YAML_VALUES
_TAG_NAMES = {tag: "!!" + tag.rsplit(":", 1)[1] for tag in _PLAIN_TAGS}
_SCALAR_TAGS = _PLAIN_TAGS - {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


class _Loader(_BaseLoader):
    """Safe loader where yes/no/on/off and dates stay text, as people type answers."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class Mark(NamedTuple):
    """A 1-based line and column in a file."""

    line: int
    column: int


class Document:
    """A YAML file turned into plain values, with the location of every key and value."""

    __slots__ = ("name", "data", "marks", "key_marks")

    def __init__(self, name: str, data: Any) -> None:
        self.name = name
        self.data = data
        self.marks: dict[KeyPath, Mark] = {}
        self.key_marks: dict[KeyPath, Mark] = {}

    def where(self, path: KeyPath, *, key: bool = False) -> Mark | None:
        """The location of the value (or key) at ``path``, else of its nearest ancestor."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: KeyPath, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        """A problem located at ``path`` in this document."""
        mark = self.where(path, key=key)
        return Problem(
            self.name,
            message,
            mark.line if mark else None,
            mark.column if mark else None,
            format_path(path),
            severity,
        )


def read_text(
    path: str | os.PathLike[str],
    name: str | None = None,
    *,
    expected: str = "a YAML file",
    max_bytes: int = MAX_YAML_BYTES,
) -> str:
    """Read a text file ("-" is standard input) as UTF-8 (or UTF-16 with a byte-order mark), refusing binary data.

    Anything but a regular file, a file over ``max_bytes`` and a line over MAX_LINE_CHARS characters are refused.
    """
    from lsp_check.load.source import display_name, read_bytes

    path = os.fspath(path)
    name = display_name(path) if name in (None, "-") else name
    text = decode(read_bytes(path, name, max_bytes), name, expected=expected)
    check_lines(text, name)
    return text


def check_lines(text: str, name: str) -> None:
    """Refuse a text with a line longer than MAX_LINE_CHARS characters, naming the first such line."""
    if len(text) <= MAX_LINE_CHARS:
        return
    lengths = [len(line) for line in text.split("\n")]
    if max(lengths) <= MAX_LINE_CHARS:
        return
    number = next(i for i, length in enumerate(lengths, start=1) if length > MAX_LINE_CHARS)
    raise fail(name, f"line {number} is {lengths[number - 1]:,} characters long; lines may be at most "
                     f"{MAX_LINE_CHARS:,}", number, MAX_LINE_CHARS + 1)


def decode(raw: bytes, name: str, *, expected: str = "a YAML file") -> str:
    """Decode file bytes, naming the line and column of the first byte that is not text."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise fail(name, "is not valid UTF-16 text; save it as UTF-8") from None
    if b"\x00" in raw[:8192]:
        raise fail(name, f"is a binary file, not text; expected {expected}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise fail(
            name,
            f"byte 0x{raw[exc.start]:02X} is not valid UTF-8; save the file as UTF-8",
            line,
            column,
        ) from None


def load(text: str, name: str, marks: bool = True) -> Document:
    """Parse one YAML document safely into a Document; raise InputError for syntax problems.

    With ``marks=False`` a clean file is read quickly, without the location of every value; anything else is
    read carefully, with locations, as with ``marks=True``.
    """
    if not marks:
        try:
            return Document(name, _quick(text))
        except _Careful:
            pass  # the careful reading below refuses, locates or expands what the quick one left
    try:
        _check_shape(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, name) from None
    except yaml.reader.ReaderError as exc:
        line, column = _line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise fail(name, f"control character U+{code:04X} is not allowed in YAML text", line, column) from None
    except yaml.YAMLError as exc:
        raise fail(name, f"is not valid YAML: {exc}") from None
    doc = Document(name, None)
    if node is None:
        return doc
    problems: list[Problem] = []
    budget = [MAX_VALUES]
    try:
        doc.data = _convert(node, (), doc, problems, budget)
    finally:
        _take_apart(node)
    if problems:
        raise InputError(problems)
    return doc


def _take_apart(root: yaml.Node) -> None:
    """Empty every collection in a composed tree, so that one whose aliases make it hold itself is freed at once.

    Otherwise only a cycle collection frees such a tree, and a run over many files collects rarely
    (cli/common.start_up): twenty 750 KB files whose list holds itself would hold 14 MB each until then.
    """
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode) or not node.value:
            continue
        children = node.value
        node.value = []
        if isinstance(node, yaml.SequenceNode):
            stack.extend(children)
        else:
            for key, value in children:
                stack.append(key)
                stack.append(value)


def load_file(path: str | os.PathLike[str], name: str | None = None, marks: bool = True) -> Document:
    """Read and parse a YAML file ("-" is standard input)."""
    from lsp_check.load.source import display_name

    path = os.fspath(path)
    name = display_name(path) if name in (None, "-") else name
    return load(read_text(path, name), name, marks)


class _Careful(Exception):
    """The quick reading met something only the careful one handles: an error, a tag, an alias, an excess."""


_RESOLVERS = {first: tuple(resolvers) for first, resolvers in _Loader.yaml_implicit_resolvers.items()}
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_NO_KEY = object()


def _quick(text: str) -> Any:
    """The document's plain values in one pass over the parser's events, for the common, clean file.

    It builds the values directly, without the node tree the careful path composes, checks the shape as it
    goes, and gives up (``_Careful``) at the first thing it does not read the way the careful path would
    accept without comment: a syntax error, an explicit tag, an anchor or alias, a merge key, a duplicate or
    non-text key, more than MAX_DEPTH levels or MAX_YAML_NODES values. The careful path then reads the file
    again and says what is wrong, with its location. A test holds the two to the same values. Measured by
    bench/tricks.py "quick-yaml": 26% of `lsp-check score DIR --format json` on 10,000 files.
    """
    loader = _Loader(text)
    get = loader.get_event
    containers: list[Any] = []  # the open lists and mappings, innermost last
    keys: list[Any] = []  # for each open mapping, the key waiting for its value (_NO_KEY when none)
    root: Any = None
    documents = nodes = 0
    try:
        while True:
            event: Any = get()  # type() tests below, which the type checker does not narrow on
            if event is None:
                return root
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _Careful
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    tag = _STR
                    if event.implicit[0]:
                        for candidate, pattern in _RESOLVERS.get(value[:1], ()):
                            if pattern.match(value):
                                tag = candidate
                                break
                if tag != _STR:
                    if tag == _NULL:
                        value = None
                    elif tag in _SCALAR_TAGS:
                        value, error = _read_scalar(yaml.ScalarNode(tag, value))
                        if error:
                            raise _Careful
                    else:
                        raise _Careful
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or event.tag not in (None, "!") or len(containers) >= MAX_DEPTH:
                    raise _Careful
                value = {} if kind is yaml.MappingStartEvent else []
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                if type(containers.pop()) is dict:
                    keys.pop()
                continue
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Careful
                continue
            elif kind is yaml.AliasEvent:
                raise _Careful
            else:  # the stream's and the document's ends
                continue
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise _Careful
            if containers:
                parent = containers[-1]
                if type(parent) is list:
                    parent.append(value)
                elif keys[-1] is _NO_KEY:
                    if type(value) is dict or type(value) is list:
                        raise _Careful
                    key = _key_text(value)
                    if key in parent:
                        raise _Careful
                    keys[-1] = key
                else:
                    parent[keys[-1]] = value
                    keys[-1] = _NO_KEY
            else:
                root = value
            if type(value) is dict:
                containers.append(value)
                keys.append(_NO_KEY)
            elif type(value) is list:
                containers.append(value)
    except yaml.YAMLError:
        raise _Careful from None
    finally:
        loader.dispose()


_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_shape(text: str, name: str) -> None:
    """Refuse a document nested too deeply or holding too many nodes, before it is built.

    libyaml's parser streams events with no recursion, so this pass is linear and stops at the first excess;
    building the node tree of such a document would take seconds, or overflow the C stack.
    """
    loader = _Loader(text)
    depth = nodes = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                return
            if isinstance(event, _CLOSE):
                depth -= 1
                continue
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _at(name, event, f"nested more than {MAX_DEPTH} levels deep; refused")
            elif not isinstance(event, yaml.ScalarEvent):
                continue
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise _at(name, event, f"holds more than {MAX_YAML_NODES:,} keys and values; refused")
    finally:
        loader.dispose()


def _at(name: str, event: yaml.Event, message: str) -> InputError:
    mark = event.start_mark
    if mark is None:
        return fail(name, message)
    return fail(name, message, mark.line + 1, mark.column + 1)


def _line_column(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, name: str) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "is not valid YAML"
    if "\\t" in problem or "tab" in problem or (mark and _char_at(text, mark.line, mark.column) == "\t"):
        problem = "a tab character is not allowed here; indent YAML with spaces"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    if "expected a single document" in problem or "but found another document" in problem:
        problem = "holds more than one YAML document; expected exactly one"
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if "maximum nesting depth" in problem:
        # libyaml (PyYAML 6.0.4 on) stops at 1,000 levels while reading ahead, before the shape check's limit.
        return fail(name, f"nested more than {MAX_DEPTH} levels deep; refused", line, column)
    return fail(name, f"invalid YAML: {problem}{_quote_hint(exc, text)}", line, column)


def _quote_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """A hint when the error follows a backslash-quote inside single quotes, where YAML has no escapes: the
    quote ends the value there, and what follows reads as a stray key (a common mistake from other languages)."""
    end = exc.problem_mark or exc.context_mark
    if end is None:
        return ""
    start = exc.context_mark if exc.context_mark and exc.context_mark.line <= end.line else end
    lines = text.split("\n")
    for number in range(start.line, min(end.line, len(lines) - 1) + 1):
        found = lines[number].find("\\'")
        if found > 0 and "'" in lines[number][:found]:
            return (f"; line {number + 1}, column {found + 1} has \\' inside single quotes, which YAML does not "
                    "read as an escape: write the quote twice ('Runnymede''s') or use double quotes")
    return ""


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def _convert(node: yaml.Node, path: KeyPath, doc: Document, problems: list[Problem], budget: list[int]) -> Any:
    if len(path) > MAX_DEPTH:
        if not any(p.message.startswith("nested more than") for p in problems):
            problems.append(Problem(doc.name, f"nested more than {MAX_DEPTH} levels deep; refused",
                                    node.start_mark.line + 1, node.start_mark.column + 1))
        return None
    budget[0] -= 1
    if budget[0] < 0:
        if budget[0] == -1:
            message = f"expands to more than {MAX_VALUES:,} values (aliases repeated too often?); refused"
            problems.append(Problem(doc.name, message, node.start_mark.line + 1, node.start_mark.column + 1))
        return None
    doc.marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _PLAIN_TAGS:
        problems.append(doc.problem(path, f"the YAML tag '{shorten(node.tag)}' is not allowed; write plain values"))
        return None
    if isinstance(node, yaml.ScalarNode):
        value, error = _read_scalar(node)
        if error:
            problems.append(doc.problem(path, error))
        return value
    if node.tag in _SCALAR_TAGS:
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        problems.append(doc.problem(path, f"the tag {_TAG_NAMES[node.tag]} is given to {kind}; remove the tag"))
        return None
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, child in enumerate(node.value):
            if budget[0] < 0:  # refused already: reading on would only repeat the refusal (aliases nest)
                break
            items.append(_convert(child, path + (i,), doc, problems, budget))
        return items
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        if budget[0] < 0:
            break
        key_mark = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(doc.problem(path, "merge keys (<<) are not supported; write the keys out"))
            continue
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            doc.marks[path + ("?",)] = key_mark
            problems.append(doc.problem(path + ("?",), "a key must be plain text"))
            continue
        key, error = _read_scalar(key_node)
        if error:
            doc.marks[path + ("?",)] = key_mark
            problems.append(doc.problem(path + ("?",), error))
            continue
        key = _key_text(key)
        if key in result:
            problems.append(_dup(doc, path, key, key_mark, doc.key_marks[path + (key,)]))
            continue
        doc.key_marks[path + (key,)] = key_mark
        result[key] = _convert(value_node, path + (key,), doc, problems, budget)
    return result


def _key_text(key: Any) -> str:
    """A plain key as text, the way both readings name it: `1:` is "1", `~:` and `:` are ""."""
    return "" if key is None else key if type(key) is str else str(key)


def _dup(doc: Document, path: KeyPath, key: str, mark: Mark, first: Mark) -> Problem:
    return Problem(
        doc.name,
        f"duplicate key '{shorten(key)}' (first given at line {first.line}); each key may appear once",
        mark.line,
        mark.column,
        format_path(path + (key,)),
    )


def _read_scalar(node: yaml.ScalarNode) -> tuple[Any, str]:
    """A scalar's value, or what is wrong with it: a tag its text does not fit (``!!int Often``)."""
    if node.tag not in _SCALAR_TAGS:
        return None, f"the tag {_TAG_NAMES.get(node.tag, node.tag)} is given to a single value; remove the tag"
    try:
        value = _scalar(node)
        if type(value) is int and value.bit_length() > 10_000:
            str(value)  # Python refuses to write an integer of more than 4,300 digits as text
    except ValueError as error:
        if "digits" in str(error):
            return None, f"'{shorten(node.value)}' is a number too long to read; quote it to keep it as text"
        return None, _unreadable(node)
    except (KeyError, IndexError, OverflowError, TypeError):
        return None, _unreadable(node)
    return value, ""


def _unreadable(node: yaml.ScalarNode) -> str:
    return (f"'{shorten(node.value)}' cannot be read as {_TAG_NAMES[node.tag]}; remove the tag, or quote the value "
            "to keep it as text")


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == "tag:yaml.org,2002:str":
        return node.value
    if tag == "tag:yaml.org,2002:int":
        return _CONSTRUCTOR.construct_yaml_int(node)
    if tag == "tag:yaml.org,2002:float":
        return _CONSTRUCTOR.construct_yaml_float(node)
    if tag == "tag:yaml.org,2002:bool":
        return _CONSTRUCTOR.construct_yaml_bool(node)
    return None
