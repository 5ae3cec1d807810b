#!/usr/bin/env python3
"""Helpers for tests/bench/bench.sh: data generation, timing, driving the service's REST API,
verification of copies and the results table. Not a test; see bench.sh for usage."""

import argparse
import hashlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time

TERMINAL = {"Completed", "CompletedWithWarnings", "Failed", "Stopped"}


def die(msg):
    print(f"bench: ERROR: {msg}", file=sys.stderr)
    sys.exit(1)


# ----------------------------------------------------------------------------------------------
# data generation
# ----------------------------------------------------------------------------------------------

def cmd_gen(a):
    rng = random.Random(a.seed)
    small = os.path.join(a.root, "data", "small")
    large = os.path.join(a.root, "data", "large")
    # Two levels: ~sqrt(dirs) groups, the leaf directories spread over them.
    groups = max(1, int(round(a.dirs ** 0.5)))
    leaves = [os.path.join(small, f"g{i % groups:03d}", f"d{i:04d}") for i in range(a.dirs)]
    for d in leaves:
        os.makedirs(d, exist_ok=True)
    total = 0
    for k in range(a.small_files):
        size = rng.randint(1024, 64 * 1024)
        with open(os.path.join(leaves[k % len(leaves)], f"f{k:06d}.bin"), "wb") as f:
            f.write(os.urandom(size))
        total += size
    os.makedirs(large, exist_ok=True)
    chunk = 8 << 20
    ltotal = 0
    for k in range(a.large_files):
        left = a.large_size_mb << 20
        with open(os.path.join(large, f"large{k:02d}.bin"), "wb") as f:
            while left:
                n = min(chunk, left)
                f.write(os.urandom(n))
                left -= n
        ltotal += a.large_size_mb << 20
    print(f"small: {a.small_files} files, {total} bytes in {a.dirs} dirs ({groups} groups); "
          f"large: {a.large_files} x {a.large_size_mb} MiB", file=sys.stderr)


def tree_bytes(path):
    n = 0
    for dp, _, fs in os.walk(path):
        for f in fs:
            st = os.lstat(os.path.join(dp, f))
            n += st.st_size
    return n


def cmd_bytes(a):
    print(tree_bytes(a.path))


# ----------------------------------------------------------------------------------------------
# timing of a command, results rows
# ----------------------------------------------------------------------------------------------

def record(path, **row):
    keys = ["dataset", "mode", "tool", "phase", "repeat", "seconds", "bytes", "files_copied", "engine_s"]
    with open(path, "a") as f:
        f.write("\t".join(str(row.get(k, "")) for k in keys) + "\n")


def cmd_timecmd(a):
    t0 = time.perf_counter()
    r = subprocess.run(a.cmd, shell=True)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        die(f"command failed (exit {r.returncode}): {a.cmd}")
    record(a.out, dataset=a.dataset, mode=a.mode, tool=a.tool, phase=a.phase, repeat=a.repeat,
           seconds=f"{dt:.4f}", bytes=a.bytes)
    print(f"  {a.dataset:5s} {a.mode:7s} {a.tool:20s} {a.phase:7s} r{a.repeat}: {dt:8.3f} s", file=sys.stderr)


# ----------------------------------------------------------------------------------------------
# the service
# ----------------------------------------------------------------------------------------------

class Api:
    def __init__(self, port):
        self.port = port
        self.conn = None

    def call(self, method, path, body=None):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                data = json.dumps(body).encode() if body is not None else None
                headers = {"content-type": "application/json"} if data is not None else {}
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                try:
                    doc = json.loads(raw) if raw else None
                except ValueError:
                    doc = raw.decode(errors="replace")
                return resp.status, doc
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def expect(self, method, path, body=None, ok=(200, 201)):
        status, doc = self.call(method, path, body)
        if status not in ok:
            die(f"{method} {path} answered HTTP {status}: {json.dumps(doc)[:2000]}")
        return doc


def cmd_wait_api(a):
    api = Api(a.port)
    deadline = time.monotonic() + a.timeout
    while time.monotonic() < deadline:
        for pid in a.pids:
            if not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z":
                die(f"process {pid} exited while waiting for the Api; see the logs")
        try:
            status, _ = api.call("GET", "/api/status")
            if status == 200:
                _, jobs = api.call("GET", "/api/jobs")
                print("jobs" if isinstance(jobs, list) else "seed")
                return
        except OSError:
            pass
        time.sleep(0.25)
    die(f"the Api did not answer 200 on /api/status within {a.timeout} s")


