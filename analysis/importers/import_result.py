"""What an import did (ImportResult) or would do (Preview), with the Norwegian summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.importers import messages as msg
from analysis.importers.rejects_file import Rejects
from analysis.importers.schemas import KINDS
from analysis.importers.validate_stage import RowIssue


@dataclass
class ImportResult:
    """What an import did: counts, masked personal data, row issues and the rejected rows."""

    kind: str
    filename: str
    description: str
    rows_read: int = 0
    imported: int = 0
    updated: int = 0
    already_present: int = 0
    rejected: int = 0
    masked: Counter = field(default_factory=Counter)
    issues: list[RowIssue] = field(default_factory=list)
    rejects: Rejects | None = None
    rejects_path: Path | None = None
    duration_s: float = 0.0
    write_s: float = 0.0  # how long the write lock was held (open, transaction, checkpoint, close)

    @property
    def nothing_importable(self) -> bool:
        """True when no row in the file was valid."""
        return self.rows_read == self.rejected

    @property
    def rejects_filename(self) -> str:
        """A file name for the rejects download, e.g. 'chat_avviste.csv'."""
        stem = Path(self.filename).stem or "import"
        ext = ".xlsx" if self.rejects and self.rejects.file_format == "xlsx" else ".csv"
        return f"{stem}_avviste{ext}"

    def rejects_bytes(self) -> bytes | None:
        """The rejects file's bytes, or None when no row was rejected."""
        return self.rejects.to_bytes() if self.rejects and self.rejects.rows else None

    def write_rejects(self, path: str | Path) -> Path | None:
        """Write the rejects file (only when something was rejected) and remember where."""
        data = self.rejects_bytes()
        if data is None:
            return None
        target = Path(path)
        target.write_bytes(data)
        self.rejects_path = target
        return target

    def summary_text(self, max_issues: int = 20) -> str:
        """The summary in Norwegian, one fact per line."""
        kind = msg.KIND_LABELS[self.kind]
        lines = [msg.SUMMARY_HEAD.format(kind=kind, file=self.filename, fmt=self.description)]
        for attr, label in msg.SUMMARY_LINES.items():
            if attr == "updated" and not KINDS[self.kind].store.updates:
                continue
            lines.append(f"  {label}: {getattr(self, attr)}")
        masked = msg.format_masked(self.masked)
        lines.append("  " + (msg.SUMMARY_MASKED.format(items=masked) if masked else msg.SUMMARY_MASKED_NONE))
        if self.nothing_importable:
            lines.append(msg.SUMMARY_NOTHING)
        if self.issues:
            lines.append(msg.SUMMARY_REJECTS_HEAD)
            lines += [f"  {issue}" for issue in self.issues[:max_issues]]
            if len(self.issues) > max_issues:
                lines.append("  " + msg.SUMMARY_REJECTS_MORE.format(n=len(self.issues) - max_issues))
        if self.rejects_path:
            lines.append(msg.SUMMARY_REJECTS_FILE.format(path=self.rejects_path))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """Plain counts for logs and tests."""
        return {
            "rows_read": self.rows_read, "imported": self.imported, "updated": self.updated,
            "already_present": self.already_present, "rejected": self.rejected,
            "masked": dict(self.masked),
        }


@dataclass
class Preview:
    """What an import would do, without writing: format, column mapping, first rows, issues."""

    filename: str
    kind: str
    error: str | None = None
    file_format: str | None = None
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    description: str = ""
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    mapping: dict[str, str] = field(default_factory=dict)  # file column -> field name
    mapping_labels: dict[str, str] = field(default_factory=dict)  # file column -> Norwegian label
    unmapped: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # field name -> Norwegian label (all targets)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    rows_total: int = 0
    valid: int = 0
    rejected: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    masked: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """True when the file can be imported (some rows may still be rejected)."""
        return self.error is None
