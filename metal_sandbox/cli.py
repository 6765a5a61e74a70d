"""`metal-sandbox`: run the sandbox from the command line."""

from __future__ import annotations

import argparse
import contextlib
from importlib.metadata import version

from metal_sandbox.app import create_app
from metal_sandbox.config import SandboxConfig
from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.server import SandboxServer, bind, serve_config
from metal_sandbox.versions import CURRENT

DEFAULT_PORT = 8765


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="metal-sandbox",
        description="Serve the MeTal API sandbox: the API's behaviour on your machine, "
        "with test keys and no network.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help="port (default: %(default)s; 0 picks a free one)",
    )
    parser.add_argument(
        "--clock-speed",
        type=float,
        default=1.0,
        metavar="X",
        help="run the sandbox clock X times faster than real time, so rate "
        "limit windows and retries pass quickly (default: 1)",
    )
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="freeze the clock and seed ids, so output repeats exactly",
    )
    parser.add_argument(
        "--rpm",
        type=int,
        default=5,
        help="requests per minute per account; 0 turns the limit off (default: %(default)s)",
    )
    parser.add_argument(
        "--tpm",
        type=int,
        default=20_000,
        help="tokens per minute per account; 0 turns the limit off (default: %(default)s)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    parser.add_argument(
        "--version",
        action="version",
        version=f"metal-sandbox {version('metal-sandbox')} (serves metal-version {CURRENT})",
        help="print the sandbox's release and the API version it serves by default",
    )
    args = parser.parse_args(argv)
    if args.clock_speed <= 0:
        parser.error("--clock-speed must be positive")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    config = SandboxConfig(
        deterministic=args.deterministic,
        clock_speed=args.clock_speed,
        requests_per_minute=args.rpm,
        tokens_per_minute=args.tpm,
    )
    sock = bind(args.host, args.port)  # bound first, so the banner shows the real port
    url = f"http://{args.host}:{sock.getsockname()[1]}/v1"
    server = SandboxServer(
        serve_config(create_app(config), quiet=args.quiet), on_ready=lambda: _banner(url)
    )
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how you stop it: no traceback
        server.run(sockets=[sock])


def _banner(url: str) -> None:
    """Printed once the port accepts connections: a script may start its client on it."""
    print(f"MeTal sandbox on {url}", flush=True)
    for key in TEST_KEYS:
        print(f"  test key ({key.label}): {key.secret}", flush=True)


if __name__ == "__main__":
    main()
