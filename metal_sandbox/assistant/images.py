"""Describe `image_url` parts with what can be known without looking at pixels.

The sandbox never fetches URLs (it runs offline), so an https image is described from the
words in its file name, and a `data:` URL from its header: format and pixel size.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from urllib.parse import unquote, urlparse

from metal_sandbox.assistant.text import article, join_list

_NOISE = {
    "img",
    "image",
    "images",
    "photo",
    "photos",
    "pic",
    "picture",
    "dsc",
    "dscn",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "svg",
    "thumb",
    "thumbnail",
    "large",
    "small",
    "medium",
    "original",
    "file",
    "upload",
    "uploads",
    "px",
    "the",
    "final",
    "copy",
    "edited",
    "scaled",
    "min",
    "hd",
    "hq",
}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def describe_all(urls: list[str]) -> str:
    """One sentence per image; several images are numbered "The first image ..."."""
    if len(urls) == 1:
        return describe(urls[0], "The image")
    parts = [
        describe(url, f"The {_ORDINALS[i] if i < len(_ORDINALS) else 'next'} image")
        for i, url in enumerate(urls)
    ]
    return f"You sent {len(urls)} images. " + " ".join(parts)


def describe(url: str, subject: str = "The image") -> str:
    """A sentence about one image, honest about how little a URL reveals."""
    if url.startswith("data:"):
        found = data_url_facts(url)
        if found is None:
            return f"{subject} is embedded as data I can't decode, so I can't tell what it shows."
        kind, size = found
        if size is None:
            return f"{subject} is {article(kind + ' image')}, but I can't read its size."
        return f"{subject} is {article(f'{size[0]}×{size[1]} {kind} image')}."
    topic = topic_from_url(url)
    if not topic:
        return (
            f"{subject} is linked by URL, and its file name gives no hint of what it shows, "
            "so I can't say what is in it."
        )
    return f"{subject} appears to show {article(topic)}."


def topic_from_url(url: str) -> str:
    """Words from the file name: ".../photos/golden-retriever.jpg" gives "golden retriever"."""
    path = unquote(urlparse(url).path)
    name = path.rstrip("/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    tokens = re.split(r"[-_+.\s]+|(?<=[a-z])(?=[A-Z])", stem)
    kept = [t.lower() for t in tokens if _is_word(t)]
    return " ".join(kept[:6])


def _is_word(token: str) -> bool:
    lowered = token.lower()
    return (
        len(lowered) >= 3
        and lowered.isalpha()
        and lowered not in _NOISE
        and bool(re.search(r"[aeiouy]", lowered))
    )


def data_url_facts(url: str) -> tuple[str, tuple[int, int] | None] | None:
    """(format, (width, height)) from a base64 data URL; None if it cannot be decoded."""
    header, _, payload = url.partition(",")
    if ";base64" not in header:
        return None
    try:
        raw = base64.b64decode(_prefix(payload), validate=False)
    except (binascii.Error, ValueError):
        return None
    kind = _format(raw) or _declared(header)
    return (kind, _size(kind, raw)) if kind else None


def _prefix(payload: str, limit: int = 87380) -> str:
    """Enough base64 to reach any header (64 KiB decoded), cut at a 4-character boundary."""
    cleaned = re.sub(r"\s+", "", payload)[:limit]
    return cleaned[: len(cleaned) - len(cleaned) % 4]


def _declared(header: str) -> str:
    mime = header[5:].split(";", 1)[0]
    return mime.split("/", 1)[1].upper() if mime.startswith("image/") else ""


def _format(raw: bytes) -> str:
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if raw.startswith(b"\xff\xd8"):
        return "JPEG"
    if raw[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "WebP"
    return ""


def _size(kind: str, raw: bytes) -> tuple[int, int] | None:
    try:
        if kind == "PNG" and raw[12:16] == b"IHDR":
            return struct.unpack(">II", raw[16:24])
        if kind == "GIF":
            return struct.unpack("<HH", raw[6:10])
        if kind == "JPEG":
            return _jpeg_size(raw)
        if kind == "WebP":
            return _webp_size(raw)
    except struct.error:
        return None
    return None


def _jpeg_size(raw: bytes) -> tuple[int, int] | None:
    """Walk JPEG segments to the first start-of-frame marker, which holds the size."""
    index = 2
    while index + 9 < len(raw):
        if raw[index] != 0xFF:
            index += 1
            continue
        marker = raw[index + 1]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", raw[index + 5 : index + 9])
            return width, height
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        index += 2 + struct.unpack(">H", raw[index + 2 : index + 4])[0]
    return None


def _webp_size(raw: bytes) -> tuple[int, int] | None:
    chunk = raw[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(raw[24:27], "little") + 1
        return width, int.from_bytes(raw[27:30], "little") + 1
    if chunk == b"VP8L":
        bits = int.from_bytes(raw[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", raw[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def summary_of(urls: list[str]) -> str:
    """A short noun phrase for all images together, used when a schema wants a description."""
    topics = [topic_from_url(u) for u in urls if not u.startswith("data:")]
    return join_list([article(t) for t in topics if t])
