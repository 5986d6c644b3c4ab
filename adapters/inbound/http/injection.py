"""``Depends(Inject["ordering.place_order"])``: a provider of the app's own container.

Routes name what they need by the same string ids dependency-injector's ``Provide`` uses,
but resolve them at request time from ``request.app.state.container`` rather than through
``wire()``, which patches modules for the whole process: with wiring, a second app built
in the same process (tests, or several services in one process) would silently re-point
the first app's routes at the second app's adapters. Resolving per app keeps every app on
its own container, and awaiting the dependency keeps FastAPI from running it in its
thread pool. ``check_injections`` lets the app factory refuse an id no provider answers.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fastapi import Request


class _Indexable(type):
    def __getitem__(cls, provider_id: str) -> Inject:
        return Inject(provider_id)


class Inject(metaclass=_Indexable):
    _ids: ClassVar[set[str]] = set()

    def __init__(self, provider_id: str) -> None:
        self.provider_id = provider_id
        self._path = tuple(provider_id.split("."))
        Inject._ids.add(provider_id)

    async def __call__(self, request: Request) -> Any:
        return self.provide(request.app.state.container)

    def provide(self, container: object) -> Any:
        """What the provider of this id gives, from ``container``."""
        return resolve(container, self._path)()

    def __repr__(self) -> str:
        return f"Inject[{self.provider_id!r}]"


def resolve(container: object, path: tuple[str, ...]) -> Any:
    provider: Any = container
    for part in path:
        provider = getattr(provider, part)
    return provider


def check_injections(container: object) -> None:
    """Raise LookupError naming every id used by a route that the container lacks."""
    missing = sorted(
        provider_id
        for provider_id in Inject._ids
        if not _exists(container, tuple(provider_id.split(".")))
    )
    if missing:
        raise LookupError(f"no provider for {', '.join(missing)}")


def _exists(container: object, path: tuple[str, ...]) -> bool:
    try:
        resolve(container, path)
    except AttributeError:
        return False
    return True
