"""One file in a large workspace: does checking it cost what it costs alone?

    python bench/workspace.py [--count 1000] [--repeat 5]

Run it with the Python that has cjmap installed. A link names a journey of
the same workspace, whether the run names one file or the whole folder, so
checking one file needs the ids (and stage ids) of every journey around it.
The goal: `cjmap validate ONE_FILE` in a workspace of 1,000 journeys stays
within 2x of the same run with the file alone (beside only what it needs:
its catalogs and the journey it links to). What makes
that possible is `cjmap.journey_index`: it reads only ids, and keeps them in
a cache on disk, so an unchanged file is looked at (`os.stat`) but not read.

It writes, with bench/corpus.py, the workspace corpus of --count 6-stage
journeys (`write_corpus(..., catalogs=True)`): they share two catalogs,
shared/people.catalog.yaml and shared/org.catalog.yaml, and link in a chain.
ONE_FILE is j0000.journey.yaml: it lists both catalogs and its last stage
links to a stage of the next journey (`id#stage`), so checking it needs the
index. "Alone" is a folder with the same file (the same bytes) and only
what it needs to be clean: the shared/ catalogs and the journey it links to
(a link to a journey not in the workspace is an error, CJ004). Every folder
holds an empty cjmap.toml, so each is a workspace root with the same
configuration. It times whole processes, wall clock, best of --repeat:

  - `cjmap validate ONE_FILE` inside the workspace, and the same in the
    "alone" folder; then the ratio of the two. A one-file run reads the
    catalogs the file lists and consults the index for the rest of the
    workspace, so the ratio is what the workspace's other journeys cost.
  - `python -c "...; index(root, Settings())"` on the workspace: cold (an
    empty cache folder before each run, so every journey is read) and warm
    (the cache of the run before), beside the same on an empty folder (the
    floor: start-up and imports).

The cache goes to a temporary folder (CJMAP_CACHE_DIR), never the user's.
Standard library only. Exit status: 0 when every command ran, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bytecode import ensure_bytecode  # noqa: E402
from corpus import write_corpus  # noqa: E402

INDEX = ("from pathlib import Path; from cjmap.journey_index import index; from cjmap.settings import Settings; "
         "index(Path({root!r}), Settings())")


def best(cmd: list[str], repeat: int, env: dict[str, str], before=None) -> float:
    """The shortest wall-clock time of `repeat` runs; `before` runs, untimed,
    ahead of each."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} exited with {done.returncode}:\n{done.stderr}")
    return min(times)


def _links_of(path: Path) -> str:
    lines = path.read_text("utf-8").splitlines()
    return "; ".join(line.strip() for line in lines if line.lstrip().startswith("links:")) or "no links"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="journeys in the workspace (2 at least)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each command; the best counts")
    args = parser.parse_args(argv)
    if args.count < 2:
        parser.error("--count must be at least 2: the file checked links to another journey")

    python = sys.executable
    print(ensure_bytecode(python))
    with tempfile.TemporaryDirectory() as work:
        workspace, alone, empty = Path(work, "workspace"), Path(work, "alone"), Path(work, "empty")
        cache = Path(work, "cache")
        paths = write_corpus(workspace, count=args.count, big_stages=0, catalogs=True)
        one, linked = [p for p in paths if p.name.endswith(".journey.yaml")][:2]
        alone.mkdir()
        empty.mkdir()
        shutil.copytree(workspace / "shared", alone / "shared")
        for path in (one, linked):
            shutil.copy(path, alone / path.name)
        for folder in (workspace, alone, empty):
            (folder / "cjmap.toml").write_text("", encoding="utf-8")
        env = {**os.environ, "CJMAP_CACHE_DIR": str(cache)}
        env.pop("CJMAP_NO_CACHE", None)
        print(f"workspace   {args.count:,} journeys of 6 stages sharing 2 catalogs, linked in a chain; "
              f"the file: {one.name}, {one.stat().st_size:,} bytes, {_links_of(one)}")
        print(f"alone       {one.name}, shared/ (its catalogs) and {linked.name} (the journey it links to)")
        print(f"repeat      best of {args.repeat}, wall clock\n")

        validate = [python, "-m", "cjmap", "validate"]
        in_workspace = best([*validate, str(one)], args.repeat, env)
        by_itself = best([*validate, str(alone / one.name)], args.repeat, env)

        def forget() -> None:
            shutil.rmtree(cache, ignore_errors=True)

        index_of = lambda root: [python, "-c", INDEX.format(root=str(root))]  # noqa: E731
        floor = best(index_of(empty), args.repeat, env)
        cold = best(index_of(workspace), args.repeat, env, before=forget)
        warm = best(index_of(workspace), args.repeat, env)  # the last cold run left the cache

    rows = [
        ("cjmap validate ONE_FILE, alone (with its catalogs and the journey it links to)", by_itself),
        (f"cjmap validate ONE_FILE, in the workspace of {args.count:,}", in_workspace),
        ("index of the empty folder (start-up and imports)", floor),
        ("index of the workspace, cold (no cache: every file read)", cold),
        ("index of the workspace, warm (cache: files looked at, not read)", warm),
    ]
    width = max(len(label) for label, _ in rows)
    for label, seconds in rows:
        print(f"{label.ljust(width)}  {seconds * 1000:8.1f} ms")
    print(f"\nONE_FILE in the workspace / alone: {in_workspace / by_itself:.2f}x (goal: at most 2x)")
    print(f"warm index beyond the empty folder's: {(warm - floor) * 1000:.1f} ms for {args.count:,} journeys")
    return 0


if __name__ == "__main__":
    sys.exit(main())
