"""The request example of every operation, in the guides' four tabs, with what it prints.

Each example is a short scenario (`Example`): the requests that set the stage (create a
stored completion, a webhook endpoint), then the operation itself, and the values the
Python programs print. From one scenario this module writes

- a program for the `openai` SDK and one for `httpx`, formatted as black formats them,
  each `print()` followed by the `#>` line of what it prints;
- a Node.js program for the `openai` npm package (`node_program`), each `console.log()`
  followed by the `//>` line of what it prints;
- a curl script, followed by a `title="Output"` block with the JSON the API returns.

The printed values and curl's output are not typed by anyone: `replay()` runs every
scenario's requests against a deterministic sandbox in-process (the ASGI app, through
`httpx.ASGITransport`) when the site builds, and reads them from the responses. The docs
harness then runs the very same programs and scripts against its live sandbox and checks
every `#>` line and every Output block, as it does for the guides' examples.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from textwrap import indent
from typing import Any, TypeVar

from api_reference import document as doc
from metal_sandbox.contract import PRODUCTION

#: A reader's own `metal-sandbox`: the webhook endpoint examples call it, because only the
#: sandbox accepts a loopback receiver such as RECEIVER (production wants public HTTPS).
LOCAL_SANDBOX = "http://127.0.0.1:8765/v1"
RECEIVER = "http://127.0.0.1:8000/webhooks"
LINE_LENGTH = 88
#: How long a program waits between two tries of a step that polls (`Step.until`).
POLL_SECONDS = 0.2
#: The longest `#>` line pytest-examples writes on one line.
MAX_PRINTED = LINE_LENGTH - len("#> ") - 1

KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Ref:
    """A value from an earlier response: `Ref("completion", ("id",))` is `completion.id`."""

    var: str
    path: KeyPath


@dataclass(frozen=True)
class Step:
    operation_id: str
    var: str
    """The variable the response goes to."""
    path_params: Mapping[str, str | Ref] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    sdk: str | None = None
    """The SDK method (`chat.completions.create`); None: `client.get`/`post`/`delete`."""
    sdk_extra_body: tuple[str, ...] = ()
    """Body fields the SDK method has no argument for: sent with `extra_body`."""
    until: KeyPath = ()
    """Repeat the step, `POLL_SECONDS` apart, until this value of its answer is not empty:
    the answer waits on background work (a completion, then its webhook delivery)."""


@dataclass(frozen=True)
class Print:
    var: str
    path: KeyPath
    each: KeyPath | None = None
    """Print `[item.<each> for item in <var>.<path>]`."""
    length: bool = False
    """Print `len(<var>.<path>)`."""


@dataclass(frozen=True)
class Example:
    steps: tuple[Step, ...]
    prints: tuple[Print, ...]
    base_url: str = PRODUCTION
    show_output: bool = True
    """Show curl's output; False where it depends on the machine (webhook attempts)."""
    note: str = ""
    cleanup: tuple[Step, ...] = ()
    """Steps after the prints that delete what the example created, so that a reader can
    run it again, and run the next one, on the same sandbox."""

    @property
    def operation_id(self) -> str:
        return self.steps[-1].operation_id


_QUESTION = [{"role": "user", "content": "What is the capital of France?"}]
_STORED = Step(
    "createChatCompletion",
    "completion",
    body={
        "model": "aurora",
        "messages": _QUESTION,
        "store": True,
        "metadata": {"customer": "acme"},
    },
    sdk="chat.completions.create",
)
_BY_COMPLETION: dict[str, str | Ref] = {"completion_id": Ref("completion", ("id",))}
_DELETE_COMPLETION = Step(
    "deleteChatCompletion", "deleted", _BY_COMPLETION, sdk="chat.completions.delete"
)
_ENDPOINT = Step(
    "createWebhookEndpoint",
    "endpoint",
    body={"url": RECEIVER, "name": "orders-service", "event_types": ["chat.completion.completed"]},
    sdk="webhooks.create",
)
_BY_ENDPOINT: dict[str, str | Ref] = {"webhook_endpoint_id": Ref("endpoint", ("id",))}
_DELETE_ENDPOINT = Step("deleteWebhookEndpoint", "deleted", _BY_ENDPOINT, sdk="webhooks.delete")
_RESPONSE = Step(
    "createResponse",
    "response",
    body={"model": "aurora", "input": "What is the capital of France?"},
    sdk="responses.create",
)
_BY_RESPONSE = {"response_id": Ref("response", ("id",))}
_SANDBOX_NOTE = (
    "This example calls a local sandbox (`metal-sandbox`, port 8765), which delivers "
    f"webhooks only to loopback URLs such as `{RECEIVER}`. In production, call "
    f"`{PRODUCTION}` and register a public `https://` URL."
)


