"""The `formadvisor` command (Typer): thin, it parses, calls one core function and prints."""

from formadvisor.cli.main import app

__all__ = ["app"]
