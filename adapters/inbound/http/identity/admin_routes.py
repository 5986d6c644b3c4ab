"""/api/v1/admin/users: user administration, for admins only."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query
from fastapi import status as http_status

from adapters.inbound.http.auth import CurrentActor
from adapters.inbound.http.identity.schemas import AdminUserUpdateRequest, UserResponse
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import PageResponse, problem_responses
from application.identity.commands.delete_user import DeleteUser, DeleteUserHandler
from application.identity.commands.update_user import UpdateUser, UpdateUserHandler
from application.identity.queries.get_user import GetUser, GetUserHandler
from application.identity.queries.list_users import ListUsers, ListUsersHandler
from application.shared.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

router = APIRouter(prefix="/api/v1/admin/users", tags=["admin: users"])


@router.get("", responses=problem_responses(401, 403, 422, 503))
async def list_users(
    actor: CurrentActor,
    role: Annotated[str | None, Query(max_length=32)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    email_verified: bool | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    handler: ListUsersHandler = Depends(Inject["identity.list_users"]),
) -> PageResponse[UserResponse]:
    page = await handler.handle(
        ListUsers(
            actor=actor,
            role=role,
            status=status,
            email_verified=email_verified,
            q=q,
            limit=limit,
            cursor=cursor,
        )
    )
    return PageResponse[UserResponse](
        items=[UserResponse.model_validate(v, from_attributes=True) for v in page.items],
        next_cursor=page.next_cursor,
    )


@router.get("/{user_id}", responses=problem_responses(401, 403, 404, 422, 503))
async def get_user(
    user_id: UUID,
    actor: CurrentActor,
    handler: GetUserHandler = Depends(Inject["identity.get_user"]),
) -> UserResponse:
    view = await handler.handle(GetUser(actor=actor, user_id=user_id))
    return UserResponse.model_validate(view, from_attributes=True)


@router.patch("/{user_id}", responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503))
async def update_user(
    user_id: UUID,
    body: AdminUserUpdateRequest,
    actor: CurrentActor,
    handler: UpdateUserHandler = Depends(Inject["identity.update_user"]),
) -> UserResponse:
    view = await handler.handle(
        UpdateUser(actor=actor, user_id=user_id, role=body.role, status=body.status)
    )
    return UserResponse.model_validate(view, from_attributes=True)


@router.delete(
    "/{user_id}",
    status_code=http_status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def delete_user(
    user_id: UUID,
    actor: CurrentActor,
    handler: DeleteUserHandler = Depends(Inject["identity.delete_user"]),
) -> None:
    await handler.handle(DeleteUser(actor=actor, user_id=user_id))
