"""What the three stand-ins' standalone modes share: choosing a variant by name, and serving until Ctrl-C.

`python -m tests.fakes.<vendor>_server` prints the settings that point the bot
at the stand-in, then serves; end-to-end tests and `deep_tables` pick the same
variants by name.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from tests.fakes.stub_server import StubServer


def known_variant(vendor: str, variants: Mapping[str, str], variant: str) -> None:
    """Refuse a variant the stand-in does not have, naming those it has."""
    if variant not in variants:
        raise ValueError(f"unknown {vendor} stand-in variant {variant!r}; known: {', '.join(variants)}")


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
