"""Which PostgreSQL a command uses: HEXASHOP_DATABASE_URL, or the embedded server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from bootstrap.embedded_postgres import EmbeddedPostgres, ServeLock
from bootstrap.settings import Settings


@contextmanager
def database_url(settings: Settings, *, exclusive: bool = False) -> Iterator[str]:
    """Yield the URL of the database to use, starting the embedded server when needed.

    ``exclusive`` (for ``serve``) also takes the data dir's serve lock, so that two
    servers never share one embedded database; other commands attach to the running
    embedded server and leave it running.
    """
    if settings.database_url is not None:
        yield settings.database_url
        return
    with ExitStack() as stack:
        if exclusive:
            stack.enter_context(ServeLock(settings.data_dir))
        server = EmbeddedPostgres(settings.data_dir)
        url = server.start()
        stack.callback(server.stop)
        yield url
