"""Seeded mutations of valid protocol messages: the volume half of the hostile-input tests."""

from __future__ import annotations

from collections.abc import Iterator
import os
import random

from custom_components.midea_cloud.codec.frames import crc8, frame_checksum

INPUTS_PER_TARGET = int(os.environ.get("MIDEA_FUZZ_INPUTS", "100000"))
SEED = int(os.environ.get("MIDEA_FUZZ_SEED", "20261123"))


def reseal(frame: bytearray) -> bytearray:
    """Fix the body check byte and checksum so that a mutation reaches the field decoders."""
    if len(frame) >= 13:
        frame[-2] = crc8(bytes(frame[10:-2]))
        frame[-1] = frame_checksum(bytes(frame[1:-1]))
    return frame


def mutate(seed_input: bytes, rng: random.Random) -> bytes:
    """One random damage: flips, replacements, cuts, growth, length lies, resealed or not."""
    data = bytearray(seed_input)
    for _ in range(rng.choice((1, 1, 1, 2, 3, 8))):
        action = rng.randrange(7)
        position = rng.randrange(len(data)) if data else 0
        if action == 0 and data:
            data[position] ^= 1 << rng.randrange(8)
        elif action == 1 and data:
            data[position] = rng.randrange(256)
        elif action == 2:
            del data[rng.randrange(len(data) + 1) :]
        elif action == 3:
            data[position:position] = rng.randbytes(rng.randrange(1, 12))
        elif action == 4 and len(data) > 1:
            data[1] = rng.randrange(256)
        elif action == 5 and data:
            del data[position : position + rng.randrange(1, 6)]
        else:
            data = bytearray(rng.randbytes(rng.randrange(0, 96)))
    if data[:1] == b"\xaa" and rng.random() < 0.5:
        reseal(data)
    return bytes(data)


def mutated(seeds: list[bytes], salt: str, count: int = INPUTS_PER_TARGET) -> Iterator[bytes]:
    """``count`` mutated inputs drawn from ``seeds``, the same on every run for one seed."""
    rng = random.Random(f"{SEED}-{salt}")
    for _ in range(count):
        yield mutate(rng.choice(seeds), rng)
