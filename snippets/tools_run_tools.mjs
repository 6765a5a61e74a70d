import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "https://api.metalai.org/v1",
  apiKey: process.env.METAL_API_KEY,
});

/** @type {Record<string, [number, string]>} */
const READINGS = { Paris: [18, "Sunny"], Tokyo: [24, "Cloudy"] };

/** @param {{ city: string, unit: "celsius" | "fahrenheit" }} args */
function getWeather({ city, unit }) {
  const [celsius, condition] = READINGS[city] ?? [15, "Clear"];
  const temperature =
    unit === "celsius" ? celsius : Math.round((celsius * 9) / 5 + 32);
  return { city, temperature, unit, condition };
}

// runTools sends the request, runs each call, sends the results back, and repeats
// until the model answers in text.
const runner = client.chat.completions.runTools({
  model: "aurora",
  messages: [
    { role: "user", content: "What's the weather like in Paris today?" },
  ],
  tools: [
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
        function: getWeather,
        parse: JSON.parse,
      },
    },
  ],
});
runner.on("functionToolCall", (call) => {
  console.log(call.name, call.arguments);
  //> get_weather {"city": "Paris", "unit": "celsius"}
});
console.log(await runner.finalContent());
//> It's 18°C and sunny in Paris.
