"""The sentence splitter (geomap.text.sentences): abbreviations end no sentence (issue 11).

Every sentence here is written for these tests.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from geomap import knowledge
from geomap.errors import DataError
from geomap.text.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit School No. 3 in the east of the city.",
        "The convoy left from Gate no. 12 at dawn.",
        "Gen. Hassan said the road was open.",
        "Lt. Col. Omar and Maj. Gen. Ali inspected the front.",
        "Lt.-Gen. Karim led the assault.",
        "Mr. Haddad and Dr. Nour stayed in the hospital.",
        "Capt. Yusuf, Sgt. Adel and Pvt. Sami were wounded.",
        "Fighting reached St. George's church in the old quarter.",
        "The strike on Oct. 31 killed dozens of people.",
        "Sept. 11 and Dec. 25 passed quietly.",
        "Talks between the U.S. and the U.K. went on.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The answer was no. Then they left.", ["The answer was no.", "Then they left."]),
        ("It ended in Oct. The army left.", ["It ended in Oct.", "The army left."]),
        ("Shelling resumed. 3 people died.", ["Shelling resumed.", "3 people died."]),
        ('He said "Gen." Then he left.', ['He said "Gen.', "Then he left."]),
        ("They met Gen.\nTalks ended.", ["They met Gen.", "Talks ended."]),
    ],
)
def test_a_real_sentence_end_still_ends(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_abbreviations_are_data(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parent.parent / "data", copy)
    table = copy / "language" / "en" / "sentences-abbreviations.csv"
    table.write_text(table.read_text(encoding="utf-8") + "sqn,name,\nldr,name,\n", "utf-8")
    with knowledge.use_data_dir(copy):
        assert _sentences("Sqn. Ldr. Ali flew. It rained.") == ["Sqn. Ldr. Ali flew.", "It rained."]
    table.write_text("abbreviation,before\nno,somewhere\n", encoding="utf-8")
    with knowledge.use_data_dir(copy), pytest.raises(DataError, match="sentences-abbreviations"):
        split_sentences("No. 3 held. It rained.")


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["No. ", "Gen. Ali ", "Oct. 1 ", "U.S. "])
def test_splitting_is_linear(unit: str) -> None:
    def timed(n: int) -> float:
        text = unit * n
        begin = time.perf_counter()
        split_sentences(text)
        return time.perf_counter() - begin

    timed(100)
    # Small and large runs interleaved, the best of each kept: a load on the machine
    # lands on both or on neither.
    runs = [(timed(4_000), timed(16_000)) for _ in range(3)]
    small, large = min(r[0] for r in runs), min(r[1] for r in runs)
    assert large / max(small, 0.02) < 8, f"{small:.4f} s -> {large:.4f} s"
