"""/api/v1/users/me: the caller's own profile and password."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from adapters.inbound.http.auth import CurrentActor
from adapters.inbound.http.hot_reads import HotRequest, hot_route
from adapters.inbound.http.identity.schemas import (
    PasswordChangeRequest,
    ProfileUpdateRequest,
    TokenPairResponse,
    UserResponse,
)
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import problem_responses, view_response
from application.identity.commands.change_password import ChangePassword, ChangePasswordHandler
from application.identity.commands.update_profile import UpdateProfile, UpdateProfileHandler
from application.identity.queries.get_profile import GetProfile, GetProfileHandler

router = APIRouter(prefix="/api/v1/users/me", tags=["profile"])


_GET_PROFILE = Inject("identity.get_profile")


@router.get("", response_model=UserResponse, responses=problem_responses(401, 503))
async def read_me(
    actor: CurrentActor,
    handler: GetProfileHandler = Depends(_GET_PROFILE),
) -> Response:
    return view_response(await handler.handle(GetProfile(actor=actor)))


async def _hot_read_me(request: HotRequest) -> Response:
    return await read_me(request.actor(required=True), request.use_case(_GET_PROFILE))


HOT_ROUTES = (hot_route(router, read_me, _hot_read_me),)


@router.patch("", responses=problem_responses(400, 401, 409, 413, 422, 503))
async def update_me(
    body: ProfileUpdateRequest,
    actor: CurrentActor,
    handler: UpdateProfileHandler = Depends(Inject["identity.update_profile"]),
) -> UserResponse:
    view = await handler.handle(UpdateProfile(actor=actor, full_name=body.full_name))
    return UserResponse.model_validate(view, from_attributes=True)


@router.post("/password", responses=problem_responses(400, 401, 409, 413, 422, 503))
async def change_password(
    body: PasswordChangeRequest,
    actor: CurrentActor,
    handler: ChangePasswordHandler = Depends(Inject["identity.change_password"]),
) -> TokenPairResponse:
    pair = await handler.handle(
        ChangePassword(
            actor=actor,
            current_password=body.current_password,
            new_password=body.new_password,
        )
    )
    return TokenPairResponse.model_validate(pair, from_attributes=True)
