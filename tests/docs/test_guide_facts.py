"""What the guides state about limits, headers, formats, statuses, defaults and allowed
values, checked against the sandbox, its CLI and the contract.

Tables the contract can build come from markers (`<!-- metal:parameters … -->`,
`<!-- metal:errors -->`). The rest is prose, and each sentence of it that the sandbox can
check is quoted here (`FACTS`) beside the value it states: editing the sentence or the
value alone fails the test, so the two move together. Examples are covered by the rules at
the end: how they must be written for a reader to see what the page shows.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import openai
import pytest
import yaml
from openai import OpenAI
from openai import _constants as openai_constants

from metal_sandbox import cli, server, versions
from metal_sandbox.completions import DEFAULT_MAX_TOKENS
from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import APIError
from metal_sandbox.pipeline import SIMULATE_HEADER
from metal_sandbox.ratelimit import RateLimiter
from metal_sandbox.schemas.chat import IMAGE_URL
from metal_sandbox.testing import Sandbox
from metal_sandbox.webhooks import engine, signing

from docs_harness.curl import shell_examples
from docs_harness.pages import DOCS, ROOT
from docs_harness.python_examples import python_examples

CONFIG = SandboxConfig()
CONTRACT = yaml.safe_load((ROOT / "openapi" / "openapi.yaml").read_text("utf-8"))


def page_text(name: str) -> str:
    """The page with its whitespace collapsed, so that quotes may span wrapped lines."""
    return " ".join((DOCS / name).read_text("utf-8").split())


@dataclass(frozen=True)
class Fact:
    page: str
    quote: str
    holds: Callable[[], bool]

    def __str__(self) -> str:
        return f"{self.page}: {self.quote[:60]}"


def _accepts(*urls: str) -> bool:
    return all(IMAGE_URL.match(url) for url in urls)


FACTS = (
    Fact(
        "quickstart.md",
        "the free plan allows 5 requests per minute per account",
        lambda: CONFIG.requests_per_minute == 5,
    ),
    Fact(
        "quickstart.md",
        "`length` when it reached `max_tokens` (1024 unless you set it)",
        lambda: DEFAULT_MAX_TOKENS == 1024,
    ),
    Fact(
        "rate-limits.md",
        "| Free | 5 | 20,000 | 3 |",
        lambda: (CONFIG.requests_per_minute, CONFIG.tokens_per_minute) == (5, 20_000),
    ),
    Fact(
        "rate-limits.md",
        "A request counts for 60 seconds from the moment it arrives",
        lambda: CONFIG.rate_window_seconds == 60,
    ),
    Fact(
        "rate-limits.md",
        "`max_tokens` (1024 unless you set it), times `n`",
        lambda: DEFAULT_MAX_TOKENS == 1024,
    ),
    Fact(
        "webhooks.md",
        "An account can have up to 10.",
        lambda: engine.MAX_ENDPOINTS_PER_ACCOUNT == 10,
    ),
    Fact(
        "webhooks.md",
        "an account keeps up to 10 endpoints",
        lambda: engine.MAX_ENDPOINTS_PER_ACCOUNT == 10,
    ),
    Fact(
        "webhooks.md",
        "answers any 2xx within 10 seconds",
        lambda: CONFIG.webhook_timeout_seconds == 10,
    ),
    Fact("webhooks.md", "MeTal tries up to 8 times", lambda: len(engine.RETRY_DELAYS) == 8),
    Fact("webhooks.md", "Each wait varies by up to 10% either way", lambda: engine.JITTER == 0.1),
    Fact(
        "webhooks.md",
        "Each endpoint keeps its last 500 deliveries",
        lambda: engine.DELIVERIES_KEPT_PER_ENDPOINT == 500,
    ),
    Fact(
        "webhooks.md",
        "For 24 hours after a rotation, every delivery carries two signatures",
        lambda: engine.ROTATION_WINDOW_SECONDS == 24 * 3600,
    ),
    Fact(
        "idempotency.md",
        "The API keeps a key for 24 hours",
        lambda: CONFIG.idempotency_ttl_seconds == 24 * 3600,
    ),
    Fact(
        "chat.md",
        "The URL is an `http://` or `https://` URL the API can fetch, or the image itself in a "
        "`data:` URL",
        lambda: (
            _accepts(
                "http://example.com/a.png",
                "https://example.com/a.png",
                "data:image/png;base64,AA==",
            )
            and not _accepts("ftp://example.com/a.png")
        ),
    ),
    Fact(
        "sandbox.md",
        "`0` turns the limit off, and its `x-ratelimit-*-requests` headers with it",
        lambda: "x-ratelimit-limit-requests" not in _headers(rpm=0),
    ),
    Fact(
        "sandbox.md",
        "`0` turns the limit off, and its `x-ratelimit-*-tokens` headers with it",
        lambda: "x-ratelimit-limit-tokens" not in _headers(tpm=0),
    ),
    Fact(
        "rate-limits.md",
        "Its `429` carries `retry-after` like every other, but also `x-should-retry: false`",
        lambda: (
            {k: _too_large_headers().get(k) for k in ("retry-after", "x-should-retry")}
            == {"retry-after": "60", "x-should-retry": "false"}
        ),
    ),
    Fact(
        "sandbox.md",
        "it refuses request headers over 64 KiB, closes a connection that takes more than 10 "
        "seconds to send them or sits idle 5 seconds after a response, and on Ctrl+C or SIGTERM "
        "gives the requests in flight 3 seconds to finish",
        lambda: (
            (
                server.MAX_HEADER_BYTES,
                server.HEADER_TIMEOUT_SECONDS,
                server.KEEP_ALIVE_SECONDS,
                server.SHUTDOWN_SECONDS,
            )
            == (64 * 1024, 10, 5, 3)
        ),
    ),
    Fact(
        "sandbox.md",
        "Idempotency keys are kept 24 hours and stored completions 30 days, each store holding "
        "at most 10,000 entries and 32 MiB of responses",
        lambda: (
            (
                CONFIG.idempotency_ttl_seconds,
                CONFIG.stored_ttl_seconds,
                CONFIG.idempotency_max_keys,
                CONFIG.stored_max_completions,
                CONFIG.idempotency_max_bytes,
                CONFIG.stored_max_bytes,
            )
            == (24 * 3600, 30 * 24 * 3600, 10_000, 10_000, 32 << 20, 32 << 20)
        ),
    ),
    Fact(
        "idempotency.md",
        "A key is 1 to 255 characters long; an empty or longer key gets a `400` with code "
        "`invalid_idempotency_key`",
        lambda: _idempotency_key_statuses() == [400, 200, 400],
    ),
    Fact(
        "webhooks.md",
        "| `user-agent` | `MeTal-Webhooks/1.0` |",
        lambda: signing.headers([], "evt_1", 0, b"{}")["user-agent"] == "MeTal-Webhooks/1.0",
    ),
    Fact(
        "models.md",
        "A chat request to it is a `404` with code `model_not_found`, whose message says it is "
        "an embeddings model.",
        lambda: (
            (error := _embeddings_model_in_chat())["status"] == 404
            and error["code"] == "model_not_found"
            and "is an embeddings model" in str(error["message"])
        ),
    ),
    Fact(
        "idempotency.md",
        "The SDK does not retry this `409`: it carries `x-should-retry: false`",
        lambda: _sdk_tries_of_a_reused_key() == 1,
    ),
    Fact(
        "idempotency.md",
        "Here is what it sends, as of `openai` 3.51:",
        lambda: openai.__version__.startswith("3.51."),
    ),
    Fact(
        "rate-limits.md",
        "The `openai` SDK retries a `429` twice by default.",
        lambda: openai_constants.DEFAULT_MAX_RETRIES == 2,
    ),
    Fact(
        "rate-limits.md",
        "the API asks for more than two minutes, the longest wait the SDK accepts",
        lambda: openai_constants.MAX_RETRY_AFTER_DELAY == 120,
    ),
    Fact(
        "models.md",
        "another model answers it with a 400 `unsupported_parameter`",
        lambda: (
            _chat_error({"model": "aurora", "reasoning_effort": "low"})[:2]
            == (400, "unsupported_parameter")
        ),
    ),
    Fact(
        "models.md",
        "a chat request to it gets a 404 `model_not_found` whose message says so",
        lambda: (
            _chat_error({"model": "aurora-embed-1"})[:2] == (404, "model_not_found")
            and "is an embeddings model" in _chat_error({"model": "aurora-embed-1"})[2]
        ),
    ),
    Fact(
        "test-mode.md",
        "the free plan's [rate limits](rate-limits.md), 5 requests and 20,000 tokens per minute",
        lambda: (CONFIG.requests_per_minute, CONFIG.tokens_per_minute) == (5, 20_000),
    ),
    Fact(
        "test-mode.md",
        "[idempotency keys](idempotency.md), replayed for 24 hours",
        lambda: CONFIG.idempotency_ttl_seconds == 24 * 3600,
    ),
    Fact(
        "test-mode.md",
        "`http://127.0.0.1:8765/v1` (the sandbox's default port)",
        lambda: cli.parse_args([]).port == 8765,
    ),
    Fact(
        "production.md",
        "The SDK waits up to 10 minutes for a response by default.",
        lambda: openai_constants.DEFAULT_TIMEOUT.read == 600,
    ),
    Fact(
        "production.md",
        "retries connection errors, timeouts, 408, 409, 429 and 5xx twice by default",
        lambda: openai_constants.DEFAULT_MAX_RETRIES == 2,
    ),
    Fact(
        "production.md",
        "([send a key](idempotency.md#send-a-key)). Keys live 24 hours.",
        lambda: CONFIG.idempotency_ttl_seconds == 24 * 3600,
    ),
    Fact(
        "production.md",
        "answer 2xx within 10 seconds",
        lambda: CONFIG.webhook_timeout_seconds == 10,
    ),
    Fact(
        "production.md",
        "Send `metal-version: 2026-11-01`",
        lambda: versions.CURRENT == "2026-11-01",
    ),
    Fact(
        "errors.md",
        "The SDK retries it for you, twice by default, waiting about 0.5 s, then 1 s.",
        lambda: (
            (openai_constants.DEFAULT_MAX_RETRIES, openai_constants.INITIAL_RETRY_DELAY) == (2, 0.5)
        ),
    ),
)


def _embeddings_model_in_chat() -> dict[str, object]:
    with Sandbox() as sandbox:
        response = httpx.post(
            sandbox.base_url + "/chat/completions",
            headers={"Authorization": f"Bearer {sandbox.api_key}"},
            json={"model": "aurora-embed-1", "messages": [{"role": "user", "content": "Hi"}]},
        )
    return {"status": response.status_code, **response.json()["error"]}


def _chat_error(body: dict[str, object]) -> tuple[int, str, str]:
    """(status, code, message) of a chat request to a fresh sandbox."""
    messages = [{"role": "user", "content": "Hi"}]
    with Sandbox() as sandbox:
        response = httpx.post(
            sandbox.base_url + "/chat/completions",
            headers={"Authorization": f"Bearer {sandbox.api_key}"},
            json={"messages": messages, **body},
        )
    error = response.json()["error"]
    return response.status_code, error["code"], error["message"]


def _sdk_tries_of_a_reused_key() -> int:
    """How many times the SDK, with its default retries, sends a request whose key was
    used with another body."""
    with Sandbox(SandboxConfig(requests_per_minute=0)) as sandbox:
        client = OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key)
        for content in ("Hi", "Hello"):
            try:
                client.chat.completions.create(
                    model="aurora",
                    messages=[{"role": "user", "content": content}],
                    extra_headers={"Idempotency-Key": "reused"},
                )
            except openai.ConflictError as conflict:
                return int(conflict.response.request.headers["x-stainless-retry-count"]) + 1
    raise AssertionError("the reused key was not refused")


def _idempotency_key_statuses() -> list[int]:
    """Statuses of a chat request with an empty, a 255- and a 256-character key."""
    with Sandbox(SandboxConfig(requests_per_minute=0)) as sandbox:
        return [
            httpx.post(
                sandbox.base_url + "/chat/completions",
                headers={"Authorization": f"Bearer {sandbox.api_key}", "Idempotency-Key": key},
                json={"model": "aurora", "messages": [{"role": "user", "content": "Hello!"}]},
            ).status_code
            for key in ("", "k" * 255, "k" * 256)
        ]


def _headers(*, rpm: int = 5, tpm: int = 20_000) -> dict[str, str]:
    return RateLimiter(rpm=rpm, tpm=tpm, window_seconds=60).headers("acct", 0.0)


def _too_large_headers() -> dict[str, str]:
    limiter = RateLimiter(rpm=5, tpm=100, window_seconds=60)
    with pytest.raises(APIError) as refused:
        limiter.admit_tokens("acct", 0.0, 101)
    return refused.value.headers


@pytest.mark.parametrize("fact", FACTS, ids=str)
def test_the_page_states_what_the_sandbox_does(fact: Fact) -> None:
    assert fact.quote in page_text(fact.page), f"{fact.page} no longer says: {fact.quote}"
    assert fact.holds(), f"{fact.page} says {fact.quote!r}, and the sandbox does otherwise"


def _row(page: str, first_cell: str) -> list[str]:
    for line in (DOCS / page).read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"{page} has no table row for {first_cell}")


def _seconds(text: str) -> float:
    if text == "none":
        return 0
    number, unit = text.split()
    return float(number) * {"second": 1, "minute": 60, "hour": 3600}[unit.rstrip("s")]


def test_the_retry_schedule_table_is_the_engines() -> None:
    waits = [_seconds(_row("webhooks.md", str(n))[1]) for n in range(1, 9)]
    assert tuple(waits) == engine.RETRY_DELAYS


def test_the_sandbox_flags_table_is_the_cli() -> None:
    parser_defaults = vars(cli.parse_args([]))
    shown = {
        "--host": "host",
        "--port": "port",
        "--clock-speed": "clock_speed",
        "--deterministic": "deterministic",
        "--rpm": "rpm",
        "--tpm": "tpm",
        "--quiet": "quiet",
    }
    assert set(shown.values()) == set(parser_defaults), "a flag the table does not show"
    for flag, name in shown.items():
        row = next(
            cells
            for line in (DOCS / "sandbox.md").read_text("utf-8").splitlines()
            if (cells := [c.strip() for c in line.strip().strip("|").split("|")])[0].startswith(
                f"`{flag}"
            )
        )
        default = parser_defaults[name]
        expected = (
            "off"
            if isinstance(default, bool)
            else f"`{default:g}`"
            if isinstance(default, float)
            else f"`{default}`"
        )
        assert row[1] == expected, f"{flag}: the table says {row[1]}, the CLI {expected}"


def test_the_overview_lists_every_operation() -> None:
    """`What you can call` on the home page: each operation by method and path, or under a
    path the table covers with `… and below`."""
    section = (DOCS / "index.md").read_text("utf-8").split("## What you can call")[1]
    table = section.split("\n\n")[1]
    listed = {_normalised(m) for m in re.findall(r"`((?:GET|POST|DELETE) /v1/[^`]+)`", table)}
    below = re.findall(r"`(/v1/[^`]+)` and below", table)
    missing = []
    for path, operations in CONTRACT["paths"].items():
        for method in operations:
            if method not in ("get", "post", "delete"):
                continue
            call = _normalised(f"{method.upper()} /v1{path}")
            if call not in listed and not any(f"/v1{path}".startswith(p) for p in below):
                missing.append(call)
    assert not missing, f"index.md's 'What you can call' leaves out {missing}"


def _normalised(call: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", call)


def test_the_chat_guide_names_every_finish_reason() -> None:
    choice = CONTRACT["components"]["schemas"]["Choice"]["properties"]["finish_reason"]
    values = choice["enum"]
    paragraph = page_text("chat.md").split("Check `finish_reason` before you use a reply.")[1]
    paragraph = paragraph.split("`max_tokens` may not exceed")[0]
    assert [v for v in values if f"`{v}`" not in paragraph] == []


def test_the_quickstart_asks_for_the_python_the_sandbox_needs() -> None:
    required = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "requires-python"
    ]
    stated = re.search(r"You need Python (3\.\d+) or newer", page_text("quickstart.md"))
    assert stated and required == f">={stated[1]}", (stated, required)


# --- how examples are written -------------------------------------------------------------


def test_httpx_streams_check_the_status_before_reading_events() -> None:
    """A 429 or 401 has no `data:` lines: a stream read without a check prints nothing and
    raises nothing (the quickstart printed `[]`)."""
    unchecked = [
        str(example)
        for example in python_examples()
        if "httpx.stream(" in example.source
        and "raise_for_status()" not in example.source
        and "status_code" not in example.source
    ]
    assert not unchecked


def test_simulated_failures_go_to_the_sandbox_url() -> None:
    """Production ignores `metal-sandbox-simulate`: an example that sends it to
    `api.metalai.org` shows what can never happen there."""
    texts = [(str(e), e.source) for e in python_examples()]
    texts += [(str(e), e.script) for e in shell_examples()]
    wrong = [
        where
        for where, code in texts
        if SIMULATE_HEADER in code
        and ("api.metalai.org" in code or "127.0.0.1:8765" not in code)
        and "Sandbox(" not in code  # an example that starts its own sandbox
    ]
    assert not wrong


def test_every_page_is_quoted_from_a_page_that_exists() -> None:
    assert {Path(fact.page).name for fact in FACTS} <= {p.name for p in DOCS.glob("*.md")}
