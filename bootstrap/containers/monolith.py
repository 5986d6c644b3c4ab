"""The modular monolith: every context in one process, on one adapter set for storage."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.identity.policy import IdentityPolicy
from bootstrap.containers.catalog import CatalogContainer
from bootstrap.containers.identity import IdentityContainer
from bootstrap.containers.persistence import MemoryPersistence, PostgresPersistence
from bootstrap.containers.platform import PlatformContainer
from bootstrap.settings import Settings


def identity_policy(settings: Settings) -> IdentityPolicy:
    return IdentityPolicy(public_base_url=settings.public_base_url)


class MonolithContainer(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    # MemoryPersistence or PostgresPersistence, chosen by the deployment.
    persistence = providers.DependenciesContainer()
    platform = providers.Container(
        PlatformContainer, settings=settings, readiness=persistence.readiness
    )

    identity = providers.Container(
        IdentityContainer,
        uow=persistence.identity_uow,
        hasher=platform.password_hasher,
        issuer=platform.access_tokens,
        mailer=platform.mailer,
        rate_limiter=platform.rate_limiter,
        security_log=platform.security_log,
        clock=platform.clock,
        policy=providers.Singleton(identity_policy, settings),
    )
    catalog = providers.Container(
        CatalogContainer, uow=persistence.catalog_uow, clock=platform.clock
    )


def build_monolith(settings: Settings, *, database_url: str | None) -> MonolithContainer:
    """The monolith on PostgreSQL at ``database_url``, or in memory when it is None."""
    persistence: containers.DeclarativeContainer = (
        MemoryPersistence()
        if database_url is None
        else PostgresPersistence(database_url=database_url, pool_size=settings.db_pool_size)
    )
    return MonolithContainer(settings=settings, persistence=persistence)


async def close_monolith(container: MonolithContainer) -> None:
    """Release pools and worker threads; the app's lifespan calls it at shutdown."""
    await container.platform.close()
    await container.persistence.close()