def state_of(doc, job):
    if isinstance(doc, dict):
        return doc
    die(f"unexpected status document for {job}: {doc!r}"[:2000])


def cmd_service(a):
    api = Api(a.port)
    seed = a.api_kind == "seed"
    job = "default" if seed else a.job
    status_path = "/api/status" if seed else f"/api/jobs/{job}"
    control_path = "/api/control" if seed else f"/api/jobs/{job}/control"
    options = {"durability": a.durability}
    if a.dispatch:
        options["dispatch"] = a.dispatch
    if a.phase == "initial":
        if seed:
            api.expect("POST", "/api/select", {"directories": [a.src], "destination": a.dest, **options})
        else:
            api.expect("POST", "/api/jobs", {"jobId": job, "sources": [a.src], "destination": a.dest, **options})
    before = state_of(api.expect("GET", status_path), job)
    prev_run = before.get("runId")
    if before.get("state") not in TERMINAL and before.get("state") != "Idle":
        die(f"job {job} is {before.get('state')} before start")

    t0 = time.perf_counter()
    api.expect("POST", control_path, {"action": "start"})
    polls = 0
    while True:
        doc = state_of(api.expect("GET", status_path), job)
        polls += 1
        if doc.get("runId") != prev_run and doc.get("state") in TERMINAL:
            break
        if time.perf_counter() - t0 > a.timeout:
            die(f"job {job} not finished after {a.timeout} s: state {doc.get('state')}")
        time.sleep(0.02)
    dt = time.perf_counter() - t0

    st = doc.get("state")
    engine_s = ""
    try:
        from datetime import datetime
        s = datetime.fromisoformat(doc["startedAt"].replace("Z", "+00:00"))
        f = datetime.fromisoformat(doc["finishedAt"].replace("Z", "+00:00"))
        engine_s = f"{(f - s).total_seconds():.4f}"
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    info = (f"state {st}, filesCopied {doc.get('filesCopied')}, filesSkipped {doc.get('filesSkipped')}, "
            f"filesFailed {doc.get('filesFailed')}, bytesCopied {doc.get('bytesCopied')}, "
            f"startedAt..finishedAt {engine_s or '?'} s, {polls} polls")
    if st != "Completed":
        errs = json.dumps(doc.get("errors"))[:2000]
        die(f"job {job} ({a.phase}) ended {st}: {info}; message: {doc.get('message')}; errors: {errs}")
    if a.phase == "rerun" and doc.get("filesCopied") != 0:
        die(f"no-change rerun of {job} copied files: {info}")
    if a.phase == "initial" and a.expect_files is not None and doc.get("filesCopied") != a.expect_files:
        die(f"initial run of {job} copied {doc.get('filesCopied')} files, expected {a.expect_files}: {info}")
    record(a.out, dataset=a.dataset, mode=a.mode, tool="orleans-backup", phase=a.phase, repeat=a.repeat,
           seconds=f"{dt:.4f}", bytes=a.bytes, files_copied=doc.get("filesCopied"), engine_s=engine_s)
    print(f"  {a.dataset:5s} {a.mode:7s} {'orleans-backup':20s} {a.phase:7s} r{a.repeat}: {dt:8.3f} s  ({info})",
          file=sys.stderr)


# ----------------------------------------------------------------------------------------------
# verification
# ----------------------------------------------------------------------------------------------

