"""Creative and long-form writing built from templates with the user's topic in them.

Long replies (150 to 400 words) exist so the docs can demonstrate `max_tokens` truncation and
streaming; short forms (haiku, poem, summary) show that the model does what it is asked.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.knowledge import Concept
from metal_sandbox.assistant.text import capitalize_first, first_sentences, pick

_FILLERS = {1: "glows", 2: "at dawn", 3: "in the dawn", 4: "beneath the moon"}
_MIDDLES = (
    ("Quiet moments drift like leaves", "Stillness finds its way"),
    ("Soft light gathers on the stones", "The world holds its breath"),
    ("Slow rivers carry the hours", "Evening settles in"),
)


def syllables(word: str) -> int:
    """Vowel-group count with a silent final "e": close enough for templated haiku."""
    lowered = re.sub(r"[^a-z]", "", word.lower())
    if not lowered:
        return 0
    count = len(re.findall(r"[aeiouy]+", lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(1, count)


def haiku(topic: str, variant: int) -> Answer:
    """Three lines of 5, 7 and 5 syllables, the first naming the topic."""
    count = sum(syllables(w) for w in topic.split())
    middle, last = pick(_MIDDLES, variant)
    if 1 <= count <= 4:
        first = f"{capitalize_first(topic)} {_FILLERS[5 - count]}"
    else:
        first, middle = "Morning light returns", f"And I think of {topic}"
    return Answer(f"{first}\n{middle}\n{last}", kind="creative", varied=True)


def poem(topic: str, variant: int) -> Answer:
    """A four-line poem for "write a poem about ..." requests."""
    closing = pick(("And let the hurried go.", "And let the worry go."), variant)
    text = (
        f"{capitalize_first(topic)} in the morning light,\nA patient, steady glow,\n"
        f"It teaches us to take our time\n{closing}"
    )
    return Answer(text, kind="creative", varied=True)


_HEROES = ("Mira", "Theo", "Ada", "Jonah")


def story(topic: str, variant: int, *, novel: bool = False) -> Answer:
    """A four-paragraph story of about 280 words about `topic`."""
    name = pick(_HEROES, variant)
    paragraphs = (
        f"Once upon a time, in a town where nothing much ever changed, there lived {name}, "
        f"who could not stop thinking about {topic}. Every morning {name} walked past the old "
        f"clock tower and wondered what it would take to understand {topic} properly, not just "
        "in passing but deeply.",
        f"One rainy afternoon, {name} found a worn notebook tucked behind a shelf in the "
        f"library. Its pages were full of sketches and careful notes, all about {topic}. "
        "Someone had spent years on it and then, it seemed, simply stopped. "
        f"{name} took the notebook home and read it by lamplight until long after midnight.",
        f"Over the following weeks, {name} tried everything the notebook suggested. Most of it "
        "failed. Some of it failed spectacularly. But each mistake taught something small and "
        "true, and slowly the small true things began to add up. Neighbours started to stop "
        "by, curious about the light burning late in the window.",
        f"By the end of the year, {name} still had questions about {topic}, and had come to "
        f"suspect that the best questions never quite run out. What {name} had found instead "
        "was better: a reason to keep going, and a few friends who wanted to come along. On "
        f"the last page of the notebook, under the final entry, {name} wrote a single line: "
        '"To be continued."',
    )
    lead = (
        "A whole novel won't fit in one reply, but here is how it could begin.\n\n" if novel else ""
    )
    return Answer(lead + "\n\n".join(paragraphs), kind="creative", varied=True)


def explain_in_detail(topic: str, concept: Concept | None, variant: int) -> Answer:
    """A five-paragraph explanation, grounded in the concept table when the topic is there."""
    opening = (
        concept.text
        if concept
        else (
            f"Here is a general overview of {topic}. I may not have every specific detail right, "
            "so please check facts that matter against a reliable source."
        )
    )
    paragraphs = (
        opening,
        f"To understand {topic}, it helps to start with the problem behind it. Most ideas "
        "exist because something was slow, expensive, confusing or unreliable before them. "
        f"Asking what that something was for {topic} usually explains why things look the way "
        "they do today.",
        f"In practice, working with {topic} comes down to a few habits. Start with a small, "
        "concrete example and make sure you understand each part of it. Change one thing at "
        "a time and observe what happens. Keep notes on what surprised you, because surprises "
        "point to the parts of your mental model that need updating.",
        "There are also common pitfalls. People often try to learn every detail at once, copy "
        "solutions without understanding the trade-offs behind them, or skip the fundamentals "
        "because they seem too simple. Each of these makes progress feel fast at first and "
        "slow later.",
        f"In short, getting good at {topic} takes patience: learn the core idea, practice on "
        "real examples, "
        "and revisit the details as your experience grows. If you tell me what you already "
        "know, I can go deeper on the part that matters most to you.",
    )
    lead = pick(
        ("", "Sure, let's go through it step by step.\n\n", "Happy to explain.\n\n"), variant
    )
    return Answer(
        lead + "\n\n".join(paragraphs),
        kind="concept",
        varied=True,
        simple=concept.simple if concept else "",
        short=first_sentences(opening),
    )


def summarize(source: str, variant: int) -> Answer:
    """The gist of `source`: its first sentence, cut to 25 words when it runs long."""
    gist = first_sentences(" ".join(source.split()))
    tokens = gist.split()
    if len(tokens) > 30:
        gist = " ".join(tokens[:25]).rstrip(",;:") + "…"
    lead = pick(("In short:", "Summary:", "The gist:"), variant)
    return Answer(f"{lead} {gist}", kind="fact", varied=True, short=gist, facts={"summary": gist})


_SUMMARY = re.compile(
    r"^(?:please\s+|can you\s+|could you\s+)?(?:summari[sz]e|tl;?dr|sum up|"
    r"give me (?:a|the) (?:summary|gist) of)\b(.*)$",
    re.I | re.S,
)


def summary_source(question: str, earlier: str) -> str | None:
    """The text to summarize: after "Summarize:" or a line break, else the earlier message."""
    match = _SUMMARY.match(question.strip())
    if not match:
        return None
    rest = match.group(1)
    body = re.split(r"[:\n]", rest, maxsplit=1)
    if len(body) == 2 and body[1].strip():
        return body[1].strip()
    return earlier.strip() or rest.strip(" .?")


_TOPIC = r"\b(?:about|on|of|for|featuring|involving)\s+(.+?)[.?!]*$"


def topic_after(text: str, default: str) -> str:
    """The words after "about" (or "on", "of"), without trailing punctuation."""
    match = re.search(_TOPIC, text.strip(), re.I | re.S)
    topic = match.group(1).strip() if match else default
    return re.sub(r"\s+", " ", topic).strip(" \"'") or default


def creative(request: str, concept: Concept | None, variant: int) -> Answer | None:
    """Haiku, poems, stories, novels, essays and "explain ... in detail" requests."""
    lowered = request.lower()
    if re.search(r"\bhaikus?\b", lowered):
        return haiku(topic_after(request, "the sea"), variant)
    if re.search(r"\b(?:poem|limerick|verse|sonnet|rhyme)s?\b", lowered):
        return poem(topic_after(request, "the quiet sea"), variant)
    if re.search(r"\bnovel\b", lowered) and re.search(r"\b(?:write|tell|give)\b", lowered):
        return story(topic_after(request, "a lighthouse keeper"), variant, novel=True)
    if re.search(r"\b(?:write|tell|give)\b.*\b(?:story|tale|fable|bedtime story)\b", lowered):
        return story(topic_after(request, "an unexpected friendship"), variant)
    detail = re.search(
        r"\bexplain\s+(.+?)\s+(?:in (?:great |more |full )?detail|in depth|"
        r"thoroughly|at length|step by step)\b",
        request,
        re.I,
    )
    if detail:
        topic = re.sub(
            r"^(?:how|what|why)\s+(.+?)\s+(?:works?|is|are|do|does)$",
            r"\1",
            detail.group(1).strip(),
            flags=re.I,
        )
        return explain_in_detail(topic, concept, variant)
    if re.search(
        r"\b(?:write|give)\b.*\b(?:essay|article|blog post|report|detailed explanation|"
        r"in-depth explanation|long explanation)\b",
        lowered,
    ):
        return explain_in_detail(topic_after(request, "this topic"), concept, variant)
    return None