def _webhooks(*steps: Step, prints: tuple[Print, ...], show_output: bool = True) -> Example:
    deletes = any(step.operation_id == _DELETE_ENDPOINT.operation_id for step in steps)
    return Example(
        (_ENDPOINT, *steps),
        prints,
        base_url=LOCAL_SANDBOX,
        show_output=show_output,
        note=_SANDBOX_NOTE,
        cleanup=() if deletes else (_DELETE_ENDPOINT,),
    )


#: One example per operation of the contract (a test checks that none is missing).
EXAMPLES: tuple[Example, ...] = (
    Example(
        (Step("listModels", "models", sdk="models.list"),),
        (Print("models", ("data",), each=("id",)), Print("models", ("data", 0, "context_window"))),
    ),
    Example(
        (Step("retrieveModel", "model", {"model": "valley-pro-1"}, sdk="models.retrieve"),),
        (
            Print("model", ("id",)),
            Print("model", ("context_window",)),
            Print("model", ("max_output_tokens",)),
        ),
    ),
    Example(
        (
            Step(
                "createChatCompletion",
                "completion",
                body={"model": "aurora", "messages": _QUESTION},
                sdk="chat.completions.create",
            ),
        ),
        (
            Print("completion", ("choices", 0, "message", "content")),
            Print("completion", ("choices", 0, "finish_reason")),
            Print("completion", ("usage", "total_tokens")),
        ),
    ),
    Example(
        (
            _STORED,
            Step("listChatCompletions", "completions", sdk="chat.completions.list"),
        ),
        (
            Print("completions", ("data",), each=("id",)),
            Print("completions", ("has_more",)),
        ),
        cleanup=(_DELETE_COMPLETION,),
    ),
    Example(
        (
            _STORED,
            Step(
                "retrieveChatCompletion",
                "stored",
                _BY_COMPLETION,
                sdk="chat.completions.retrieve",
            ),
        ),
        (
            Print("stored", ("id",)),
            Print("stored", ("metadata",)),
            Print("stored", ("choices", 0, "message", "content")),
        ),
        cleanup=(_DELETE_COMPLETION,),
    ),
    Example(
        (
            _STORED,
            Step(
                "updateChatCompletion",
                "updated",
                _BY_COMPLETION,
                body={"metadata": {"customer": "acme", "reviewed": "yes"}},
                sdk="chat.completions.update",
            ),
        ),
        (Print("updated", ("id",)), Print("updated", ("metadata",))),
        cleanup=(_DELETE_COMPLETION,),
    ),
    Example(
        (_STORED, _DELETE_COMPLETION),
        (Print("deleted", ("id",)), Print("deleted", ("deleted",))),
    ),
    Example(
        (
            _STORED,
            Step(
                "listChatCompletionMessages",
                "messages",
                _BY_COMPLETION,
                sdk="chat.completions.messages.list",
            ),
        ),
        (
            Print("messages", ("data",), each=("role",)),
            Print("messages", ("data",), each=("content",)),
        ),
    ),
    Example(
        (
            Step(
                "createResponse",
                "response",
                body={"model": "aurora", "input": "What is the capital of France?"},
                sdk="responses.create",
            ),
        ),
        (
            Print("response", ("status",)),
            Print("response", ("output", 0, "type")),
            Print("response", ("usage", "total_tokens")),
        ),
    ),
    Example(
        (
            _RESPONSE,
            Step("retrieveResponse", "stored", _BY_RESPONSE, sdk="responses.retrieve"),
        ),
        (Print("stored", ("id",)), Print("stored", ("status",))),
    ),
    Example(
        (_RESPONSE, Step("deleteResponse", "deleted", _BY_RESPONSE)),
        (Print("deleted", ("id",)), Print("deleted", ("deleted",))),
    ),
    Example(
        (
            Step(
                "createResponse",
                "response",
                body={"model": "aurora", "input": "Hello!", "background": True},
                sdk="responses.create",
            ),
            Step("cancelResponse", "cancelled", _BY_RESPONSE, sdk="responses.cancel"),
        ),
        (Print("cancelled", ("status",)),),
    ),
    Example(
        (
            _RESPONSE,
            Step("listInputItems", "items", _BY_RESPONSE, sdk="responses.input_items.list"),
        ),
        (Print("items", ("data",), each=("id",)),),
    ),
    Example(
        (
            Step(
                "createEmbedding",
                "response",
                body={"model": "aurora-embed-1", "input": "The quick brown fox", "dimensions": 8},
                sdk="embeddings.create",
            ),
        ),
        (
            Print("response", ("data", 0, "embedding"), length=True),
            Print("response", ("usage", "total_tokens")),
        ),
    ),
    _webhooks(
        prints=(
            Print("endpoint", ("id",)),
            Print("endpoint", ("event_types",)),
            Print("endpoint", ("signing_secret_hint",)),
        ),
    ),
    _webhooks(
        Step("listWebhookEndpoints", "endpoints", sdk="webhooks.list"),
        prints=(Print("endpoints", ("data",), each=("name",)),),
    ),
    _webhooks(
        Step("retrieveWebhookEndpoint", "found", _BY_ENDPOINT, sdk="webhooks.retrieve"),
        prints=(Print("found", ("name",)), Print("found", ("url",))),
    ),
    _webhooks(
        Step(
            "updateWebhookEndpoint",
            "updated",
            _BY_ENDPOINT,
            body={"name": "orders-service-v2"},
            sdk="webhooks.update",
        ),
        prints=(Print("updated", ("name",)), Print("updated", ("event_types",))),
    ),
    _webhooks(
        Step("deleteWebhookEndpoint", "deleted", _BY_ENDPOINT, sdk="webhooks.delete"),
        prints=(Print("deleted", ("id",)), Print("deleted", ("deleted",))),
    ),
    _webhooks(
        Step(
            "rotateWebhookSecret",
            "rotated",
            _BY_ENDPOINT,
            body={"keep_old_secret_active_for_24_hours": True},
            sdk="webhooks.rotate_secret",
        ),
        prints=(
            Print("rotated", ("signing_secret_hint",)),
            Print("rotated", ("rotation_expires_at",)),
        ),
    ),
    _webhooks(
        Step("listWebhookDeliveries", "deliveries", _BY_ENDPOINT),
        prints=(Print("deliveries", ("data",)),),
    ),
    _webhooks(
        Step(
            "createChatCompletion",
            "completion",
            body={"model": "aurora", "messages": _QUESTION, "background": True},
            sdk="chat.completions.create",
            sdk_extra_body=("background",),
        ),
        Step("listWebhookDeliveries", "deliveries", _BY_ENDPOINT, until=("data",)),
        Step(
            "redeliverWebhook",
            "delivery",
            {**_BY_ENDPOINT, "delivery_id": Ref("deliveries", ("data", 0, "id"))},
        ),
        prints=(Print("delivery", ("event_type",)), Print("delivery", ("status",))),
        show_output=False,
    ),
)