def same_content(p, q):
    with open(p, "rb") as f, open(q, "rb") as g:
        while True:
            x = f.read(1 << 20)
            y = g.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def cmd_verify(a):
    problems = []
    files = 0
    src_rel = set()
    for dp, dns, fns in os.walk(a.src):
        rel_dir = os.path.relpath(dp, a.src)
        for n in fns:
            rel = os.path.normpath(os.path.join(rel_dir, n))
            src_rel.add(rel)
            s = os.path.join(a.src, rel)
            d = os.path.join(a.dst, rel)
            try:
                ss, ds = os.lstat(s), os.lstat(d)
            except FileNotFoundError:
                problems.append(f"missing: {rel}")
                continue
            files += 1
            if ss.st_size != ds.st_size:
                problems.append(f"size differs: {rel} ({ss.st_size} vs {ds.st_size})")
            elif not same_content(s, d):
                problems.append(f"content differs: {rel}")
            if (ss.st_mode & 0o7777) != (ds.st_mode & 0o7777):
                problems.append(f"mode differs: {rel} ({oct(ss.st_mode)} vs {oct(ds.st_mode)})")
            if ss.st_mtime_ns != ds.st_mtime_ns:
                problems.append(f"mtime differs: {rel} ({ss.st_mtime_ns} vs {ds.st_mtime_ns})")
        for n in dns:
            src_rel.add(os.path.normpath(os.path.join(rel_dir, n)))
    for dp, dns, fns in os.walk(a.dst):
        rel_dir = os.path.relpath(dp, a.dst)
        for n in fns + dns:
            rel = os.path.normpath(os.path.join(rel_dir, n))
            if rel not in src_rel:
                problems.append(f"extra in copy: {rel}")
    if problems:
        die(f"copy {a.dst} does not match {a.src} ({len(problems)} problems): " + "; ".join(problems[:20]))
    print(f"  verified {files} files: {a.dst}", file=sys.stderr)


# ----------------------------------------------------------------------------------------------
# the table
# ----------------------------------------------------------------------------------------------

ROWS = [
    # dataset, mode, tool, label, has rerun
    ("small", "fsync", "rsync-fsync", "rsync -a --fsync", True),
    ("small", "fsync", "cp-sync", "cp -a + sync", False),
    ("small", "fsync", "orleans-backup", "orleans-backup", True),
    ("small", "relaxed", "rsync", "rsync -a", True),
    ("small", "relaxed", "cp", "cp -a", False),
    ("small", "relaxed", "orleans-backup", "orleans-backup", True),
]
REF = {"fsync": "rsync-fsync", "relaxed": "rsync"}
CP = {"fsync": "cp-sync", "relaxed": "cp"}


