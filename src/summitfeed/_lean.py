"""``typing.NamedTuple`` for the modules the quick answer loads, without
:mod:`typing`.

Loading :mod:`typing` loads :mod:`re`, :mod:`enum`, :mod:`contextlib` and
more: about as long to load as every other module the quick answer needs.
The modules it loads write
``class Record(NamedTuple)`` as usual, importing ``NamedTuple`` from here at
run time and from ``typing`` for type checkers (under ``TYPE_CHECKING``).
The class made is, as ``typing.NamedTuple``'s, a
:func:`collections.namedtuple` with the annotated fields, their defaults,
and the class's own methods and docstring; it keeps no annotations (nothing
here asks for them at run time), and its module must read annotations as
text (``from __future__ import annotations``), as every module here does.
"""

from __future__ import annotations

from collections import namedtuple

__all__ = ["NamedTuple"]


class _NamedTupleMeta(type):
    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, object]
    ) -> type:
        if not bases:  # (NamedTuple itself)
            return super().__new__(mcs, name, bases, namespace)
        annotations = namespace.get("__annotations__")
        if not isinstance(annotations, dict) or len(bases) != 1:
            raise TypeError(f"{name}: fields as annotations, NamedTuple its one base")
        fields = list(annotations)
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
            raise TypeError(f"{name}: a field without a default after one with")
        module = str(namespace["__module__"])
        made: type = namedtuple(name, fields, defaults=defaults, module=module)  # type: ignore[misc]
        for key, value in namespace.items():
            if key not in fields and key not in ("__annotations__", "__qualname__"):
                setattr(made, key, value)
        made.__qualname__ = str(namespace.get("__qualname__", name))
        return made


class NamedTuple(metaclass=_NamedTupleMeta):
    """Base of a class whose annotated fields make a named tuple."""
