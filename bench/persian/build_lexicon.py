"""Build khabar/persian/data/lexicon.tsv.gz and verbs.tsv.gz from hazm's MIT-licensed data.

Reproducible: ``python bench/persian/build_lexicon.py --hazm-wheel PATH``, where PATH is the
hazm 0.10.0 wheel fetched with ``pip download --no-deps -d bench/work/wheels hazm==0.10.0``.
hazm is read as data only; it is not a runtime dependency. See NOTICE.
"""

from __future__ import annotations

import argparse
import gzip
import io
import pathlib
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "khabar" / "persian" / "data"

# Applied to source words so the lexicon is in the same letter forms as normalize()'s output.
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u0640": None})


def _read(wheel: pathlib.Path, name: str) -> str:
    with zipfile.ZipFile(wheel) as zf:
        return zf.read(f"hazm/data/{name}").decode("utf-8")


def _write_gz(path: pathlib.Path, lines: list[str]) -> None:
    buf = io.BytesIO()
    # mtime=0 keeps the file byte-identical between builds.
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    path.write_bytes(buf.getvalue())


def build(wheel: pathlib.Path) -> None:
    words: dict[str, tuple[int, str]] = {}
    for line in _read(wheel, "words.dat").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0]:
            continue
        word = parts[0].translate(_LETTERS).strip()
        if not word or " " in word:
            continue
        freq = int(parts[1]) if parts[1].isdigit() else 0
        tags = "" if parts[2] == "0" else parts[2]
        old = words.get(word)
        if old is None or freq > old[0]:
            words[word] = (freq, tags or (old[1] if old else ""))
    lines = [f"{w}\t{f}\t{t}" for w, (f, t) in sorted(words.items())]
    DATA.mkdir(parents=True, exist_ok=True)
    _write_gz(DATA / "lexicon.tsv.gz", lines)

    verbs: set[str] = set()
    for line in _read(wheel, "verbs.dat").splitlines():
        line = line.translate(_LETTERS).strip()
        if "#" in line:
            past, present = line.split("#", 1)
            verbs.add(f"{past.strip()}\t{present.strip()}")
    _write_gz(DATA / "verbs.tsv.gz", sorted(verbs))
    print(f"lexicon: {len(lines)} words, verbs: {len(verbs)} stem pairs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hazm-wheel", type=pathlib.Path, required=True)
    build(parser.parse_args().hazm_wheel)


if __name__ == "__main__":
    main()
