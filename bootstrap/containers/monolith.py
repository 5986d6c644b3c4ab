"""The modular monolith: every context in one process, on one adapter set for storage."""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.inbound.messaging.stock_effects import StockEffectsConsumer
from adapters.outbound.in_process.catalog_gateway import InProcessCatalogGateway
from adapters.outbound.in_process.publisher import InProcessPublisher
from adapters.outbound.payments.sandbox import SandboxPaymentProcessor
from adapters.outbound.security.fingerprints import HmacInstrumentFingerprinter
from adapters.outbound.security.secret_files import load_or_create_secret
from application.identity.policy import IdentityPolicy
from bootstrap.containers.catalog import CatalogContainer
from bootstrap.containers.identity import IdentityContainer
from bootstrap.containers.ordering import OrderingContainer
from bootstrap.containers.persistence import MemoryPersistence, PostgresPersistence
from bootstrap.containers.platform import PlatformContainer
from bootstrap.settings import Settings

FINGERPRINT_SECRET_FILE = "payment-fingerprint.key"


def fingerprint_secret(settings: Settings) -> bytes:
    if settings.payment_fingerprint_secret is not None:
        return settings.payment_fingerprint_secret.get_secret_value().encode()
    return load_or_create_secret(settings.data_dir / FINGERPRINT_SECRET_FILE)


def stock_effects_bus(consumer: StockEffectsConsumer) -> InProcessPublisher:
    bus = InProcessPublisher()
    for topic, handler in consumer.subscriptions().items():
        bus.subscribe(topic, handler)
    return bus


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
        reader=persistence.identity_reader,
        hasher=platform.password_hasher,
        issuer=platform.access_tokens,
        mailer=platform.mailer,
        rate_limiter=platform.rate_limiter,
        security_log=platform.security_log,
        clock=platform.clock,
        policy=providers.Singleton(identity_policy, settings),
    )
    catalog = providers.Container(
        CatalogContainer,
        uow=persistence.catalog_uow,
        reader=persistence.catalog_reader,
        clock=platform.clock,
    )
    ordering = providers.Container(
        OrderingContainer,
        uow=persistence.ordering_uow,
        idempotency=persistence.idempotency_store,
        catalog=providers.Singleton(
            InProcessCatalogGateway,
            get_product=catalog.get_product.provider,
            reserve_stock=catalog.reserve_stock.provider,
            commit_reservation=catalog.commit_reservation.provider,
            release_reservation=catalog.release_reservation.provider,
            return_stock=catalog.return_stock.provider,
        ),
        processor=providers.Singleton(
            SandboxPaymentProcessor, timeout=settings.provided.payment_timeout_seconds
        ),
        fingerprinter=providers.Singleton(
            HmacInstrumentFingerprinter, providers.Callable(fingerprint_secret, settings)
        ),
        # The bus hands the outbox's messages to the catalog's consumers, in process.
        publisher=providers.Singleton(
            stock_effects_bus,
            providers.Factory(
                StockEffectsConsumer,
                commit_reservation=catalog.commit_reservation.provider,
                release_reservation=catalog.release_reservation.provider,
                return_stock=catalog.return_stock.provider,
            ),
        ),
        clock=platform.clock,
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
