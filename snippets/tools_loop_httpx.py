import json
import os

import httpx

URL = "https://api.metalai.org/v1/chat/completions"
HEADERS = {"Authorization": f"Bearer {os.environ['METAL_API_KEY']}"}

# Your function: here a table of readings; in your app, a call to a weather service.
READINGS = {"Paris": (18, "Sunny"), "Tokyo": (24, "Cloudy")}


def get_weather(city: str, unit: str) -> dict:
    celsius, condition = READINGS.get(city, (15, "Clear"))
    temperature = celsius if unit == "celsius" else round(celsius * 9 / 5 + 32)
    return {
        "city": city,
        "temperature": temperature,
        "unit": unit,
        "condition": condition,
    }


# 1. Describe the function to the model.
tools = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {
                        "type": "string",
                        "description": "The city, such as Paris.",
                    },
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                },
                "required": ["city", "unit"],
            },
        },
    }
]
messages = [{"role": "user", "content": "What's the weather like in Paris today?"}]

# 2. The model answers with a call instead of text.
response = httpx.post(
    URL, headers=HEADERS, json={"model": "aurora", "messages": messages, "tools": tools}
)
choice = response.json()["choices"][0]
message = choice["message"]
print(choice["finish_reason"])
#> tool_calls
for call in message["tool_calls"]:
    print(call["function"]["name"], call["function"]["arguments"])
    #> get_weather {"city": "Paris", "unit": "celsius"}

# 3. Your code runs each call and sends back its result, matched by tool_call_id.
messages.append(message)
for call in message["tool_calls"]:
    result = get_weather(**json.loads(call["function"]["arguments"]))
    messages.append(
        {"role": "tool", "tool_call_id": call["id"], "content": json.dumps(result)}
    )

# 4. The model answers from the result.
response = httpx.post(
    URL, headers=HEADERS, json={"model": "aurora", "messages": messages, "tools": tools}
)
print(response.json()["choices"][0]["message"]["content"])
#> It's 18°C and sunny in Paris.
