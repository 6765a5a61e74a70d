"""Turn a pydantic `ValidationError` into the API's error: one message, one `param`.

Pydantic reports locations with union-branch labels mixed in (`('stop', 'list[str]', 0)`);
walking the location through the JSON the client actually sent keeps only the real path.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, cast

from pydantic import ValidationError

from metal_sandbox.errors import APIError

_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "bool_type": "a boolean",
    "list_type": "an array",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "none_required": "null",
}
_VALUE_ERRORS = {
    "literal_error",
    "union_tag_invalid",
    "less_than_equal",
    "greater_than_equal",
    "less_than",
    "greater_than",
    "too_long",
    "too_short",
    "string_pattern_mismatch",
    "string_too_short",
    "string_too_long",
    "enum",
    "value_error",
    "finite_number",
}


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def param_path(data: Any, loc: tuple[int | str, ...], *, missing: bool = False) -> tuple[str, Any]:
    """`messages[0].content` for a location inside the body `data`, and the value there.

    Items of `loc` that are not keys or indexes of the data are union labels and are
    skipped, except the last item of a `missing` error, which names the absent field.
    The value comes from the walk, never from the path read back: a key may hold `.`
    or `[` (`metadata` keys are anything).
    """
    path, node = "", data
    for position, item in enumerate(loc):
        if isinstance(node, list) and isinstance(item, int) and item < len(node):
            path, node = f"{path}[{item}]", node[item]
        elif isinstance(node, dict) and isinstance(item, str) and item in node:
            path, node = (f"{path}.{item}" if path else item), node[item]
        elif missing and position == len(loc) - 1:
            return (f"{path}.{item}" if path else str(item)), None
    return path, node


def to_api_error(exc: ValidationError, body: bytes) -> APIError:
    # pydantic's ErrorDetails are plain dicts, read here by key like the other errors.
    errors = cast(list[dict[str, Any]], exc.errors(include_url=False))
    first = errors[0]
    if first["type"] == "json_invalid":
        reason = first.get("ctx", {}).get("error", "invalid JSON")
        return APIError(
            "invalid_json", f"We could not parse the JSON body of your request: {reason}."
        )
    data = json.loads(body)
    if not isinstance(data, dict):
        return APIError("invalid_body", "The request body must be a JSON object.")
    errors = _best_branches(data, errors)
    values: dict[str, Any] = {}
    located: list[tuple[str, dict[str, Any]]] = []
    for error in errors:
        param, values[param] = param_path(data, error["loc"], missing=error["type"] == "missing")
        located.append((param, error))
    by_param: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for param, error in located:
        if error["type"] in _EXPECTED and _deeper_error(param, located):
            continue  # a union branch of another type: the deeper error says what's wrong
        by_param[param].append(error)
    param, group = next(iter(by_param.items()))
    return _describe(param, group, values[param] if param else data)


def _holds(node: Any, item: int | str) -> bool:
    """Is `item` an index or key of `node`? Items of a location that are not are union
    labels."""
    return (isinstance(node, list) and isinstance(item, int) and item < len(node)) or (
        isinstance(node, dict) and isinstance(item, str) and item in node
    )


def _branch(data: Any, loc: tuple[int | str, ...]) -> tuple[tuple[Any, ...], str, list[Any]]:
    """Where a location enters a union (the data path before the branch label), the
    label, and the data path after it."""
    node, label = data, ""
    before: list[int | str] = []
    after: list[int | str] = []
    for item in loc:
        if _holds(node, item):
            node = node[item]
            (after if label else before).append(item)
        elif not label:
            label = str(item)
    return tuple(before), label, after


def _best_branches(data: Any, errors: list[Any]) -> list[Any]:
    """Of a union's branches, keep the errors of those that fit the value best: fewest
    errors, then the deepest and furthest along. `[[1, 2], [100277]]` as embedding input
    is a list of token arrays with one id out of range, not a list of wrong strings."""
    branches: dict[tuple[Any, ...], dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for error in errors:
        before, label, after = _branch(data, error["loc"])
        if label:
            branches[before][label].append((error, after))
    dropped: set[int] = set()
    for labels in branches.values():
        if len(labels) < 2:
            continue

        def fit(found: list[Any]) -> tuple[int, int, int]:
            depth = max(len(after) for _, after in found)
            last = max((a[-1] for _, a in found if a and isinstance(a[-1], int)), default=-1)
            return (_count(data, [error for error, _ in found]), -depth, -last)

        best = min(fit(found) for found in labels.values())
        for found in labels.values():
            if fit(found) != best:
                dropped.update(id(error) for error, _ in found)
    return [error for error in errors if id(error) not in dropped]


def _count(data: Any, errors: list[dict[str, Any]]) -> int:
    """How many errors a union branch has, counting the best branch only of each union
    inside it (a message's `content`: text or a list of parts)."""
    inner = [_unlabelled(data, error) for error in errors]
    groups: dict[tuple[Any, ...], dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    count = 0
    for error in inner:
        before, label, _ = _branch(data, error["loc"])
        if label:
            groups[before][label].append(error)
        else:
            count += 1
    for labels in groups.values():
        count += min(_count(data, found) for found in labels.values())
    return count


def _unlabelled(data: Any, error: dict[str, Any]) -> dict[str, Any]:
    """The error as if the first union label of its location (see `_branch`) were not
    there."""
    node, loc = data, error["loc"]
    for position, item in enumerate(loc):
        if not _holds(node, item):
            return {**error, "loc": (*loc[:position], *loc[position + 1 :])}
        node = node[item]
    return error


def _deeper_error(param: str, located: list[tuple[str, dict[str, Any]]]) -> bool:
    """Is there an error inside `param` (say `input[1]` for `input`)? Then the value had the
    right type for one branch of a union, and a type error of another branch is noise."""
    return any(
        other.startswith(param + "[") or other.startswith(param + ".")
        for other, _ in located
        if param
    )


def _describe(param: str, group: list[dict[str, Any]], value: Any) -> APIError:
    kinds = {error["type"] for error in group}
    if "missing" in kinds or "union_tag_not_found" in kinds:
        missing = (
            param if "missing" in kinds else f"{param}.{_tag_field(group, 'union_tag_not_found')}"
        )
        return APIError(
            "missing_required_parameter", f"Missing required parameter: '{missing}'.", param=missing
        )
    if "union_tag_invalid" in kinds:
        error = next(e for e in group if e["type"] == "union_tag_invalid")
        field = _tag_field([error], "union_tag_invalid")
        tagged, tag = f"{param}.{field}", (value or {}).get(field)
        return APIError(
            "invalid_value",
            f"Invalid value for '{tagged}': expected one of "
            f"{error['ctx']['expected_tags']}, but got {json.dumps(tag)} instead.",
            param=tagged,
        )
    if "extra_forbidden" in kinds:
        return APIError(
            "unknown_parameter", f"Unrecognized request argument supplied: '{param}'.", param=param
        )
    if value == [] and kinds & {"too_short", "list_type"}:
        return APIError(
            "empty_array",
            f"Invalid '{param}': empty array. Expected an array "
            "with minimum length 1, but got an empty array instead.",
            param=param,
        )
    expected = sorted({_EXPECTED[k] for k in kinds if k in _EXPECTED})
    if expected and not kinds & _VALUE_ERRORS:
        return APIError(
            "invalid_type",
            f"Invalid type for '{param}': expected "
            f"{' or '.join(expected)}, but got {json_type(value)} instead.",
            param=param,
        )
    detail = next(e for e in group if e["type"] in _VALUE_ERRORS or e["type"] not in _EXPECTED)
    return APIError(
        "invalid_value", f"Invalid value for '{param}': {_explain(detail, value)}.", param=param
    )


def _explain(error: dict[str, Any], value: Any) -> str:
    ctx, got = error.get("ctx", {}), json.dumps(value)
    bounds = {
        "less_than_equal": ("<=", "le"),
        "greater_than_equal": (">=", "ge"),
        "less_than": ("<", "lt"),
        "greater_than": (">", "gt"),
    }
    if error["type"] in bounds:
        sign, name = bounds[error["type"]]
        bound = ctx[name]
        bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        return f"expected a value {sign} {bound}, but got {got} instead"
    if error["type"] in ("too_long", "too_short"):
        limit = "at most" if error["type"] == "too_long" else "at least"
        bound = ctx.get("max_length", ctx.get("min_length"))
        return f"expected {limit} {bound} items, but got {len(value)} instead"
    if error["type"] in ("literal_error", "union_tag_invalid", "enum"):
        allowed = ctx.get("expected", ctx.get("expected_tags"))
        return f"expected one of {allowed}, but got {got} instead"
    return _lower(error["msg"])


def _tag_field(group: list[dict[str, Any]], kind: str) -> str:
    ctx: dict[str, Any] = next((e.get("ctx", {}) for e in group if e["type"] == kind), {})
    field = str(ctx.get("discriminator", "type")).strip("'")
    return "type" if field.endswith("()") else field  # a callable discriminator reads `type`


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]
