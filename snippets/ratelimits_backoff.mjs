import { setTimeout as sleep } from "node:timers/promises";

import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "https://api.metalai.org/v1",
  apiKey: process.env.METAL_API_KEY,
  maxRetries: 0, // this program retries by itself
});

/**
 * A chat completion; after a 429 or a 5xx, wait and try again.
 * @param {OpenAI.ChatCompletionCreateParamsNonStreaming} params
 * @param {{ attempts?: number, longestWait?: number }} [options]
 */
async function createWithBackoff(
  params,
  { attempts = 4, longestWait = 60 } = {},
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.chat.completions.create(params);
    } catch (e) {
      if (
        !(e instanceof OpenAI.RateLimitError) &&
        !(e instanceof OpenAI.InternalServerError)
      ) {
        throw e;
      }
      // The wait the API asks for, else exponential backoff: 1 s, 2 s, 4 s.
      const wait = Number(e.headers.get("retry-after") ?? 2 ** attempt);
      if (attempt === attempts - 1 || wait > longestWait) {
        throw e; // out of tries, or the wait is longer than you can afford
      }
      // Jitter: up to a quarter more, at random, so that clients that failed
      // together do not all come back at the same instant.
      await sleep((wait + Math.random() * (wait / 4)) * 1000);
    }
  }
}

// Five calls. When the minute is full, a call waits for room, then goes through.
for (let number = 1; number <= 5; number++) {
  const completion = await createWithBackoff({
    model: "aurora",
    messages: [{ role: "user", content: "Hello!" }],
  });
  console.log(number, completion.choices[0].message.content);
  //> 1 Hello! I'm Aurora. How can I help you today?
  //> 2 Hello! I'm Aurora. How can I help you today?
  //> 3 Hello! I'm Aurora. How can I help you today?
  //> 4 Hello! I'm Aurora. How can I help you today?
  //> 5 Hello! I'm Aurora. How can I help you today?
}

// Calls that must not wait, until the API refuses one: that one gives up at once.
try {
  // Up to 10 calls: more than the 5 a minute allows.
  for (let sent = 0; sent < 10; sent++) {
    await createWithBackoff(
      { model: "aurora", messages: [{ role: "user", content: "Hello!" }] },
      { longestWait: 0 },
    );
  }
} catch (e) {
  if (!(e instanceof OpenAI.RateLimitError)) throw e;
  console.log("gave up, retry-after:", e.headers.get("retry-after"));
  //> gave up, retry-after: 60
}
