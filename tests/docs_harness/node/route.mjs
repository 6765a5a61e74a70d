// Preloaded into every Node example (`node --import ./route.mjs`): the Node twin of
// routing.py. Examples are reader code: they build `new OpenAI({ baseURL:
// "https://api.metalai.org/v1" })` or call `fetch` themselves, so no argument of ours
// reaches their clients. What they all share is the global `fetch` (the `openai` SDK uses
// it) and, below it, `net.Socket.prototype.connect`, which every TCP connection of Node
// goes through (fetch, node:http, node:https, node:tls). The first is rewritten to send
// the production API (and a reader's local sandbox) to the test sandbox; the second
// refuses any host but loopback, so nothing an example does can leave this machine.
import net from "node:net";

const SANDBOX = new URL(required("METAL_DOCS_SANDBOX"));
const PRODUCTION = new URL(required("METAL_DOCS_PRODUCTION"));
const LOCAL_SANDBOX = new URL(required("METAL_DOCS_LOCAL_SANDBOX"));
const LOOPBACK = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

/** The URLs examples tried to reach elsewhere; the worker reads and clears it per example. */
export const violations = [];
globalThis[Symbol.for("metal-docs.violations")] = violations;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`route.mjs needs ${name} (the docs harness sets it)`);
  return value;
}

/** The sandbox's URL for a URL of the production API or the local sandbox, else null. */
export function redirected(url) {
  if (url.origin !== PRODUCTION.origin && url.origin !== LOCAL_SANDBOX.origin) return null;
  const target = new URL(url.href);
  target.protocol = SANDBOX.protocol;
  target.host = SANDBOX.host;
  return target;
}

function refuse(where) {
  violations.push(where);
  return new Error(`an example tried to reach ${where}; examples call ${PRODUCTION.origin}`);
}

const realFetch = globalThis.fetch;
globalThis.fetch = async function routedFetch(input, init) {
  const request = input instanceof Request ? input : null;
  const url = new URL(request ? request.url : String(input));
  const target = redirected(url);
  if (target) return realFetch(request ? new Request(target, request) : target, init);
  if (!LOOPBACK.has(url.hostname)) throw refuse(url.href);
  return realFetch(input, init);
};

const realConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const host = connectHost(args);
  if (host !== null && !LOOPBACK.has(host)) {
    const error = refuse(`${host} (a direct connection)`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return realConnect.apply(this, args);
};

/** The host a `socket.connect(...)` call asks for; null for a Unix socket (local). */
function connectHost(args) {
  let [first] = args;
  if (Array.isArray(first)) [first] = first; // net's internal normalized form
  if (first !== null && typeof first === "object") {
    if (first.path) return null;
    return first.host ?? "localhost";
  }
  if (typeof first === "string" && Number.isNaN(Number(first))) return null; // a path
  return typeof args[1] === "string" ? args[1] : "localhost";
}
