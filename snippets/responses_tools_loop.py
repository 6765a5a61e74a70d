import json
import os

from openai import OpenAI

client = OpenAI(
    base_url="https://api.metalai.org/v1",
    api_key=os.environ["METAL_API_KEY"],
)

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


# 1. Describe the function to the model: a flat tool, no "function" wrapper.
tools = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "description": "The city, such as Paris."},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "unit"],
            "additionalProperties": False,
        },
        "strict": True,
    }
]

# 2. The model answers with function_call items instead of text.
response = client.responses.create(
    model="aurora", input="What's the weather like in Paris today?", tools=tools
)
calls = [item for item in response.output if item.type == "function_call"]
for call in calls:
    print(call.name, call.arguments)
    #> get_weather {"city": "Paris", "unit": "celsius"}

# 3. Your code runs each call and sends back a function_call_output with its call_id.
outputs = [
    {
        "type": "function_call_output",
        "call_id": call.call_id,
        "output": json.dumps(get_weather(**json.loads(call.arguments))),
    }
    for call in calls
]

# 4. The model answers from the results; previous_response_id brings the rest.
response = client.responses.create(
    model="aurora", previous_response_id=response.id, input=outputs, tools=tools
)
print(response.output_text)
#> It's 18°C and sunny in Paris.
