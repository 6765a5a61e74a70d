"""List every operation of OpenAI's API and the request fields of each, for the compatibility
table (`metal_sandbox/compat.py`) to be checked against.

The tests may not read OpenAI's OpenAPI document (it is not part of the project), so this
script writes what they need into ``tests/fixtures/openai-surface.json``: each operation's
method, path and id, the top-level fields of its request body (``$ref``s and ``allOf``
followed) and its query parameters. When OpenAI's contract gains a field or an operation,
rerun it on the refreshed document: ``tests/sandbox/test_openai_fields.py`` then fails until
the table has a row for it.

Usage::

    python scripts/extract_openai_surface.py PATH/TO/openai-openapi.yaml \\
        [--output tests/fixtures/openai-surface.json] [--commit SHA]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT / "tests" / "fixtures" / "openai-surface.json"
DEFAULT_COMMIT = "f85dbe223d40e1a31cba812ab2d755c7e98a92a3"
METHODS = ("get", "post", "put", "patch", "delete")
NOTE = (
    "Generated from OpenAI's OpenAPI document; do not edit by hand. Regenerate with: "
    "python scripts/extract_openai_surface.py PATH/TO/openai-openapi.yaml [--commit SHA]"
)


def node_ref_parts(ref: str) -> list[str]:
    return ref.removeprefix("#/").split("/")


def _deref(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in node:
        target: Any = document
        for part in node_ref_parts(node["$ref"]):
            target = target[part]
        node, seen = target, seen + 1
        if seen > 50:
            raise ValueError("a $ref cycle at the top of a request body")
    return node


def properties(document: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The names an object schema defines at its top level, through `$ref` and `allOf`."""
    schema = _deref(document, schema)
    names = list(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        names += properties(document, part)
    return list(dict.fromkeys(names))


def body_fields(document: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    body = _deref(document, operation.get("requestBody", {}))
    names: list[str] = []
    for media in body.get("content", {}).values():
        if "schema" in media:
            names += properties(document, media["schema"])
    return sorted(dict.fromkeys(names))


def query_parameters(
    document: dict[str, Any], item: dict[str, Any], op: dict[str, Any]
) -> list[str]:
    params = [_deref(document, p) for p in [*item.get("parameters", []), *op.get("parameters", [])]]
    return sorted({p["name"] for p in params if p.get("in") == "query"})


def surface(document: dict[str, Any]) -> list[dict[str, Any]]:
    operations = []
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                op = item[method]
                operations.append(
                    {
                        "operation_id": op.get("operationId", f"{method} {path}"),
                        "method": method.upper(),
                        "path": path,
                        "body": body_fields(document, op),
                        "query": query_parameters(document, item, op),
                    }
                )
    return operations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("document", type=Path, help="OpenAI's openai-openapi.yaml")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--commit", default=DEFAULT_COMMIT, help="the document's source commit")
    args = parser.parse_args()
    document = yaml.safe_load(args.document.read_text(encoding="utf-8"))
    fixture = {
        "source": {
            "repository": "openai/openai-openapi",
            "commit": args.commit,
            "file": "openai-openapi.yaml",
            "licence": "MIT",
        },
        "note": NOTE,
        "operations": surface(document),
    }
    args.output.write_text(json.dumps(fixture, indent=1) + "\n", encoding="utf-8")
    print(f"{args.output}: {len(fixture['operations'])} operations")


if __name__ == "__main__":
    main()
