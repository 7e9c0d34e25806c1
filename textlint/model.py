"""The public data types: a rule, what it finds, and how to fix it.

Fixes are data, not actions (as in ruff): a rule returns edits and an
applicability; one place in the engine (``textlint.fixes``) applies them.
Offsets are code-point indexes into ``Document.text``; the engine turns them
into lines and columns.
"""
from __future__ import annotations

import enum
import inspect
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable, Sequence


class Applicability(str, enum.Enum):
    """How safe a fix is to apply, as ruff's ``Applicability``.

    A ``str`` enum: a member equals its value (``Applicability.SAFE ==
    "safe"``) and JSON writes it as the bare string, so reports, the cache
    and comparisons with plain strings are unchanged."""

    SAFE = "safe"  # cannot change what the text says: ``fix`` applies it
    UNSAFE = "unsafe"  # right almost always, wants a human's eye: ``--unsafe-fixes``
    DISPLAY_ONLY = "display-only"  # shown as a suggestion, never applied

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__


class FixAvailability(str, enum.Enum):
    """Whether a rule's findings carry a fix, as ruff's ``FixAvailability``."""

    ALWAYS = "always"  # every finding
    SOMETIMES = "sometimes"  # when the case allows (a repair that round-trips)
    NEVER = "never"  # none: what is lost cannot be recovered from the text

    def __str__(self) -> str:
        return self.value

    __format__ = str.__format__


SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE
DISPLAY_ONLY = Applicability.DISPLAY_ONLY
APPLICABILITIES = tuple(Applicability)


@dataclass(frozen=True)
class FixPolicy:
    """What a rule declares about its fixes: whether its findings carry one,
    and at which applicabilities.  A test holds every finding each rule
    emits to it, and ``textlint rules`` / ``textlint rule CODE`` show it.

    Declare with the constructors: ``FixPolicy.always(SAFE)``,
    ``FixPolicy.sometimes(SAFE, UNSAFE)``, ``FixPolicy.never()``."""

    availability: FixAvailability
    applicabilities: tuple[Applicability, ...] = ()

    def __post_init__(self) -> None:
        availability = FixAvailability(self.availability)
        applicabilities = frozenset(Applicability(a) for a in self.applicabilities)
        if (availability is FixAvailability.NEVER) != (not applicabilities):
            raise ValueError(
                f"a fix available {availability.value} needs "
                + ("no applicability" if availability is FixAvailability.NEVER else "at least one applicability")
            )
        object.__setattr__(self, "availability", availability)
        # in the enum's order, so "safe/unsafe" reads the same whatever the declaration's order
        object.__setattr__(self, "applicabilities", tuple(a for a in Applicability if a in applicabilities))

    @classmethod
    def always(cls, *applicabilities: Applicability | str) -> "FixPolicy":
        return cls(FixAvailability.ALWAYS, tuple(applicabilities))

    @classmethod
    def sometimes(cls, *applicabilities: Applicability | str) -> "FixPolicy":
        return cls(FixAvailability.SOMETIMES, tuple(applicabilities))

    @classmethod
    def never(cls) -> "FixPolicy":
        return cls(FixAvailability.NEVER)

    @property
    def applicability(self) -> Applicability:
        """The one applicability of a rule that declares one."""
        if len(self.applicabilities) != 1:
            raise ValueError(f"the policy {self} declares {len(self.applicabilities)} applicabilities, not one")
        return self.applicabilities[0]

    def __str__(self) -> str:
        """The applicabilities as the rule tables have always shown them:
        "safe", "unsafe", "safe/unsafe", or "none"."""
        return "/".join(a.value for a in self.applicabilities) or "none"

    def violation(self, fix: "Fix | None") -> str | None:
        """Why a finding with ``fix`` (None: no fix) breaks this policy, or None."""
        if fix is None:
            if self.availability is FixAvailability.ALWAYS:
                return "declares a fix for every finding but emitted a finding without one"
            return None
        if self.availability is FixAvailability.NEVER:
            return f"declares no fix but emitted a {fix.applicability.value!r} fix"
        if fix.applicability not in self.applicabilities:
            return f"declares fix applicability {str(self)!r} but emitted a {fix.applicability.value!r} fix"
        return None