def example_for(operation_id: str) -> Example | None:
    return next((e for e in EXAMPLES if e.operation_id == operation_id), None)


# --- Python values as source code ---------------------------------------------------------


def py_str(text: str) -> str:
    """A string literal the way black writes it (double quotes unless that adds escapes)."""
    if '"' in text and "'" not in text:
        return "'" + json.dumps(text, ensure_ascii=False)[1:-1].replace('\\"', '"') + "'"
    return json.dumps(text, ensure_ascii=False)


def py_inline(value: Any) -> str:
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_inline(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_str(k)}: {py_inline(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as Python")


def py_block(value: Any, pad: int, head: str, tail: str) -> list[str]:
    """`head + value + tail` at indentation `pad`: on one line if it fits in the line length,
    else with the value's items one per line and a trailing comma (a layout black keeps)."""
    inline = " " * pad + head + py_inline(value) + tail
    if len(inline) <= LINE_LENGTH or not isinstance(value, list | dict) or not value:
        return [inline]
    opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
    lines = [" " * pad + head + opening]
    if isinstance(value, list):
        for item in value:
            lines += py_block(item, pad + 4, "", ",")
    else:
        for key, item in value.items():
            lines += py_block(item, pad + 4, f"{py_str(key)}: ", ",")
    return [*lines, " " * pad + closing + tail]


def py_call(
    head: str, args: list[tuple[str | None, Any | Code]], pad: int = 0, suffix: str = ""
) -> list[str]:
    """`head(args)suffix`: on one line if it fits, else one argument per line."""

    def inline(arg: Any | Code) -> str:
        return arg.text if isinstance(arg, Code) else py_inline(arg)

    flat = ", ".join(f"{k}={inline(v)}" if k else inline(v) for k, v in args)
    one_line = " " * pad + f"{head}({flat}){suffix}"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    lines = [" " * pad + head + "("]
    for name, arg in args:
        prefix = f"{name}=" if name else ""
        if isinstance(arg, Code):
            lines.append(" " * (pad + 4) + prefix + arg.text + ",")
        else:
            lines += py_block(arg, pad + 4, prefix, ",")
    return [*lines, " " * pad + ")" + suffix]


@dataclass(frozen=True)
class Code:
    """Source code to write as it is (a variable, an f-string)."""

    text: str


def json_block(value: Any, pad: int, head: str = "", tail: str = "") -> list[str]:
    """JSON for a curl `-d` argument, broken into lines the same way as the Python."""
    inline = " " * pad + head + json.dumps(value, ensure_ascii=False) + tail
    if len(inline) <= LINE_LENGTH or not isinstance(value, list | dict) or not value:
        return [inline]
    opening, closing = ("[", "]") if isinstance(value, list) else ("{", "}")
    items: list[list[str]] = []
    if isinstance(value, list):
        items = [json_block(item, pad + 2) for item in value]
    else:
        items = [json_block(item, pad + 2, json.dumps(key) + ": ") for key, item in value.items()]
    lines = [" " * pad + head + opening]
    for position, item_lines in enumerate(items):
        if position < len(items) - 1:
            item_lines = [*item_lines[:-1], item_lines[-1] + ","]
        lines += item_lines
    return [*lines, " " * pad + closing + tail]


# --- what the programs print ----------------------------------------------------------------


def _get(value: Any, path: KeyPath) -> Any:
    for part in path:
        value = value[part]
    return value


def printed(value: Any) -> str:
    """What `print(value)` writes for a value parsed from JSON."""
    return value if isinstance(value, str) else repr(value)


# --- the three programs ---------------------------------------------------------------------


def _attr(var: str, path: KeyPath, style: str) -> str:
    text = var
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif style == "attr":
            text += f".{part}"
        else:
            text += f"[{py_str(part)}]"
    return text


def _attr_in_fstring(var: str, path: KeyPath, style: str) -> str:
    return _attr(var, path, style).replace('"', "'")


def _request_path(step: Step, style: dict[str, str], results: dict[str, Any] | None) -> str:
    """The step's path: an f-string for the programs, literal ids for curl (results).

    In a program, a parameter taken from deep inside a response (`deliveries["data"][0]`)
    goes through a variable of its own first (see `_path_variables`)."""
    path = doc.operation(step.operation_id).path
    fstring = False
    for name, value in step.path_params.items():
        if isinstance(value, Ref):
            if results is not None:
                text = str(_get(results[value.var], value.path))
            elif len(value.path) > 1:
                text, fstring = "{" + name + "}", True
            else:
                text = "{" + _attr_in_fstring(value.var, value.path, style[value.var]) + "}"
                fstring = True
        else:
            text = value
        path = path.replace("{" + name + "}", text)
    return ("f" if fstring else "") + py_str(path) if results is None else path


def _path_variables(step: Step, style: dict[str, str]) -> list[str]:
    return [
        f"{name} = {_attr(value.var, value.path, style[value.var])}"
        for name, value in step.path_params.items()
        if isinstance(value, Ref) and len(value.path) > 1
    ]


def _print_lines(
    prints: tuple[Print, ...], style: dict[str, str], results: dict[str, Any]
) -> list[str]:
    lines: list[str] = []
    for p in prints:
        source = _attr(p.var, p.path, style[p.var])
        value = _get(results[p.var], p.path)
        if p.each is not None:
            item = p.var.rstrip("s") if p.var.endswith("s") else "item"
            source = f"[{_attr(item, p.each, style[p.var])} for {item} in {source}]"
            value = [_get(v, p.each) for v in value]
        if p.length:
            source = f"len({source})"
            value = len(value)
        shown = printed(value)
        if "\n" in shown or len(shown) > MAX_PRINTED:
            raise ValueError(f"print({source}) writes {shown!r}: print something shorter")
        lines += [f"print({source})", f"#> {shown}"]
    return lines


def _style(example: Example, library: str) -> dict[str, str]:
    """How each response is read: attributes of SDK objects, or keys of parsed JSON."""
    if library == "httpx":
        return {s.var: "item" for s in example.steps}
    return {s.var: "attr" if s.sdk else "item" for s in example.steps}


def _program(
    example: Example,
    results: dict[str, Any],
    library: str,
    client: list[str],
    call: Callable[[Step, dict[str, str], int], list[str]],
) -> str:
    """A Python program: imports, the `client`, each step's `call`, then the prints."""
    style = _style(example, library)
    polls = any(s.until for s in example.steps)
    lines = ["import os", *(["import time"] if polls else []), "", *client, ""]
    for step in example.steps:
        lines += _path_variables(step, style)
        lines += call(step, style, 0)
        if step.until:
            empty = _attr(step.var, step.until, style[step.var])
            lines += [f"while not {empty}:  # background work takes a moment"]
            lines += [f"    time.sleep({POLL_SECONDS:g})"]
            lines += call(step, style, 4)
    lines += _print_lines(example.prints, style, results)
    if example.cleanup:
        lines += ["", f"# {CLEANUP_COMMENT}"]
    for step in example.cleanup:
        lines += _discarded(call(step, style, 0), step.var)
    return "\n".join(lines) + "\n"


#: Above the cleanup steps of an example, in each language.
CLEANUP_COMMENT = "Delete what this example created, so that you can run it again"


def _discarded(call: list[str], var: str) -> list[str]:
    """A call whose answer nobody reads: not assigned, not parsed."""
    first, *rest = call
    lines = [first.removeprefix(f"{var} = "), *rest]
    lines[-1] = lines[-1].removesuffix(".json()")
    return lines


def sdk_program(example: Example, results: dict[str, Any]) -> str:
    client = [
        "from openai import OpenAI",
        "",
        "client = OpenAI(",
        f"    base_url={py_str(example.base_url)},",
        '    api_key=os.environ["METAL_API_KEY"],',
        ")",
    ]
    return _program(example, results, "sdk", client, _sdk_call)


def _sdk_call(step: Step, style: dict[str, str], pad: int = 0) -> list[str]:
    op = doc.operation(step.operation_id)
    body = dict(step.body or {})
    if step.sdk is None:
        args: list[tuple[str | None, Any]] = [(None, Code(_request_path(step, style, None)))]
        args.append(("cast_to", Code("object")))
        if body:
            args.append(("body", body))
        return py_call(f"{step.var} = client.{op.method.lower()}", args, pad)
    args = []
    for name, value in step.path_params.items():
        if isinstance(value, Ref) and len(value.path) > 1:
            args.append((None, Code(name)))
        elif isinstance(value, Ref):
            args.append((None, Code(_attr(value.var, value.path, style[value.var]))))
        else:
            args.append((None, value))
    extra = {k: body.pop(k) for k in step.sdk_extra_body}
    args += list(body.items())
    if extra:
        args.append(("extra_body", extra))
    return py_call(f"{step.var} = client.{step.sdk}", args, pad)


def httpx_program(example: Example, results: dict[str, Any]) -> str:
    client = [
        "import httpx",
        "",
        "client = httpx.Client(",
        f"    base_url={py_str(example.base_url)},",
        """    headers={"Authorization": f"Bearer {os.environ['METAL_API_KEY']}"},""",
        ")",
    ]
    return _program(example, results, "httpx", client, _httpx_call)


def _httpx_call(step: Step, style: dict[str, str], pad: int = 0) -> list[str]:
    op = doc.operation(step.operation_id)
    args: list[tuple[str | None, Any]] = [(None, Code(_request_path(step, style, None)))]
    if step.body is not None:
        args.append(("json", step.body))
    return py_call(f"{step.var} = client.{op.method.lower()}", args, pad, suffix=".json()")


def _shell_quote(text: str) -> str:
    """Text for inside single quotes in a shell script."""
    return text.replace("'", "'\\''")


def curl_script(example: Example) -> str:
    """One curl command per step; the steps before the last only set the stage, so their
    output goes to /dev/null, or, when a later step needs an id from it, through `jq` into
    a shell variable: a reader's sandbox gives other ids than the one the examples ran on."""
    captured = _curl_captures(example)
    commands: list[str] = []
    steps = (*example.steps, *example.cleanup)
    for position, step in enumerate(steps):
        last = position == len(example.steps) - 1
        if position == len(example.steps):
            commands.append(f"# {CLEANUP_COMMENT}")
        op = doc.operation(step.operation_id)
        url = example.base_url + _curl_path(step)
        implied = op.method == "GET" or (op.method == "POST" and step.body is not None)
        method = "" if implied else f"-X {op.method} "
        captures = captured.get(step.var, {})
        if len(captures) > 1:
            raise ValueError(f"{step.var}: curl captures one value per response")
        if captures:
            [(name, path)] = captures.items()
            first = f"{step.var if last else name}=$(curl -s {method}{url}"
        else:
            first = f"curl {method}{url}" + ("" if last else " -o /dev/null")
        parts = [first, '  -H "Authorization: Bearer $METAL_API_KEY"']
        if step.body is not None:
            parts.append('  -H "Content-Type: application/json"')
            body = "\n".join(json_block(step.body, 2, "-d \0", "\0"))
            parts.append(_shell_quote(body).replace("\0", "'"))
        if captures and last:  # shown, and read by the cleanup
            parts[-1] += ")"
            read = f"{name}=$(echo \"${step.var}\" | jq -r '{_jq_path(path)}')"
            commands += [" \\\n".join(parts), f'echo "${step.var}"', read]
            continue
        if captures and step.until:  # `jq -e` fails on null: try again until it is there
            parts[0] = f"until {parts[0]}"
            parts[-1] += f" | jq -er '{_jq_path(path)}'); do sleep {POLL_SECONDS:g}; done"
        elif captures:
            parts[-1] += f" | jq -r '{_jq_path(path)}')"
        elif step.until:
            raise ValueError(f"{step.var}: curl polls only for a value a later step reads")
        commands.append(" \\\n".join(parts))
    return "\n".join(commands) + "\n"


def _curl_captures(example: Example) -> dict[str, dict[str, KeyPath]]:
    """For each step's response, the shell variables later steps read from it, by name."""
    found: dict[str, dict[str, KeyPath]] = {}
    for step in (*example.steps, *example.cleanup):
        for name, value in step.path_params.items():
            if isinstance(value, Ref):
                found.setdefault(value.var, {})[name] = value.path
    return found


def _curl_path(step: Step) -> str:
    """The step's path, with each id from an earlier response as its shell variable."""
    path = doc.operation(step.operation_id).path
    for name, value in step.path_params.items():
        path = path.replace("{" + name + "}", f"${name}" if isinstance(value, Ref) else value)
    return path


def _jq_path(path: KeyPath) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)


def curl_output(example: Example, results: dict[str, Any]) -> str:
    last = example.steps[-1]
    return json.dumps(results[last.var], indent=2, ensure_ascii=False) + "\n"


# --- running the requests in-process ----------------------------------------------------------

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """On an event loop of its own, in a thread of its own, so that it works from inside a
    running loop (`mkdocs serve`, an async test) as well as from a script."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class ReplayError(RuntimeError):
    pass


#: Tries of a polling step before the replay gives up: a minute of sandbox time.
_MAX_POLLS = 300


async def _replay(examples: tuple[Example, ...]) -> dict[str, dict[str, Any]]:
    import httpx

    from metal_sandbox.app import create_app
    from metal_sandbox.clock import VirtualClock
    from metal_sandbox.config import SandboxConfig
    from metal_sandbox.keys import DEFAULT_KEY
    from metal_sandbox.runtime import Runtime

    def refused(request: httpx.Request) -> httpx.Response:
        # Nothing listens at the example's receiver: the first attempt fails to connect.
        raise httpx.ConnectError("connection refused", request=request)

    # The sandbox's waits (background work, delivery retries) on a virtual timeline that
    # moves only when an example waits; its webhook deliveries go nowhere.
    clock = VirtualClock()
    webhook_client = httpx.AsyncClient(transport=httpx.MockTransport(refused))
    # As every reference page tells its reader to start it: `metal-sandbox --rpm 0`.
    config = SandboxConfig(deterministic=True, requests_per_minute=0)
    runtime = Runtime(config, clock=clock, webhook_client=webhook_client)
    app = create_app(config, runtime=runtime)
    headers = {"Authorization": f"Bearer {DEFAULT_KEY}"}
    found: dict[str, dict[str, Any]] = {}
    sandbox = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox")
    async with webhook_client, sandbox as http:
        for example in examples:
            runtime.reset()
            await clock.settle()
            results: dict[str, Any] = {}
            for step in example.steps:
                op = doc.operation(step.operation_id)
                path = _request_path(step, {}, results)
                for _ in range(_MAX_POLLS):
                    response = await http.request(
                        op.method,
                        op.full_path.replace(op.path, path),
                        json=step.body,
                        headers=headers,
                    )
                    if not 200 <= response.status_code < 300:
                        raise ReplayError(
                            f"{example.operation_id}: {op.method} {path} answered "
                            f"{response.status_code}: {response.text}"
                        )
                    results[step.var] = response.json()
                    await asyncio.sleep(0)
                    if not step.until or _get(results[step.var], step.until):
                        break
                    await clock.run(POLL_SECONDS)
                else:
                    raise ReplayError(f"{example.operation_id}: {step.var} stayed empty")
            found[example.operation_id] = results
        runtime.reset()
        await clock.settle()
    return found


#: Where replays are kept between builds, by a digest of everything they depend on.
CACHE_DIR = Path(tempfile.gettempdir()) / "metal-docs-reference-cache"
#: Set to 1 to run the requests on every build.
NO_CACHE_VARIABLE = "METAL_DOCS_NO_CACHE"


def _inputs_digest() -> str:
    """A digest of every input of the replay: the sandbox's code, the contract, this
    module and the versions of the libraries the sandbox answers with."""
    digest = hashlib.sha256()
    sources = sorted((doc.ROOT / "metal_sandbox").rglob("*.py"))
    sources += [Path(__file__), doc.DOCUMENT_PATH, doc.ROOT / "requirements.lock"]
    for path in sources:
        if path.is_file():
            digest.update(str(path.relative_to(doc.ROOT)).encode() + b"\0" + path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:32]


@cache
def replay() -> dict[str, dict[str, Any]]:
    """The responses of every example's requests, by operation id, from the sandbox.

    Running them takes the sandbox's import and a fraction of a second; the answers are
    kept in CACHE_DIR under a digest of every input (`_inputs_digest`), so a build reuses
    them only while the sandbox, the contract and the examples are unchanged. The docs
    harness runs every example against its live sandbox anyway."""
    if os.environ.get(NO_CACHE_VARIABLE) == "1":
        return _run(_replay(EXAMPLES))
    path = CACHE_DIR / f"replay-{_inputs_digest()}.json"
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        pass
    found = _run(_replay(EXAMPLES))
    with suppress(OSError):
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(found), "utf-8")
        partial.replace(path)
    return found


# --- the tabs -------------------------------------------------------------------------------


def _fence(language: str, text: str, info: str = "") -> str:
    return f"```{language}{(' ' + info) if info else ''}\n{text.rstrip()}\n```\n"


def tabs(operation_id: str) -> str:
    """The example of an operation as the guides show one: four linked content tabs."""
    example = example_for(operation_id)
    if example is None:
        raise KeyError(f"no example for {operation_id}")
    results = replay()[operation_id]
    from api_reference.node_program import node_program

    parts = [
        ("Python", _fence("python", sdk_program(example, results))),
        ("Node.js", _fence("js", node_program(example, results))),
        ("httpx", _fence("python", httpx_program(example, results))),
    ]
    curl = _fence("bash", curl_script(example))
    if example.show_output:
        curl += "\n" + _fence("json", curl_output(example, results), 'title="Output"')
    parts.append(("curl", curl))
    text = ""
    for label, body in parts:
        text += f'=== "{label}"\n\n' + indent(body, "    ", lambda line: bool(line.strip())) + "\n"
    return text


def covered_operations() -> set[str]:
    return {e.operation_id for e in EXAMPLES}
