"""/api/v1/payment-methods: a customer's own cards, bank accounts and wallets."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends
from fastapi import status as http_status

from adapters.inbound.http.auth import CurrentActor
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.ordering.schemas import (
    PaymentMethodCreateRequest,
    PaymentMethodResponse,
    PaymentMethodUpdateRequest,
)
from adapters.inbound.http.schemas import PageResponse, problem_responses
from application.ordering.commands.add_payment_method import (
    AddPaymentMethod,
    AddPaymentMethodHandler,
    BankAccountInput,
    CardInput,
    WalletInput,
)
from application.ordering.commands.delete_payment_method import (
    DeletePaymentMethod,
    DeletePaymentMethodHandler,
)
from application.ordering.commands.set_default_payment_method import (
    SetDefaultPaymentMethod,
    SetDefaultPaymentMethodHandler,
)
from application.ordering.queries.list_payment_methods import (
    ListPaymentMethods,
    ListPaymentMethodsHandler,
)
from application.ordering.views import PaymentMethodView

router = APIRouter(prefix="/api/v1/payment-methods", tags=["payment methods"])


@router.get("", responses=problem_responses(401, 503))
async def list_payment_methods(
    actor: CurrentActor,
    handler: ListPaymentMethodsHandler = Depends(Inject["ordering.list_payment_methods"]),
) -> PageResponse[PaymentMethodResponse]:
    page = await handler.handle(ListPaymentMethods(actor=actor))
    return PageResponse[PaymentMethodResponse](
        items=[_method(view) for view in page.items], next_cursor=page.next_cursor
    )


@router.post(
    "",
    status_code=http_status.HTTP_201_CREATED,
    responses=problem_responses(400, 401, 409, 413, 422, 503),
)
async def add_payment_method(
    body: PaymentMethodCreateRequest,
    actor: CurrentActor,
    handler: AddPaymentMethodHandler = Depends(Inject["ordering.add_payment_method"]),
) -> PaymentMethodResponse:
    """Only a processor token, a masked summary and a fingerprint are kept."""
    view = await handler.handle(
        AddPaymentMethod(
            actor=actor,
            kind=body.kind,
            card=None if body.card is None else CardInput(**body.card.model_dump()),
            bank_account=(
                None
                if body.bank_account is None
                else BankAccountInput(**body.bank_account.model_dump())
            ),
            wallet=None if body.wallet is None else WalletInput(**body.wallet.model_dump()),
        )
    )
    return _method(view)


@router.patch(
    "/{payment_method_id}", responses=problem_responses(400, 401, 404, 409, 413, 422, 503)
)
async def make_default(
    payment_method_id: UUID,
    body: PaymentMethodUpdateRequest,
    actor: CurrentActor,
    handler: SetDefaultPaymentMethodHandler = Depends(
        Inject["ordering.set_default_payment_method"]
    ),
) -> PaymentMethodResponse:
    view = await handler.handle(
        SetDefaultPaymentMethod(actor=actor, payment_method_id=payment_method_id)
    )
    return _method(view)


@router.delete(
    "/{payment_method_id}",
    status_code=http_status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 404, 409, 422, 503),
)
async def delete_payment_method(
    payment_method_id: UUID,
    actor: CurrentActor,
    handler: DeletePaymentMethodHandler = Depends(Inject["ordering.delete_payment_method"]),
) -> None:
    await handler.handle(DeletePaymentMethod(actor=actor, payment_method_id=payment_method_id))


def _method(view: PaymentMethodView) -> PaymentMethodResponse:
    return PaymentMethodResponse.model_validate(view, from_attributes=True)
