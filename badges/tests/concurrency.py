"""Racing database writes from threads, to test that locks let exactly the right ones through."""

import threading
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection


def race(action: Callable[[Any], Any], arguments: Iterable) -> tuple[list, list[str]]:
    """Run action(argument) for each argument, each in a thread of its own, all at one moment.

    Returns what the calls returned and the messages of the ValidationErrors that refused the
    others. Each thread closes its own database connection, as Django opens one per thread.
    """
    arguments = list(arguments)
    start = threading.Barrier(len(arguments))
    done, refused = [], []

    def run(argument):
        try:
            start.wait()
            done.append(action(argument))
        except ValidationError as exc:
            refused.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused
