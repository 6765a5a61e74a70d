import { once } from "node:events";
import http from "node:http";

import OpenAI from "openai";

/** @typedef {{ body: string, headers: http.IncomingHttpHeaders }} Delivery */

// A receiver on a free port of this machine: it keeps the first delivery.
/** @type {(delivery: Delivery) => void} */
let deliver = () => {};
/** @type {Promise<Delivery>} */
const arrived = new Promise((resolve) => (deliver = resolve));
const server = http.createServer(async (request, response) => {
  let body = "";
  for await (const chunk of request) body += chunk;
  response.writeHead(200).end();
  deliver({ body, headers: request.headers });
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const { port } = /** @type {import("node:net").AddressInfo} */ (
  server.address()
);

const client = new OpenAI({
  baseURL: "http://127.0.0.1:8765/v1",
  apiKey: process.env.METAL_API_KEY,
});

// The SDK has no method for webhook endpoints: post to the path itself.
/** @typedef {{ id: string, signing_secret: string }} WebhookEndpoint */
const endpoint = /** @type {WebhookEndpoint} */ (
  await client.post("/webhook_endpoints", {
    body: {
      url: `http://127.0.0.1:${port}/webhooks`,
      event_types: ["response.completed", "response.failed"],
      name: "responses",
    },
  })
);
const response = await client.responses.create({
  model: "aurora",
  input: "What is the capital of France?",
  background: true,
});
const { body, headers } = await arrived;
const event = await client.webhooks.unwrap(
  body,
  headers,
  endpoint.signing_secret,
);
if (event.type === "response.completed") {
  console.log(event.type, event.data.id === response.id);
  //> response.completed true
  console.log((await client.responses.retrieve(event.data.id)).output_text);
  //> The capital of France is Paris.
}

await client.delete(`/webhook_endpoints/${endpoint.id}`);
server.close();
