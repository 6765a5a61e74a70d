"""Unit conversions the docs might show: distance, length, weight, volume and temperature."""

from __future__ import annotations

import re
from dataclasses import dataclass

from metal_sandbox.assistant.text import format_number


@dataclass(frozen=True)
class Unit:
    """A unit: its dimension, its size in the dimension's base unit, and how it prints."""

    dimension: str
    factor: float
    singular: str
    plural: str


_UNITS: dict[str, Unit] = {}


def _add(names: str, unit: Unit) -> None:
    for name in names.split("|"):
        _UNITS[name] = unit


_add(
    "km|kms|kilometer|kilometers|kilometre|kilometres",
    Unit("length", 1000.0, "kilometer", "kilometers"),
)
_add("mi|mile|miles", Unit("length", 1609.344, "mile", "miles"))
_add("m|meter|meters|metre|metres", Unit("length", 1.0, "meter", "meters"))
_add("ft|foot|feet", Unit("length", 0.3048, "foot", "feet"))
_add(
    "cm|centimeter|centimeters|centimetre|centimetres",
    Unit("length", 0.01, "centimeter", "centimeters"),
)
_add("inch|inches", Unit("length", 0.0254, "inch", "inches"))
_add("kg|kgs|kilogram|kilograms|kilo|kilos", Unit("mass", 1.0, "kilogram", "kilograms"))
_add("lb|lbs|pound|pounds", Unit("mass", 0.45359237, "pound", "pounds"))
_add("g|gram|grams", Unit("mass", 0.001, "gram", "grams"))
_add("oz|ounce|ounces", Unit("mass", 0.028349523125, "ounce", "ounces"))
_add("l|liter|liters|litre|litres", Unit("volume", 1.0, "liter", "liters"))
_add("gallon|gallons|gal", Unit("volume", 3.785411784, "gallon", "gallons"))
_add("c|°c|celsius|centigrade|degrees celsius", Unit("temperature", 0, "°C", "°C"))
_add("f|°f|fahrenheit|degrees fahrenheit", Unit("temperature", 0, "°F", "°F"))

_NAMES = "|".join(sorted((re.escape(n) for n in _UNITS), key=len, reverse=True))
_NUMBER = r"(-?\d+(?:\.\d+)?)"
_FORWARD = re.compile(
    rf"{_NUMBER}\s*(?:degrees\s+)?({_NAMES})\b\.?\s*(?:to|in|into|as|=)\s+"
    rf"(?:degrees\s+)?({_NAMES})\b",
    re.I,
)
_HOW_MANY = re.compile(
    rf"how many\s+(?:degrees\s+)?({_NAMES})\b\s+(?:is|are|in|make)"
    rf"(?:\s+(?:there\s+)?in)?\s+{_NUMBER}\s*(?:degrees\s+)?({_NAMES})\b",
    re.I,
)


@dataclass(frozen=True)
class Conversion:
    """A finished conversion: the quantity asked about and the converted quantity."""

    amount: float
    source: Unit
    result: float
    target: Unit

    def sentence(self) -> str:
        """ "10 km is about 6.21 miles." — "about" only when the figure was rounded."""
        rounded = round(self.result, 2)
        about = "" if abs(rounded - self.result) < 1e-9 else "about "
        return f"{_quantity(self.amount, self.source)} is {about}{_quantity(rounded, self.target)}."


def _quantity(value: float, unit: Unit) -> str:
    if unit.dimension == "temperature":
        return f"{format_number(value)}{unit.singular}"
    name = unit.singular if value == 1 else unit.plural
    return f"{format_number(value)} {name}"


def find_conversion(question: str) -> Conversion | None:
    """Parse "Convert 10 km to miles" or "How many miles are in 10 km?" and convert."""
    forward = _FORWARD.search(question)
    if forward:
        amount, source, target = forward.group(1), forward.group(2), forward.group(3)
    else:
        backward = _HOW_MANY.search(question)
        if not backward:
            return None
        target, amount, source = backward.group(1), backward.group(2), backward.group(3)
    return convert(float(amount), _UNITS[source.lower()], _UNITS[target.lower()])


def convert(amount: float, source: Unit, target: Unit) -> Conversion | None:
    """Convert between units of one dimension; None when the dimensions differ."""
    if source.dimension != target.dimension or source == target:
        return None
    if source.dimension == "temperature":
        result = amount * 9 / 5 + 32 if source.singular == "°C" else (amount - 32) * 5 / 9
    else:
        result = amount * source.factor / target.factor
    return Conversion(amount, source, result, target)
