"""What the search commands share: the --kind option, and running a step kind by kind."""

from collections.abc import Callable, Iterator
from typing import TypeVar

from django.core.management.base import BaseCommand, CommandError
from elasticsearch import exceptions as es_exceptions

from search.services import index_size
from search.types import KINDS

from .progress import ProgressBar

T = TypeVar("T")

# Failures of the search engine that a command reports instead of a traceback.
ENGINE_ERRORS = (es_exceptions.ApiError, es_exceptions.TransportError)


def add_kind_argument(parser) -> None:
    parser.add_argument(
        "--kind", choices=KINDS, action="append", help="Only this kind (repeatable)."
    )


def per_kind(
    command: BaseCommand,
    kinds: list[str] | None,
    verb: str,
    step: Callable[[str, Callable[[int], None]], T],
) -> Iterator[tuple[str, T]]:
    """Run step(kind, progress) for each kind (every kind unless named) under a progress bar."""
    for kind in kinds or KINDS:
        bar = ProgressBar(kind, index_size(kind=kind), out=command.stderr)
        try:
            result = step(kind, bar.advance)
        except ENGINE_ERRORS as exc:
            raise CommandError(f"Could not {verb} {kind}: {exc}") from exc
        finally:
            bar.close()
        yield kind, result
