"""Identity's use cases, wired to whatever adapters a deployment hands in."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.identity.commands.change_password import ChangePasswordHandler
from application.identity.commands.create_admin import CreateAdminHandler
from application.identity.commands.delete_user import DeleteUserHandler
from application.identity.commands.log_in import LogInHandler
from application.identity.commands.log_out import LogOutHandler
from application.identity.commands.refresh_session import RefreshSessionHandler
from application.identity.commands.register_user import RegisterUserHandler
from application.identity.commands.request_password_reset import RequestPasswordResetHandler
from application.identity.commands.resend_verification import ResendVerificationHandler
from application.identity.commands.reset_password import ResetPasswordHandler
from application.identity.commands.update_profile import UpdateProfileHandler
from application.identity.commands.update_user import UpdateUserHandler
from application.identity.commands.verify_email import VerifyEmailHandler
from application.identity.policy import IdentityPolicy
from application.identity.ports import AccessTokenIssuer, IdentityUnitOfWork, PasswordHasher
from application.identity.queries.get_profile import GetProfileHandler
from application.identity.queries.get_public_keys import GetPublicKeysHandler
from application.identity.queries.get_user import GetUserHandler
from application.identity.queries.list_users import ListUsersHandler
from application.shared.ports import Clock, Mailer, RateLimiter, SecurityLog


class IdentityContainer(containers.DeclarativeContainer):
    uow = providers.Dependency(instance_of=IdentityUnitOfWork)
    reader = providers.Dependency(instance_of=IdentityUnitOfWork)  # for one-statement queries
    hasher = providers.Dependency(instance_of=PasswordHasher)
    issuer = providers.Dependency(instance_of=AccessTokenIssuer)
    mailer = providers.Dependency(instance_of=Mailer)
    rate_limiter = providers.Dependency(instance_of=RateLimiter)
    security_log = providers.Dependency(instance_of=SecurityLog)
    clock = providers.Dependency(instance_of=Clock)
    policy = providers.Dependency(instance_of=IdentityPolicy)

    register_user = providers.Factory(
        RegisterUserHandler,
        uow=uow,
        hasher=hasher,
        mailer=mailer,
        rate_limiter=rate_limiter,
        clock=clock,
        policy=policy,
    )
    verify_email = providers.Factory(VerifyEmailHandler, uow=uow, clock=clock)
    resend_verification = providers.Factory(
        ResendVerificationHandler,
        uow=uow,
        mailer=mailer,
        rate_limiter=rate_limiter,
        clock=clock,
        policy=policy,
    )
    log_in = providers.Factory(
        LogInHandler,
        uow=uow,
        reader=reader,
        hasher=hasher,
        issuer=issuer,
        rate_limiter=rate_limiter,
        security_log=security_log,
        clock=clock,
        policy=policy,
    )
    refresh_session = providers.Factory(
        RefreshSessionHandler,
        uow=uow,
        issuer=issuer,
        security_log=security_log,
        clock=clock,
        policy=policy,
    )
    log_out = providers.Factory(LogOutHandler, uow=uow, clock=clock)
    request_password_reset = providers.Factory(
        RequestPasswordResetHandler,
        uow=uow,
        mailer=mailer,
        rate_limiter=rate_limiter,
        security_log=security_log,
        clock=clock,
        policy=policy,
    )
    reset_password = providers.Factory(
        ResetPasswordHandler, uow=uow, hasher=hasher, security_log=security_log, clock=clock
    )
    get_profile = providers.Factory(GetProfileHandler, uow=reader)
    update_profile = providers.Factory(UpdateProfileHandler, uow=uow, clock=clock)
    change_password = providers.Factory(
        ChangePasswordHandler,
        uow=uow,
        hasher=hasher,
        issuer=issuer,
        security_log=security_log,
        clock=clock,
        policy=policy,
    )
    list_users = providers.Factory(ListUsersHandler, uow=uow)
    get_user = providers.Factory(GetUserHandler, uow=uow)
    update_user = providers.Factory(
        UpdateUserHandler, uow=uow, security_log=security_log, clock=clock
    )
    delete_user = providers.Factory(
        DeleteUserHandler, uow=uow, security_log=security_log, clock=clock
    )
    create_admin = providers.Factory(CreateAdminHandler, uow=uow, hasher=hasher, clock=clock)
    get_public_keys = providers.Factory(GetPublicKeysHandler, issuer=issuer)
