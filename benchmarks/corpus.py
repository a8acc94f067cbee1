"""Benchmark corpus, assembled at run time (nothing third-party is committed).

Sources, all real text:
- ``seeds/`` and ``tests/fixtures/`` of this repository (French seeds; clean and
  defective fixtures in some twenty languages; .txt, .md, .html, .jsonl);
- optionally, the public article-extraction-benchmark of Zyte (github.com/scrapinghub/
  article-extraction-benchmark, 181 real pages with their article text, mostly English):
  pass ``--aeb PATH`` (a checkout, or its bare git folder) to add its texts and pages.

Sets written into a folder:
- ``4kb/``: articles cut at paragraph ends to about 4 KB (3.5-4.5 KB);
- ``mix/``: every article at its natural size (1-200 KB), half of them given defects
  (an AI-assistant offer, a repeated paragraph, an HTML entity, mojibake, a repeated
  title) so the rules have work to do, plus the real HTML pages of the benchmark;
- ``ladder/``: one article per size (1, 4, 16, 64, 120, 200 KB), made of distinct real
  paragraphs in sequence (no artificial repeats).
"""

from __future__ import annotations

import gzip
import json
import random
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFECTS = (
    lambda t, r: t + "\n\nWould you like me to shorten this article or add a summary?\n",
    lambda t, r: t + "\n\nSouhaitez-vous que je raccourcisse cet article ?\n",
    lambda t, r: _repeat_paragraph(t, r),
    lambda t, r: t.replace(" and ", " &amp; ", 1).replace(" et ", " &amp; ", 1),
    lambda t, r: t.replace("é", "Ã©", 3).replace("'", "â€™", 2),
    lambda t, r: _repeat_title(t),
)
LADDER_KB = (1, 4, 16, 64, 120, 200)


def _repeat_paragraph(text: str, rng: random.Random) -> str:
    paras = [p for p in text.split("\n\n") if len(p) > 80]
    return text + "\n\n" + rng.choice(paras) + "\n" if paras else text


def _repeat_title(text: str) -> str:
    first, _, rest = text.partition("\n")
    return f"{first}\n\n{first}\n{rest}"


def _git_or_file(aeb: Path, rel: str) -> bytes | None:
    if (aeb / rel).is_file():
        return (aeb / rel).read_bytes()
    try:
        return subprocess.run(["git", "--git-dir", str(aeb), "show", f"HEAD:{rel}"], capture_output=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def _aeb(aeb: Path | None) -> tuple[list[tuple[str, str]], list[tuple[str, bytes]]]:
    """(name, article text) and (name, html page) from the benchmark, or nothing."""
    if aeb is None:
        return [], []
    raw = _git_or_file(aeb, "ground-truth.json")
    if not raw:
        return [], []
    truth = json.loads(raw)
    texts, pages = [], []
    for key, item in sorted(truth.items()):
        body = (item.get("articleBody") or "").strip()
        if len(body) > 500:
            title = (item.get("headline") or "").strip()
            texts.append((f"aeb_{key[:12]}.txt", f"{title}\n\n{body}\n" if title else body + "\n"))
        page = _git_or_file(aeb, f"html/{key}.html.gz")
        if page and len(gzip.decompress(page)) <= 200 * 1024:  # the sizes of one article page
            pages.append((f"aeb_{key[:12]}.html", gzip.decompress(page)))
    return texts, pages


def _local() -> list[tuple[str, bytes]]:
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*")
                                                              if p.is_file())
    return [(f"{p.parent.name}_{p.name}", p.read_bytes()) for p in files]


def _cut(text: str, low: int, high: int) -> str | None:
    """``text`` cut at a paragraph end to between ``low`` and ``high`` bytes, or None."""
    out = ""
    for para in text.split("\n\n"):
        nxt = out + para + "\n\n"
        if len(nxt.encode()) > high:
            break
        out = nxt
    return out if len(out.encode()) >= low else None


def build(folder: Path, aeb: Path | None = None, seed: int = 7) -> dict[str, list[Path]]:
    rng = random.Random(seed)
    texts, pages = _aeb(aeb)
    local = _local()
    plain = [(n, d.decode("utf-8", "replace")) for n, d in local if n.endswith((".txt", ".md"))] + texts
    sets: dict[str, list[Path]] = {"4kb": [], "mix": [], "ladder": []}
    for sub in sets:
        (folder / sub).mkdir(parents=True, exist_ok=True)

    def write(sub: str, name: str, data: bytes) -> None:
        path = folder / sub / name
        path.write_bytes(data)
        sets[sub].append(path)

    # 4 KB articles: long texts cut, short ones joined with the next ones of the pool
    pool = [t for _, t in plain]
    for i, (name, text) in enumerate(plain):
        joined = text
        j = i
        while len(joined.encode()) < 3500 and j + 1 < i + len(pool):
            j += 1
            joined += "\n\n" + pool[j % len(pool)]
        cut = _cut(joined, 3500, 4500)
        if cut:
            write("4kb", f"{i:04d}_{Path(name).stem}.txt", cut.encode())
    # the real mix, half with defects
    for i, (name, data) in enumerate(local + [(n, t.encode()) for n, t in texts] + pages):
        if i % 2 and name.endswith((".txt", ".md")):
            data = rng.choice(DEFECTS)(data.decode("utf-8", "replace"), rng).encode()
        write("mix", f"{i:04d}_{name}", data)
    # the size ladder: distinct paragraphs in sequence
    paragraphs = [p.strip() for _, t in plain for p in t.split("\n\n") if len(p.strip()) > 40]
    seen: set[str] = set()
    paragraphs = [p for p in paragraphs if not (p in seen or seen.add(p))]
    for kb in LADDER_KB:
        out, size, target = [], 0, kb * 1024
        for para in paragraphs:
            if size >= target * 0.95:
                break
            if size + len(para.encode()) + 2 <= target * 1.05:
                out.append(para)
                size += len(para.encode()) + 2
        write("ladder", f"{kb:03d}kb.txt", ("Title of the page\n\n" + "\n\n".join(out) + "\n").encode())
    return sets


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--aeb", type=Path, default=None, help="article-extraction-benchmark checkout or git folder")
    args = ap.parse_args()
    for name, files in build(args.folder, args.aeb).items():
        size = sum(p.stat().st_size for p in files)
        print(f"{name:<8} {len(files):>5} files {size / 1e6:>8.2f} MB")
