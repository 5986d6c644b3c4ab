"""/api/v1/auth: registration, email verification, login, token refresh, password reset."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status

from adapters.inbound.http.auth import ClientAddress, client_address
from adapters.inbound.http.identity.schemas import (
    AcceptedResponse,
    EmailRequest,
    LoginRequest,
    PasswordResetRequest,
    RefreshTokenRequest,
    RegisterRequest,
    TokenPairResponse,
    TokenRequest,
    UserResponse,
)
from adapters.inbound.http.injection import Inject
from adapters.inbound.http.schemas import problem_responses
from application.identity.commands.log_in import LogIn, LogInHandler
from application.identity.commands.log_out import LogOut, LogOutHandler
from application.identity.commands.refresh_session import RefreshSession, RefreshSessionHandler
from application.identity.commands.register_user import RegisterUser, RegisterUserHandler
from application.identity.commands.request_password_reset import (
    RequestPasswordReset,
    RequestPasswordResetHandler,
)
from application.identity.commands.resend_verification import (
    ResendVerification,
    ResendVerificationHandler,
)
from application.identity.commands.reset_password import ResetPassword, ResetPasswordHandler
from application.identity.commands.verify_email import VerifyEmail, VerifyEmailHandler

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

_MAIL_SENT = AcceptedResponse(
    detail="if the address belongs to an account, a message is on its way"
)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(400, 409, 413, 422, 429, 503),
)
async def register(
    body: RegisterRequest,
    client: ClientAddress,
    handler: RegisterUserHandler = Depends(Inject["identity.register_user"]),
) -> UserResponse:
    view = await handler.handle(
        RegisterUser(
            email=body.email, password=body.password, full_name=body.full_name, client=client
        )
    )
    return UserResponse.model_validate(view, from_attributes=True)


@router.post("/verify-email", responses=problem_responses(400, 409, 413, 422, 503))
async def verify_email(
    body: TokenRequest,
    handler: VerifyEmailHandler = Depends(Inject["identity.verify_email"]),
) -> UserResponse:
    view = await handler.handle(VerifyEmail(token=body.token))
    return UserResponse.model_validate(view, from_attributes=True)


@router.post(
    "/resend-verification",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(400, 413, 422, 429, 503),
)
async def resend_verification(
    body: EmailRequest,
    client: ClientAddress,
    handler: ResendVerificationHandler = Depends(Inject["identity.resend_verification"]),
) -> AcceptedResponse:
    await handler.handle(ResendVerification(email=body.email, client=client))
    return _MAIL_SENT


@router.post("/login", responses=problem_responses(400, 401, 403, 409, 413, 422, 429, 503))
async def login(
    body: LoginRequest,
    request: Request,
    handler: LogInHandler = Depends(Inject["identity.log_in"]),
) -> TokenPairResponse:
    # Called, not declared as a dependency: FastAPI runs a plain-function dependency in a
    # worker thread, a thread hop per login.
    client = client_address(request)
    pair = await handler.handle(LogIn(email=body.email, password=body.password, client=client))
    return TokenPairResponse.model_validate(pair, from_attributes=True)


@router.post("/refresh", responses=problem_responses(400, 401, 413, 422, 503))
async def refresh(
    body: RefreshTokenRequest,
    client: ClientAddress,
    handler: RefreshSessionHandler = Depends(Inject["identity.refresh_session"]),
) -> TokenPairResponse:
    pair = await handler.handle(RefreshSession(refresh_token=body.refresh_token, client=client))
    return TokenPairResponse.model_validate(pair, from_attributes=True)


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(400, 413, 422, 503),
)
async def logout(
    body: RefreshTokenRequest,
    handler: LogOutHandler = Depends(Inject["identity.log_out"]),
) -> None:
    await handler.handle(LogOut(refresh_token=body.refresh_token))


@router.post(
    "/password/forgot",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(400, 413, 422, 429, 503),
)
async def forgot_password(
    body: EmailRequest,
    client: ClientAddress,
    handler: RequestPasswordResetHandler = Depends(Inject["identity.request_password_reset"]),
) -> AcceptedResponse:
    await handler.handle(RequestPasswordReset(email=body.email, client=client))
    return _MAIL_SENT


@router.post(
    "/password/reset",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(400, 409, 413, 422, 503),
)
async def reset_password(
    body: PasswordResetRequest,
    handler: ResetPasswordHandler = Depends(Inject["identity.reset_password"]),
) -> None:
    await handler.handle(ResetPassword(token=body.token, new_password=body.new_password))
