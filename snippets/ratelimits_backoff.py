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


def create_with_backoff(*, attempts=4, longest_wait=30.0, **params):
    """A chat completion; after a 429 or a 5xx, wait and try again."""
    for attempt in range(attempts):
        try:
            return client.chat.completions.create(**params)
        except (openai.RateLimitError, openai.InternalServerError) as e:
            # The wait the API asks for, else exponential backoff: 1 s, 2 s, 4 s.
            wait = float(e.response.headers.get("retry-after", 2**attempt))
            # Jitter: up to a quarter more, at random, so that clients that failed
            # together do not all come back at the same instant.
            wait += random.uniform(0, wait / 4)
            if attempt == attempts - 1 or wait > longest_wait:
                raise  # out of tries, or the wait is longer than you can afford
            time.sleep(wait)


for number in range(1, 7):
    try:
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
    except openai.RateLimitError as e:
        print(number, "gave up, retry-after:", e.response.headers["retry-after"])
        #> 6 gave up, retry-after: 60
