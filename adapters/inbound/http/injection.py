"""``Inject["id"]``: dependency-injector's ``Provide`` marker, resolved on the event loop.

FastAPI runs every synchronous dependency in its thread pool. ``Depends(Provide[...])``
makes the marker itself such a dependency, so each injected handler cost a thread hop per
request (a tenth of the server's time under load). Awaiting the marker instead keeps the
request on the loop; ``@inject`` then swaps it for the provider's value as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from dependency_injector.wiring import Provide

if TYPE_CHECKING:
    Inject = Provide
else:

    class Inject(Provide):
        async def __call__(self) -> Self:
            return self


__all__ = ["Inject"]
