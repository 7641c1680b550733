"""How long a wrong assessment id takes beside a near miss and a real one (a bounded script).

Saves a few assessments in a temporary SQLite database, then asks the app in-process (no
network) for: a real id, a wrong id sharing all but its last character with the real one, and
a random wrong id, on the API and on the result page, interleaved, ROUNDS times each. Prints
the median of each and the ratios: a near miss should cost what a far one does (ratio ≈ 1).
A real id costs more because it is found and rendered; that tells nothing a 200 does not.

    .venv/bin/python bench/wrong_ids.py
"""

from __future__ import annotations

import secrets
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from formadvisor.rules.yamlfile import read_yaml
from formadvisor.settings import Settings
from formadvisor.web.app import create_app

ROUNDS = 300
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main() -> None:
    answers = read_yaml(EXAMPLES / "welsh_cluster_pharmacists.yaml").data
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{Path(folder) / 'db.sqlite3'}")
        with TestClient(create_app(settings)) as client:
            ids = [client.post("/api/v1/assessments", json=answers).json()["id"] for _ in range(5)]
            real = ids[0]
            near = real[:-1] + ("A" if real[-1] != "A" else "B")
            far = secrets.token_urlsafe(16)
            urls = {}
            for kind, aid in (("real", real), ("near", near), ("far", far)):
                urls[f"api {kind}"] = f"/api/v1/assessments/{aid}"
                urls[f"page {kind}"] = f"/assessments/{aid}/result"
            times: dict[str, list[float]] = {k: [] for k in urls}
            for _ in range(ROUNDS):
                for k, url in urls.items():
                    start = time.perf_counter()
                    client.get(url)
                    times[k].append(time.perf_counter() - start)
    median = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"medians over {ROUNDS} interleaved requests each (ms):")
    for k, v in median.items():
        print(f"  {k:10} {v:8.3f}")
    for where in ("api", "page"):
        far_ms = median[f"{where} far"]
        print(
            f"{where}: near/far {median[f'{where} near'] / far_ms:.3f}, "
            f"real/far {median[f'{where} real'] / far_ms:.3f}"
        )


if __name__ == "__main__":
    main()
