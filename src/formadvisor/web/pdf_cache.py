"""Partners' packs built once: a bounded folder of PDFs keyed by everything that makes one.

The key is a hash of the page templates and style sheets, the rules that made the result and
the rules in use, the canonical answers, the day the rules were applied (`as_of`) and the
language of the request (`language.current()`, the words of the page): the same key always
renders the same PDF, so a repeat download reads a file instead of running
WeasyPrint (seconds). The files live on disk under the data folder, not in the database: they
are derived data that can always be rebuilt, they would bloat the database and its backups,
and a folder needs no migration. It keeps the `max_files` most recently used; each key is
built by one thread at a time, so a double click builds it once. `prepare` builds a pack in the
background when its result page is shown, one at a time, so the download is usually ready; it
builds in the request's context (its language), which a new thread would not otherwise have.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from formadvisor.web.language import current

log = logging.getLogger(__name__)


def files_digest(paths: Iterable[Path]) -> str:
    """One hash over the contents of the files that shape a PDF (templates, style sheets)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class PdfCache:
    def __init__(self, folder: Path, look: str, max_files: int = 200):
        self.folder = folder
        self.look = look  # `files_digest` of the templates and style sheets
        self.max_files = max_files
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._preparing = threading.Semaphore(1)

    def key(self, rules: Iterable[str], answers: object, as_of: str) -> str:
        made = {
            "look": self.look,
            "rules": list(rules),
            "answers": answers,
            "as_of": as_of,
            "lang": current(),
        }
        canonical = json.dumps(made, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()

    def get(self, key: str, build: Callable[[], bytes]) -> tuple[bytes, bool]:
        """The PDF for `key` and whether it was cached; built (once) and kept when not."""
        found = self._read(key)
        if found is not None:
            return found, True
        with self._lock(key):
            found = self._read(key)  # another thread built it while this one waited
            if found is not None:
                return found, True
            pdf = build()
            self._write(key, pdf)
        return pdf, False

    def prepare(self, key: str, build: Callable[[], bytes]) -> bool:
        """Build the PDF for `key` in a background thread unless it is built or being built,
        or another is being prepared (one at a time: PDFs are CPU-heavy); True if started."""
        if self._path(key).is_file() or self._lock(key).locked():
            return False
        if not self._preparing.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                self.get(key, build)
            except Exception:  # a download later builds it again and reports any error
                log.exception("preparing a partners' pack failed")
            finally:
                self._preparing.release()

        context = contextvars.copy_context()  # the request's language, for `build`
        threading.Thread(target=context.run, args=(run,), name="pdf-prepare", daemon=True).start()
        return True

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def _read(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
            os.utime(path)  # recently used: trimmed last
        except OSError:
            return None
        return data

    def _write(self, key: str, pdf: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half a PDF.
        with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".part", delete=False) as out:
            out.write(pdf)
        os.replace(out.name, self._path(key))
        self._trim()

    def _trim(self) -> None:
        files = sorted(self.folder.glob("*.pdf"), key=_mtime, reverse=True)
        for old in files[self.max_files :]:
            old.unlink(missing_ok=True)

    def _lock(self, key: str) -> threading.Lock:
        with self._guard:
            if len(self._locks) > 1000:
                self._locks = {k: v for k, v in self._locks.items() if v.locked()}
            return self._locks.setdefault(key, threading.Lock())


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
