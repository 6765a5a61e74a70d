"""Every error the API returns: one catalog of (status, type, code) rows.

The OpenAPI document's error responses, the errors page and the sandbox's error bodies
are all generated from `CATALOG`, so there is exactly one list to keep true. A handler
raises `APIError(code, message, param=...)`; status and type come from the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorSpec:
    status: int
    type: str
    code: str
    summary: str
    fix: str
    example: str


CATALOG: tuple[ErrorSpec, ...] = (
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_json",
        "The body is not valid JSON.",
        "Send a JSON object and check it with a JSON parser.",
        "We could not parse the JSON body of your request: EOF while parsing a value "
        "at line 1 column 11.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_content_type",
        "The body was sent with a Content-Type other than application/json.",
        "Set `Content-Type: application/json`. The SDKs do this for you.",
        "Unsupported Content-Type 'text/plain': send the body as application/json.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_body",
        "The body is JSON, but not an object.",
        "Send a JSON object at the top level.",
        "The request body must be a JSON object.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "missing_required_parameter",
        "A required parameter is missing.",
        "Add the parameter named in `param`.",
        "Missing required parameter: 'messages'.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "unknown_parameter",
        "The body has a parameter the operation does not define.",
        "Remove it, or check its spelling against the API reference.",
        "Unrecognized request argument supplied: 'temprature'.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_type",
        "A parameter has the wrong JSON type.",
        "Send the type the API reference lists for `param`.",
        "Invalid type for 'temperature': expected a number, but got a string instead.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_value",
        "A parameter is out of range or not one of its allowed values.",
        "Use a value inside the documented range or list.",
        "Invalid value for 'temperature': expected a value <= 2, but got 3 instead.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "empty_array",
        "An array that needs at least one item is empty.",
        "Send at least one item, for example one user message.",
        "Invalid 'messages': empty array. Expected an array with minimum length 1, "
        "but got an empty array instead.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "unsupported_parameter",
        "The parameter exists in OpenAI's API, but not for the model you chose, or not in "
        "MeTal at all (web search, audio output).",
        "Drop the parameter, or pick a model that supports it.",
        "Unsupported parameter: 'reasoning_effort' is not supported with aurora. Use valley-pro-1.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "unsupported_value",
        "The parameter is supported, but not with this value (audio output, for one).",
        "Use one of the values the message lists, or drop the parameter.",
        "Unsupported value: 'modalities' does not support 'audio': MeTal's models reply in "
        "text only.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "context_length_exceeded",
        "The prompt plus `max_tokens` is longer than the model's context window.",
        "Shorten the messages, lower `max_tokens`, or use a model with a larger window.",
        "This model's maximum context length is 32768 tokens. However, you requested "
        "40000 tokens (38976 in the messages, 1024 in the completion).",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_api_version",
        "The `metal-version` request header names no published version.",
        "Pin one of the versions on the changelog page, or omit the header.",
        "Unknown API version '2020-01-01'. Published versions: 2026-06-01, 2026-11-01.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_idempotency_key",
        "The `Idempotency-Key` header is empty or longer than 255 characters.",
        "Use a UUID or another unique string of at most 255 characters.",
        "Idempotency-Key must be between 1 and 255 characters long.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "invalid_url",
        "A webhook URL is malformed, or not one the environment delivers to.",
        "Production: a public https:// URL. Sandbox: a loopback URL such as "
        "http://127.0.0.1:8000/webhooks.",
        "The sandbox delivers webhooks only to loopback URLs (localhost, 127.0.0.0/8, ::1), "
        "not to 'example.com'. In production use a public https:// URL.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "endpoint_limit_reached",
        "The account already has the most webhook endpoints it may have (10).",
        "Delete an endpoint you no longer use, or subscribe one endpoint to more events.",
        "An account can have at most 10 webhook endpoints. Delete one you no longer use.",
    ),
    ErrorSpec(
        401,
        "invalid_request_error",
        "invalid_api_key",
        "The API key is missing, malformed, unknown, or a live key sent to the sandbox.",
        "Send `Authorization: Bearer mk_...` with a key from your dashboard.",
        "Incorrect API key provided: mk_test_****************************wxyz.",
    ),
    ErrorSpec(
        403,
        "permission_error",
        "insufficient_permissions",
        "The key is read-only and the request writes.",
        "Use a key with write access, or make the request with a GET.",
        "This API key is read-only: it can list and fetch, but not create.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "model_not_found",
        "The model does not exist, or cannot serve this operation (an embeddings model in "
        "chat, a chat model in embeddings).",
        "List models with GET /v1/models and use one of their ids.",
        "The model 'gpt-4o' does not exist or you do not have access to it.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "completion_not_found",
        "No stored completion has this id in your account (in the path, or as a list's "
        "`after`).",
        "Create the completion with `store: true`; stored completions expire.",
        "No chat completion found with id 'chatcmpl-01JD0000000000000000000000'.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "tool_call_not_found",
        "A `function_call_output` item answers a `call_id` that no function call of the "
        "conversation has.",
        "Send the output with the `call_id` of a `function_call` item from the response "
        "you continue (`previous_response_id`) or from the same `input`.",
        "No tool call found for function call output with call_id 'call_x'.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "response_not_cancellable",
        "The response cannot be cancelled: it was not created with `background: true`, or "
        "it already finished.",
        "Cancel only queued or in-progress background responses; fetch a finished one "
        "with GET /v1/responses/{response_id}.",
        "Cannot cancel a response with status 'completed': only a queued or in-progress "
        "background response can be cancelled.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "response_not_found",
        "No stored response has this id in your account.",
        "Create the response with `store: true` (the default); deleted responses are gone.",
        "No response found with id 'resp_01JD0000000000000000000000'.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "previous_response_not_found",
        "`previous_response_id` names no stored response of your account.",
        "Pass the `id` of a response created with `store: true` by a key of the same "
        "account, or send the whole conversation in `input`.",
        "Previous response with id 'resp_01JD0000000000000000000000' not found.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "message_not_found",
        "The `after` of a stored completion's message list names no message of it.",
        "Pass the `last_id` of the previous page; message ids are the completion's id, "
        "`-` and the message's position.",
        "No message 'chatcmpl-01JD0000000000000000000000-9' in chat completion "
        "'chatcmpl-01JD0000000000000000000000' to list after.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "webhook_endpoint_not_found",
        "No webhook endpoint has this id in your account.",
        "List endpoints with GET /v1/webhook_endpoints.",
        "No webhook endpoint found with id 'we_01JD0000000000000000000000'.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "delivery_not_found",
        "No delivery has this id on that endpoint (or it is too old to be listed).",
        "List deliveries with GET /v1/webhook_endpoints/{id}/deliveries.",
        "No delivery 'whdel_01JD0000000000000000000000' on webhook endpoint "
        "'we_01JD0000000000000000000000'.",
    ),
    ErrorSpec(
        404,
        "invalid_request_error",
        "unknown_url",
        "No operation lives at this path.",
        "Check the path against the API reference; every path starts with /v1.",
        "Invalid URL (GET /v1/chat/completion).",
    ),
    ErrorSpec(
        405,
        "invalid_request_error",
        "method_not_allowed",
        "The path exists, but not with this HTTP method.",
        "Use a method the API reference lists for the path.",
        "Method DELETE is not allowed on /v1/models. Allowed: GET.",
    ),
    ErrorSpec(
        409,
        "invalid_request_error",
        "idempotency_key_reused",
        "The `Idempotency-Key` was already used with a different request body.",
        "Use a new key for a new request; reuse a key only to retry the same request.",
        "Idempotency-Key 'order-42' was already used with a different request (another path "
        "or body).",
    ),
    ErrorSpec(
        413,
        "invalid_request_error",
        "request_too_large",
        "The body is larger than 1 MiB.",
        "Send less: shorten the conversation or split the embedding input.",
        "Request body of 1048577 bytes exceeds the 1048576-byte limit.",
    ),
    ErrorSpec(
        400,
        "invalid_request_error",
        "unsupported_schema",
        "A JSON schema in `response_format` or `tools` is not valid JSON Schema (a keyword "
        "of the wrong type), or is larger than the sandbox fills: over 100 properties, 5 "
        "levels of nesting, 500 enum values, 15,000 characters of names and values, or a "
        "smallest valid value over 4,096 bytes of JSON.",
        "Check the schema against JSON Schema 2020-12 and keep it within the limits; "
        "`minLength`, `minItems` and `pattern` set the size of the smallest valid value.",
        "Invalid schema for response_format 'n': the smallest valid value is at least "
        "2000002 bytes of JSON; the limit is 4096 (at root.properties.a).",
    ),
    ErrorSpec(
        422,
        "invalid_request_error",
        "invalid_schema",
        "A JSON schema in `response_format` or `tools` cannot be used as given.",
        "With `strict: true`, every object needs `additionalProperties: false` and every "
        "property listed in `required`.",
        "Invalid schema for response_format 'person': In strict mode, "
        "'additionalProperties' must be false.",
    ),
    ErrorSpec(
        429,
        "requests",
        "rate_limit_exceeded",
        "The account made more requests this minute than its plan allows.",
        "Wait `retry-after` seconds; the SDKs retry for you.",
        "Rate limit reached for requests per minute (RPM): Limit 5, Used 5, "
        "Requested 1. Please try again in 12s.",
    ),
    ErrorSpec(
        429,
        "tokens",
        "rate_limit_exceeded",
        "The account used more tokens this minute than its plan allows, or the request "
        "alone needs more than a whole minute's tokens.",
        "Wait `retry-after` seconds, or lower `max_tokens`. A request too large for any "
        "minute also has `x-should-retry: false`: shorten it.",
        "Rate limit reached for tokens per minute (TPM): Limit 20000, Used 19500, "
        "Requested 1036. Please try again in 30s.",
    ),
    ErrorSpec(
        500,
        "server_error",
        "server_error",
        "Something failed on MeTal's side.",
        "Retry with backoff (the SDKs do) and quote `x-request-id` to support.",
        "The server had an error while processing your request. Sorry about that!",
    ),
    ErrorSpec(
        503,
        "server_error",
        "service_unavailable",
        "The model is overloaded or down for maintenance.",
        "Retry with backoff (the SDKs do); check the status page if it lasts.",
        "The model is currently overloaded. Please try again later.",
    ),
)

_BY_CODE: dict[str, ErrorSpec] = {}
for _spec in CATALOG:
    _BY_CODE.setdefault(_spec.code, _spec)


def spec(code: str, type_: str | None = None) -> ErrorSpec:
    """The catalog row for `code` (and `type_`, where one code has two types)."""
    if type_ is None:
        return _BY_CODE[code]
    return next(s for s in CATALOG if s.code == code and s.type == type_)


class APIError(Exception):
    """An error response in OpenAI's format: `{"error": {message, type, param, code}}`."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        param: str | None = None,
        type_: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.spec = spec(code, type_)
        self.message = message
        self.param = param
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return self.spec.status

    def body(self) -> dict[str, dict[str, str | None]]:
        return {
            "error": {
                "message": self.message,
                "type": self.spec.type,
                "param": self.param,
                "code": self.spec.code,
            }
        }
