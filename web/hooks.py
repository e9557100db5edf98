"""Hooks: a function a lower app calls and an upper app provides when it starts (from its
AppConfig.ready()), so the lower app reads the upper one's data without importing it."""

from collections.abc import Callable
from typing import Any


class Hook:
    """Calls the provided function, or `default` while no app has provided one."""

    def __init__(self, default: Callable[..., Any]) -> None:
        self._default = default
        self._provided: Callable[..., Any] | None = None

    def provide(self, function: Callable[..., Any]) -> None:
        self._provided = function

    def __call__(self, *args, **kwargs) -> Any:
        return (self._provided or self._default)(*args, **kwargs)
