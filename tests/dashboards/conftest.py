"""One ``decision serve`` shared by the smoke and browser tests of the dashboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dashboards.serving import Server, start_server


@pytest.fixture(scope="session")
def dashboard_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The bundled case served on a free port; no server-side traceback allowed meanwhile."""
    server = start_server(tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]
    # Panel logs a failed lifecycle callback as a warning, without a traceback.
    assert "failed with following error" not in log, log[-4000:]
