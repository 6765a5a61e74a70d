"""Images are described from what their URL or header reveals, never fetched."""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import pytest

from metal_sandbox.assistant import respond
from metal_sandbox.assistant.images import data_url_facts, topic_from_url


def png(width: int, height: int) -> bytes:
    """A real, decodable RGB PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x10\x80\xf0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x22\x00" * 3
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def webp(width: int, height: int) -> bytes:
    body = (b"WEBPVP8X" + struct.pack("<I", 10) + b"\x00\x00\x00\x00"
            + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def data_url(raw: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(raw).decode()}"


def ask(text: str | None, *urls: str) -> str:
    parts: list[dict[str, Any]] = [{"type": "text", "text": text}] if text else []
    parts += [{"type": "image_url", "image_url": {"url": u, "detail": "auto"}} for u in urls]
    reply = respond([{"role": "user", "content": parts}], model="aurora")
    assert isinstance(reply.content, str)
    return reply.content


def test_file_name_words_describe_an_https_image() -> None:
    assert ask("What is in this image?", "https://example.com/photos/golden-retriever.jpg") == \
        "The image appears to show a golden retriever."


@pytest.mark.parametrize(("url", "topic"), [
    ("https://example.com/img/IMG_1234.jpg", ""),
    ("https://cdn.example.com/uploads/red_apple.png?w=200", "red apple"),
    ("https://example.com/a/sunsetOverMountains.webp", "sunset over mountains"),
    ("https://example.com/pictures/two%20cats.jpeg", "two cats"),
])
def test_topic_from_url(url: str, topic: str) -> None:
    assert topic_from_url(url) == topic


def test_uninformative_name_is_admitted() -> None:
    assert "gives no hint" in ask("Describe this", "https://example.com/img/IMG_1234.jpg")


@pytest.mark.parametrize(("raw", "mime", "expected"), [
    (png(64, 64), "image/png", ("PNG", (64, 64))),
    (png(3, 7), "image/png", ("PNG", (3, 7))),
    (gif(120, 80), "image/gif", ("GIF", (120, 80))),
    (jpeg(640, 480), "image/jpeg", ("JPEG", (640, 480))),
    (webp(300, 200), "image/webp", ("WebP", (300, 200))),
])
def test_data_url_headers(raw: bytes, mime: str, expected: tuple[str, tuple[int, int]]) -> None:
    assert data_url_facts(data_url(raw, mime)) == expected


def test_data_url_png_is_reported_with_its_size() -> None:
    assert ask("What is in this image?", data_url(png(64, 64), "image/png")) == \
        "The image is a 64×64 PNG image."


def test_several_images_are_each_described() -> None:
    text = ask("Compare these pictures.", "https://example.com/photos/golden-retriever.jpg",
               data_url(png(16, 9), "image/png"))
    assert text == ("You sent 2 images. The first image appears to show a golden retriever. "
                    "The second image is a 16×9 PNG image.")


def test_image_without_text() -> None:
    assert ask(None, "https://example.com/photos/lighthouse.jpg") == \
        "The image appears to show a lighthouse."


def test_unrelated_question_is_answered_and_image_mentioned() -> None:
    assert ask("What is the capital of Peru?", "https://example.com/cats.png") == \
        "The capital of Peru is Lima. The image appears to show cats."


def test_garbage_data_url_does_not_crash() -> None:
    assert "can't" in ask("What is this?", "data:image/png;base64,!!!!")
    assert "can't" in ask("What is this?", "data:text/plain,hello")