#: How a finding is shown where the output has levels (GitHub annotations,
#: SARIF, GitLab, reviewdog); the exit status never depends on it.
ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``content``."""

    start: int
    end: int
    content: str = ""

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad edit span {self.start}..{self.end}")


@dataclass(frozen=True)
class Fix:
    """A set of edits that repair one finding, applied together or not at all."""

    edits: Sequence[Edit]
    applicability: Applicability = SAFE
    message: str | None = None
    #: Set by a fix that changes how the file is stored rather than its text
    #: (M005 transcoding): write the fixed text in this encoding.
    encoding: str | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "applicability", Applicability(self.applicability))
        except ValueError:
            raise ValueError(f"unknown fix applicability {self.applicability!r}") from None
        object.__setattr__(self, "edits", tuple(sorted(self.edits, key=lambda e: (e.start, e.end))))

    @property
    def start(self) -> int:
        return self.edits[0].start if self.edits else 0

    @property
    def end(self) -> int:
        return max((e.end for e in self.edits), default=0)


@dataclass
class Finding:
    """One defect at ``text[start:end]``, as a rule reports it.

    ``code`` and ``rule`` are filled in by the engine from the rule that
    reported it; a rule that offers several codes may set ``code`` itself.
    """

    start: int
    end: int
    message: str
    fix: Fix | None = None
    code: str | None = None
    rule: str | None = None
    #: set by the engine from the rule's ``severity``; the configuration's
    #: replaces it when reporting (``textlint.formats.apply_severity``)
    severity: str = WARNING


class Rule:
    """A check for one kind of defect.

    Subclasses set the class attributes and implement :meth:`check`.  The
    class docstring is the rule's explanation, shown by ``textlint rule CODE``;
    write it in ruff's sections: *What it does*, *Why is this bad?*,
    *Example*, *Use instead*, *Fix safety*, *Options*.
    """

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    summary: ClassVar[str] = ""
    family: ClassVar[str] = ""
    default_enabled: ClassVar[bool] = True
    #: Whether this rule's findings carry a fix (always, sometimes, never) and
    #: at which applicabilities; several when the case decides (a repeated
    #: "Read more" goes safely, a repeated lyric line only with a human's
    #: eye).  A test holds every finding the built-in rules emit to it.
    fix_policy: ClassVar[FixPolicy] = FixPolicy.never()
    #: Whether a finding of this rule accounts for every character inside its
    #: span (mojibake, whose repair re-decodes the span whole): the engine then
    #: drops other rules' findings inside that span, so one defect is one
    #: finding (a control byte inside ``Ã\x81`` is mojibake, not S005's).
    covers_span: ClassVar[bool] = False
    #: Whether :meth:`check` yields its findings in position order (by start,
    #: then end) and lazily: under a findings cap the engine then asks it only
    #: for what the first findings of the file need, so a page with millions
    #: of stray spaces costs what its first ten thousand do.
    ordered_output: ClassVar[bool] = False
    #: "error" (the text is damaged or lost) or "warning" (it reads right but
    #: is stored or typed wrongly); a configuration's ``severity`` table
    #: overrides it per rule.  Formats with levels show it; exit codes ignore it.
    severity: ClassVar[str] = WARNING
    #: Per-rule options and their defaults; set with ``[tool.textlint.rules.CODE]``.
    options: ClassVar[dict[str, Any]] = {}

    def __init__(self, **settings: Any) -> None:
        unknown = set(settings) - set(self.options)
        if unknown:
            raise ValueError(f"unknown option(s) for {self.code}: {', '.join(sorted(unknown))}")
        self.settings = {**self.options, **settings}

    def configured(self, settings: dict[str, Any]) -> "Rule":
        """A copy of this rule with ``settings`` applied over its defaults."""
        if not settings:
            return self
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        Rule.__init__(clone, **{**getattr(self, "settings", {}), **settings})
        return clone

    def check(self, doc) -> Iterable[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        legacy = cls.__dict__.get("fix_applicability")
        if isinstance(legacy, str) and "fix_policy" not in cls.__dict__:
            # a plugin written before FixPolicy: "safe/unsafe" or "none"
            parts = [] if legacy == "none" else legacy.split("/")
            cls.fix_policy = FixPolicy.sometimes(*parts) if parts else FixPolicy.never()

    @classmethod
    def declared_applicabilities(cls) -> frozenset[Applicability]:
        """The applicabilities the rule's ``fix_policy`` allows; empty for none."""
        return frozenset(cls.fix_policy.applicabilities)

    @classmethod
    def explanation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.summary or "")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code} {self.name}>"


class CorpusRule(Rule):
    """A rule that needs the whole run: a map step, a reduce step, a check.

    ``summarize(doc)`` runs once per document, anywhere (a worker process, a
    Dask task) and returns something small and picklable; ``merge`` folds
    summaries together and must be associative, so partial merges can be
    merged again; ``check_corpus(doc, merged)`` then checks each document
    against the merged result.  When the engine has no merged result (a
    single text linted on its own) the rule stays silent.
    """

    def summarize(self, doc) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def merge(self, summaries: Iterable[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def check_corpus(self, doc, merged: Any) -> Iterable[Finding]:  # pragma: no cover
        raise NotImplementedError

    def check(self, doc) -> Iterable[Finding]:
        merged = doc.corpus.get(self.code)
        if merged is None:
            return ()
        return self.check_corpus(doc, merged)


@dataclass
class Diagnostic:
    """A finding located in a file: what the formats print."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    rule: str
    message: str
    severity: str = "warning"
    fix: dict | None = None
    source_line: str = ""
    record: int | None = None  # JSON Lines record number in corpus mode
    fixed: bool = False
    #: In corpus mode ``line`` and ``column`` are in the record's text; these
    #: are the columns in the file's line that holds the record (its escapes
    #: counted), None where the finding is about the record as a whole.
    file_column: int | None = None
    file_end_column: int | None = None

    def location(self) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column) in the file ``path`` names:
        in corpus mode, on the line that holds the record."""
        if self.record is None:
            return self.line, self.column, self.end_line, self.end_column
        column = self.file_column or 1
        return self.record, column, self.record, self.file_end_column or column

    def to_json(self) -> dict:
        line, column, end_line, end_column = self.location()
        out = {
            "path": self.path,
            "line": line,
            "column": column,
            "end_line": end_line,
            "end_column": end_column,
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
        }
        if self.record is not None:
            out["record"] = self.record
            if self.file_column is not None:
                out.update(text_line=self.line, text_column=self.column,
                           text_end_line=self.end_line, text_end_column=self.end_column)
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Diagnostic":
        keys = {f for f in cls.__dataclass_fields__}
        fields = {k: v for k, v in data.items() if k in keys}
        if data.get("record") is not None:  # a record's finding: back to its place in the text
            fields.update(line=data.get("text_line", 1), column=data.get("text_column", 1),
                          end_line=data.get("text_end_line", 1), end_column=data.get("text_end_column", 1))
            if "text_line" in data:
                fields.update(file_column=data["column"], file_end_column=data["end_column"])
        return cls(**fields)

    def sort_key(self):
        return (self.path, self.record or 0, self.line, self.column, self.code)


@dataclass
class FileResult:
    """Everything the runner learned about one file."""

    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0
    diff: str = ""
    error: str | None = None
