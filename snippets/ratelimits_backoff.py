import os
import random
import time

import openai
from openai import OpenAI

client = OpenAI(
    base_url="https://api.metalai.org/v1",
    api_key=os.environ["METAL_API_KEY"],
    max_retries=0,  # this program retries by itself
)


def create_with_backoff(*, attempts=4, longest_wait=60.0, **params):
    """A chat completion; after a 429 or a 5xx, wait and try again."""
    for attempt in range(attempts):
        try:
            return client.chat.completions.create(**params)
        except (openai.RateLimitError, openai.InternalServerError) as e:
            # The wait the API asks for, else exponential backoff: 1 s, 2 s, 4 s.
            wait = float(e.response.headers.get("retry-after", 2**attempt))
            if attempt == attempts - 1 or wait > longest_wait:
                raise  # out of tries, or the wait is longer than you can afford
            # Jitter: up to a quarter more, at random, so that clients that failed
            # together do not all come back at the same instant.
            time.sleep(wait + random.uniform(0, wait / 4))


# Five calls. When the minute is full, a call waits for room, then goes through.
for number in range(1, 6):
    completion = create_with_backoff(
        model="aurora",
        messages=[{"role": "user", "content": "Hello!"}],
    )
    print(number, completion.choices[0].message.content)
    #> 1 Hello! I'm Aurora. How can I help you today?
    #> 2 Hello! I'm Aurora. How can I help you today?
    #> 3 Hello! I'm Aurora. How can I help you today?
    #> 4 Hello! I'm Aurora. How can I help you today?
    #> 5 Hello! I'm Aurora. How can I help you today?

# Calls that must not wait, until the API refuses one: that one gives up at once.
try:
    for _ in range(10):  # more than the 5 a minute allows
        create_with_backoff(
            longest_wait=0,
            model="aurora",
            messages=[{"role": "user", "content": "Hello!"}],
        )
except openai.RateLimitError as e:
    print("gave up, retry-after:", e.response.headers["retry-after"])
    #> gave up, retry-after: 60
