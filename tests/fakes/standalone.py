"""What the three stand-ins' standalone modes share: choosing a variant by name, and serving until Ctrl-C.

`python -m tests.fakes.<vendor>_server` prints the settings that point the bot
at the stand-in, then serves; end-to-end tests and `deep_tables` pick the same
variants by name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from tests.fakes.stub_server import StubServer

ServerT = TypeVar("ServerT", bound=StubServer)


def _as_documented(server: StubServer) -> None:
    """The variant that changes nothing: the docs' own shapes."""


@dataclass(frozen=True)
class Variant(Generic[ServerT]):
    """A behaviour the vendor's docs leave open, declared once: what it does and how the stand-in is switched."""

    does: str
    switch: Callable[[ServerT], object] = _as_documented


def sets(**attributes: object) -> Callable[[StubServer], None]:
    """A switch that sets these of the stand-in's own switches (`links_style`, `envelope`, ...)."""

    def switch(server: StubServer) -> None:
        for name, value in attributes.items():
            setattr(server, name, value)

    return switch


def switched(vendor: str, variants: Mapping[str, Variant[ServerT]], server: ServerT, variant: str) -> ServerT:
    """`server` switched to `variant`; a variant the stand-in does not have is refused, naming those it has."""
    if variant not in variants:
        raise ValueError(f"unknown {vendor} stand-in variant {variant!r}; known: {', '.join(variants)}")
    variants[variant].switch(server)
    return server


def serve_until_interrupted(server: StubServer, settings: Iterable[str], note: str) -> None:
    """Print the settings lines, then `# note` (flushed: a shell or a test reads them), and serve until Ctrl-C."""
    for line in settings:
        print(line)
    print(f"# {note}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
