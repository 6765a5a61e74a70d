"""Bad input gets the documented error in OpenAI's format: never a 500, never a hang."""

from __future__ import annotations

import json

import httpx
import pytest

from metal_sandbox import completions
from metal_sandbox.app import create_app
from metal_sandbox.keys import DEFAULT_KEY
from metal_sandbox.schemas.chat import MAX_OUTPUT_TOKENS
from metal_sandbox.testing import Sandbox

from openai_compat import validate
from sandbox_helpers import REQUEST_ID, chat_body

CHAT = "/v1/chat/completions"


def post(
    http: httpx.Client, body: object, *, content_type: str = "application/json", path: str = CHAT
) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return http.post(path, content=content, headers={"content-type": content_type})


def error_of(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    body = response.json()
    validate("ErrorResponse", body)
    assert REQUEST_ID.match(response.headers["x-request-id"])
    return body["error"]


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        (b'{"model": ', "invalid_json", None),
        (b"[1, 2]", "invalid_body", None),
        ({"messages": [{"role": "user", "content": "hi"}]}, "missing_required_parameter", "model"),
        ({"model": "aurora"}, "missing_required_parameter", "messages"),
        (chat_body(temprature=1), "unknown_parameter", "temprature"),
        (chat_body(temperature="hot"), "invalid_type", "temperature"),
        (chat_body(temperature=2.5), "invalid_value", "temperature"),
        (chat_body(top_p=-0.1), "invalid_value", "top_p"),
        (chat_body(n=0), "invalid_value", "n"),
        (chat_body(max_tokens=0), "invalid_value", "max_tokens"),
        (chat_body(max_tokens=MAX_OUTPUT_TOKENS + 1), "invalid_value", "max_tokens"),
        (
            chat_body(max_completion_tokens=MAX_OUTPUT_TOKENS + 1),
            "invalid_value",
            "max_completion_tokens",
        ),
        (chat_body(stop=["a", "b", "c", "d", "e"]), "invalid_value", "stop"),
        (chat_body(stream="yes"), "invalid_type", "stream"),
        ({"model": "aurora", "messages": []}, "empty_array", "messages"),
        (
            {"model": "aurora", "messages": [{"content": "hi"}]},
            "missing_required_parameter",
            "messages[0].role",
        ),
        (
            {"model": "aurora", "messages": [{"role": "robot", "content": "hi"}]},
            "invalid_value",
            "messages[0].role",
        ),
        (
            {"model": "aurora", "messages": [{"role": "user", "content": 5}]},
            "invalid_type",
            "messages[0].content",
        ),
        (
            {"model": "aurora", "messages": [{"role": "user", "content": "hi", "colour": 1}]},
            "unknown_parameter",
            "messages[0].colour",
        ),
        (chat_body(tool_choice="sometimes"), "invalid_value", "tool_choice"),
        (chat_body(reasoning_effort="extreme"), "invalid_value", "reasoning_effort"),
        (chat_body(metadata={"k": 1}), "invalid_type", "metadata.k"),
        # A key is any text: the error's path is not read back as a path.
        (chat_body(metadata={"a[b": 1}), "invalid_type", "metadata.a[b"),
        (chat_body(metadata={"x.y": [1], "[]": None}), "invalid_type", "metadata.x.y"),
    ],
)
def test_invalid_bodies_name_the_parameter(
    http: httpx.Client, body: object, code: str, param: str | None
) -> None:
    error = error_of(post(http, body), 400)
    assert (error["code"], error["param"]) == (code, param), error


def test_wrong_content_type(http: httpx.Client) -> None:
    error = error_of(post(http, chat_body(), content_type="text/plain"), 400)
    assert error["code"] == "invalid_content_type"
    assert "'text/plain'" in str(error["message"])


def test_body_over_one_mebibyte_is_413(http: httpx.Client) -> None:
    big = chat_body("x" * (1 << 20))
    error = error_of(post(http, big), 413)
    assert error["code"] == "request_too_large"


def test_chunked_body_over_the_limit_is_413_too(http: httpx.Client) -> None:
    def pieces():  # no Content-Length: the server must count as it reads
        yield b'{"model": "aurora", "messages": [{"role": "user", "content": "'
        for _ in range(17):
            yield b"y" * 65536
        yield b'"}]}'

    response = http.post(CHAT, content=pieces(), headers={"content-type": "application/json"})
    assert error_of(response, 413)["code"] == "request_too_large"


def test_unknown_path_is_404_in_the_error_format(http: httpx.Client) -> None:
    error = error_of(http.get("/v1/chat/completion"), 404)
    assert error["code"] == "unknown_url"
    assert error["message"] == "Invalid URL (GET /v1/chat/completion)."


def test_wrong_method_is_405_in_the_error_format(http: httpx.Client) -> None:
    response = http.delete("/v1/models")
    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert "GET" in response.headers["allow"]


