"""How corpus files are stored: reading and writing them, whatever holds the records.

Corpus mode (``textlint.pipeline``) lints records; this module knows the
containers they come in:

- JSON Lines, plain (``.jsonl``, ``.ndjson``), gzip (``.jsonl.gz``) or
  zstandard (``.jsonl.zst``): a record is a line of the decompressed stream;
- Parquet (``.parquet``): a record is a row, its text a string column (or a
  field of a struct column, ``meta.body``).

A file is read by what its first bytes say it is, not by its name (shards
are often called ``part-00001``); a kind it cannot read (bzip2, xz, zip...)
is a usage error before any work, never a silent pass.  Zstandard and
Parquet need the ``corpus`` extra (``zstandard``, ``pyarrow``); they are
imported only when such a file is read or written.

Output is written in the kind of its input (gzip to gzip, Parquet to Parquet
with the same schema), through a temporary file renamed over the target
only when the whole input has been read (``textlint.atomic.AtomicFile``).
"""
from __future__ import annotations

import gzip
import json
import os
import stat
from typing import Any, Iterator

from textlint.atomic import AtomicFile
from textlint.errors import UsageError

PLAIN, GZIP, ZSTD, PARQUET = "jsonl", "gzip", "zstd", "parquet"
#: The files taken from a folder named on the command line.
FOLDER_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonl.zst", ".ndjson.zst", ".parquet")
_MAGIC = ((b"\x1f\x8b", GZIP), (b"\x28\xb5\x2f\xfd", ZSTD), (b"PAR1", PARQUET))
#: Containers recognised only to say clearly that they are not read.
_UNREAD = (
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"PK\x03\x04", "zip"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip"),
    (b"\x04\x22\x4d\x18", "LZ4"),
    (b"ARROW1", "Arrow IPC"),
    (b"Obj\x01", "Avro"),
)
WHAT_IS_READ = "corpus mode reads JSON Lines (plain, .gz or .zst) and Parquet"
EXTRA = "pip install 'textlint[corpus]'"
GZIP_LEVEL = 6  # gzip's own default: level 9 costs several times the time for a few per cent


def _usage_error(message: str) -> Exception:
    return UsageError(message)


def is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def kind_of(path: str) -> str:
    """How ``path`` is stored, from its first bytes.  A file that cannot be
    opened is taken as plain: reading it then reports why (E902)."""
    if not is_regular(path):
        return PLAIN  # a pipe read here would lose its first bytes
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return PLAIN
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            require(kind, path)
            return kind
    for magic, name in _UNREAD:
        if head.startswith(magic):
            raise _usage_error(f"{path}: {name} data; {WHAT_IS_READ}")
    return PLAIN


def require(kind: str, path: str) -> None:
    """Raise a usage error naming the extra when ``kind`` needs a missing package."""
    needs = {ZSTD: ("zstandard", "zstandard"), PARQUET: ("pyarrow.parquet", "pyarrow")}.get(kind)
    if needs is None:
        return
    try:
        __import__(needs[0])
    except ImportError:
        raise _usage_error(f"{path}: reading {kind} files needs {needs[1]}: {EXTRA}") from None


# -- JSON Lines: blocks of the decompressed stream -----------------------------------------------


