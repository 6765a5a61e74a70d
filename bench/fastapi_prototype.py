"""What declaring the operations with FastAPI would cost per request, measured.

Issue 11 asked to decide between FastAPI's route declarations and a table of our own over
Starlette by measuring. This runs `sandbox_load.py`'s server and load generator against
three apps, in turns, in the same run (so a busy machine hurts them alike):

- `starlette`: the sandbox as it is (`create_app()`, routes from `metal_sandbox.operations`);
- `fastapi-request`: a FastAPI app whose two operations take only `request: Request` and
  call the same pipeline (FastAPI's least overhead: its routing and dependency solving);
- `fastapi-model`: the FastAPI way, the chat body declared as `ChatCompletionRequest` (so
  FastAPI validates it and puts it in its OpenAPI document) and `GET /v1/models` with
  `response_model=ModelList` (so FastAPI serializes it).

Each app also serves the plain Starlette `/bare` route of `sandbox_load.py`, the ceiling.

FastAPI is not a dependency of the project: install it apart and point `--fastapi-path` at
it, e.g. `pip install --target /tmp/fa --no-deps fastapi annotated-doc opentelemetry-api
importlib-metadata zipp`, then

    .venv/bin/python bench/fastapi_prototype.py --fastapi-path /tmp/fa
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sandbox_load as load  # noqa: E402  (the bench beside this file)

_FASTAPI_APP = """
import sys
import uvicorn
from fastapi import FastAPI, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from metal_sandbox.catalog import MODELS
from metal_sandbox.config import SandboxConfig
from metal_sandbox.pipeline import endpoint
from metal_sandbox.routes.chat import create_chat_completion
from metal_sandbox.routes.models import list_models
from metal_sandbox.runtime import Runtime
from metal_sandbox.schemas.chat import ChatCompletionRequest
from metal_sandbox.schemas.models import ModelList

port, _profile = int(sys.argv[1]), sys.argv[2]
app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
app.state.runtime = Runtime(SandboxConfig(requests_per_minute=0, tokens_per_minute=0))
chat = endpoint(create_chat_completion, writes=True, defer_simulation=True)
models = endpoint(list_models)

if MODE == "request":
    @app.post("/v1/chat/completions")
    async def create(request: Request) -> Response:
        return await chat(request)

    @app.get("/v1/models")
    async def listed(request: Request) -> Response:
        return await models(request)
else:
    @app.post("/v1/chat/completions")
    async def create(request: Request, body: ChatCompletionRequest) -> Response:
        return await chat(request)

    @app.get("/v1/models", response_model=ModelList)
    async def listed() -> ModelList:
        return ModelList(data=[card.to_model() for card in MODELS])

async def bare(request):
    return JSONResponse({"ok": True})

app.router.routes.append(Route("/bare", bare))
uvicorn.run(app, host="127.0.0.1", port=port, lifespan="off", server_header=False,
            date_header=False, log_level="warning", access_log=False)
"""

APPS = {
    "starlette": load.SERVER_CODE,
    "fastapi-request": 'MODE = "request"\n' + _FASTAPI_APP,
    "fastapi-model": 'MODE = "model"\n' + _FASTAPI_APP,
}


async def one_app(name: str, port: int, pid: int, seconds: float) -> list[load.Run]:
    table = load.scenarios(32)
    runs = []
    for key in ("bare", "models", "chat"):
        run = await load.measure(port, pid, table[key], warmup=0.5, seconds=seconds)
        run.name = f"{name}: {run.name}"
        runs.append(run)
    return runs


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--fastapi-path", required=True, help="a folder holding fastapi")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [args.fastapi_path, os.environ.get("PYTHONPATH", "")]
    )
    server_cpu, _client_cpu = load.pin(load.parse_args([]))
    runs: list[load.Run] = []
    with asyncio.Runner(loop_factory=load.new_loop) as runner:
        for _round in range(args.rounds):
            for name, code in APPS.items():
                load.SERVER_CODE = code
                port = load.free_port()
                proc = load.start_server(port, cpu=server_cpu)
                try:
                    runs += runner.run(one_app(name, port, proc.pid, args.seconds))
                finally:
                    load.stop(proc)
    load.print_runs(runs)
    print("\nchat / bare and models / bare, each app's runs summed over the rounds:")
    for name in APPS:
        mine = [run for run in runs if run.name.startswith(name + ":")]
        rate = {
            kind: sum(r.rate for r in mine if r.name.endswith(load.SCENARIO_NAMES[kind]))
            for kind in ("bare", "models", "chat")
        }
        chat_p99 = max(
            load.pct(r.latencies, 0.99)
            for r in mine
            if r.name.endswith(load.SCENARIO_NAMES["chat"])
        )
        print(
            f"  {name:<16} chat {rate['chat'] / rate['bare']:.0%}, models "
            f"{rate['models'] / rate['bare']:.0%} of bare; worst chat p99 {chat_p99:.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
