"""The catalog's use cases, wired to whatever adapters a deployment hands in."""

from __future__ import annotations

from dependency_injector import containers, providers

from application.catalog.commands.adjust_stock import AdjustStockHandler
from application.catalog.commands.commit_reservation import CommitReservationHandler
from application.catalog.commands.create_category import CreateCategoryHandler
from application.catalog.commands.create_product import CreateProductHandler
from application.catalog.commands.delete_category import DeleteCategoryHandler
from application.catalog.commands.delete_product import DeleteProductHandler
from application.catalog.commands.move_category import MoveCategoryHandler
from application.catalog.commands.release_reservation import ReleaseReservationHandler
from application.catalog.commands.reserve_stock import ReserveStockHandler
from application.catalog.commands.return_stock import ReturnStockHandler
from application.catalog.commands.update_category import UpdateCategoryHandler
from application.catalog.commands.update_product import UpdateProductHandler
from application.catalog.ports import CatalogUnitOfWork
from application.catalog.queries.get_category import GetCategoryHandler
from application.catalog.queries.get_category_path import GetCategoryPathHandler
from application.catalog.queries.get_category_tree import GetCategoryTreeHandler
from application.catalog.queries.get_product import GetProductHandler
from application.catalog.queries.get_stock import GetStockHandler
from application.catalog.queries.list_stock_movements import ListStockMovementsHandler
from application.catalog.queries.search_products import SearchProductsHandler
from application.shared.ports import Clock


class CatalogContainer(containers.DeclarativeContainer):
    uow = providers.Dependency(instance_of=CatalogUnitOfWork)
    reader = providers.Dependency(instance_of=CatalogUnitOfWork)  # queries without a snapshot
    clock = providers.Dependency(instance_of=Clock)

    create_category = providers.Factory(CreateCategoryHandler, uow=uow, clock=clock)
    update_category = providers.Factory(UpdateCategoryHandler, uow=uow, clock=clock)
    move_category = providers.Factory(MoveCategoryHandler, uow=uow, clock=clock)
    delete_category = providers.Factory(DeleteCategoryHandler, uow=uow)
    get_category = providers.Factory(GetCategoryHandler, uow=reader)
    get_category_path = providers.Factory(GetCategoryPathHandler, uow=reader)
    get_category_tree = providers.Factory(GetCategoryTreeHandler, uow=reader)

    create_product = providers.Factory(CreateProductHandler, uow=uow, clock=clock)
    update_product = providers.Factory(UpdateProductHandler, uow=uow, clock=clock)
    delete_product = providers.Factory(DeleteProductHandler, uow=uow, clock=clock)
    get_product = providers.Factory(GetProductHandler, uow=reader)
    search_products = providers.Factory(SearchProductsHandler, uow=reader)

    adjust_stock = providers.Factory(AdjustStockHandler, uow=uow, clock=clock)
    get_stock = providers.Factory(GetStockHandler, uow=reader)
    list_stock_movements = providers.Factory(ListStockMovementsHandler, uow=uow)

    # System operations for ordering; no route exposes them.
    reserve_stock = providers.Factory(ReserveStockHandler, uow=uow, clock=clock)
    commit_reservation = providers.Factory(CommitReservationHandler, uow=uow, clock=clock)
    release_reservation = providers.Factory(ReleaseReservationHandler, uow=uow, clock=clock)
    return_stock = providers.Factory(ReturnStockHandler, uow=uow, clock=clock)
