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

// 1. Describe the function to the model: a flat tool, no "function" wrapper.
/** @type {OpenAI.Responses.FunctionTool[]} */
const tools = [
  {
    type: "function",
    name: "get_weather",
    description: "Get the current weather in a city.",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", description: "The city, such as Paris." },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["city", "unit"],
      additionalProperties: false,
    },
    strict: true,
  },
];

// 2. The model answers with function_call items instead of text.
let response = await client.responses.create({
  model: "aurora",
  input: "What's the weather like in Paris today?",
  tools,
});
const calls = response.output.filter((item) => item.type === "function_call");
for (const call of calls) {
  console.log(call.name, call.arguments);
  //> get_weather {"city": "Paris", "unit": "celsius"}
}

// 3. Your code runs each call and sends back a function_call_output with its call_id.
/** @type {OpenAI.Responses.ResponseInputItem.FunctionCallOutput[]} */
const outputs = calls.map((call) => ({
  type: "function_call_output",
  call_id: call.call_id,
  output: JSON.stringify(getWeather(JSON.parse(call.arguments))),
}));

// 4. The model answers from the results; previous_response_id brings the rest.
response = await client.responses.create({
  model: "aurora",
  previous_response_id: response.id,
  input: outputs,
  tools,
});
console.log(response.output_text);
//> It's 18°C and sunny in Paris.
