// A MeTal webhook receiver: Node's HTTP server and the openai SDK.
//
// It verifies each delivery before it reads it, answers 2xx at once, and handles each
// event once, however many times the event is delivered.
//
// Run it against a local sandbox: start `metal-sandbox` in another terminal, then run
// `node webhooks_receiver.mjs` with METAL_API_KEY set to a sandbox test key.
import { EventEmitter, once } from "node:events";
import http from "node:http";

import OpenAI from "openai";

/**
 * An event as MeTal sends it (the SDK's event types are OpenAI's).
 * @typedef {{ id: string, type: string, created_at: number,
 *   data: { id: string, status: string } }} MetalEvent
 */

/** Takes deliveries on any path and passes each new event to `handle`, once. */
class WebhookReceiver {
  /**
   * @param {OpenAI} client
   * @param {string} secret
   * @param {(event: MetalEvent) => unknown} handle
   */
  constructor(client, secret, handle) {
    this.client = client;
    this.secret = secret;
    this.handle = handle;
    /** webhook-ids taken; keep them in your database */
    this.seen = new Set();
    /** @type {Promise<unknown>} events, handled one by one in the order they came */
    this.work = Promise.resolve();
    this.server = http.createServer((request, response) => {
      this.receive(request, response).catch(() => response.destroy());
    });
  }

  /**
   * @param {http.IncomingMessage} request
   * @param {http.ServerResponse} response
   */
  async receive(request, response) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    let event;
    try {
      // Checks the signature and that webhook-timestamp is within 5 minutes.
      event = /** @type {MetalEvent} */ (
        await this.client.webhooks.unwrap(body, request.headers, this.secret)
      );
    } catch {
      // forged, tampered, stale, or missing a header (the SDK throws
      // InvalidWebhookSignatureError, or an Error for a missing header)
      response.writeHead(400).end();
      return;
    }
    response.writeHead(200).end(); // a duplicate gets a 2xx too, or it would be sent again
    this.take(String(request.headers["webhook-id"]), event);
  }

  /**
   * Queue the event, unless an earlier delivery brought it already.
   * @param {string} webhookId
   * @param {MetalEvent} event
   */
  take(webhookId, event) {
    if (this.seen.has(webhookId)) return;
    this.seen.add(webhookId);
    // Handled after its 2xx has gone back.
    this.work = this.work.then(() => this.handle(event)).catch(console.error);
  }

  /** Start listening; resolves to the port. */
  async listen(port = 0, host = "127.0.0.1") {
    this.server.listen(port, host);
    await once(this.server, "listening");
    return /** @type {import("node:net").AddressInfo} */ (this.server.address())
      .port;
  }

  close() {
    this.server.close();
    this.server.closeAllConnections();
  }
}

/**
 * A webhook endpoint as MeTal returns it (the SDK has no method or type for it).
 * @typedef {{ id: string, url: string, signing_secret: string }} WebhookEndpoint
 */
/**
 * A background completion: the SDK's `ChatCompletion` lacks its `status`.
 * @typedef {OpenAI.ChatCompletion & { status: string }} BackgroundCompletion
 */

async function main() {
  const client = new OpenAI({
    baseURL: "http://127.0.0.1:8765/v1",
    apiKey: process.env.METAL_API_KEY,
  });
  const handled = new EventEmitter();
  // The secret comes with the endpoint, which needs the receiver's port first.
  const receiver = new WebhookReceiver(client, "", (event) =>
    handled.emit("event", event),
  );
  const port = await receiver.listen();

  const endpoint = /** @type {WebhookEndpoint} */ (
    await client.post("/webhook_endpoints", {
      body: {
        url: `http://127.0.0.1:${port}/webhooks`,
        event_types: ["chat.completion.completed", "chat.completion.failed"],
        name: "receiver-demo",
      },
    })
  );
  receiver.secret = endpoint.signing_secret; // shown once: keep it somewhere safe
  try {
    const next = once(handled, "event", {
      signal: AbortSignal.timeout(30_000),
    });
    const answer = await client.chat.completions.create({
      model: "aurora",
      messages: [{ role: "user", content: "What is the capital of France?" }],
      // @ts-expect-error background is MeTal's: the SDK's types lack it
      background: true,
    });
    // Typed for a request the SDK knows, so convert it through `unknown`.
    const queued = /** @type {BackgroundCompletion} */ (
      /** @type {unknown} */ (answer)
    );
    console.log(queued.id, queued.status);
    //> chatcmpl-01M6A6FT00SEP5BRH25MMKJ4Q5 queued

    const [event] = /** @type {[MetalEvent]} */ (await next);
    console.log(event.type, event.data.id);
    //> chat.completion.completed chatcmpl-01M6A6FT00SEP5BRH25MMKJ4Q5

    const completion = /** @type {BackgroundCompletion} */ (
      await client.chat.completions.retrieve(event.data.id)
    );
    console.log(completion.status);
    //> completed
    console.log(completion.choices[0].message.content);
    //> The capital of France is Paris.
  } finally {
    await client.delete(`/webhook_endpoints/${endpoint.id}`);
    receiver.close();
  }
}

await main();
