#!/usr/bin/python3
"""Where the time goes, from a `perf record -g` file of the server (bench/run.sh with PERF=1).

usage: bench/perf_summary.py PERF_DATA [--top N]

Each on-CPU sample is charged to one category: walking its call chain from the leaf towards the
root, the first frame that belongs to a category decides (so a memcpy or a kernel frame is charged
to the library that called it: an fcntl lock to SQLite, a write(2) of the access log to logging, a
sendmsg to the kernel's TCP). Prints the categories with their share of the samples, who the
futex/lock samples come from, and the top leaf functions. Off-CPU time (waiting for fsync, a lock,
the network) is not sampled.
"""

import collections
import re
import subprocess
import sys

# (category, regex on "symbol (dso)") in priority order for one frame.
RULES = [
    ("futex, locks, wake-ups", r"futex|pthread_mutex|pthread_cond|__lll_lock|condition_variable"
                               r"|portcullis::Mutex|try_to_wake_up"),
    ("SQLite (incl. its syscalls) and store/", r"libsqlite3|portcullis::store::"),
    ("crypto (OpenSSL, libsodium, Argon2, crypto/)",
     r"libcrypto|libsodium|libargon2|portcullis::crypto::"),
    ("logging (spdlog, fmt, access line)",
     r"spdlog|fmt::v\d|AccessLine|AppendJsonString|MakeRequestObserver|portcullis::app::Log"),
    ("JSON (Boost.JSON)", r"libboost_json|boost::json"),
    ("HTTP parse/serialize (Beast, http/)", r"boost::beast|portcullis::http::"),
    ("kernel TCP and socket syscalls",
     r"tcp_|sock_|sendmsg|recvmsg|\bip_|net_rx|loopback|skb|__netif|inet_"),
    ("Asio event loop (epoll, timers)", r"boost::asio|epoll"),
    ("core/ and api/ code", r"portcullis::core::|portcullis::api::"),
    ("allocator (malloc/free)", r"malloc|_int_free|cfree|\bfree\b|operator new|operator delete"
                                r"|tcache"),
]
# Only when no frame of the chain matched RULES: a context switch is charged to whatever blocked
# (futex, fsync, epoll) when the chain shows it.
FALLBACK = [
    ("scheduler (context switches)", r"finish_task_switch|__schedule|schedule\b"),
]
COMPILED = [(name, re.compile(rx)) for name, rx in RULES]
COMPILED_FALLBACK = [(name, re.compile(rx)) for name, rx in FALLBACK]
OTHER = "other (libc, kernel, std)"
FUTEX = RULES[0][0]
# The code on whose behalf a futex sample ran: the first such frame above the lock wrappers.
LOCK_USER = re.compile(r"portcullis::|spdlog::|sqlite3|boost::asio")
LOCK_WRAPPER = re.compile(r"Mutex|MutexLock|condition_variable")


def samples(path):
    """Yields each sample's frames, leaf first, as 'symbol (dso)' strings."""
    out = subprocess.run(["perf", "script", "-i", path, "-F", "ip,sym,dso"],
                         capture_output=True, text=True, errors="replace", check=True).stdout
    frames = []
    for line in out.splitlines():
        line = line.strip()
        if not line:
            if frames:
                yield frames
            frames = []
            continue
        # "7f0c12345678 sqlite3VdbeExec+0x1a2 (/usr/lib/x86_64-linux-gnu/libsqlite3.so.0.8.6)"
        parts = line.split(" ", 1)
        frames.append(parts[1] if len(parts) > 1 else parts[0])
    if frames:
        yield frames


def category(frames):
    for rules in (COMPILED, COMPILED_FALLBACK):
        for frame in frames:
            for name, rx in rules:
                if rx.search(frame):
                    return name
    return OTHER


SQLITE = RULES[1][0]
# What a SQLite sample was doing, by the first matching kind (checked over the whole chain).
SQLITE_KINDS = [
    ("fcntl locks (WAL-index, database)", re.compile(r"fcntl")),
    ("fsync and the block layer", re.compile(r"fdatasync|fsync|jbd2|blk_|submit_bio")),
    ("pwrite (WAL frames)", re.compile(r"pwrite|vfs_write")),
    ("pread (pages missing from SQLite's cache)", re.compile(r"pread|vfs_read|filemap_read")),
    ("store/ code", re.compile(r"^portcullis::store::")),
]


def sqlite_kind(frames):
    chain = "\n".join(frames)
    for name, rx in SQLITE_KINDS:
        if name == "store/ code":
            if rx.search(frames[0]):
                return name
        elif rx.search(chain):
            return name
    return "SQLite CPU (VDBE, B-tree, statements)"


def lock_user(frames):
    for frame in frames:
        if LOCK_USER.search(frame) and not LOCK_WRAPPER.search(frame):
            return re.sub(r"\s*\(.*$", "", re.sub(r"\+0x[0-9a-f]+", "", frame))[:100]
    return "(unknown caller)"


def leaf_name(frame):
    sym = re.sub(r"\+0x[0-9a-f]+", "", frame)
    sym = re.sub(r"\s*\((/[^)]*/)?([^)/]*)\)$", r"  [\2]", sym)
    return sym[:110]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 12
    cats = collections.Counter()
    leaves = collections.Counter()
    lockers = collections.Counter()
    sqlite_kinds = collections.Counter()
    total = 0
    for frames in samples(sys.argv[1]):
        total += 1
        cat = category(frames)
        cats[cat] += 1
        if cat == FUTEX:
            lockers[lock_user(frames)] += 1
        elif cat == SQLITE:
            sqlite_kinds[sqlite_kind(frames)] += 1
        leaves[leaf_name(frames[0])] += 1
    if total == 0:
        print("no samples")
        return 1
    print(f"| category | share of on-CPU samples ({total}) |")
    print("|---|---:|")
    for name, n in cats.most_common():
        print(f"| {name} | {100.0 * n / total:.1f}% |")
    if sqlite_kinds:
        print()
        print("SQLite and store/, by kind (share of all samples):")
        for name, n in sqlite_kinds.most_common():
            print(f"  {100.0 * n / total:5.1f}%  {name}")
    if lockers:
        print()
        print("futex, locks, wake-ups: on behalf of (share of all samples):")
        for name, n in lockers.most_common(6):
            print(f"  {100.0 * n / total:5.1f}%  {name}")
    print()
    print("top leaf functions (self):")
    for name, n in leaves.most_common(top):
        print(f"  {100.0 * n / total:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
