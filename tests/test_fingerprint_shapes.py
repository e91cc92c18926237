"""``fingerprint.shape`` sends a kind it has met to its shaper by the exact type: the
shape of a value is the same the first time (when its kind is decided by the tests in
``shape``) and every time after, and a kind it cannot describe is never taken for one it
can."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import OrderedDict

import pytest
from pydantic import BaseModel

from generator.site.fingerprint import Unknown, shape


@dataclasses.dataclass(frozen=True)
class Point:
    x: int
    label: str
    tags: tuple[str, ...] = ()


class Named(BaseModel):
    name: str


class Numbered(dict):  # type: ignore[type-arg]
    """A dict subclass: shaped as a dict, never registered."""


class Opaque:
    pass


def test_shapes_are_the_same_before_and_after_a_kind_is_registered():
    values = [
        Point(1, "a", ("x", "y")),
        [Point(2, "b"), {"k": Point(3, "c")}],
        Named(name="n"),
        Numbered(a=1, b=[Point(4, "d")]),
        OrderedDict(z=dt.date(2020, 1, 2), y=None),
        (1, 2.5, True, "s"),
    ]
    first = [shape(v) for v in values]
    assert first == [shape(v) for v in values] == [shape(v, {}) for v in values]
    assert first[0] == "Point(1,'a',['x','y'])"
    assert first[2] == '{"name":"n"}'
    assert first[3] == "{'a':1,'b':[Point(4,'d',[])]}"


def test_an_unknown_kind_stays_unknown():
    with pytest.raises(Unknown):
        shape(Opaque())
    with pytest.raises(Unknown):
        shape({"page": [Opaque()]})
    shape(Point(0, ""))  # registers Point, not what it holds
    with pytest.raises(Unknown):
        shape(Point(0, "", (Opaque(),)))  # type: ignore[arg-type]
