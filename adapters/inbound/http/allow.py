"""What the Allow header of a 405 lists: every method the request's path answers.

FastAPI keeps one route per method and path, and a 405 names only the methods of the route
that matched the path first (GET /products/{id} hides its PATCH and DELETE). The OpenAPI
document has the whole list per path; its path templates are matched like routes.
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from fastapi import FastAPI
from starlette.routing import compile_path

_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_by_app: WeakKeyDictionary[FastAPI, list[tuple[re.Pattern[str], list[str]]]] = WeakKeyDictionary()


def allowed_methods(app: FastAPI, path: str) -> list[str] | None:
    """The documented methods of ``path``, upper-case; None for a path the document lacks."""
    for pattern, methods in _documented_paths(app):
        if pattern.match(path):
            return methods
    return None


def _documented_paths(app: FastAPI) -> list[tuple[re.Pattern[str], list[str]]]:
    paths = _by_app.get(app)
    if paths is None:
        paths = _by_app[app] = [
            (compile_path(template)[0], [m.upper() for m in _HTTP_METHODS if m in operations])
            for template, operations in app.openapi().get("paths", {}).items()
        ]
    return paths
