"""Fast rebuilding of records from JSON: :func:`dateline.model.from_dict` with cached plans.

``model.from_dict`` resolves type hints on every call, which costs about 0.3 ms per record;
a story page rebuilds thousands. This gives the same result (unknown keys ignored, missing keys
left to their defaults) with the hints resolved once per class.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
Converter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


@cache
def _converter(tp: Any) -> Converter:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:
            return _identity
        inner = _converter(options[0])
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        item = _converter(args[0])
        return lambda data: None if data is None else tuple(item(x) for x in data)
    if origin is dict:
        value = _converter(args[1])
        return lambda data: None if data is None else {k: value(v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda data: None if data is None else load(tp, data)
    return _identity


@cache
def _plan(cls: type) -> dict[str, Converter]:
    hints = typing.get_type_hints(cls)
    return {f.name: _converter(hints[f.name]) for f in dataclasses.fields(cls)}


def load(cls: type[T], data: dict[str, Any]) -> T:
    """The record of type ``cls`` from its :func:`~dateline.model.to_dict` form."""
    plan = _plan(cls)
    return cls(**{key: plan[key](value) for key, value in data.items() if key in plan})
