"""The watch folder: files dropped in DIR/<kind>/ are imported once they are complete, then moved aside.

A file counts as complete when its size and modification time have not changed for `settle_s` seconds (a copy
over the network or a slow export is still growing), and files named *.part, *.tmp, *.partial, *.crdownload,
.hidden or ~$… are never read (the rename convention: write `x.csv.part`, rename to `x.csv` when done). After the
import the file goes to DIR/<kind>/importert/ (the rejects file beside it when some rows were rejected) or to
DIR/<kind>/avvist/ with <name>.feil.txt saying why. An export whose column names are not among the synonyms (a
TOPdesk or ServiceNow export) gets a DIR/<kind>/kobling.toml: `[kolonner]` with "File column" = "field", the
same as `python -m analysis import --map`. Polling, not file-system events: it works the same on a
network share, and a file that is still being written is caught by the settle time, not by an event. Each file is
imported in a process of its own (see WatchFolder.run_job), so the API keeps taking deliveries meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import threading
import time
import tomllib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from analysis import errors
from analysis.clock import local_now
from analysis.importers.import_result import ImportResult
from analysis.importers.pipeline import import_file
from analysis.importers.read_stage import ImportRefused
from analysis.queries.feed_queries import Delivery
from analysis.service.state import IMPORT_KINDS, log_delivery

log = logging.getLogger("analysis.service.watch")
IMPORTED_DIR = "importert"
REFUSED_DIR = "avvist"
SKIP_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload", ".filepart", ".toml", ".txt")
MAPPING_FILE = "kobling.toml"
SETTLE_S = 5.0
POLL_S = 1.0


@dataclass(frozen=True)
class WatchOutcome:
    """What happened to one file: where it went and the import's counts (None when refused)."""

    kind: str
    source: Path
    moved_to: Path
    result: ImportResult | None
    error: str | None = None


def is_candidate(path: Path) -> bool:
    """A regular file that is not a partial upload, a hidden file or an Office lock file."""
    name = path.name
    return path.is_file() and not name.startswith((".", "~$")) and not name.lower().endswith(SKIP_SUFFIXES)


