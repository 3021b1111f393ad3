"""docs/api.md lists every route the app serves, and OpenAPI is served."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from propsvc.server.app import create_app
from propsvc.server.settings import Settings

DOC = Path(__file__).parents[2] / "docs" / "api.md"


def test_every_route_is_in_docs_api_md_and_in_openapi(tmp_path: Path) -> None:
    app = create_app(Settings(db=str(tmp_path / "none.db"), tick=False))
    with TestClient(app) as client:
        paths = client.get("/api/openapi.json").json()["paths"]
    text = DOC.read_text(encoding="utf-8")
    routes = [f"`{verb.upper()} {path}`" for path, ops in paths.items() for verb in ops]
    assert len(routes) > 100
    missing = [r for r in routes if r not in text]
    assert not missing, missing
    assert not (tmp_path / "none.db").exists()  # serving the description opens no store
