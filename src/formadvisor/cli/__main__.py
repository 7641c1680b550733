"""`python -m formadvisor.cli`, as the tests start a server."""

from formadvisor.cli.main import app

app()
