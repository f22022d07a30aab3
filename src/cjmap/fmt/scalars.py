"""Write one scalar with as little quoting as is safe.

A value written without quotes keeps the text the author typed, so `0o17`,
`1.5e3`, `~` and `2025-09-30` stay as they are. A text is written without
quotes when YAML reads it back as the same text; otherwise it is put in double
quotes, with escapes for what cannot be shown. Words that older YAML readers
(YAML 1.1, still common in editors and scripts) would take for something else
keep their quotes too: `yes`, `no`, `on`, `off`, `1:20`, `0b101`, `1_000`.
"""

from __future__ import annotations

import re
import unicodedata

from cjmap.fmt.tree import Collection, Scalar
from cjmap.loader import resolve_plain

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# libyaml ends a plain text inside [ ] or { } at any of these (`?` included).
_FLOW_INDICATORS = frozenset(",[]{}?")
_YAML11 = re.compile(
    r"(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|=|<<)"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"  # sexagesimal
    r"|[-+]?0b[01_]+|[-+]?[0-9.][0-9_.]*_[0-9_.]*"  # binary, underscores
)
_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def scalar_text(scalar: Scalar, *, flow: bool = False) -> str:
    """The scalar as it will be written, its anchor and tag included."""
    return properties(scalar) + _value_text(scalar, flow)


def properties(node: Scalar | Collection) -> str:
    """`&anchor !!tag ` before a value, or nothing."""
    parts = [f"&{node.anchor}" if node.anchor else "", node.tag or ""]
    return "".join(part + " " for part in parts if part)


def _value_text(scalar: Scalar, flow: bool) -> str:
    if scalar.tag:
        # An explicit tag decides the type: keep the author's spelling, unless
        # it is a plain text that [ ] would end early.
        misread = flow and scalar.style == "" and _misread_in_flow(scalar.source)
        return scalar.source if scalar.source and scalar.style != '"' and not misread else double_quoted(scalar.value)
    if scalar.style == "" and scalar.source and not (flow and _misread_in_flow(scalar.source)):
        return scalar.source
    if scalar.style == "" and not isinstance(resolve_plain(scalar.value), str):
        return scalar.value  # a number, true/false or null spread over lines
    return text(scalar.value, flow=flow)


def _misread_in_flow(plain: str) -> bool:
    """Whether a plain text read in a block would end early inside [ ]: at a
    flow indicator, or at a colon (`k:v` is one text in a block only)."""
    return bool(_FLOW_INDICATORS & set(plain)) or ":" in plain


def text(value: str, *, flow: bool = False) -> str:
    return value if plain_is_safe(value, flow=flow) else double_quoted(value)


def plain_is_safe(value: str, *, flow: bool = False) -> bool:
    """Whether `value` can be written without quotes and read back as this text."""
    if not value or value != value.strip() or value.startswith(("---", "...")):
        return False
    first = value[0]
    if first in _INDICATORS and not (first == "-" and len(value) > 1 and value[1] != " "):
        return False
    if ": " in value or " #" in value or value.endswith(":") or "\t" in value:
        return False
    if flow and (_FLOW_INDICATORS & set(value) or ":" in value):
        return False
    if any(unicodedata.category(char) in _HIDDEN for char in value):
        return False
    return resolve_plain(value) == value and not _YAML11.fullmatch(value)  # == : still a text


def double_quoted(value: str) -> str:
    out = []
    for char in value:
        escape = _ESCAPES.get(char)
        if escape is None and unicodedata.category(char) in _HIDDEN:
            code = ord(char)
            escape = f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
        out.append(escape or char)
    return '"' + "".join(out) + '"'
