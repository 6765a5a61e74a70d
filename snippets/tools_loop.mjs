import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "https://api.metalai.org/v1",
  apiKey: process.env.METAL_API_KEY,
});

// Your function: here a table of readings; in your app, a call to a weather service.
/** @type {Record<string, [number, string]>} */
const READINGS = { Paris: [18, "Sunny"], Tokyo: [24, "Cloudy"] };

/** @param {{ city: string, unit: "celsius" | "fahrenheit" }} args */
function getWeather({ city, unit }) {
  const [celsius, condition] = READINGS[city] ?? [15, "Clear"];
  const temperature =
    unit === "celsius" ? celsius : Math.round((celsius * 9) / 5 + 32);
  return { city, temperature, unit, condition };
}

// 1. Describe the function to the model.
/** @type {OpenAI.ChatCompletionTool[]} */
const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Get the current weather in a city.",
      parameters: {
        type: "object",
        properties: {
          city: { type: "string", description: "The city, such as Paris." },
          unit: { type: "string", enum: ["celsius", "fahrenheit"] },
        },
        required: ["city", "unit"],
      },
    },
  },
];
/** @type {OpenAI.ChatCompletionMessageParam[]} */
const messages = [
  { role: "user", content: "What's the weather like in Paris today?" },
];

// 2. The model answers with a call instead of text.
let completion = await client.chat.completions.create({
  model: "aurora",
  messages,
  tools,
});
const message = completion.choices[0].message;
console.log(completion.choices[0].finish_reason);
//> tool_calls
const calls = message.tool_calls ?? [];
for (const call of calls) {
  if (call.type !== "function") continue;
  console.log(call.function.name, call.function.arguments);
  //> get_weather {"city": "Paris", "unit": "celsius"}
}

// 3. Your code runs each call and sends back its result, matched by tool_call_id.
messages.push(message);
for (const call of calls) {
  if (call.type !== "function") continue;
  const result = getWeather(JSON.parse(call.function.arguments));
  messages.push({
    role: "tool",
    tool_call_id: call.id,
    content: JSON.stringify(result),
  });
}

// 4. The model answers from the result.
completion = await client.chat.completions.create({
  model: "aurora",
  messages,
  tools,
});
console.log(completion.choices[0].message.content);
//> It's 18°C and sunny in Paris.
