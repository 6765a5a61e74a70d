import http from "node:http";

import OpenAI from "openai";

// On your server: the key comes from the server's environment.
const client = new OpenAI({
  baseURL: "https://api.metalai.org/v1",
  apiKey: process.env.METAL_API_KEY,
});

const server = http.createServer(async (request, response) => {
  if (request.method !== "POST" || request.url !== "/api/ask") {
    response.writeHead(404).end();
    return;
  }
  let body = "";
  for await (const chunk of request) body += chunk;
  const { question } = JSON.parse(body);
  const completion = await client.chat.completions.create({
    model: "aurora",
    messages: [{ role: "user", content: question }],
  });
  response.writeHead(200, { "Content-Type": "application/json" });
  response.end(
    JSON.stringify({ answer: completion.choices[0].message.content }),
  );
});
server.listen(3000, "127.0.0.1");

// In the browser: call your own server (fetch("/api/ask", ...) on your page). No key here.
const response = await fetch("http://127.0.0.1:3000/api/ask", {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ question: "Hello!" }),
});
const { answer } = await response.json();
console.log(answer);
//> Hello! I'm Aurora. How can I help you today?
server.close();
