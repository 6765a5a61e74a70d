"""Turn a pydantic `ValidationError` into the API's error: one message, one `param`.

Pydantic reports locations with union-branch labels mixed in (`('stop', 'list[str]', 0)`);
walking the location through the JSON the client actually sent keeps only the real path.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

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
    "literal_error", "union_tag_invalid", "less_than_equal", "greater_than_equal",
    "less_than", "greater_than", "too_long", "too_short", "string_pattern_mismatch",
    "string_too_short", "string_too_long", "enum", "value_error", "finite_number",
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


def param_path(data: Any, loc: tuple[int | str, ...]) -> str:
    """`messages[0].content` for a location inside the body `data`."""
    path, node = "", data
    for item in loc:
        if isinstance(node, list) and isinstance(item, int) and item < len(node):
            path, node = f"{path}[{item}]", node[item]
        elif isinstance(node, dict) and isinstance(item, str) and item in node:
            path, node = (f"{path}.{item}" if path else item), node[item]
        elif isinstance(node, dict) and isinstance(item, str) and _is_field_name(item):
            return f"{path}.{item}" if path else item  # a missing field
    return path


def _is_field_name(item: str) -> bool:
    return item.isidentifier() and item not in {"str", "int", "float", "bool", "list", "dict"}


def to_api_error(exc: ValidationError, body: bytes) -> APIError:
    errors = exc.errors(include_url=False)
    first = errors[0]
    if first["type"] == "json_invalid":
        reason = first.get("ctx", {}).get("error", "invalid JSON")
        return APIError("invalid_json", f"We could not parse the JSON body of your request: "
                        f"{reason}.")
    data = json.loads(body)
    if not isinstance(data, dict):
        return APIError("invalid_body", "The request body must be a JSON object.")
    by_param: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for error in errors:
        by_param[param_path(data, error["loc"])].append(error)
    param, group = next(iter(by_param.items()))
    return _describe(param, group, data)


def _value_at(data: Any, param: str) -> Any:
    node = data
    for part in param.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("["):
            node = node[int(part[1:-1])]
        elif isinstance(node, dict):
            node = node.get(part)
    return node


def _describe(param: str, group: list[dict[str, Any]], data: Any) -> APIError:
    kinds = {error["type"] for error in group}
    value = _value_at(data, param) if param else data
    if "missing" in kinds or "union_tag_not_found" in kinds:
        missing = param if "missing" in kinds else f"{param}.{_tag_field(group)}"
        return APIError("missing_required_parameter",
                        f"Missing required parameter: '{missing}'.", param=missing)
    if "extra_forbidden" in kinds:
        return APIError("unknown_parameter",
                        f"Unrecognized request argument supplied: '{param}'.", param=param)
    if value == [] and kinds & {"too_short", "list_type"}:
        return APIError("empty_array", f"Invalid '{param}': empty array. Expected an array "
                        "with minimum length 1, but got an empty array instead.", param=param)
    expected = sorted({_EXPECTED[k] for k in kinds if k in _EXPECTED})
    if expected and not kinds & _VALUE_ERRORS:
        return APIError("invalid_type", f"Invalid type for '{param}': expected "
                        f"{' or '.join(expected)}, but got {json_type(value)} instead.",
                        param=param)
    detail = next(e for e in group if e["type"] in _VALUE_ERRORS or e["type"] not in _EXPECTED)
    return APIError("invalid_value", f"Invalid value for '{param}': {_lower(detail['msg'])}.",
                    param=param)


def _tag_field(group: list[dict[str, Any]]) -> str:
    ctx = next((e.get("ctx", {}) for e in group if e["type"] == "union_tag_not_found"), {})
    return str(ctx.get("discriminator", "type")).strip("'")


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]
