// Runs the site's Node examples for the docs harness (node_runner.py), one after the
// other in one process, so that Node starts and loads the `openai` SDK once per session
// rather than once per example.
//
// Jobs arrive on stdin, one JSON object a line: {"file": "/abs/example.mjs"} to run an
// example, {"format": "<code>"} to format code as Prettier does ({"formatted", "error"}
// back: the harness checks that every example is laid out as `prettier` lays it out). The worker
// imports the file as an ES module (top-level await included), records what each
// `console.log` (and `process.stdout.write`) of the example printed, attributed to the
// statement that printed it, and answers on the file descriptor METAL_DOCS_REPLY_FD, one
// JSON object a line: {"outputs": [{"line", "indent", "text"}], "error", "violations",
// "stderr"}. `line` is the last line of the printing statement (1-based): the harness puts
// the printed lines as `//>` comments right under it.
import { readFileSync, writeSync } from "node:fs";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { formatWithOptions, inspect } from "node:util";

import { parse } from "acorn";
import { full } from "acorn-walk";
import * as prettier from "prettier";

const replyFd = Number(process.env.METAL_DOCS_REPLY_FD);
const violations = globalThis[Symbol.for("metal-docs.violations")];
if (!violations) throw new Error("worker.mjs runs with --import route.mjs");

/** The example being run: its URL, what it printed, and its statements' extents. */
let current = null;

/** The line and column of the example's frame that called a printing function. */
function callSite() {
  const prepare = Error.prepareStackTrace;
  Error.prepareStackTrace = (_, sites) => sites;
  const holder = {};
  Error.captureStackTrace(holder, callSite);
  const sites = holder.stack;
  Error.prepareStackTrace = prepare;
  const site = sites.find((s) => s.getFileName() === current.url);
  return site ? { line: site.getLineNumber(), column: site.getColumnNumber() } : null;
}

function record(text) {
  const site = current && callSite();
  if (!site) return false;
  const statement = statementAt(current.statements, site);
  const last = current.outputs.at(-1);
  if (last && last.line === statement.endLine && last.start === statement.start) {
    last.text += text;
  } else {
    current.outputs.push({
      line: statement.endLine,
      start: statement.start,
      indent: statement.column,
      text,
    });
  }
  return true;
}

/** The innermost statement around a call site (the `console.log(...)` itself, or the
 * statement of an arrow function that calls it). */
function statementAt(statements, { line, column }) {
  const inside = statements.filter(
    (s) =>
      (s.startLine < line || (s.startLine === line && s.column <= column - 1)) &&
      (s.endLine > line || (s.endLine === line && s.endColumn >= column)),
  );
  inside.sort((a, b) => a.end - a.start - (b.end - b.start));
  return inside[0] ?? { startLine: line, endLine: line, column: 0, start: -line };
}

/** Every statement of the source, with its extent; blocks are not statements here. */
function statementsOf(source) {
  const ast = parse(source, { ecmaVersion: "latest", sourceType: "module", locations: true });
  const found = [];
  full(ast, (node) => {
    if (!/(Statement|Declaration)$/.test(node.type) || node.type === "BlockStatement") return;
    found.push({
      start: node.start,
      end: node.end,
      startLine: node.loc.start.line,
      column: node.loc.start.column,
      endLine: node.loc.end.line,
      endColumn: node.loc.end.column,
    });
  });
  return found;
}

const format = (...args) => formatWithOptions({ colors: false }, ...args);
const realLog = console.log;
const realWrite = process.stdout.write.bind(process.stdout);
console.log = console.info = (...args) => {
  if (!record(format(...args) + "\n")) realLog(...args);
};
console.error = console.warn = (...args) => {
  if (current) current.stderr += format(...args) + "\n";
  else process.stderr.write(format(...args) + "\n");
};
process.stdout.write = (chunk, ...rest) => {
  if (record(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"))) {
    const callback = rest.find((arg) => typeof arg === "function");
    if (callback) process.nextTick(callback);
    return true;
  }
  return realWrite(chunk, ...rest);
};

function describe(error) {
  if (error instanceof Error) return error.stack ?? String(error);
  return `a non-error was thrown: ${inspect(error)}`;
}

// The environment every example starts from: one that sets a variable (OPENAI_BASE_URL, say)
// must not leave it for the examples after it, as each Python example gets a fresh one.
const baseEnvironment = { ...process.env };

function restoreEnvironment() {
  for (const name of Object.keys(process.env)) {
    if (!(name in baseEnvironment)) delete process.env[name];
  }
  Object.assign(process.env, baseEnvironment);
}

async function run(file) {
  const url = pathToFileURL(file).href;
  restoreEnvironment();
  violations.length = 0;
  current = { url, outputs: [], stderr: "", statements: [] };
  let error = null;
  try {
    current.statements = statementsOf(readFileSync(file, "utf8"));
    await import(url);
  } catch (caught) {
    error = describe(caught);
  }
  const reply = {
    outputs: current.outputs.map(({ line, indent, text }) => ({ line, indent, text })),
    error,
    violations: [...violations],
    stderr: current.stderr,
  };
  current = null;
  return reply;
}

// A rejection no example awaited fails the example that is running, not the worker.
let stray = [];
process.on("unhandledRejection", (reason) => stray.push(describe(reason)));
process.on("uncaughtException", (reason) => stray.push(describe(reason)));

/** The code as Prettier (its defaults) lays it out, or the syntax error it found. */
async function layout(code) {
  try {
    return { formatted: await prettier.format(code, { parser: "babel" }), error: null };
  } catch (error) {
    return { formatted: null, error: String(error) };
  }
}

// Loaded now, while the harness runs other examples: the examples' `import OpenAI from
// "openai"` resolves to this very module (Node caches modules by their real path).
await import("openai");

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const job = JSON.parse(line);
  if (job.format !== undefined) {
    writeSync(replyFd, JSON.stringify(await layout(job.format)) + "\n");
    continue;
  }
  stray = [];
  const reply = await run(job.file);
  if (!reply.error && stray.length) reply.error = stray.join("\n");
  writeSync(replyFd, JSON.stringify(reply) + "\n");
}