def test_unknown_model_in_chat_is_404(http: httpx.Client) -> None:
    error = error_of(post(http, {**chat_body(), "model": "gpt-4o"}), 404)
    assert (error["code"], error["param"]) == ("model_not_found", "model")


def test_an_embedding_model_cannot_chat(http: httpx.Client) -> None:
    error = error_of(post(http, {**chat_body(), "model": "aurora-embed-1"}), 404)
    assert error["code"] == "model_not_found"


def test_a_bug_in_the_sandbox_is_a_500_in_the_error_format(
    http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(completions, "complete", broken)
    error = error_of(post(http, chat_body()), 500)
    assert error["code"] == "server_error"
    assert "boom" not in str(error["message"])


@pytest.mark.parametrize(
    ("simulate", "status", "code"),
    [
        ("server_error", 500, "server_error"),
        ("service_unavailable", 503, "service_unavailable"),
    ],
)
def test_simulated_outages(http: httpx.Client, simulate: str, status: int, code: str) -> None:
    response = http.post(CHAT, json=chat_body(), headers={"metal-sandbox-simulate": simulate})
    assert error_of(response, status)["code"] == code


def test_sandbox_survives_garbage(metal_sandbox: Sandbox, http: httpx.Client) -> None:
    for content in (b"", b"\xff\xfe\x00", b"null", b'"text"', b"{}" * 1000, b'{"model": 1e999}'):
        metal_sandbox.reset()
        response = post(http, content)
        assert response.status_code == 400, (content[:20], response.text)
    assert http.get("/v1/models").status_code == 200


def test_an_error_inside_a_union_names_the_item(http: httpx.Client) -> None:
    response = post(http, {"model": "aurora-embed-1", "input": ["hi", ""]}, path="/v1/embeddings")
    error = error_of(response, 400)
    assert (error["code"], error["param"]) == ("invalid_value", "input[1]")


def test_an_unknown_simulation_is_refused(http: httpx.Client) -> None:
    response = http.post(CHAT, json=chat_body(), headers={"metal-sandbox-simulate": "sever_error"})
    error = error_of(response, 400)
    assert (error["code"], error["param"]) == ("invalid_value", "metal-sandbox-simulate")


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("limit=" + "9" * 5000, "9" * 40 + "…"),  # int() of 5,000 digits raised: a 500
        ("limit=%C2%B2", "²"),  # superscript two: str.isdigit() says it is a digit
        ("limit=%EF%BC%95", "５"),  # fullwidth five: int() read it as 5
        ("limit=0", "0"),
        ("limit=101", "101"),
        ("limit=-1", "-1"),
        ("limit=%2B5", "+5"),
        ("limit=%205", " 5"),
        ("limit=", ""),
    ],
)
def test_an_integer_query_parameter_is_ascii_digits_within_its_range(
    http: httpx.Client, query: str, shown: str
) -> None:
    error = error_of(http.get(f"/v1/webhook_endpoints?{query}"), 400)
    assert (error["type"], error["code"], error["param"]) == (
        "invalid_request_error",
        "invalid_value",
        "limit",
    )
    assert error["message"] == (
        f"Invalid value for 'limit': expected an integer from 1 to 100, but got '{shown}' instead."
    )


@pytest.mark.parametrize("limit", ["1", "100", "007"])
def test_an_integer_query_parameter_within_its_range_is_accepted(
    http: httpx.Client, limit: str
) -> None:
    response = http.get(f"/v1/webhook_endpoints?limit={limit}")
    assert response.status_code == 200, response.text
    assert response.json()["object"] == "list"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/chat/completions/"),
        ("POST", "/v1/chat/completions/"),
        ("GET", "/v1/webhook_endpoints/"),
    ],
)
def test_a_trailing_slash_is_an_unknown_url_not_a_redirect(
    http: httpx.Client, method: str, path: str
) -> None:
    # Starlette used to answer 307 with a Location built from the Host header.
    response = http.request(method, path, headers={"host": "evil.example"})
    assert "location" not in response.headers
    error = error_of(response, 404)
    assert (error["code"], error["message"]) == ("unknown_url", f"Invalid URL ({method} {path}).")


@pytest.mark.anyio
async def test_a_content_length_of_thousands_of_digits_is_not_a_500() -> None:
    """The HTTP parser refuses such a header before the app sees it; behind another
    server (here in-process) the pipeline read it with `int()`, which refuses 5,000
    digits, and answered 500. Now it is no declared length: the body is measured."""
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as http:
        response = await http.post(
            "/v1/embeddings",
            content=json.dumps({"model": "aurora-embed-1", "input": "hi"}).encode(),
            headers={
                "authorization": f"Bearer {DEFAULT_KEY}",
                "content-type": "application/json",
                "content-length": "9" * 5000,
            },
        )
    assert response.status_code == 200, response.text
