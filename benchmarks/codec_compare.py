"""Our codec and the peers' on the same work, interleaved repeat by repeat (one run, same noise)."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import codec_cost
from .peers.runner import PeersUnavailableError, run_worker
from .timing import median
from .vectors import STAGE_NAMES

WORKER = "benchmarks.peers.codec_stages"
PEERS = ("midea-beautiful-air", "msmart-ng")


@dataclass
class PeerCodec:
    """One peer's median µs per stage (None: the library has no such stage), version, notes."""

    version: str
    stages: dict[str, float | None]
    notes: dict[str, str]


@dataclass
class CodecComparison:
    """Median µs per stage: ours and each peer's; ``unavailable`` says why peers are missing."""

    ours: dict[str, float]
    peers: dict[str, PeerCodec] = field(default_factory=dict)
    unavailable: str | None = None


def _medians(runs: list[dict[str, float | None]]) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for name in STAGE_NAMES:
        values = [value for run in runs if (value := run[name]) is not None]
        result[name] = median(values) if values else None
    return result


async def compare(number: int, repeats: int) -> CodecComparison:
    """``repeats`` rounds of: our stages, then the peers' stages (in their own venv)."""
    request = {
        "number": number,
        "query_text": codec_cost.QUERY_TEXT.decode("ascii"),
        "reply_text": codec_cost.REPLY_TEXT,
        "reply_hex": codec_cost.REPLY_HEX,
    }
    ours: list[dict[str, float]] = []
    answers: list[dict[str, dict]] = []
    unavailable = None
    for _ in range(repeats):
        ours.append(codec_cost.measure_once(number))
        if unavailable is None:
            try:
                answers.append(await run_worker(WORKER, request))
            except PeersUnavailableError as err:
                unavailable = str(err)
    result = CodecComparison(
        ours={name: median([run[name] for run in ours]) for name in STAGE_NAMES},
        unavailable=unavailable,
    )
    if answers and unavailable is None:
        for peer in PEERS:
            result.peers[peer] = PeerCodec(
                version=answers[0][peer]["version"],
                stages=_medians([answer[peer]["stages"] for answer in answers]),
                notes=answers[0][peer]["notes"],
            )
    return result
