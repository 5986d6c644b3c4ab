"""Identity's tables, private to this package; the migrations create exactly these."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    Uuid,
    text,
)

metadata = MetaData(
    naming_convention={
        "pk": "pk_%(table_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    }
)

# Named here because the repositories translate their violations.
USERS_PKEY = "pk_users"
USERS_EMAIL_NOT_DELETED = "uq_users_email_not_deleted"
REFRESH_TOKENS_USER = "fk_refresh_tokens_user_id_users"
ONE_TIME_TOKENS_USER = "fk_one_time_tokens_user_id_users"

users = Table(
    "users",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("email", Text(), nullable=False),
    Column("full_name", Text(), nullable=False),
    Column("password_hash", Text(), nullable=False),
    Column("role", Text(), nullable=False),
    Column("status", Text(), nullable=False),
    Column("email_verified", Boolean(), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("failed_logins", Integer(), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("version", Integer(), nullable=False),
    CheckConstraint("role IN ('user', 'admin')", name="role"),
    CheckConstraint("status IN ('active', 'suspended', 'deleted')", name="status"),
    # Emails are unique among users not deleted: a deleted account frees its address.
    Index(
        USERS_EMAIL_NOT_DELETED,
        "email",
        unique=True,
        postgresql_where=text("status <> 'deleted'"),
    ),
    # Newest-first listing with a keyset cursor on (created_at, id).
    Index("ix_users_created_at_id", "created_at", "id"),
    # count_active_admins reads (and locks) only these rows.
    Index(
        "ix_users_active_admins",
        "id",
        postgresql_where=text("role = 'admin' AND status = 'active'"),
    ),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("family_id", Uuid(), nullable=False),
    Column("user_id", Uuid(), ForeignKey("users.id"), nullable=False),
    Column("token_hash", Text(), nullable=False, unique=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("rotated_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    # Revocation only ever looks for tokens not yet revoked.
    Index("ix_refresh_tokens_family_id", "family_id", postgresql_where=text("revoked_at IS NULL")),
    Index("ix_refresh_tokens_user_id", "user_id", postgresql_where=text("revoked_at IS NULL")),
)

one_time_tokens = Table(
    "one_time_tokens",
    metadata,
    Column("id", Uuid(), primary_key=True),
    Column("user_id", Uuid(), ForeignKey("users.id"), nullable=False),
    Column("purpose", Text(), nullable=False),
    Column("token_hash", Text(), nullable=False, unique=True),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("purpose IN ('verify_email', 'reset_password')", name="purpose"),
    Index(
        "ix_one_time_tokens_user_id_purpose",
        "user_id",
        "purpose",
        postgresql_where=text("used_at IS NULL"),
    ),
)
