"""The journeys of a workspace by id, with their stage ids: what a link
(`first-90-days#welcome-call`) is checked against, whether a run names one
file or the whole folder.

Only each journey's `id` and the `id` of each of its stages are read, and a
cache on disk keeps them between runs, so that checking one file in a
workspace of a thousand journeys reads none of the others while they are
unchanged.

The cache is one JSON file per workspace in the user's cache folder
(`CJMAP_CACHE_DIR`, else `$XDG_CACHE_HOME/cjmap`, else `~/.cache/cjmap`;
`CJMAP_NO_CACHE=1` switches it off). It holds, per file, what `os.stat`
says of it, the limits it was read with, a hash of its bytes and the ids
found — never any other content. A cache that cannot be read, written or
believed is passed over in silence: the files are read instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cjmap import __version__
from cjmap.errors import CjmapError
from cjmap.files import Source, read_bounded
from cjmap.limits import Limits
from cjmap.loader import load_bytes

if TYPE_CHECKING:
    from cjmap.settings import Settings

# A new format number, or a new cjmap, never reads an older cache: how ids
# are found may have changed with it.
CACHE_FORMAT = 2
# About 700 bytes a journey: room for some 90,000 journeys. A larger file is
# neither read nor written, and the files are read instead.
MAX_CACHE_BYTES = 64 * 1024 * 1024
# A file changed within this long before the cache was written may have
# changed again within the same tick of the file system's clock (a second on
# some, two on FAT) without its times changing: see `_unchanged`.
RACY_NS = 2_000_000_000
# On Windows st_ctime is when the file was made, not when it last changed,
# and a program may set the time of last change back: there, every file is
# checked against its hash (a read, but no parsing).
_CHANGE_TIME_KEPT_BY_SYSTEM = os.name != "nt"


@dataclass(frozen=True, slots=True)
class IndexedJourney:
    """One journey file as links see it; line and column (1-based) are
    where its `id` value starts; `links` the journeys it links to."""

    path: str
    id: str
    stage_ids: tuple[str, ...]
    line: int
    column: int
    links: tuple[str, ...] = ()


@dataclass(slots=True)
class JourneyIndex:
    """The journeys of a workspace by id. Two files may share an id (CJ005
    says so elsewhere), so each id has a list, in the order files are found."""

    journeys: dict[str, list[IndexedJourney]] = field(default_factory=dict)
    found: list[IndexedJourney] = field(default_factory=list)  # in the order files are found

    def in_order(self) -> list[IndexedJourney]:
        """Every journey, in the order a run over the root finds their files."""
        return list(self.found)

    def __contains__(self, journey_id: object) -> bool:
        return journey_id in self.journeys

    def ids(self) -> list[str]:
        """Every journey id, sorted (for the closest id in a message)."""
        return sorted(self.journeys)

    def stages_of(self, journey_id: str) -> tuple[str, ...]:
        """The stage ids of the journeys with this id, in order and once
        each; none when no journey has it."""
        found = (stage for journey in self.journeys.get(journey_id, ()) for stage in journey.stage_ids)
        return tuple(dict.fromkeys(found))


def index(root: Path, settings: Settings) -> JourneyIndex:
    """The journeys of the workspace at `root`, found as a run over that
    folder finds them (hidden folders, the configured excludes and what git
    ignores left out), but not those of a folder below that is a workspace
    of its own. Unreadable or broken files are left out: their own check
    reports them."""
    started_ns = time.time_ns()  # before any file is looked at: see `_unchanged`
    sources = settings.journeys([str(root)], one_workspace=True)
    cache_file = _cache_file(root)
    written_ns, cached = _load_cache(cache_file) if cache_file else (0, {})
    entries: dict[str, dict[str, Any]] = {}
    result = JourneyIndex()
    changed = False
    prefix = os.path.join(str(root), "")
    for source in sources:
        # Keys are relative to the root, so that `.` and its absolute path share entries.
        key = source.path[len(prefix):] if source.path.startswith(prefix) else os.path.relpath(source.path, root)
        limits = settings.limits_for(source.path)
        entry = _entry(source, limits, cached.get(key), written_ns)
        if entry is None:
            continue
        changed |= entry is not cached.get(key)
        entries[key] = entry
        found = entry["journey"]
        if found is not None:
            journey = IndexedJourney(source.path, found["id"], tuple(found["stages"]), found["line"], found["column"],
                                     tuple(found["links"]))
            result.journeys.setdefault(journey.id, []).append(journey)
            result.found.append(journey)
    # Renamed or deleted files are not in `entries`; the cache is rewritten
    # only when it would say something else.
    if cache_file and (changed or entries.keys() != cached.keys()):
        _save_cache(cache_file, entries, started_ns)
    return result


# --- one file --------------------------------------------------------------


def _entry(source: Source, limits: Limits, cached: dict[str, Any] | None, written_ns: int) -> dict[str, Any] | None:
    """What the cache holds of one file: the cached entry itself when the
    file is known unchanged since the cache was written, else a new one;
    None when it cannot be read."""
    try:
        stats = os.stat(source.path)  # before reading: a change after it shows next time
    except OSError:
        return None
    mark = _mark(stats, limits)
    if cached is not None and cached["mark"] == mark and _unchanged(stats, written_ns):
        return cached
    try:
        raw = _read(source, limits)
    except OSError:  # NotReadable among them
        return None  # not cached: tried again next run
    digest = hashlib.sha256(raw).hexdigest()
    if cached is not None and cached["mark"] == mark and cached["sha256"] == digest:
        # Same bytes, same limits: the same ids. A copy is a change, so the
        # cache is written again, and a run well after this tick trusts
        # the file's times alone (where the system keeps them).
        return dict(cached) if _CHANGE_TIME_KEPT_BY_SYSTEM else cached
    return {"mark": mark, "sha256": digest, "journey": _ids_of(raw, limits)}


def _mark(stats: os.stat_result, limits: Limits) -> list[int]:
    """What must be the same for a cached entry to stand: the file's size,
    times, inode and device (another inode: the file was replaced), and the
    limits it was read with (a file too large under one limit is a journey
    under a larger one)."""
    return [stats.st_size, stats.st_mtime_ns, stats.st_ctime_ns, stats.st_ino, stats.st_dev,
            limits.max_file_bytes, limits.max_depth, limits.max_alias_nodes]


def _unchanged(stats: os.stat_result, written_ns: int) -> bool:
    """Whether a file whose size, times and inode are as cached is known to
    hold the same bytes, without reading it.

    Why this never gives a wrong answer: any write to a file, and any
    `os.utime` on it, sets its change time (st_ctime) to the system's clock,
    which no program can set back. So once that change time is older than
    the moment the cache's files were looked at, by more than a tick of the
    file system's clock, a later edit cannot leave it as it was. An entry
    whose change time is that recent (a file edited just before or during
    the run that wrote the cache, as git's "racy clean" entries) is not
    trusted on its times: its bytes are read and compared with the hash.
    """
    if not _CHANGE_TIME_KEPT_BY_SYSTEM:
        return False
    return max(stats.st_ctime_ns, stats.st_mtime_ns) < written_ns - RACY_NS


def _read(source: Source, limits: Limits) -> bytes:
    """The file's bytes, as a check reads them (one byte past the limit)."""
    return source.read(limits.max_file_bytes)


def _ids_of(raw: bytes, limits: Limits) -> dict[str, Any] | None:
    """The journey's `id`, where its value starts, its stages' ids and the
    journeys its stages and steps link to; None when the file is not a
    journey the loader can read."""
    doc = load_bytes(raw, limits=limits)
    data = doc.data
    if not doc.parsed or not isinstance(data, dict) or not isinstance(data.get("id"), str):
        return None
    stages = data.get("stages")
    if not isinstance(stages, list):
        stages = []
    stages = [s for s in stages if isinstance(s, dict)]
    stage_ids = [s["id"] for s in stages if isinstance(s.get("id"), str)]
    steps = [step for s in stages if isinstance(s.get("steps"), list) for step in s["steps"] if isinstance(step, dict)]
    links = [link.partition("#")[0] for holder in (*stages, *steps) if isinstance(holder.get("links"), list)
             for link in holder["links"] if isinstance(link, str)]
    line, column = doc.positions.value(("id",))
    return {"id": data["id"], "line": line, "column": column, "stages": stage_ids, "links": list(dict.fromkeys(links))}


# --- the cache file --------------------------------------------------------


def _cache_file(root: Path) -> Path | None:
    """This workspace's cache file, named by its real path; None when the
    cache is switched off."""
    if os.environ.get("CJMAP_NO_CACHE", "") not in ("", "0"):
        return None
    folder = os.environ.get("CJMAP_CACHE_DIR")
    if not folder:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        # The XDG specification says a relative path is to be ignored.
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
        folder = str(base / "cjmap")
    name = hashlib.sha256(os.fsencode(os.path.realpath(root))).hexdigest()[:32]
    return Path(folder) / f"journeys-{name}.json"


def _load_cache(path: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    """When the cache was written, and its entries by path relative to the
    root, each one checked for shape and type (the others left out);
    nothing when the file is missing, from another version, too large, not
    JSON, or not the user's own."""
    nothing: tuple[int, dict[str, dict[str, Any]]] = (0, {})
    try:
        if hasattr(os, "getuid") and os.stat(path).st_uid != os.getuid():
            return nothing  # another user's file, in a shared folder: not believed
        document = json.loads(read_bounded(path, MAX_CACHE_BYTES))
    except (OSError, ValueError, RecursionError):  # NotReadable is an OSError
        return nothing
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT \
            or document.get("cjmap") != __version__:
        return nothing
    written_ns, files = document.get("written_ns"), document.get("files")
    # A cache from the future would make every recent change look old.
    if not _is_int(written_ns) or written_ns > time.time_ns() or not isinstance(files, dict):
        return nothing
    return written_ns, {key: entry for key, entry in files.items() if _well_formed(entry)}


def _well_formed(entry: Any) -> bool:
    if not isinstance(entry, dict) or entry.keys() != {"mark", "sha256", "journey"}:
        return False
    mark, digest, journey = entry["mark"], entry["sha256"], entry["journey"]
    if not (isinstance(mark, list) and len(mark) == 8 and all(_is_int(n) for n in mark)):
        return False
    if not (isinstance(digest, str) and len(digest) == 64):
        return False
    if journey is None:
        return True
    return (isinstance(journey, dict) and journey.keys() == {"id", "line", "column", "stages", "links"}
            and isinstance(journey["id"], str)
            and _is_int(journey["line"]) and journey["line"] >= 1
            and _is_int(journey["column"]) and journey["column"] >= 1
            and all(isinstance(journey[key], list) and all(isinstance(s, str) for s in journey[key])
                    for key in ("stages", "links")))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _save_cache(path: Path, entries: dict[str, dict[str, Any]], started_ns: int) -> None:
    """Write the cache through the one writer, whole or not at all, and
    silently: a run never fails for its cache. The written time is when this
    run began to look at the files, not when it ended."""
    from cjmap.writes import write_atomic

    text = json.dumps({"format": CACHE_FORMAT, "cjmap": __version__, "written_ns": started_ns, "files": entries},
                      separators=(",", ":"))
    if len(text) > MAX_CACHE_BYTES:
        return  # it would not be read back
    with contextlib.suppress(CjmapError, OSError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # ids of private journeys: this user's only
        write_atomic(path, text.encode("utf-8"))

