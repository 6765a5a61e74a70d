"""The small, fixed body of facts the sandbox model can state with confidence.

The table is deliberately modest: questions a documentation example is likely to ask. Anything
outside it gets an honest "I'm not sure" (see `fallback.py`) instead of an invented answer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """An API or machine-learning term, explained plainly and for a five-year-old."""

    aliases: tuple[str, ...]
    text: str
    simple: str


API_CONCEPTS: tuple[Concept, ...] = (
    Concept(
        ("token", "tokens", "tokenization"),
        "A token is a small chunk of text, often a word or part of a word, that a language "
        "model reads and writes. Usage and limits are counted in tokens, and one token is "
        "roughly four characters of English text.",
        "A token is a little piece of a word. The computer reads and writes words in small "
        "pieces, like building a wall one brick at a time.",
    ),
    Concept(
        ("embedding", "embeddings", "vector embedding"),
        "An embedding is a list of numbers that represents the meaning of a piece of text. "
        "Texts with similar meanings get vectors that are close together, which makes "
        "embeddings useful for search, clustering and recommendations.",
        "An embedding turns words into a list of numbers. Words that mean similar things "
        "get similar numbers, so the computer can tell they are friends.",
    ),
    Concept(
        ("temperature",),
        "Temperature controls how random a model's output is. Low values such as 0.2 make "
        "answers focused and repeatable, while higher values such as 1.2 make them more "
        "varied and creative.",
        "Temperature is like a creativity dial. Turn it down and the computer says the "
        "same safe thing; turn it up and it tries more surprising words.",
    ),
    Concept(
        ("top_p", "top p", "nucleus sampling"),
        "top_p, or nucleus sampling, limits the model to the smallest set of likely tokens "
        "whose probabilities add up to p. A top_p of 0.1 keeps only the top 10 percent of "
        "probability mass; it is usually adjusted instead of temperature, not together.",
        "top_p tells the computer to only pick from its most likely next words, like "
        "choosing a snack only from the top shelf.",
    ),
    Concept(
        ("seed",),
        "A seed is a number that makes sampling repeatable. Sending the same seed with the "
        "same request and parameters asks the model to return the same output each time.",
        "A seed is like a secret number for a dice game. Use the same number and you get "
        "the same rolls again.",
    ),
    Concept(
        ("streaming", "stream"),
        "Streaming sends a response in small pieces as it is generated instead of all at "
        "once. With server-sent events, your app can show the first words within moments "
        "while the rest of the answer is still being written.",
        "Streaming is like getting a story one sentence at a time while it is being told, "
        "instead of waiting for the whole book.",
    ),
    Concept(
        ("rate limit", "rate limits", "rate limiting"),
        "A rate limit caps how many requests or tokens you can use in a period of time, "
        "such as requests per minute. When you exceed it, the API answers with status 429 "
        "and a retry-after header telling you when to try again.",
        "A rate limit is like a rule that you can only go down the slide five times a "
        "minute, so everyone gets a turn.",
    ),
    Concept(
        ("idempotency", "idempotent", "idempotency key"),
        "Idempotency means repeating a request has the same effect as sending it once. With "
        "an Idempotency-Key header, a retried request returns the original response instead "
        "of doing the work twice.",
        "Idempotency means pressing the same button twice only counts once, like a "
        "doorbell that rings once no matter how hard you push.",
    ),
    Concept(
        ("webhook", "webhooks"),
        "A webhook is an HTTP request that a service sends to your server when something "
        "happens, such as a background job finishing. Instead of polling for updates, you "
        "receive them, and you verify each delivery's signature before trusting it.",
        "A webhook is like a friend who calls you when the cookies are ready, so you don't "
        "have to keep checking the oven.",
    ),
    Concept(
        ("json", "javascript object notation"),
        "JSON (JavaScript Object Notation) is a text format for structured data made of "
        "objects, arrays, strings, numbers, booleans and null. It is easy for people to "
        "read and for programs to parse, which is why most web APIs use it.",
        "JSON is a tidy way to write down information with labels, like a lunchbox with "
        "a name on every compartment.",
    ),
    Concept(
        ("http", "hypertext transfer protocol"),
        "HTTP (Hypertext Transfer Protocol) is the request-and-response protocol of the "
        "web. A client sends a method such as GET or POST to a URL, and the server replies "
        "with a status code, headers and a body.",
        "HTTP is how computers ask each other for things on the internet, like passing "
        "notes: one asks a question and the other writes back.",
    ),
    Concept(
        ("api", "apis", "application programming interface"),
        "An API (application programming interface) is a defined way for programs to talk "
        "to each other. A web API exposes endpoints you call over HTTP with requests and "
        "get structured responses back.",
        "An API is like a waiter in a restaurant. You tell the waiter what you want, and "
        "the waiter brings it back from the kitchen.",
    ),
    Concept(
        ("rest", "restful", "rest api"),
        "REST is a style of designing web APIs around resources identified by URLs, "
        "manipulated with standard HTTP methods like GET, POST and DELETE, with each "
        "request carrying everything the server needs.",
        "REST is a set of good manners for web APIs: every thing has its own address, and "
        "you use simple words like get and delete to ask for it.",
    ),
    Concept(
        ("llm", "llms", "large language model", "language model"),
        "A large language model (LLM) is a neural network trained on large amounts of text "
        "to predict the next token. That simple objective lets it answer questions, "
        "summarize, translate and write code.",
        "A large language model is a computer program that read lots and lots of books, "
        "so it got really good at guessing what word comes next.",
    ),
    Concept(
        ("context window", "context length", "context size"),
        "The context window is the maximum number of tokens a model can consider at once, "
        "counting both the prompt and the completion. Text beyond it must be shortened, "
        "summarized or left out.",
        "The context window is how much the computer can remember at one time, like how "
        "many toys fit in your toy box.",
    ),
    Concept(
        ("function calling", "tool calling", "tool calls", "tools"),
        "Function calling lets a model ask your code to run a tool. You describe functions "
        "with JSON Schema, the model replies with a function name and arguments, you run "
        "it, and you send the result back for the final answer.",
        "Function calling is when the computer asks a helper for something it can't do "
        "itself, like asking a grown-up to check the weather outside.",
    ),
    Concept(
        ("structured outputs", "structured output", "json schema", "json mode"),
        "Structured outputs make a model reply with JSON that matches a schema you supply, "
        "so your code can parse the answer without guessing at its shape.",
        "Structured outputs mean the computer fills in a form exactly the way you drew it, "
        "with every box in the right place.",
    ),
    Concept(
        ("system prompt", "system message", "system prompts"),
        "A system prompt is an instruction placed before the conversation that sets the "
        "assistant's role, tone and rules. It shapes every reply that follows.",
        "A system prompt is like telling an actor which character to play before the show starts.",
    ),
)


LISTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # topic label: (words that name the topic, items in canonical order)
    "primary colors": (
        ("primary color", "primary colour", "primary colors", "primary colours"),
        ("red", "yellow", "blue"),
    ),
    "planets": (
        ("planet", "planets"),
        ("Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune"),
    ),
    "programming languages": (
        ("programming language", "programming languages", "coding language", "coding languages"),
        ("Python", "JavaScript", "Java", "C", "Go", "Rust"),
    ),
    "continents": (
        ("continent", "continents"),
        ("Africa", "Antarctica", "Asia", "Australia", "Europe", "North America", "South America"),
    ),
    "oceans": (("ocean", "oceans"), ("Pacific", "Atlantic", "Indian", "Southern", "Arctic")),
    "fruits": (("fruit", "fruits"), ("apple", "banana", "orange", "mango", "strawberry")),
    "seasons": (("season", "seasons"), ("spring", "summer", "autumn", "winter")),
    "noble gases": (
        ("noble gas", "noble gases"),
        ("helium", "neon", "argon", "krypton", "xenon", "radon"),
    ),
    "prime numbers": (
        ("prime number", "prime numbers", "primes"),
        ("2", "3", "5", "7", "11", "13", "17", "19"),
    ),
    "HTTP methods": (
        ("http method", "http methods", "http verb", "http verbs"),
        ("GET", "POST", "PUT", "PATCH", "DELETE"),
    ),
    "days of the week": (
        ("day of the week", "days of the week", "weekday", "weekdays"),
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    ),
}

JOKES: tuple[str, ...] = (
    "Why do programmers prefer dark mode? Because light attracts bugs.",
    "Why did the developer go broke? Because they used up all their cache.",
    "How many programmers does it take to change a light bulb? None, that's a hardware problem.",
    "Why do Java developers wear glasses? Because they don't C#.",
    'A SQL query walks into a bar, goes up to two tables and asks, "Can I join you?"',
)

TRANSLATIONS: dict[str, dict[str, str]] = {
    # English phrase: {language: translation}
    "hello": {"french": "Bonjour", "spanish": "Hola", "german": "Hallo", "italian": "Ciao"},
    "good morning": {
        "french": "Bonjour",
        "spanish": "Buenos días",
        "german": "Guten Morgen",
        "italian": "Buongiorno",
    },
    "good evening": {
        "french": "Bonsoir",
        "spanish": "Buenas noches",
        "german": "Guten Abend",
        "italian": "Buonasera",
    },
    "good night": {
        "french": "Bonne nuit",
        "spanish": "Buenas noches",
        "german": "Gute Nacht",
        "italian": "Buonanotte",
    },
    "goodbye": {
        "french": "Au revoir",
        "spanish": "Adiós",
        "german": "Auf Wiedersehen",
        "italian": "Arrivederci",
    },
    "thank you": {"french": "Merci", "spanish": "Gracias", "german": "Danke", "italian": "Grazie"},
    "please": {
        "french": "S'il vous plaît",
        "spanish": "Por favor",
        "german": "Bitte",
        "italian": "Per favore",
    },
    "yes": {"french": "Oui", "spanish": "Sí", "german": "Ja", "italian": "Sì"},
    "no": {"french": "Non", "spanish": "No", "german": "Nein", "italian": "No"},
    "how are you": {
        "french": "Comment allez-vous ?",
        "spanish": "¿Cómo estás?",
        "german": "Wie geht es dir?",
        "italian": "Come stai?",
    },
    "i love you": {
        "french": "Je t'aime",
        "spanish": "Te quiero",
        "german": "Ich liebe dich",
        "italian": "Ti amo",
    },
    "where is the library": {
        "french": "Où est la bibliothèque ?",
        "spanish": "¿Dónde está la biblioteca?",
        "german": "Wo ist die Bibliothek?",
        "italian": "Dov'è la biblioteca?",
    },
    "the weather is nice today": {
        "french": "Il fait beau aujourd'hui",
        "spanish": "Hace buen tiempo hoy",
        "german": "Das Wetter ist heute schön",
        "italian": "Oggi fa bel tempo",
    },
    "welcome": {
        "french": "Bienvenue",
        "spanish": "Bienvenido",
        "german": "Willkommen",
        "italian": "Benvenuto",
    },
    "cheers": {"french": "Santé", "spanish": "Salud", "german": "Prost", "italian": "Salute"},
}

LANGUAGES: tuple[str, ...] = ("french", "spanish", "german", "italian")


def find_concept(text: str) -> Concept | None:
    """The concept whose longest alias appears in `text` as whole words."""
    lowered = text.lower()
    best: tuple[int, Concept] | None = None
    for concept in CONCEPTS:
        for alias in concept.aliases:
            if (
                (best is None or len(alias) > best[0])
                and alias in lowered
                and _whole_words(alias).search(lowered)
            ):
                best = (len(alias), concept)
    return best[1] if best else None


@functools.cache
def _whole_words(alias: str) -> re.Pattern[str]:
    """Compiled once per alias: `find_concept` runs on every chat request. The substring
    test before it skips the pattern for the aliases that are not there at all."""
    return re.compile(rf"(?<![\w]){re.escape(alias)}(?![\w])")


TRIVIA: tuple[tuple[str, str], ...] = (
    # (pattern over the lower-cased question, answer)
    (
        r"why is the sky blue",
        "The sky looks blue because air molecules scatter short, blue "
        "wavelengths of sunlight much more than long, red ones, so blue light reaches your eyes "
        "from every direction. This is called Rayleigh scattering.",
    ),
    (
        r"boiling point of water|temperature (?:does|do) water boil|water boils? at",
        "Water boils at 100°C (212°F) at sea-level atmospheric pressure.",
    ),
    (
        r"freezing point of water|water freezes? at|temperature (?:does|do) water freeze",
        "Water freezes at 0°C (32°F) at sea-level atmospheric pressure.",
    ),
    (
        r"speed of light",
        "The speed of light in a vacuum is 299,792,458 meters per second, "
        "about 300,000 km per second.",
    ),
    (r"largest planet|biggest planet", "Jupiter is the largest planet in our solar system."),
    (
        r"tallest mountain|highest mountain",
        "Mount Everest is the tallest mountain above sea "
        "level, at about 8,849 meters (29,032 feet).",
    ),
    (r"who wrote romeo and juliet", "William Shakespeare wrote Romeo and Juliet."),
    (r"who wrote hamlet", "William Shakespeare wrote Hamlet."),
    (r"how many days (?:are )?in a leap year", "A leap year has 366 days."),
    (r"how many days (?:are )?in a year", "A common year has 365 days, and a leap year 366."),
    (r"chemical symbol for gold", "The chemical symbol for gold is Au."),
    (
        r"chemical symbol for water|chemical formula (?:for|of) water",
        "The chemical formula for water is H2O: two hydrogen atoms bonded to one oxygen atom.",
    ),
    (
        r"how many continents",
        "There are seven continents: Africa, Antarctica, Asia, "
        "Australia, Europe, North America, and South America.",
    ),
    (r"who painted the mona lisa", "Leonardo da Vinci painted the Mona Lisa."),
    (
        r"meaning of life",
        "There's no single agreed answer: philosophers, religions and "
        "people differ. Many find meaning in relationships, curiosity and helping others. (And "
        "fans of Douglas Adams will tell you it's 42.)",
    ),
)


def find_trivia(question: str) -> str | None:
    """A stored answer for a handful of common general-knowledge questions."""
    lowered = question.lower()
    return next((answer for pattern, answer in TRIVIA if re.search(pattern, lowered)), None)


MORE_CONCEPTS: tuple[Concept, ...] = (
    Concept(
        ("metal", "metal api", "the metal api"),
        "MeTal is an OpenAI-compatible LLM API: you change the base URL and the API key, "
        "and the official OpenAI SDKs work unchanged. It offers three chat models, aurora, "
        "valley-fast-1 and valley-pro-1, plus aurora-embed-1 for embeddings.",
        "MeTal is a service that lets your programs talk to smart computer helpers, using "
        "the same plugs as OpenAI.",
    ),
    Concept(
        ("recursion", "recursive function"),
        "Recursion is when a function solves a problem by calling itself on a smaller "
        "piece of the same problem. Every recursive function needs a base case that stops "
        "the calls, or it never ends.",
        "Recursion is like Russian nesting dolls: you open one doll and find a smaller one "
        "inside, until you reach the tiniest doll.",
    ),
    Concept(
        ("python",),
        "Python is a popular, general-purpose programming language known for readable "
        "syntax. It is widely used for web services, data analysis, automation and machine "
        "learning.",
        "Python is a language for giving instructions to computers, and it is easy to read "
        "almost like English.",
    ),
    Concept(
        ("machine learning",),
        "Machine learning is a way of building software that learns patterns from examples "
        "instead of following hand-written rules. A model is trained on data, then used to "
        "make predictions on new inputs.",
        "Machine learning is teaching a computer by showing it lots of examples, like "
        "learning to recognise cats by looking at many cat pictures.",
    ),
    Concept(
        ("neural network", "neural networks"),
        "A neural network is a model made of layers of simple connected units whose "
        "weights are adjusted during training. Stacking many layers lets it learn complex "
        "patterns in text, images and sound.",
        "A neural network is a computer brain made of many tiny parts that pass messages "
        "to each other and get better with practice.",
    ),
    Concept(
        ("prompt", "prompts", "prompt engineering"),
        "A prompt is the input you give a language model: instructions, context and "
        "examples. Prompt engineering is the practice of wording prompts so the model "
        "reliably produces what you need.",
        "A prompt is what you say to the computer helper, like asking a question in class.",
    ),
    Concept(
        ("fine-tuning", "fine tuning", "finetuning"),
        "Fine-tuning continues training a pre-trained model on your own examples so it "
        "adapts to a specific task, style or format.",
        "Fine-tuning is giving a smart helper extra lessons so it gets really good at one "
        "special job.",
    ),
    Concept(
        ("api key", "api keys"),
        "An API key is a secret token that identifies your account when you call an API. "
        "Send it in the Authorization header, keep it on the server, and never put it in "
        "browser code.",
        "An API key is like a secret password that shows the computer it's really you.",
    ),
    Concept(
        ("latency",),
        "Latency is the time between sending a request and receiving the response. For "
        "chat models, time to first token matters most, which is why streaming helps.",
        "Latency is how long you wait for an answer after you ask.",
    ),
    Concept(
        ("openapi", "openapi spec", "openapi document"),
        "OpenAPI is a standard format for describing an HTTP API: its paths, parameters, "
        "request bodies, responses and errors. Tools use it to generate SDKs, docs and "
        "tests.",
        "OpenAPI is a map of an API that both people and computers can read.",
    ),
)

CONCEPTS: tuple[Concept, ...] = API_CONCEPTS + MORE_CONCEPTS