def decompressed_blocks(path: str, kind: str, size: int) -> Iterator[tuple[bytes, int]]:
    """Blocks of the records' bytes, each with how many bytes of the stored
    file have been read so far.  A damaged or truncated stream raises OSError."""
    with open(path, "rb") as raw:
        if kind == GZIP:
            stream = gzip.GzipFile(fileobj=raw, mode="rb")
            try:
                while block := stream.read(size):
                    yield block, raw.tell()
            except EOFError as error:  # gzip's word for a truncated file
                raise OSError(f"truncated: {str(error)[:1].lower()}{str(error)[1:]}") from None
        elif kind == ZSTD:
            # a compressed chunk can hold a hundred times its size of text:
            # small reads keep each decompressed block near ``size``
            yield from _zstd_blocks(raw, max(1 << 12, size // 16))
        else:
            while block := raw.read(size):
                yield block, raw.tell()


def _zstd_blocks(raw, size: int) -> Iterator[tuple[bytes, int]]:
    """One frame after another, by hand: zstandard's stream reader stops
    quietly at a truncated frame, and a truncated file must not pass."""
    import zstandard

    decompressor = zstandard.ZstdDecompressor()
    frame, started = decompressor.decompressobj(), False
    try:
        while chunk := raw.read(size):
            while chunk:
                block = frame.decompress(chunk)
                started = True
                if block:
                    yield block, raw.tell()
                chunk = b""
                if frame.eof:  # the next frame starts in what is left
                    chunk = frame.unused_data
                    frame, started = decompressor.decompressobj(), False
    except zstandard.ZstdError as error:
        raise OSError(f"not a valid zstandard stream: {error}") from None
    if started:
        raise OSError("truncated: the zstandard stream ends inside a frame")


# -- Parquet: columns by dotted path ----------------------------------------------------------------


def _struct_type(field_type):
    import pyarrow as pa

    return field_type if pa.types.is_struct(field_type) else None


def column_path(schema, name: str) -> tuple[str, ...] | None:
    """The column (or struct field) ``name`` names: a column of that very
    name first, else the dotted path into struct columns."""
    if name in schema.names:
        return (name,)
    parts = tuple(name.split("."))
    if len(parts) < 2 or parts[0] not in schema.names:
        return None
    field_type = schema.field(parts[0]).type
    for part in parts[1:]:
        struct = _struct_type(field_type)
        if struct is None or struct.get_field_index(part) < 0:
            return None
        field_type = struct.field(part).type
    return parts


def _type_at(schema, path: tuple[str, ...]):
    field_type = schema.field(path[0]).type
    for part in path[1:]:
        field_type = field_type.field(part).type
    return field_type


def _is_text(field_type) -> bool:
    import pyarrow as pa

    if pa.types.is_dictionary(field_type):
        field_type = field_type.value_type
    return pa.types.is_string(field_type) or pa.types.is_large_string(field_type) or (
        hasattr(pa.types, "is_string_view") and pa.types.is_string_view(field_type)
    )


class ParquetSource:
    """A Parquet file's rows, one row group at a time, as (text, format, id)
    values; the file is checked on opening, so a wrong column is a usage
    error before any work."""

    def __init__(self, path: str, text_field: str, format_field: str | None, id_field: str | None) -> None:
        import pyarrow.parquet as pq

        try:
            self.file = pq.ParquetFile(path)
            schema = self.file.schema_arrow
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise _usage_error(f"cannot read {path} as Parquet: {error}") from None
        self.path = path
        self.text = column_path(schema, text_field)
        if self.text is None:
            raise _usage_error(
                f"{path}: no column {text_field!r} (its columns: {', '.join(schema.names)}); choose one with --text-field"
            )
        if not _is_text(_type_at(schema, self.text)):
            raise _usage_error(f"{path}: column {text_field!r} holds {_type_at(schema, self.text)}, not text")
        self.format = column_path(schema, format_field) if format_field else None
        self.id = column_path(schema, id_field) if id_field else None

    @property
    def groups(self) -> int:
        return self.file.num_row_groups

    def rows(self, group: int) -> list[tuple[Any, Any, Any]]:
        paths = [self.text, self.format, self.id]
        columns = list(dict.fromkeys(path[0] for path in paths if path))
        table = self.file.read_row_group(group, columns=columns)
        values = [_values(table, path) if path else [None] * table.num_rows for path in paths]
        return list(zip(*values))


def _values(table, path: tuple[str, ...]) -> list:
    import pyarrow.compute as pc

    column = table.column(path[0])
    if len(path) > 1:  # struct_field honours a null parent, Array.field does not
        column = pc.struct_field(column, list(path[1:]))
    return column.to_pylist()


def _with_values(array, path: tuple[str, ...], replacements: dict[int, str]):
    """``array`` with the rows in ``replacements`` given new text at ``path``
    (empty: the array itself holds the text), every other value as it was."""
    import pyarrow as pa

    if not path:
        values = array.to_pylist()
        for row, text in replacements.items():
            values[row] = text
        if pa.types.is_dictionary(array.type):
            return pa.array(values, array.type.value_type).dictionary_encode().cast(array.type)
        return pa.array(values, array.type)
    struct = array.type
    children = [array.field(index) for index in range(struct.num_fields)]
    index = struct.get_field_index(path[0])
    children[index] = _with_values(children[index], path[1:], replacements)
    mask = array.is_null() if array.null_count else None
    return pa.StructArray.from_arrays(children, fields=list(struct), mask=mask)


def _codec(metadata) -> str:
    """The compression of the input's first column chunk, as ParquetWriter names it."""
    if metadata.num_row_groups == 0 or metadata.num_columns == 0:
        return "snappy"
    codec = metadata.row_group(0).column(0).compression.lower()
    return {"uncompressed": "none", "lz4_raw": "lz4"}.get(codec, codec)


# -- writing -------------------------------------------------------------------------------------


class _WriterOnFile:
    """An output written through a writer (a compressor, pyarrow's) over an
    AtomicFile: the writer is closed first, then the file put in place, or
    thrown away with the writer's errors ignored."""

    file: AtomicFile

    def _close_writer(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def commit(self) -> None:
        try:
            self._close_writer()
        except BaseException:
            self.file.abort()
            raise
        self.file.commit()

    def abort(self) -> None:
        try:
            self._close_writer()
        except Exception:  # noqa: BLE001 - the file is being thrown away
            pass
        self.file.abort()


class LinesWriter(_WriterOnFile):
    """Writes one JSON Lines output (plain, gzip or zstandard) through a
    temporary file in its folder; the lines are the input's, but for the
    records a fix changed."""

    def __init__(self, target: str, mode: int, kind: str) -> None:
        self.file = AtomicFile(target, mode)
        self.raw = self.file.stream
        self.out = self.raw
        if kind == GZIP:
            self.out = gzip.GzipFile(filename=target, mode="wb", fileobj=self.raw, compresslevel=GZIP_LEVEL)
        elif kind == ZSTD:
            import zstandard

            self.out = zstandard.ZstdCompressor().stream_writer(self.raw, closefd=False)

    def write(self, partition, replacements: list[tuple[int, bytes]]) -> None:
        data = partition.data
        if replacements:
            lines = data.split(b"\n")
            for index, new_line in replacements:
                lines[index] = new_line
            data = b"\n".join(lines)
        self.out.write(data)

    def _close_writer(self) -> None:
        if self.out is not self.raw:
            self.out.close()  # the compressed stream's end; the file stays open


class ParquetWriter(_WriterOnFile):
    """Writes one Parquet output: the input's schema, row groups and
    compression; each row group is read again from the input when its last
    partition comes back, and only the text column's fixed rows change."""

    def __init__(self, target: str, source: str, text_field: str, mode: int) -> None:
        import pyarrow.parquet as pq

        self.source = pq.ParquetFile(source)
        self.text = column_path(self.source.schema_arrow, text_field)
        self.file = AtomicFile(target, mode)
        self.file.stream.close()  # pyarrow writes the temporary file by its name
        try:
            self.writer = pq.ParquetWriter(
                self.file.temporary, self.source.schema_arrow, compression=_codec(self.source.metadata)
            )
        except BaseException:
            self.file.abort()
            raise
        self.pending: dict[int, str] = {}

    def write(self, partition, replacements: list[tuple[int, str]]) -> None:
        for index, text in replacements:
            self.pending[partition.offset + index] = text
        if partition.last_of_group:
            table = self.source.read_row_group(partition.group)
            if self.pending:
                position = table.schema.get_field_index(self.text[0])
                column = _with_values(table.column(position).combine_chunks(), self.text[1:], self.pending)
                table = table.set_column(position, table.schema.field(position), column)
            self.writer.write_table(table, row_group_size=max(1, table.num_rows))
            self.pending = {}

    def _close_writer(self) -> None:
        self.writer.close()


def open_writer(kind: str, target: str, source: str, text_field: str):
    mode = _mode_of(source)
    if kind == PARQUET:
        return ParquetWriter(target, source, text_field, mode)
    return LinesWriter(target, mode, kind)


def _mode_of(path: str) -> int:
    try:
        info = os.stat(path)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    except OSError:
        pass
    return 0o644


class TagsWriter:
    """``--tags-output``: one JSON line per record, in input order, so that a
    pipeline can keep or drop records by what was found in them."""

    def __init__(self, target: str, fixing: bool) -> None:
        self.fixing = fixing
        self.file = AtomicFile(target, 0o644, encoding="utf-8", newline="\n")
        self.out = self.file.stream

    def write(self, path: str, tags) -> None:
        for record, record_id, counts, fixed in tags:
            line = {"file": path, "record": record, "id": record_id, "counts": counts}
            if self.fixing:
                line["fixed"] = fixed
            # default=str: a Parquet id may be a date or a decimal
            self.out.write(json.dumps(line, ensure_ascii=False, default=str) + "\n")

    def commit(self) -> None:
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()