def read_mapping(folder: Path) -> dict[str, str] | None:
    """The column mapping in folder/kobling.toml ([kolonner] "File column" = "field"), or None without the file."""
    path = folder / MAPPING_FILE
    if not path.is_file():
        return None
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("kolonner", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ImportRefused(f"{path} kan ikke leses ({exc}). Rett filen; ingenting er importert.") from None
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ImportRefused(f"{path}: [kolonner] må ha linjer som \"Kolonne i filen\" = \"felt\".")
    return {str(k): v for k, v in table.items()}


def unique_target(folder: Path, name: str) -> Path:
    """A path in `folder` for `name` that does not overwrite an earlier file (a time stamp is added when needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        return target
    stem, suffix = Path(name).stem, Path(name).suffix
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    return folder / f"{stem}.{stamp}{suffix}"


def import_job(path: str, kind: str, db: str, mapping: dict[str, str] | None) -> tuple[str, object]:
    """Import one file; answer ("ok", ImportResult), ("refused", why), ("busy" | "fault", GoLiveError) or
    ("error", what): plain values, so the answer crosses from a child process whatever went wrong."""
    try:
        return "ok", import_file(Path(path), kind, db=db, mapping=mapping)
    except ImportRefused as exc:
        return "refused", str(exc)
    except errors.DatabaseBusy as exc:
        return "busy", errors.DatabaseBusy(exc.message, exc.hint)
    except Exception as exc:  # reported by the service; the traceback stays in this process's log
        known = errors.classify(exc, db)
        if known is not None and not isinstance(known, ImportRefused):
            return "fault", type(known)(known.message, known.hint)
        log.exception("import av %s feilet", path)
        return "error", f"{type(exc).__name__}: {exc}"


@dataclass
class WatchFolder:
    """Polls DIR/<kind>/ for complete files and imports each once."""

    root: Path
    db: Path
    settle_s: float = SETTLE_S
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    on_imported: Callable[[WatchOutcome], None] | None = None
    job: Callable[[str, str, str, dict[str, str] | None], tuple[str, object]] = import_job  # run in a child
    in_child: bool = True
    _seen: dict[Path, tuple[int, int, float]] = field(default_factory=dict)  # path → size, mtime_ns, since

    def prepare(self) -> None:
        """Create DIR/<kind>/ for every kind, so people see where to drop files."""
        for kind in IMPORT_KINDS:
            (self.root / kind).mkdir(parents=True, exist_ok=True)

    def ready_files(self, now: float | None = None) -> list[tuple[str, Path]]:
        """The files whose size and mtime have stayed the same for settle_s seconds (monotonic clock)."""
        now = time.monotonic() if now is None else now
        ready, present = [], set()
        for kind in IMPORT_KINDS:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir()):
                if not is_candidate(path):
                    continue
                try:
                    st = path.stat()
                except FileNotFoundError:  # moved away between listing and stat
                    continue
                present.add(path)
                key = (st.st_size, st.st_mtime_ns)
                seen = self._seen.get(path)
                if seen is None or seen[:2] != key:
                    self._seen[path] = (*key, now)
                elif now - seen[2] >= self.settle_s and st.st_size > 0:
                    ready.append((kind, path))
        for gone in set(self._seen) - present:
            del self._seen[gone]
        return ready

    def scan_once(self, now: float | None = None) -> list[WatchOutcome]:
        """Import every file that is ready; a busy database leaves the file for the next scan."""
        out = []
        for kind, path in self.ready_files(now):
            try:
                outcome = self.import_one(kind, path)
            except errors.DatabaseBusy:
                log.warning("databasen er opptatt; %s prøves igjen", path)
                continue
            self._seen.pop(path, None)
            out.append(outcome)
            if self.on_imported is not None:
                self.on_imported(outcome)
        return out

    def run_job(self, path: Path, kind: str, mapping: dict[str, str] | None) -> tuple[str, object]:
        """Run the import job, in a process of its own unless `in_child` is off (see import_job for the answer).

        Why a process: in this one, every connection to the file shares one DuckDB instance, so the file import's
        closing write and an API delivery's write could meet inside it (their staging attachments collide), and
        the service's write lock cannot be held for the few seconds of that write only (it is inside the
        importer) without holding it for the whole import, which kept API deliveries waiting. Across processes
        the file's own lock orders the writes, with the retries of analysis.db, as for the app and the command
        line; and a big import's memory goes away with its process.
        """
        if not self.in_child:
            return self.job(str(path), kind, str(self.db), mapping)
        context = multiprocessing.get_context("spawn")  # not fork: this process runs threads (uvicorn, the loop)
        try:
            with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
                return pool.submit(self.job, str(path), kind, str(self.db), mapping).result()
        except BrokenProcessPool:  # the import's process died (out of memory?): do not retry the file forever
            return "error", "importprosessen stoppet uventet (for lite minne?)"

    def import_one(self, kind: str, path: Path) -> WatchOutcome:
        """Import one file and move it (and its rejects or its refusal) to importert/ or avvist/."""
        folder = path.parent
        error = None
        result = None
        try:
            mapping = read_mapping(folder)
            status, value = self.run_job(path, kind, mapping)
        except ImportRefused as exc:  # the folder's kobling.toml cannot be read
            status, value = "refused", str(exc)
        if status == "ok":
            result = value
        elif status == "refused":
            error = value
        elif status in ("busy", "fault"):
            raise value  # a busy, damaged or read-only database: the file stays for the next scan
        else:  # any other fault: the file must not be retried forever
            error = f"Uventet feil under import: {value}"
            log.error("import av %s feilet: %s", path, value)
        refused = result is None or result.nothing_importable
        if result is not None and result.nothing_importable:
            error = result.summary_text()  # every row rejected: the reasons go in the .feil.txt beside the file
        target = unique_target(folder / (REFUSED_DIR if refused else IMPORTED_DIR), path.name)
        path.replace(target)
        if result is not None:
            result.write_rejects(target.with_name(f"{target.stem}_avviste{'.xlsx' if _is_xlsx(result) else '.csv'}"))
        if error is not None:
            target.with_name(target.name + ".feil.txt").write_text(error + "\n", encoding="utf-8")
        with self.write_lock:
            log_delivery(self.db, Delivery(
                local_now(), f"mappe/{kind}", "mappe", kind, path.name, result.rows_read if result else 0,
                result.imported if result else 0, result.updated if result else 0,
                result.already_present if result else 0, result.rejected if result else 0,
                "avvist" if refused else "importert"), f"mappe/{kind}", f"{kind}: {path.name}",
                result.summary_text() if result is not None else error)
        log.info("mappe %s: %s → %s", kind, path.name, target)
        return WatchOutcome(kind, path, target, result, error)

    def run(self, stop: threading.Event, poll_s: float = POLL_S) -> None:
        """Scan until `stop` is set; a fault in one scan is logged and the next scan goes on."""
        self.prepare()
        while not stop.is_set():
            try:
                self.scan_once()
            except Exception:  # the service keeps serving; the log says what went wrong
                log.exception("feil i overvåket mappe")
            stop.wait(poll_s)


def _is_xlsx(result: ImportResult) -> bool:
    """True when the rejects file is an Excel file."""
    return bool(result.rejects and result.rejects.file_format == "xlsx")
