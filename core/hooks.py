"""Named hooks: how a lower app lets a higher one react without importing it.

A lower app declares a hook next to its services (``diaries/hooks.py``,
``patients/hooks.py`` ...) and calls it when something happened; a higher app
connects a receiver in its ``AppConfig.ready()``. The lower app never learns who
listens, so the import ladder (docs/architecture.md) stays one way.

Receivers run synchronously, in the caller's thread and inside the caller's
transaction, in the order they were connected. That is what makes a hook fit for
an outbox: a receiver that writes a row (an alert evaluation owed, a reminder
schedule) commits or rolls back with the write that caused it, and an exception
in a receiver fails the write. Receivers that want to do slow work record a row
and queue it on commit; they never do I/O inline.

A hook is *required* when the fact it announces carries a promise another app
must keep (a diary write owes an alert evaluation). Calling a required hook with
no receiver is a deployment error (an app is missing from ``INSTALLED_APPS``), so
it raises ``ImproperlyConfigured`` and the write rolls back, rather than silently
breaking the promise. An optional hook with no receiver does nothing.

A hook may also be *asked*: ``hook.ask(...)`` calls its one receiver and returns what
it answers (the lower app asks a question only a higher app can answer, such as the
guidance a diary day earns). A question needs exactly one answerer: asking with no
receiver, or with several, raises ``ImproperlyConfigured``, whatever ``required`` says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import ImproperlyConfigured

Receiver = TypeVar("Receiver", bound=Callable[..., object])


class Hook(Generic[Receiver]):
    """A named, typed hook; ``Receiver`` is the signature (a Protocol) receivers implement."""

    def __init__(self, name: str, *, required: bool) -> None:
        self.name = name
        self.required = required
        self._receivers: list[Receiver] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name} ({len(self._receivers)} receiver(s))>"

    @property
    def receivers(self) -> tuple[Receiver, ...]:
        return tuple(self._receivers)

    def connect(self, receiver: Receiver) -> Receiver:
        """Add a receiver (connecting the same one twice is harmless); return it."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Receiver) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def _fire(self, *args: Any, **kwargs: Any) -> None:
        if not self._receivers and self.required:
            raise ImproperlyConfigured(
                f"Nothing receives the required hook {self.name!r}: the app that keeps its "
                "promise is not installed (see docs/architecture.md)."
            )
        for receiver in tuple(self._receivers):
            receiver(*args, **kwargs)

    def _ask(self, *args: Any, **kwargs: Any) -> object:
        if len(self._receivers) != 1:
            raise ImproperlyConfigured(
                f"The hook {self.name!r} is asked a question and needs exactly one receiver, "
                f"not {len(self._receivers)} (see docs/architecture.md)."
            )
        return self._receivers[0](*args, **kwargs)

    @property
    def ask(self) -> Receiver:
        """Call the one receiver and return its answer (typed as the receivers' signature)."""
        return cast(Receiver, self._ask)

    @property
    def send(self) -> Receiver:
        """Call every receiver with these arguments (typed as the receivers' signature)."""
        return cast(Receiver, self._fire)
