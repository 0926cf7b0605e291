"""Named hooks: receivers run in order, once each; a required hook without one is an error."""

from __future__ import annotations

from typing import Protocol

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.hooks import Hook


class Said(Protocol):
    def __call__(self, *, word: str) -> None: ...


def test_it_calls_every_receiver_in_order_once_each() -> None:
    heard: list[str] = []
    hook: Hook[Said] = Hook("test.said", required=True)

    def first(*, word: str) -> None:
        heard.append(f"first {word}")

    def second(*, word: str) -> None:
        heard.append(f"second {word}")

    hook.connect(first)
    hook.connect(second)
    hook.connect(first)  # ready() may run twice (tests, reloads): still once
    hook.send(word="hello")
    assert heard == ["first hello", "second hello"]


def test_it_refuses_a_required_hook_nobody_receives() -> None:
    hook: Hook[Said] = Hook("test.required", required=True)
    with pytest.raises(ImproperlyConfigured, match=r"test\.required"):
        hook.send(word="lost")


def test_it_lets_an_optional_hook_go_unheard() -> None:
    hook: Hook[Said] = Hook("test.optional", required=False)
    hook.send(word="nobody listens")
    assert hook.receivers == ()


def test_it_lets_a_receivers_error_reach_the_caller() -> None:
    hook: Hook[Said] = Hook("test.failing", required=True)

    def broken(*, word: str) -> None:
        raise RuntimeError(word)

    hook.connect(broken)
    with pytest.raises(RuntimeError, match="boom"):
        hook.send(word="boom")
