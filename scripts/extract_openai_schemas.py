"""Extract OpenAI's response schemas into a small, self-contained JSON fixture.

The MeTal API promises OpenAI compatibility, so the tests check the sandbox's responses
against OpenAI's own schemas. The tests may not read OpenAI's 3 MB OpenAPI document (it is
not part of the project), so this script copies the few schemas they need into
``tests/fixtures/openai-schemas.json``:

* every ``$ref`` is resolved and inlined (a recursive schema would go in the ``$defs`` of the
  schema that uses it, with a local ``#/$defs/...`` ref left in its place);
* documentation-only keywords (``description``, ``title``, ``example(s)``, ``default``,
  ``deprecated``, ``discriminator``, ``x-*`` extensions, ...) are dropped;
* OpenAPI 3.0 idioms are rewritten as JSON Schema 2020-12 (``nullable: true`` adds ``"null"``
  to ``type``, boolean ``exclusiveMinimum``/``exclusiveMaximum`` become numbers).

An unknown keyword stops the script rather than being silently copied or dropped.

Usage::

    python scripts/extract_openai_schemas.py PATH/TO/openai-openapi.yaml \\
        [--output tests/fixtures/openai-schemas.json] [--commit SHA]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SCHEMA_NAMES = (
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ListModelsResponse",
    "Model",
    "CreateEmbeddingResponse",
    "ErrorResponse",
    "ChatCompletionTokenLogprob",
    # The request bodies: the compatibility tests check that what they send is valid for
    # OpenAI too, and that `null` is accepted wherever OpenAI's schema allows it.
    "CreateChatCompletionRequest",
    "CreateEmbeddingRequest",
    # The Responses API: the response, each stream event, the input items' page, the
    # request, and the webhook events of background responses.
    "Response",
    "ResponseStreamEvent",
    "ResponseItemList",
    "CreateResponse",
    "WebhookResponseCompleted",
    "WebhookResponseFailed",
    # Stored completions: their list, deletion and messages.
    "ChatCompletionList",
    "ChatCompletionDeleted",
    "ChatCompletionMessageList",
)
# Large schemas that the Responses API's schemas use many times: kept once, in ``$defs``.
SHARED = {"Response", "OutputItem", "Tool", "InputItem", "ItemResource", "Item"}
PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT / "tests" / "fixtures" / "openai-schemas.json"
DEFAULT_COMMIT = "f85dbe223d40e1a31cba812ab2d755c7e98a92a3"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
NOTE = (
    "Generated from OpenAI's OpenAPI document; do not edit by hand. Regenerate with: "
    "python scripts/extract_openai_schemas.py PATH/TO/openai-openapi.yaml "
    "--output tests/fixtures/openai-schemas.json [--commit SHA]"
)

# Keywords whose value is one subschema, a list of subschemas, or a name -> subschema map.
SUBSCHEMA = {
    "items", "additionalProperties", "not", "if", "then", "else", "contains",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties",
}  # fmt: skip
SUBSCHEMA_LIST = {"allOf", "anyOf", "oneOf", "prefixItems"}
SUBSCHEMA_MAP = {"properties", "patternProperties", "dependentSchemas"}
# Keywords copied as they are.
VALUES = {
    "type", "enum", "const", "required", "format", "multipleOf", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems",
    "maxItems", "uniqueItems", "minContains", "maxContains", "minProperties", "maxProperties",
    "dependentRequired", "contentEncoding", "contentMediaType",
}  # fmt: skip
# Annotations with no effect on validation, and OpenAPI-only keywords.
DROPPED = {
    "description", "title", "example", "examples", "default", "deprecated", "readOnly",
    "writeOnly", "externalDocs", "xml", "discriminator", "$comment", "$schema", "$id",
    "$recursiveAnchor",
}  # fmt: skip
# A nullable schema using any of these is wrapped in anyOf rather than given a "null" type.
NOT_TYPE_NULLABLE = {"$ref", "const", "allOf", "anyOf", "oneOf", "not", "if"}

Schema = dict[str, Any]


class Extractor:
    """Converts component schemas of one OpenAPI document into standalone JSON Schemas."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.recursive = recursive_pointers(document)
        self.defs: dict[str, Schema] = {}
        self.def_pointers: dict[str, str] = {}

    def extract(self, name: str) -> Schema:
        """Return the named component schema with every reference resolved."""
        self.defs, self.def_pointers = {}, {}
        pointer = f"#/components/schemas/{name}"
        schema = self.resolve(pointer)
        if self.defs:
            schema = {**schema, "$defs": dict(sorted(self.defs.items()))}
        return {"$schema": DIALECT, **schema}

    def lookup(self, pointer: str) -> Any:
        """Follow a local JSON pointer (``#/a/b``) into the document."""
        if not pointer.startswith("#/"):
            raise ValueError(f"only local references are supported, not {pointer!r}")
        node: Any = self.document
        for part in pointer[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def resolve(self, pointer: str) -> Schema:
        """Inline a reference, or point into ``$defs`` if the target is recursive or
        ``SHARED`` (used many times over: inlined, the stream events alone are a megabyte)."""
        name = pointer.rsplit("/", 1)[-1]
        if pointer not in self.recursive and name not in SHARED:
            return self.convert(self.lookup(pointer), pointer)
        if self.def_pointers.setdefault(name, pointer) != pointer:
            raise ValueError(f"two recursive schemas are both called {name!r}")
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: stops the recursion
            self.defs[name] = self.convert(self.lookup(pointer), pointer)
        return {"$ref": f"#/$defs/{name}"}

    def convert(self, node: Any, where: str) -> Any:
        """Convert one OpenAPI schema object (or boolean schema) to JSON Schema 2020-12."""
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise ValueError(f"{where}: expected a schema, got {node!r}")
        if "$recursiveRef" in node:
            # Draft 2019-09 recursion, used only by `CompoundFilter` (file-search filters
            # nested in themselves): no schema the tests check holds one, so it is kept
            # as "any value" rather than resolved.
            return {}
        out: Schema = {}
        for key, value in node.items():
            if key in DROPPED or key == "nullable" or key.startswith("x-"):
                continue
            if key != "$ref":
                out[key] = self.convert_keyword(key, value, f"{where}/{key}")
        out = fix_exclusive_bounds(out, node)
        if "$ref" in node:
            out = merge_reference(self.resolve(node["$ref"]), out)
        return make_nullable(out) if node.get("nullable") is True else out

    def convert_keyword(self, key: str, value: Any, where: str) -> Any:
        """Convert the value of one keyword, recursing into subschemas."""
        if key in SUBSCHEMA:
            return self.convert(value, where)
        if key in SUBSCHEMA_LIST:
            return [self.convert(item, f"{where}/{i}") for i, item in enumerate(value)]
        if key in SUBSCHEMA_MAP:
            return {name: self.convert(sub, f"{where}/{name}") for name, sub in value.items()}
        if key in VALUES:
            return value
        raise ValueError(f"{where}: unknown keyword {key!r}; teach the extractor about it")


def merge_reference(target: Schema, siblings: Schema) -> Schema:
    """Combine an inlined ``$ref`` target with the keywords written next to the ``$ref``."""
    if not siblings:
        return target
    if "$ref" in target or set(target) & set(siblings):
        return {"allOf": [target], **siblings}
    return {**target, **siblings}


def fix_exclusive_bounds(out: Schema, node: Schema) -> Schema:
    """Turn OpenAPI 3.0's boolean exclusiveMinimum/exclusiveMaximum into 2020-12 numbers."""
    for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        flag = node.get(exclusive)
        if isinstance(flag, bool):
            del out[exclusive]
            if flag and bound in out:
                out[exclusive] = out.pop(bound)
    return out


def make_nullable(schema: Schema) -> Schema:
    """Apply OpenAPI 3.0's ``nullable: true``: also accept ``null``."""
    kind = schema.get("type")
    if kind is None or NOT_TYPE_NULLABLE & set(schema):
        return {"anyOf": [schema, {"type": "null"}]}
    kinds = kind if isinstance(kind, list) else [kind]
    out = {**schema, "type": kinds if "null" in kinds else [*kinds, "null"]}
    if "enum" in out and None not in out["enum"]:
        out["enum"] = [*out["enum"], None]
    return out


def iter_refs(node: Any) -> Iterator[str]:
    """Yield every ``$ref`` value found anywhere under ``node``."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from iter_refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_refs(item)


def recursive_pointers(document: dict[str, Any]) -> set[str]:
    """Return the component schema pointers that (indirectly) refer to themselves."""
    prefix = "#/components/schemas/"
    schemas = document.get("components", {}).get("schemas", {})
    graph = {prefix + name: set(iter_refs(body)) for name, body in schemas.items()}
    return {start for start in graph if start in reachable(graph, start)}


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Return the nodes reachable from ``start`` in one or more steps."""
    seen: set[str] = set()
    stack = list(graph.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(graph.get(node, ()))
    return seen


def load_document(path: Path) -> dict[str, Any]:
    """Load the OpenAPI document (with libyaml when available: the file is large)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader


def build_fixture(document: dict[str, Any], commit: str) -> dict[str, Any]:
    """Return the fixture: its provenance, a note, and the extracted schemas."""
    extractor = Extractor(document)
    return {
        "note": NOTE,
        "source": {
            "repository": "openai/openai-openapi",
            "commit": commit,
            "file": "openai-openapi.yaml",
            "licence": "MIT",
        },
        "schemas": {name: extractor.extract(name) for name in SCHEMA_NAMES},
    }


def render(fixture: dict[str, Any]) -> str:
    """Serialise deterministically."""
    return json.dumps(fixture, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("openapi", type=Path, help="path to OpenAI's openai-openapi.yaml")
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON fixture"
    )
    parser.add_argument(
        "--commit",
        default=DEFAULT_COMMIT,
        help="openai/openai-openapi commit the document comes from (recorded in the fixture)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        text = render(build_fixture(load_document(args.openapi), args.commit))
    except (OSError, KeyError, ValueError, yaml.YAMLError) as exc:
        print(f"extract_openai_schemas: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
