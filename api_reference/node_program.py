"""The Node.js tab of every operation's example: a program for the official `openai` npm
package, from the same scenario (`examples.Example`) as the Python and httpx programs,
each `console.log()` followed by the `//>` lines of what it prints.

What it prints is computed here from the sandbox's answers (`examples.replay`), as Node's
`console.log` writes it (`inspected`); the docs harness runs the program with `node` and
checks every `//>` line, so a mistake here fails the suite rather than reaching a reader.

Where the SDK has no method (the webhook endpoints), the program calls the path with
`client.get`/`post`/`delete`; where a field is MeTal's and not in the SDK's types (a model's
`context_window`), the step says which type to read the answer as (`NODE_TYPES`), so that
`tsc --checkJs` passes without giving up on checking the rest.
"""

from __future__ import annotations

import json
import re
from typing import Any

from api_reference import document as doc
from api_reference.examples import (
    CLEANUP_COMMENT,
    POLL_SECONDS,
    Example,
    KeyPath,
    Print,
    Ref,
    Step,
    _get,
)

#: The longest `//>` line a program may print, as the Python side limits `#>` lines.
MAX_PRINTED = 80
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
#: The line length the programs keep to (Prettier's default).
LINE_LENGTH = 80
_STORED = (
    "/** A stored completion: the SDK's `ChatCompletion` lacks its `metadata`. */",
    "/** @typedef {OpenAI.ChatCompletion & { metadata: Record<string, string> }}"
    " StoredCompletion */",
)
_METAL_MODEL = (
    "/** A model as MeTal returns it: two fields more than the SDK's `Model` type. */",
    "/** @typedef {OpenAI.Model & { context_window: number, max_output_tokens: number }}"
    " MetalModel */",
)
#: How the answer of a step is typed, by operation, where it holds MeTal's fields that the
#: SDK's types lack: (the JSDoc typedef the program declares first, the type to cast to).
NODE_TYPES: dict[str, tuple[tuple[str, ...], str]] = {
    "listModels": (_METAL_MODEL, "OpenAI.ModelsPage & { data: MetalModel[] }"),
    "retrieveModel": (_METAL_MODEL, "MetalModel"),
    "retrieveChatCompletion": (_STORED, "StoredCompletion"),
    "updateChatCompletion": (_STORED, "StoredCompletion"),
    "listWebhookEndpoints": ((), "{ data: { name: string }[] }"),
}
#: Fields the SDK types as optional: read with `?.`, as a strict tsc wants.
OPTIONAL_FIELDS = frozenset({"usage"})


def js_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def js_value(value: Any, pad: int = 0, used: int | None = None) -> str:
    """A JavaScript literal as Prettier lays it out: on one line when it fits in what is
    left of the line (`used` columns are taken, `pad` by default), else one item a line."""
    inline = _js_inline(value)
    taken = pad if used is None else used
    if taken + len(inline) + 2 <= LINE_LENGTH or not isinstance(value, list | dict) or not value:
        return inline
    inner = " " * (pad + 2)
    if isinstance(value, list):
        items = [inner + js_value(item, pad + 2) for item in value]
        return "[\n" + ",\n".join(items) + ",\n" + " " * pad + "]"
    items = [inner + f"{_js_key(k)}: {js_value(v, pad + 2)}" for k, v in value.items()]
    return "{\n" + ",\n".join(items) + ",\n" + " " * pad + "}"


def _js_inline(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_js_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_js_key(k)}: {_js_inline(v)}" for k, v in value.items()) + " }"
    return json.dumps(value, ensure_ascii=False)


def _js_key(key: str) -> str:
    return key if _IDENTIFIER.match(key) else js_string(key)


def inspected(value: Any, top: bool = True) -> str:
    """What `console.log(value)` writes for a value parsed from JSON (`util.inspect`): a
    string as it is at the top and in single quotes inside, short arrays and objects on
    one line. Values it would break over lines are refused: print something shorter."""
    if isinstance(value, str):
        if top:
            return value
        quote = "'" if "'" not in value else ('"' if '"' not in value else "`")
        return quote + value.replace("\\", "\\\\").replace("\n", "\\n") + quote
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list):
        if len(value) > 6:
            raise ValueError(f"console.log of {len(value)} items groups them: print fewer")
        return "[ " + ", ".join(inspected(v, False) for v in value) + " ]" if value else "[]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{_inspect_key(k)}: {inspected(v, False)}" for k, v in value.items()]
        return "{ " + ", ".join(items) + " }"
    raise TypeError(f"cannot show {type(value).__name__} as console.log does")


def _inspect_key(key: str) -> str:
    return key if _IDENTIFIER.match(key) else inspected(key, False)


def _access(var: str, path: KeyPath) -> str:
    text, optional = var, False
    for part in path:
        if isinstance(part, int):
            text += f"?.[{part}]" if optional else f"[{part}]"
        elif _IDENTIFIER.match(part):
            text += f"?.{part}" if optional else f".{part}"
        else:
            text += f"?.[{js_string(part)}]" if optional else f"[{js_string(part)}]"
        optional = part in OPTIONAL_FIELDS
    return text


def _path(step: Step) -> str:
    """The step's path, a template literal where it takes ids from earlier answers."""
    path = doc.operation(step.operation_id).path
    template = False
    for name, value in step.path_params.items():
        if isinstance(value, Ref):
            source = _camel(name) if len(value.path) > 1 else _access(value.var, value.path)
            path = path.replace("{" + name + "}", "${" + source + "}")
            template = True
        else:
            path = path.replace("{" + name + "}", value)
    return f"`{path}`" if template else js_string(path)


