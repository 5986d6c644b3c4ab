"""CORS with an allowlist, whose refusals are problems like every other error."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from adapters.inbound.http.problems import problem


class AllowlistCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, but a refused preflight answers a problem body."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode(errors="replace")
        return problem(response.status_code, "cors-preflight-refused", reason)
