"""Settings for the server and the CLI, read from `FORMADVISOR_*` environment variables.

Every default works from an installed wheel: the policy the wheel carries (`default_policy/`,
copied in from the repository's `rules/` and `features/` when it is built) and a database in the
user's data folder. In a source checkout (or an editable install) the defaults are the
checkout's own `rules/`, `features/` and `var/`, so `make run` serves the advisers' edits.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE = Path(__file__).resolve().parent
# Where the wheel keeps its copy of the repository's rules/ and features/ (setup.py puts it).
DEFAULT_POLICY = PACKAGE / "default_policy"


def checkout() -> Path | None:
    """The source checkout this package is imported from (`src/formadvisor`), or None."""
    root = PACKAGE.parents[1]
    if PACKAGE.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


def _policy_folder(name: str) -> Path:
    """The checkout's `rules/` or `features/`, else the wheel's copy of it."""
    root = checkout()
    if root is not None and (root / name).is_dir():
        return root / name
    return DEFAULT_POLICY / name


def data_folder() -> Path:
    """Where formadvisor keeps its own files: the checkout's `var/`, else the user's data folder
    (`$XDG_DATA_HOME/formadvisor`, by default `~/.local/share/formadvisor`)."""
    root = checkout()
    if root is not None:
        return root / "var"
    share = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(share) / "formadvisor"


def _database_url() -> str:
    return f"sqlite:///{data_folder() / 'formadvisor.sqlite3'}"


class Settings(BaseSettings):
    """What a deployment may change; every field has a working default, checkout or wheel."""

    model_config = SettingsConfigDict(env_prefix="FORMADVISOR_", extra="ignore")

    rules: Path = Field(default_factory=lambda: _policy_folder("rules"))
    # The policy scenarios (a folder of `.feature` files, or one file) the rules pages, `rules
    # coverage`, `rules explain`, `rules reference` and `rules diff` run.
    features: Path = Field(default_factory=lambda: _policy_folder("features"))
    database_url: str = Field(default_factory=_database_url)
    web_dir: Path = PACKAGE / "web"
    host: str = "127.0.0.1"
    port: int = 8000
    # Seconds between looks at the rules folder for edits (`serve` swaps in a good edit without
    # a restart); 0 turns hot reload off.
    reload_interval: float = 1.0
    # Work out which scenarios in features/ cover each rule (a child pytest, tens of seconds)
    # in the background after start and after each reload, for the rules pages.
    scenarios: bool = True
    # The partners' packs already built (web/pdf_cache.py): a folder, and how many PDFs it keeps.
    pdf_cache: Path = Field(default_factory=lambda: data_folder() / "pdf-cache")
    pdf_cache_files: int = 200
    # Build a result's PDF in the background when its page is shown (off in most tests: CPU).
    pdf_prepare: bool = True

    @property
    def templates_dir(self) -> Path:
        return self.web_dir / "templates"

    @property
    def static_dir(self) -> Path:
        return self.web_dir / "static"

    @property
    def assets_dir(self) -> Path:
        """The compiled nhsuk-frontend `dist/nhsuk` fetched by `make assets` (never committed)."""
        return self.web_dir / "static" / "nhsuk"


def default_rules() -> Path:
    """The default policy's `rules/` (the checkout's, else the wheel's), whatever
    `FORMADVISOR_RULES` says."""
    return _policy_folder("rules")


def default_examples() -> Path | None:
    """The checkout's `examples/` (answers files `rules diff` reruns), or None from a wheel."""
    root = checkout()
    return root / "examples" if root is not None and (root / "examples").is_dir() else None


def default_reference() -> Path:
    """Where `rules reference` writes: the checkout's `docs/rules-reference.md`, else the
    current folder."""
    root = checkout()
    return root / "docs" / "rules-reference.md" if root is not None else Path("rules-reference.md")