def _sdk_method(step: Step) -> str | None:
    """The Node SDK's method for a step, or None where it has none (a raw call then)."""
    if step.sdk is None or step.sdk.startswith("webhooks."):
        return None  # openai-node's `webhooks` only verifies deliveries
    return ".".join(_camel(part) for part in step.sdk.split("."))


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _path_variables(step: Step) -> list[str]:
    """A parameter from deep inside an answer (`deliveries.data[0].id`) gets a variable of
    its own first, as in the Python programs."""
    return [
        f"const {_camel(name)} = {_access(value.var, value.path)};"
        for name, value in step.path_params.items()
        if isinstance(value, Ref) and len(value.path) > 1
    ]


def _call(step: Step) -> list[str]:
    method = _sdk_method(step)
    op = doc.operation(step.operation_id)
    body = dict(step.body or {})
    typed = NODE_TYPES.get(step.operation_id)
    cast = typed[1] if typed else None
    if method is None:
        head = f"client.{op.method.lower()}({_path(step)}"
        options = f", {js_value({'body': body}, 0, len(head) + 4)}" if step.body else ""
        call = f"{head}{options})"
        cast = cast or "any"
    else:
        args = [
            _access(v.var, v.path) if isinstance(v, Ref) else js_string(v)
            for v in step.path_params.values()
        ]
        head = f"const {step.var} = await client.{method}("
        if body:
            args.append(_body_argument(body, step.sdk_extra_body, len(head) + 2))
        call = f"client.{method}({', '.join(args)})"
    if cast is None:
        return [f"const {step.var} = await {call};"]
    one_line = f"const {step.var} = /** @type {{{cast}}} */ (await {call});"
    if len(one_line) <= LINE_LENGTH and "\n" not in one_line:
        return [one_line]
    awaited = ("await " + call).replace("\n", "\n  ")
    if "\n" not in awaited and len(awaited) + 2 > LINE_LENGTH:  # Prettier breaks the call
        head, _, rest = awaited.partition("(")
        awaited = f"{head}(\n    {rest.removesuffix(')')},\n  )"
    return [f"const {step.var} = /** @type {{{cast}}} */ (", f"  {awaited}", ");"]


def _polled(step: Step) -> list[str]:
    """The call, then again, `POLL_SECONDS` apart, while the answer's value is empty."""
    first, *rest = _call(step)
    again = [first.removeprefix("const "), *rest]
    return [
        f"let {again[0]}",
        *rest,
        f"while (!{_access(step.var, step.until)}.length) {{",
        "  // background work takes a moment",
        f"  await sleep({int(POLL_SECONDS * 1000)});",
        *(f"  {line}" for line in again),
        "}",
    ]


def _body_argument(body: dict[str, Any], extra: tuple[str, ...], used: int) -> str:
    """The request body; a field the SDK's types lack is marked for tsc (openai-node's
    documented way to send an undocumented parameter)."""
    if not extra:
        return js_value(body, 0, used)
    lines = ["{"]
    for key, value in body.items():
        if key in extra:
            lines.append(f"  // @ts-expect-error {key} is MeTal's: the SDK's types lack it")
        lines.append(f"  {_js_key(key)}: {js_value(value, 2)},")
    return "\n".join([*lines, "}"])


def _print_lines(prints: tuple[Print, ...], results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for p in prints:
        source = _access(p.var, p.path)
        value = _get(results[p.var], p.path)
        if p.each is not None:
            item = p.var.removesuffix("s") if p.var.endswith("s") else "item"
            source = f"{source}.map(({item}) => {_access(item, p.each)})"
            value = [_get(v, p.each) for v in value]
        if p.length:
            source += ".length"
            value = len(value)
        shown = inspected(value)
        if "\n" in shown or len(shown) > MAX_PRINTED:
            raise ValueError(f"console.log({source}) writes {shown!r}: print something shorter")
        lines += [f"console.log({source});", f"//> {shown}"]
    return lines


def node_program(example: Example, results: dict[str, Any]) -> str:
    """The program: the import, the client, each step, then what it prints."""
    polls = any(s.until for s in example.steps)
    lines = [
        *(['import { setTimeout as sleep } from "node:timers/promises";', ""] if polls else []),
        'import OpenAI from "openai";',
        "",
        "const client = new OpenAI({",
        f"  baseURL: {js_string(example.base_url)},",
        "  apiKey: process.env.METAL_API_KEY,",
        "});",
        "",
    ]
    for typedef in dict.fromkeys(
        line for s in example.steps for line in NODE_TYPES.get(s.operation_id, ((), ""))[0]
    ):
        lines.append(typedef)
    if lines[-1]:
        lines.append("")
    if any(_sdk_method(s) is None for s in example.steps):
        lines += ["// The SDK has no methods for these paths: call them with client.get/post/…", ""]
    for step in example.steps:
        lines += _path_variables(step)
        lines += _polled(step) if step.until else _call(step)
    lines += _print_lines(example.prints, results)
    if example.cleanup:
        lines += ["", f"// {CLEANUP_COMMENT}"]
    lines += [_discarded(step) for step in example.cleanup]
    return "\n".join(lines) + "\n"


def _discarded(step: Step) -> str:
    """A call whose answer nobody reads: awaited, not assigned."""
    method = _sdk_method(step)
    if method is None:
        return f"await client.{doc.operation(step.operation_id).method.lower()}({_path(step)});"
    args = [
        _access(v.var, v.path) if isinstance(v, Ref) else js_string(v)
        for v in step.path_params.values()
    ]
    return f"await client.{method}({', '.join(args)});"
