"""Request and response bodies of identity's routes."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from adapters.inbound.http.schemas import RequestModel

# Generous outer bounds only; the real rules live in the domain and answer with fields.
_PASSWORD = Field(min_length=1, max_length=1024)
_EMAIL = Field(min_length=1, max_length=320)
_TOKEN = Field(min_length=1, max_length=512)


class RegisterRequest(RequestModel):
    email: str = _EMAIL
    password: str = _PASSWORD
    full_name: str = Field(min_length=1, max_length=400)


class LoginRequest(RequestModel):
    email: str = _EMAIL
    password: str = _PASSWORD


class TokenRequest(RequestModel):
    token: str = _TOKEN


class RefreshTokenRequest(RequestModel):
    refresh_token: str = _TOKEN


class EmailRequest(RequestModel):
    email: str = _EMAIL


class PasswordResetRequest(RequestModel):
    token: str = _TOKEN
    new_password: str = _PASSWORD


class PasswordChangeRequest(RequestModel):
    current_password: str = _PASSWORD
    new_password: str = _PASSWORD


class ProfileUpdateRequest(RequestModel):
    full_name: str | None = Field(default=None, min_length=1, max_length=400)


class AdminUserUpdateRequest(RequestModel):
    role: str | None = Field(default=None, max_length=32)
    status: str | None = Field(default=None, max_length=32)


class UserResponse(BaseModel):
    id: UUID
    email: str
    full_name: str
    role: str
    status: str
    email_verified: bool
    created_at: datetime
    updated_at: datetime


class TokenPairResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


class AcceptedResponse(BaseModel):
    detail: str
