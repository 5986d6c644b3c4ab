"""Probes for orchestrators: liveness without I/O, readiness with a database round trip."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import problem_responses
from application.shared.ports import ReadinessProbe

router = APIRouter(tags=["system"])


class HealthResponse(BaseModel):
    status: str


_OK = HealthResponse(status="ok")


@router.get("/healthz")
async def healthz() -> HealthResponse:
    return _OK


@router.get("/readyz", responses=problem_responses(503))
async def readyz(
    probe: ReadinessProbe = Depends(Inject["platform.readiness"]),
) -> HealthResponse:
    await probe.check()
    return _OK