def cmd_table(a):
    data = {}
    byts = {}
    engine = {}
    for line in open(a.runs):
        ds, mode, tool, phase, rep, sec, b, fc, eng = line.rstrip("\n").split("\t")
        data.setdefault((ds, mode, tool, phase), []).append(float(sec))
        byts[ds] = int(b)
        if eng:
            engine.setdefault((ds, mode, phase), []).append(float(eng))

    def med(key):
        v = data.get(key)
        return statistics.median(v) if v else None

    def fmt(x, spec="{:.3f}"):
        return "-" if x is None else spec.format(x)

    def ratio(x, y):
        return None if x is None or y is None or y == 0 else x / y

    out = [open(a.header).read().rstrip("\n"), ""]
    out.append("Times are medians of the repeats (wall clock: the service from just before the start request "
               "until the API reports the terminal state). Ratio columns: orleans-backup time / this tool's "
               "time (lower is better; < 1 means the service is faster). MB/s = MiB copied / initial time; "
               "cp MB/s ratio = orleans-backup MB/s / cp MB/s (higher is better).")
    out.append("")
    hdr = ["data set", "mode", "tool", "initial s", "rerun s", "initial vs tool", "rerun vs tool",
           "MB/s", "svc MB/s vs tool", "runs (initial s)"]
    lines = [hdr]
    datasets = [d for d in ("small", "large") if any(k[0] == d for k in data)]
    targets = []
    for ds in datasets:
        name = "small files" if ds == "small" else "large files"
        mb = byts[ds] / (1 << 20)
        for _, mode, tool, label, has_rerun in ROWS:
            ini = med((ds, mode, tool, "initial"))
            if ini is None:
                continue
            rer = med((ds, mode, tool, "rerun")) if has_rerun else None
            svc_i = med((ds, mode, "orleans-backup", "initial"))
            svc_r = med((ds, mode, "orleans-backup", "rerun"))
            is_svc = tool == "orleans-backup"
            ri = None if is_svc else ratio(svc_i, ini)
            rr = None if is_svc or not has_rerun else ratio(svc_r, rer)
            thr = mb / ini if ini else None
            svc_thr = mb / svc_i if svc_i else None
            rthr = None if is_svc else ratio(svc_thr, thr)
            runs = ", ".join(f"{x:.3f}" for x in data[(ds, mode, tool, "initial")])
            lines.append([name, mode, label, fmt(ini), fmt(rer) if has_rerun else "-",
                          fmt(ri, "{:.2f}x"), fmt(rr, "{:.2f}x"),
                          fmt(thr, "{:.0f}") if ds == "large" else "-",
                          fmt(rthr, "{:.2f}x") if ds == "large" else "-", runs])
        for mode in ("fsync", "relaxed"):
            svc_i = med((ds, mode, "orleans-backup", "initial"))
            svc_r = med((ds, mode, "orleans-backup", "rerun"))
            ref_i = med((ds, mode, REF[mode], "initial"))
            ref_r = med((ds, mode, REF[mode], "rerun"))
            cp_i = med((ds, mode, CP[mode], "initial"))
            if svc_i is None:
                continue
            label = dict((r[2], r[3]) for r in ROWS)
            if ds == "small" and ref_i:
                x = svc_i / ref_i
                targets.append(f"small files, {mode}: initial {x:.2f}x {label[REF[mode]]} "
                               f"(target <= 0.80x: {'met' if x <= 0.8 else 'NOT met'})")
            if ref_r and svc_r is not None:
                x = svc_r / ref_r
                targets.append(f"{'small' if ds == 'small' else 'large'} files, {mode}: no-change rerun "
                               f"{x:.2f}x {label[REF[mode]]} (target <= 1.00x: {'met' if x <= 1.0 else 'NOT met'})")
            if ds == "large" and cp_i:
                x = cp_i / svc_i
                targets.append(f"large files, {mode}: throughput {x:.2f}x {label[CP[mode]]} "
                               f"(target >= 0.90x: {'met' if x >= 0.9 else 'NOT met'})")
            eng_i = engine.get((ds, mode, "initial"))
            eng_r = engine.get((ds, mode, "rerun"))
            if eng_i:
                note = (f"  ({ds} files, {mode}: service-reported startedAt..finishedAt, median: initial "
                        f"{statistics.median(eng_i):.3f} s (wall {svc_i:.3f} s)")
                if eng_r and svc_r is not None:
                    note += f", rerun {statistics.median(eng_r):.3f} s (wall {svc_r:.3f} s)"
                targets.append(note + ")")

    widths = [max(len(r[i]) for r in lines) for i in range(len(hdr))]
    for i, r in enumerate(lines):
        out.append("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(r)) + " |")
        if i == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out.append("")
    out.append("Targets:")
    out.extend(f"- {t}" if not t.startswith("  ") else f"  {t.strip()}" for t in targets)
    text = "\n".join(out) + "\n"
    with open(a.md, "w") as f:
        f.write(text)
    sys.stdout.write(text)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("--root", required=True)
    g.add_argument("--small-files", type=int, required=True)
    g.add_argument("--dirs", type=int, required=True)
    g.add_argument("--large-files", type=int, required=True)
    g.add_argument("--large-size-mb", type=int, required=True)
    g.add_argument("--seed", type=int, default=42)
    g.set_defaults(fn=cmd_gen)
    b = sub.add_parser("bytes")
    b.add_argument("path")
    b.set_defaults(fn=cmd_bytes)
    t = sub.add_parser("timecmd")
    for k in ("out", "dataset", "mode", "tool", "phase", "repeat", "bytes", "cmd"):
        t.add_argument("--" + k, required=True)
    t.set_defaults(fn=cmd_timecmd)
    w = sub.add_parser("wait-api")
    w.add_argument("--port", type=int, required=True)
    w.add_argument("--timeout", type=float, default=180)
    w.add_argument("pids", nargs="*")
    w.set_defaults(fn=cmd_wait_api)
    s = sub.add_parser("service")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--api-kind", choices=["jobs", "seed"], required=True)
    s.add_argument("--job", required=True)
    s.add_argument("--src", required=True)
    s.add_argument("--dest", required=True)
    s.add_argument("--durability", required=True)
    s.add_argument("--dispatch", default="")
    s.add_argument("--phase", choices=["initial", "rerun"], required=True)
    s.add_argument("--expect-files", type=int)
    s.add_argument("--timeout", type=float, default=3600)
    for k in ("out", "dataset", "mode", "repeat", "bytes"):
        s.add_argument("--" + k, required=True)
    s.set_defaults(fn=cmd_service)
    v = sub.add_parser("verify")
    v.add_argument("src")
    v.add_argument("dst")
    v.set_defaults(fn=cmd_verify)
    tb = sub.add_parser("table")
    tb.add_argument("--runs", required=True)
    tb.add_argument("--header", required=True)
    tb.add_argument("--md", required=True)
    tb.set_defaults(fn=cmd_table)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
