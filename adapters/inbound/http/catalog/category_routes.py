"""/api/v1/categories: the category tree; reads are public, writes are for admins."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi import status as http_status

from adapters.inbound.http.auth import CurrentActor
from adapters.inbound.http.catalog.schemas import (
    CategoryCreateRequest,
    CategoryDetailResponse,
    CategoryNodeResponse,
    CategoryResponse,
    CategoryTreeResponse,
    CategoryUpdateRequest,
)
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import problem_responses
from application.catalog.commands.create_category import CreateCategory, CreateCategoryHandler
from application.catalog.commands.delete_category import DeleteCategory, DeleteCategoryHandler
from application.catalog.commands.move_category import MoveCategory, MoveCategoryHandler
from application.catalog.commands.update_category import UpdateCategory, UpdateCategoryHandler
from application.catalog.queries.get_category_path import (
    GetCategoryPath,
    GetCategoryPathHandler,
)
from application.catalog.queries.get_category_tree import (
    GetCategoryTree,
    GetCategoryTreeHandler,
)
from application.catalog.views import CategoryView
from domain.shared.errors import InvalidValueError

router = APIRouter(prefix="/api/v1/categories", tags=["categories"])


@router.get("", responses=problem_responses(404, 422, 503))
async def category_tree(
    root_id: UUID | None = None,
    handler: GetCategoryTreeHandler = Depends(Inject["catalog.get_category_tree"]),
) -> CategoryTreeResponse:
    """The whole tree, or the subtree under ``root_id``."""
    nodes = await handler.handle(GetCategoryTree(root_id=root_id))
    return CategoryTreeResponse(
        items=[CategoryNodeResponse.model_validate(n, from_attributes=True) for n in nodes]
    )


@router.get("/{category_id}", responses=problem_responses(404, 422, 503))
async def get_category(
    category_id: UUID,
    handler: GetCategoryPathHandler = Depends(Inject["catalog.get_category_path"]),
) -> CategoryDetailResponse:
    """The category with its breadcrumb path from the top of the tree."""
    path = await handler.handle(GetCategoryPath(category_id=category_id))
    return CategoryDetailResponse(**_fields(path[-1]), path=[_category(c) for c in path])


@router.post(
    "",
    status_code=http_status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 403, 409, 413, 422, 503),
)
async def create_category(
    body: CategoryCreateRequest,
    actor: CurrentActor,
    handler: CreateCategoryHandler = Depends(Inject["catalog.create_category"]),
) -> CategoryResponse:
    view = await handler.handle(
        CreateCategory(
            actor=actor,
            name=body.name,
            slug=body.slug,
            parent_id=body.parent_id,
            position=body.position,
        )
    )
    return _category(view)


@router.patch("/{category_id}", responses=problem_responses(400, 401, 403, 404, 409, 413, 422, 503))
async def update_category(
    category_id: UUID,
    body: CategoryUpdateRequest,
    actor: CurrentActor,
    update: UpdateCategoryHandler = Depends(Inject["catalog.update_category"]),
    move: MoveCategoryHandler = Depends(Inject["catalog.move_category"]),
) -> CategoryResponse:
    fields = body.model_fields_set
    if "parent_id" in fields:
        if {"name", "slug"} & fields:
            # Two use cases would mean two transactions: one could land without the other.
            raise InvalidValueError("parent_id", "move a category in a request of its own")
        view = await move.handle(
            MoveCategory(
                actor=actor,
                category_id=category_id,
                parent_id=body.parent_id,
                position=body.position,
            )
        )
    else:
        view = await update.handle(
            UpdateCategory(
                actor=actor,
                category_id=category_id,
                name=body.name,
                slug=body.slug,
                position=body.position,
            )
        )
    return _category(view)


@router.delete(
    "/{category_id}",
    status_code=http_status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 409, 422, 503),
)
async def delete_category(
    category_id: UUID,
    actor: CurrentActor,
    handler: DeleteCategoryHandler = Depends(Inject["catalog.delete_category"]),
) -> None:
    await handler.handle(DeleteCategory(actor=actor, category_id=category_id))


def _fields(view: CategoryView) -> dict[str, object]:
    return _category(view).model_dump()


def _category(view: CategoryView) -> CategoryResponse:
    return CategoryResponse.model_validate(view, from_attributes=True)
