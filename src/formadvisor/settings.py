"""Settings for the server, read from `FORMADVISOR_*` environment variables (pydantic-settings)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(__file__).resolve().parent


class Settings(BaseSettings):
    """What a deployment may change; every field has a working default for `make run`."""

    model_config = SettingsConfigDict(env_prefix="FORMADVISOR_", extra="ignore")

    rules: Path = REPO / "rules"
    database_url: str = f"sqlite:///{REPO / 'var' / 'formadvisor.sqlite3'}"
    web_dir: Path = PACKAGE / "web"
    host: str = "127.0.0.1"
    port: int = 8000
    # Seconds between looks at the rules folder for edits (`serve` swaps in a good edit without
    # a restart); 0 turns hot reload off.
    reload_interval: float = 1.0
    # Work out which scenarios in features/ cover each rule (a child pytest, tens of seconds)
    # in the background after start and after each reload, for the rules pages.
    scenarios: bool = True

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
