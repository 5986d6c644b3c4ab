"""The `hexashop` command: serve, migrate, and user administration."""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from typing import Annotated

import typer
import uvicorn

from bootstrap.containers.monolith import build_monolith, close_monolith
from bootstrap.database import database_url
from bootstrap.embedded_postgres import DataDirInUseError
from bootstrap.http import create_app
from bootstrap.logs import configure_logging
from bootstrap.migrations import apply_migrations
from bootstrap.seed import DEFAULT_CATEGORIES, CatalogNotEmptyError, SeedRequest, run_seed
from bootstrap.settings import Settings, SettingsError, load_settings
from domain.shared.errors import DomainError

# The collector's thresholds while serving (see _run); Python's defaults are (700, 10, 10).
_GC_THRESHOLDS = (20_000, 20, 20)

app = typer.Typer(help="hexashop: an e-commerce backend.", no_args_is_help=True)
users = typer.Typer(help="User administration.", no_args_is_help=True)
app.add_typer(users, name="users")


def _settings() -> Settings:
    try:
        settings = load_settings()
    except SettingsError as error:
        typer.echo(f"hexashop: invalid settings: {error}", err=True)
        raise typer.Exit(2) from None
    configure_logging(settings)
    return settings


def _fail(message: str) -> typer.Exit:
    typer.echo(f"hexashop: {message}", err=True)
    return typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    memory: Annotated[
        bool, typer.Option("--memory", help="Keep everything in memory (lost at exit).")
    ] = False,
) -> None:
    """Run the monolith: every context in one process."""
    settings = _settings()
    if memory:
        _run(settings, None, host, port, "in memory (nothing is kept)")
        return
    try:
        with database_url(settings, exclusive=True) as url:
            apply_migrations(url)
            where = "embedded PostgreSQL" if settings.database_url is None else "PostgreSQL"
            _run(settings, url, host, port, where)
    except DataDirInUseError as error:
        raise _fail(str(error)) from None


def _run(settings: Settings, url: str | None, host: str, port: int, storage: str) -> None:
    application = create_app(build_monolith(settings, database_url=url))
    typer.echo(f"hexashop: serving on http://{host}:{port} (docs: /docs), data {storage}")
    # uvicorn re-raises the signal that stopped it once it has shut down; SIGTERM's default
    # action would then kill the process before the embedded database is stopped.
    signal.signal(signal.SIGTERM, _exit_quietly)
    # What start-up made (modules, the app, its container) lives as long as the process:
    # frozen, it is out of the collector's sight, which otherwise walked it at every full
    # collection and paused the event loop for 100 ms and more under a flood of logins.
    gc.collect()
    gc.freeze()
    # A page of a hundred products keeps a few thousand objects alive while it is written;
    # with the default threshold (700) the collector ran several hundred times a second
    # under load, walking the requests in flight: ~15 % of the CPU serving lists. Cycles
    # are rare in a request's objects (refcounting frees them), so collect far less often.
    gc.set_threshold(*_GC_THRESHOLDS)
    uvicorn.run(application, host=host, port=port, log_config=None, access_log=False)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


@app.command()
def migrate() -> None:
    """Apply pending database migrations of every context."""
    settings = _settings()
    with database_url(settings) as url:
        apply_migrations(url)
    typer.echo("hexashop: migrations applied")


@app.command()
def seed(
    products: Annotated[int, typer.Option(min=1, help="How many products to add.")],
    categories: Annotated[
        int, typer.Option(min=1, help="How many categories to add (a tree up to 3 deep).")
    ] = DEFAULT_CATEGORIES,
    seed: Annotated[int, typer.Option(help="The same seed makes the same catalog.")] = 0,
    append: Annotated[
        bool, typer.Option("--append", help="Add to a catalog that is not empty.")
    ] = False,
    memory: Annotated[bool, typer.Option("--memory", hidden=True)] = False,
) -> None:
    """Fill the catalog with generated categories, products and stock (demos, benchmarks)."""
    if memory:
        raise _fail(
            "seed --memory: an in-memory catalog lives only inside its `serve --memory`"
            " process, so there is nothing to seed; seed PostgreSQL instead (the embedded"
            " server, or HEXASHOP_DATABASE_URL), then `serve` without --memory"
        )
    settings = _settings()
    request = SeedRequest(products=products, categories=categories, seed=seed, append=append)
    with database_url(settings) as url:
        apply_migrations(url)
        try:
            result = run_seed(url, request)
        except CatalogNotEmptyError as error:
            raise _fail(str(error)) from None
        except DomainError as error:
            raise _fail(f"{error.message}; nothing was seeded") from None
    typer.echo(
        f"hexashop: seeded {result.products:,} products ({result.inactive:,} inactive,"
        f" {result.out_of_stock:,} out of stock, {result.units:,} units) in"
        f" {result.categories:,} categories, seed {seed}, in"
        f" {result.load_seconds + result.finish_seconds:.0f} s (load {result.load_seconds:.0f} s,"
        f" commit {result.finish_seconds:.0f} s)"
    )


@users.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="The admin's email address.")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    full_name: Annotated[str, typer.Option(help="The admin's name.")] = "Administrator",
) -> None:
    """Create an admin account (works while `serve` runs, on the same database)."""
    from application.identity.commands.create_admin import CreateAdmin

    settings = _settings()
    with database_url(settings) as url:
        apply_migrations(url)
        container = build_monolith(settings, database_url=url)

        async def create() -> str:
            try:
                handler = container.identity.create_admin()
                view = await handler.handle(
                    CreateAdmin(email=email, password=password, full_name=full_name)
                )
                return str(view.id)
            finally:
                await close_monolith(container)

        try:
            user_id = asyncio.run(create())
        except DomainError as error:
            raise _fail(f"{getattr(error, 'field', '')} {error.message}".strip()) from None
    typer.echo(f"hexashop: admin {email} created (id {user_id})")


def main() -> None:
    sys.exit(app())
