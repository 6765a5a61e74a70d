"""Describe `image_url` parts from what is known without looking at pixels.

The sandbox runs offline and never fetches a URL, so an https image is described from the
words of its file name and a `data:` URL from its media type.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlparse

_NOISE = frozenset(
    """img image images photo photos pic picture dsc jpg jpeg png gif webp svg thumb
    thumbnail large small medium original file upload uploads px the final copy edited
    scaled min hd""".split()  # noqa: SIM905
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth")


def describe_all(urls: tuple[str, ...]) -> str:
    if len(urls) == 1:
        return describe(urls[0], "The image")
    parts = [
        describe(url, f"The {_ORDINALS[i] if i < len(_ORDINALS) else 'next'} image")
        for i, url in enumerate(urls)
    ]
    return f"You sent {len(urls)} images. " + " ".join(parts)


def describe(url: str, subject: str) -> str:
    if url.startswith("data:"):
        media = re.match(r"data:image/([\w.+-]+)", url)
        if not media:
            return f"{subject} is embedded as data I can't read, so I can't tell what it shows."
        kind = media.group(1).split("+")[0].upper().replace("JPG", "JPEG")
        return f"{subject} is a {kind} image sent inline; I can't see its pixels here."
    topic = topic_from_url(url)
    if not topic:
        return f"{subject}'s file name gives no hint of what it shows, so I can't say."
    article = "an" if topic[0] in "aeiou" else "a"
    return f"{subject} appears to show {article} {topic}."


def topic_from_url(url: str) -> str:
    """ "golden retriever puppy" from ".../golden-retriever-puppy.jpg"."""
    name = unquote(urlparse(url).path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    found = [w for w in re.findall(r"[a-z]+", name.lower()) if w not in _NOISE and len(w) > 1]
    return " ".join(found[:6])
