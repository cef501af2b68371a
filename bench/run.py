#!/usr/bin/env python3
"""Benchmarks of the generator and of the SDK it writes; writes BENCHMARKS.md from one real run.

One command, from anywhere:

    python3 bench/run.py                 # everything, writes BENCHMARKS.md at the repository root
    python3 bench/run.py --runs 7        # generation runs per spec and tool (median reported)
    python3 bench/run.py --out FILE      # write the report elsewhere
    python3 bench/run.py --runtime-only  # only step 5: section 3 and the runtime targets

What it does, in order (every number in the report comes from the run that wrote it):

1. Builds our generator (`cargo build --release -p generator`, in its own target folder
   under /tmp so it does not fight over the workspace's `target/`) and copies the binary so a
   concurrent rebuild cannot change it mid-run.
2. Installs the three peers once into /tmp/bench-peers with
   `cargo install --locked --root /tmp/bench-peers CRATE --version V` (skipped when the binary is
   already there; a failed install is recorded in the report, not fatal):
   cargo-progenitor 0.15.1 (progenitor 0.15), ploidy 0.15.0, openapi-to-rust 0.23.0.
3. Generation: for `spec/batches.yaml` and every single-file description of ../shared/corpus
   over 100 KB, runs each tool N times into a fresh empty folder, the tools taking turns run by
   run (so that the machine's drift weighs on all alike); wall time of the whole command (median), peak RSS (GNU time's `%M`, max over the
   runs) and CPU time (rusage from `wait4`, median). A tool that exits non-zero is recorded as rejected.
4. Weight of the output: lines of every generated `.rs` file; `cargo check` and debug
   `cargo build` of the generated crate itself with its dependencies already built (one shared
   CARGO_TARGET_DIR per tool under /tmp/bench-target; the crate's sources are touched before each
   timed command; CARGO_INCREMENTAL=0 so the timed command recompiles the whole crate instead of
   replaying the incremental cache; median of 3 when one takes under 5 s; a command that also
   compiled a dependency is not counted and is run again). openapi-to-rust writes a module tree rather than a crate, so it is wrapped in a
   crate (`src/lib.rs` = `pub mod api;`, dependencies from its REQUIRED_DEPS.toml).
5. Runtime: builds `bench/runtime` (standalone cargo project, `--release`) and runs it: requests
   per second of the generated client against plain reqwest + serde_json on a local 127.0.0.1
   server, and decode time of a 10,000-batch page into `llama_cloud::BatchQueryResponse` against
   hand-written serde structs (medians of several rounds).
6. Checks the targets, and for every missed one adds a profile note: `perf record` of our
   generator grouped by stage (generation), rustc `-Z time-passes` of the generated crate
   (cargo check; through RUSTC_BOOTSTRAP=1, diagnostic only), or the measured breakdown (runtime).

Needs: python3, cargo/rustc, network access to crates.io for the first install and the first
dependency builds. Takes about 8 minutes once the peers are installed and the dependencies are
built in /tmp/bench-target, about 18 on the first run (most of it compiling the GitHub crates). Every subprocess has a timeout; the runtime benchmark's server listens on
127.0.0.1 only, serves a bounded number of requests and is stopped by the benchmark itself.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
PEERS_ROOT = Path("/tmp/bench-peers")
TARGETS = Path("/tmp/bench-target")
WORK = Path("/tmp/bench-work")

BIG_SPEC = 100_000  # bytes: the targets on generation, cargo check and lines apply from this size on
# Our spec, then every single-file description of the corpus over BIG_SPEC bytes (the
# targets are set on those), smallest first.
SPECS = [("batches.yaml", ROOT / "spec" / "batches.yaml")] + sorted(
    ((p.name, p) for p in CORPUS.glob("*")
     if p.suffix in (".json", ".yaml", ".yml") and p.stat().st_size > BIG_SPEC),
    key=lambda named: named[1].stat().st_size,
)
HEAVY_SPECS = [name for name, path in SPECS if path.stat().st_size > BIG_SPEC]  # check and lines targets
# `cargo build` (debug) is timed for these only: the others are measured by `cargo check`.
BUILD_SPECS = ["progenitor-nexus.json", "progenitor-api.github.com.json"]

PEERS = [
    # name, crate, version, binary, command(binary, spec, out, crate name)
    (
        "progenitor",
        "cargo-progenitor",
        "0.15.1",
        "cargo-progenitor",
        lambda b, spec, out, name: [b, "progenitor", "-i", spec, "-o", out, "-n", name, "-v", "0.1.0"],
    ),
    (
        "ploidy",
        "ploidy",
        "0.15.0",
        "ploidy",
        lambda b, spec, out, name: [b, "generate", "rust", spec, "-o", out, "--name", name],
    ),
    (
        "openapi-to-rust",
        "openapi-to-rust",
        "0.23.0",
        "openapi-to-rust",
        lambda b, spec, out, name: [
            b, "generate", spec, "--output-dir", out, "--module-name", name.replace("-", "_"), "--quiet",
        ],
    ),
]
TOOLS = ["ours"] + [p[0] for p in PEERS]

LOG = []  # (phase, seconds)


def say(*parts):
    print(*parts, file=sys.stderr, flush=True)


def sh(cmd, cwd=None, env=None, timeout=1800):
    """Runs a command to completion (bounded), returns (CompletedProcess, seconds)."""
    started = time.monotonic()
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as error:
        proc = subprocess.CompletedProcess(cmd, 124, error.stdout or "", f"timed out after {timeout} s")
        if isinstance(proc.stdout, bytes):
            proc.stdout = proc.stdout.decode(errors="replace")
    return proc, time.monotonic() - started


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def measured(cmd, cwd=None, timeout=600, env=None):
    """Runs one command with stdout/stderr to files; wall time, peak RSS (KiB), CPU, rc, output.

    Wall time is taken around the whole process; CPU (user + sys) from `wait4`. Peak RSS comes
    from GNU time (`%M`) when /usr/bin/time exists; otherwise from `wait4` of the child, whose
    `ru_maxrss` then includes the forked Python's own pages (a floor of ~15-20 MiB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as stats:
        full = [GNU_TIME, "-f", "%M %U %S", "-o", stats.name] + list(cmd) if GNU_TIME else list(cmd)
        started = time.perf_counter()
        proc = subprocess.Popen(full, cwd=cwd, env=env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        killer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        # CPU: wait4's rusage of the direct child, which on Linux includes the descendants it
        # waited for (GNU time -> the tool; cargo -> rustc), at microsecond resolution.
        rss, user, system = usage.ru_maxrss, usage.ru_utime, usage.ru_stime
        if GNU_TIME:
            fields = stats.read().split()
            # GNU time prints "Command exited with non-zero status N" first when N != 0.
            if len(fields) >= 3:
                rss = int(fields[-3])
        out.seek(0)
        err.seek(0)
        return {
            "wall": wall,
            "rss_kib": rss,
            "user": user,
            "sys": system,
            "rc": proc.returncode,
            "stdout": out.read().decode(errors="replace"),
            "stderr": err.read().decode(errors="replace"),
        }


def median(values):
    return statistics.median(values) if values else None


def fmt_s(seconds):
    if seconds is None:
        return "-"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def fmt_mib(kib):
    return "-" if kib is None else f"{kib / 1024:.1f} MiB"


def first_line(text, limit=90):
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("stack backtrace") and not line.startswith("Stack backtrace"):
            return line[:limit] + ("…" if len(line) > limit else "")
    return ""


def rejection(result):
    err = result["stderr"]
    if result["rc"] in (-9, 137):
        return "rejected (killed: timeout)"
    match = re.search(r"panicked at [^\n]*\n([^\n]+)", err)
    if match:
        return f"rejected (panic: {match.group(1).strip()[:80]})"
    line = first_line(err) or first_line(result["stdout"])
    return f"rejected (exit {result['rc']}: {line})"


def rs_files(folder):
    return sorted(p for p in Path(folder).rglob("*.rs") if "target" not in p.parts)


def count_lines(folder):
    files = rs_files(folder)
    lines = 0
    size = 0
    for path in files:
        data = path.read_bytes()
        lines += data.count(b"\n")
        size += len(data)
    return len(files), lines, size


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower().rsplit(".", 1)[0]).strip("-")


# ------------------------------------------------------------------------------------------------
# Machine


def machine():
    info = {"nproc": os.cpu_count()}
    proc, _ = sh(["nproc"])
    if proc.returncode == 0:
        info["nproc"] = proc.stdout.strip()
    meminfo = Path("/proc/meminfo").read_text()
    kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    info["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    info["cpu"] = cpu.group(1).strip() if cpu else "?"
    info["rustc"] = sh(["rustc", "--version"])[0].stdout.strip()
    info["cargo"] = sh(["cargo", "--version"])[0].stdout.strip()
    info["kernel"] = os.uname().release
    info["python"] = sys.version.split()[0]
    info["date"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    rev = sh(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT)[0].stdout.strip()
    dirty = sh(["git", "status", "--porcelain", "--", "generator", "spec", "generated"], cwd=ROOT)[0]
    info["commit"] = rev + (" (with uncommitted changes in generator/, spec/ or generated/)"
                            if dirty.stdout.strip() else "")
    return info


# ------------------------------------------------------------------------------------------------
# Tools


def build_ours():
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGETS / "generator"))
    proc, secs = sh(["cargo", "build", "--release", "-p", "generator"], cwd=ROOT, env=env, timeout=1800)
    if proc.returncode != 0:
        sys.exit(f"cannot build the generator:\n{proc.stderr[-4000:]}")
    binary = WORK / "bin" / "generator"
    binary.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(TARGETS / "generator" / "release" / "generator", binary)
    say(f"generator built in {secs:.0f} s")
    return str(binary)


def install_peers():
    status = {}
    for name, crate, version, binary, _ in PEERS:
        path = PEERS_ROOT / "bin" / binary
        if path.exists():
            status[name] = {"binary": str(path), "note": "cached"}
            continue
        say(f"installing {crate} {version} (once; takes minutes)…")
        proc, secs = sh(
            ["cargo", "install", "--locked", "--root", str(PEERS_ROOT), crate, "--version", version],
            timeout=3600,
        )
        if proc.returncode == 0 and path.exists():
            status[name] = {"binary": str(path), "note": f"installed in {secs:.0f} s"}
        else:
            status[name] = {"binary": None, "note": f"install failed: {first_line(proc.stderr[-2000:])}"}
    return status


def tool_command(tool, binaries, spec, out, name):
    if tool == "ours":
        return [binaries["ours"], "--spec", spec, "--out", out]
    for peer in PEERS:
        if peer[0] == tool:
            return peer[4](binaries[tool], spec, out, name)
    raise KeyError(tool)


# ------------------------------------------------------------------------------------------------
# 1. Generation


def bench_generation(binaries, runs):
    # Calibration: the same measurement of a process that does nothing (`true`).
    floor = [measured(["true"], cwd=WORK)["wall"] for _ in range(max(runs, 5))]
    results = {"floor": median(floor)}
    for spec_name, spec in SPECS:
        # The tools take turns, one run each per round (the first of a round moving on every
        # round), so that a machine slowing down or speeding up mid-spec weighs on all of them.
        tools = [tool for tool in TOOLS if binaries.get(tool)]
        for tool in TOOLS:
            if tool not in tools:
                results[(tool, spec_name)] = {"error": "not installed"}
        runs_of = {tool: {"walls": [], "rss": [], "cpu": [], "error": None} for tool in tools}
        out_of = {tool: WORK / "gen" / tool / slug(spec_name) for tool in tools}
        for round_ in range(runs):
            turn = tools[round_ % len(tools):] + tools[:round_ % len(tools)] if tools else []
            for tool in turn:
                taken = runs_of[tool]
                if taken["error"]:
                    continue
                out = out_of[tool]
                shutil.rmtree(out, ignore_errors=True)
                out.parent.mkdir(parents=True, exist_ok=True)
                name = f"{tool}-{slug(spec_name)}"
                result = measured(tool_command(tool, binaries, str(spec), str(out), name), cwd=WORK)
                if result["rc"] != 0:
                    taken["error"] = rejection(result)
                    continue
                taken["walls"].append(result["wall"])
                taken["rss"].append(result["rss_kib"])
                taken["cpu"].append(result["user"] + result["sys"])
        for tool in tools:
            taken, out = runs_of[tool], out_of[tool]
            error = taken["error"]
            if error is None and not rs_files(out):
                error = "rejected (no .rs output)"
            if error:
                results[(tool, spec_name)] = {"error": error}
                say(f"  {tool:16} {spec_name:32} {error}")
                continue
            walls = taken["walls"]
            results[(tool, spec_name)] = {
                "wall": median(walls), "walls": walls, "rss_kib": max(taken["rss"]),
                "cpu": median(taken["cpu"]), "out": out,
            }
            say(f"  {tool:16} {spec_name:32} {fmt_s(median(walls))}  {fmt_mib(max(taken['rss']))}")
    return results


TIMINGS = re.compile(
    r"timings: load ([\d.]+) ms, lower ([\d.]+) ms, files ([\d.]+) ms wall \(threads: emit ([\d.]+) ms, "
    r"format ([\d.]+) ms, render ([\d.]+) ms(?:, locate [\d.]+ ms)?\), write ([\d.]+) ms"
)


def bench_breakdown(binary, runs=3):
    """Where our generation time goes, per spec: the generator's own `--timings` (medians)."""
    out = {}
    for spec_name, spec in SPECS:
        rows = []
        for _ in range(runs):
            target = WORK / "breakdown" / slug(spec_name)
            shutil.rmtree(target, ignore_errors=True)
            result = measured([binary, "--spec", str(spec), "--out", str(target), "--timings"], cwd=WORK)
            found = TIMINGS.search(result["stderr"])
            if result["rc"] != 0 or not found:
                break
            rows.append([float(x) / 1000 for x in found.groups()] + [result["wall"]])
        if rows:
            out[spec_name] = [median(column) for column in zip(*rows)]
            say(f"  {spec_name:32} " + " ".join(f"{x:.3f}" for x in out[spec_name]))
    return out


# ------------------------------------------------------------------------------------------------
# 2. Weight: lines, cargo check, cargo build


def as_crate(tool, spec_name, out):
    """The generated output as a cargo package folder (a copy, so later runs cannot disturb it)."""
    crate = WORK / "crates" / tool / slug(spec_name)
    shutil.rmtree(crate, ignore_errors=True)
    crate.parent.mkdir(parents=True, exist_ok=True)
    if tool == "openapi-to-rust":
        (crate / "src").mkdir(parents=True)
        shutil.copytree(out, crate / "src" / "api")
        deps = (out / "REQUIRED_DEPS.toml").read_text()
        (crate / "Cargo.toml").write_text(
            f'[package]\nname = "o2r-{slug(spec_name)}"\nversion = "0.1.0"\nedition = "2024"\n\n'
            + deps + "\n[workspace]\n"
        )
        (crate / "src" / "lib.rs").write_text("pub mod api;\n")
    else:
        shutil.copytree(out, crate)
        manifest = crate / "Cargo.toml"
        text = manifest.read_text()
        if not re.search(r"^\[workspace\]", text, re.M):
            manifest.write_text(text + "\n[workspace]\n")
    return crate


def package_name(crate):
    text = (crate / "Cargo.toml").read_text()
    section = text.split("[package]", 1)[1]
    return re.search(r'^name\s*=\s*"([^"]+)"', section, re.M).group(1)


def touch_sources(crate):
    now = time.time()
    for path in rs_files(crate):
        os.utime(path, (now, now))


COMPILED = re.compile(r"^\s*(Compiling|Checking) (\S+) v", re.M)


def timed_cargo(tool, crate, subcommand):
    """Seconds of `cargo SUBCOMMAND` of the crate alone (deps built), or an error string.

    Median of 3 timed commands when one takes under 5 s, else a single one."""
    env = dict(
        os.environ, CARGO_TARGET_DIR=str(TARGETS / f"weight-{tool}"), CARGO_INCREMENTAL="0",
        CARGO_TERM_COLOR="never",
    )
    name = package_name(crate)
    times = []
    for attempt in range(5):  # bounded: deps built on the first, then timed tries
        touch_sources(crate)
        result = measured(["cargo", subcommand, "--lib"], cwd=crate, timeout=1800, env=env)
        secs = result["wall"]
        if result["rc"] != 0:
            errors = [l for l in result["stderr"].splitlines() if l.startswith("error")]
            return None, None, f"fails: {(errors or [first_line(result['stderr'])])[0][:80]}"
        units = [m.group(2) for m in COMPILED.finditer(result["stderr"])]
        if units != [name]:
            continue  # dependencies were (re)built: not a measurement of the crate alone
        times.append((secs, result["user"] + result["sys"]))
        if secs >= 5 or len(times) == 3:
            break
    if not times:
        return secs, None, "(dependencies were still being built)"
    return median(t for t, _ in times), median(c for _, c in times), None


def bench_weight(gen):
    weight = {}
    for spec_name, _ in SPECS:
        for tool in TOOLS:
            entry = gen.get((tool, spec_name), {})
            if "out" not in entry:
                continue
            files, lines, size = count_lines(entry["out"])
            row = {"files": files, "lines": lines, "bytes": size}
            crate = as_crate(tool, spec_name, entry["out"])
            row["crate"] = crate
            for sub in ("check", "build"):
                if sub == "build" and spec_name not in BUILD_SPECS:
                    continue
                secs, cpu, note = timed_cargo(tool, crate, sub)
                row[sub] = secs
                row[sub + "_cpu"] = cpu
                row[sub + "_note"] = note
                if secs is None:
                    break  # no point building what does not check
            say(f"  {tool:16} {spec_name:32} {lines:7} lines  check {fmt_s(row['check'])}  "
                f"build {fmt_s(row.get('build'))} {row.get('check_note') or row.get('build_note') or ''}")
            weight[(tool, spec_name)] = row
    return weight


# ------------------------------------------------------------------------------------------------
# 3. Runtime


def bench_runtime(rounds, requests, list_requests):
    project = ROOT / "bench" / "runtime"
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGETS / "runtime"))
    proc, secs = sh(["cargo", "build", "--release"], cwd=project, env=env, timeout=1800)
    if proc.returncode != 0:
        return {"error": "bench/runtime does not build: " + first_line(
            "\n".join(l for l in proc.stderr.splitlines() if l.startswith("error")) or proc.stderr)}
    binary = TARGETS / "runtime" / "release" / "runtime-bench"
    proc, secs = sh([str(binary), "--rounds", str(rounds), "--requests", str(requests),
                     "--list-requests", str(list_requests)], timeout=900)
    if proc.returncode != 0:
        return {"error": "runtime-bench failed: " + first_line(proc.stderr)}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["seconds"] = secs
    return data


# ------------------------------------------------------------------------------------------------
# Profile notes


# Leaf-to-root: a sample belongs to the first frame of its call chain that matches a stage, so
# allocator / memcpy time is charged to the code that asked for it.
STAGES = [
    ("format: prettyplease", ("prettyplease",)),
    ("format: syn re-parse of the emitted tokens", ("syn::",)),
    ("format (generator::format, other)", ("generator::format",)),
    ("emit: token streams (quote / proc_macro2)", ("proc_macro2", "quote::")),
    ("emit (generator::emit)", ("generator::emit",)),
    ("templates and docs (askama, generator::render)", ("askama", "generator::render")),
    ("lower to IR (generator::lower, generator::ir)", ("generator::lower", "generator::ir")),
    ("parse the spec text (serde_json / serde_yaml / yaml-rust2)",
     ("serde_json", "serde_yaml", "yaml_rust2", "unsafe_libyaml", "serde_path_to_error")),
    ("load / validate the spec (generator::spec)", ("generator::spec",)),
    ("write files (generator::write / check, std::fs)", ("generator::write", "generator::check", "std::fs")),
    ("diagnostics (generator::diag)", ("generator::diag",)),
    ("process start-up (dynamic loader, exec)", ("_dl_", "dl_main", "dl_start", "ld-linux")),
    ("driver (generator::Config, main)", ("generator::Config", "generator::main")),
]
ALLOC = ("malloc", "_int_free", "cfree", "free@", "realloc", "__memmove", "__memcpy", "clear_page")


def perf_profile(binary, spec, wall):
    """Share of `perf record` samples per generator stage (call-chain attribution)."""
    if not shutil.which("perf"):
        return None, "perf not installed"
    data = WORK / "perf.data"
    outs = WORK / "perf-out"
    shutil.rmtree(outs, ignore_errors=True)
    outs.mkdir(parents=True)
    # Enough runs for ~0.5 s of samples, each into its own fresh folder.
    repeat = max(1, min(20, int(0.5 / max(wall, 0.001))))
    script = "; ".join(f'"$0" --spec "$1" --out "$2/{i}" >/dev/null' for i in range(repeat))
    proc, _ = sh(["perf", "record", "-F", "1999", "--call-graph", "dwarf,65528", "-o", str(data), "--",
                  "sh", "-c", script, binary, str(spec), str(outs)], cwd=WORK, timeout=300)
    if proc.returncode != 0:
        return None, "perf record failed: " + first_line(proc.stderr)
    proc, _ = sh(["perf", "script", "-i", str(data), "-F", "comm,ip,sym,dso"], timeout=600)
    if proc.returncode != 0:
        return None, "perf script failed: " + first_line(proc.stderr)
    counts = {}
    leaf_alloc = 0
    total = 0
    for block in proc.stdout.split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith("generator"):
            continue  # the `sh` wrapper's own samples
        frames = [l.strip() for l in lines[1:]]
        if not frames:
            continue
        total += 1
        if any(k in frames[0] for k in ALLOC):
            leaf_alloc += 1
        label = None
        for frame in frames:
            for name, keys in STAGES:
                if any(k in frame for k in keys):
                    label = name
                    break
            if label:
                break
        if label is None:
            if all("[kernel" in f for f in frames):
                label = "kernel only"
            elif all("libc.so" in f or "(inlined)" in f or "[kernel" in f or "[unknown]" in f for f in frames):
                label = "libc, caller not unwound (mostly malloc / free)"
            else:
                label = "other"
        counts[label] = counts.get(label, 0) + 1
    if not total:
        return None, "no samples"
    shares = {k: 100.0 * v / total for k, v in counts.items()}
    return {"shares": shares, "samples": total, "repeat": repeat,
            "alloc": 100.0 * leaf_alloc / total}, None


def time_passes(crate, tool):
    """rustc -Z time-passes of the crate (check profile), top passes. Diagnostic only."""
    env = dict(os.environ, CARGO_TARGET_DIR=str(TARGETS / f"weight-{tool}"), CARGO_INCREMENTAL="0",
               RUSTC_BOOTSTRAP="1", CARGO_TERM_COLOR="never")
    touch_sources(crate)
    proc, _ = sh(["cargo", "rustc", "--lib", "--profile", "check", "--", "-Z", "time-passes"],
                 cwd=crate, env=env, timeout=1800)
    passes = []
    for line in proc.stderr.splitlines():
        m = re.match(r"time:\s+([\d.]+);.*?\s(\S+)$", line)
        if m:
            passes.append((float(m.group(1)), m.group(2)))
    wanted = ["macro_expand_crate", "expand_crate", "type_check_crate", "MIR_borrow_checking",
              "MIR_effect_checking", "misc_checking_1", "misc_checking_3", "lint_checking",
              "generate_crate_metadata", "monomorphization_collector", "codegen_crate",
              "resolve_crate", "parse_crate", "hir_lowering", "total"]
    seen = {}
    for secs, name in passes:
        if name in wanted:
            seen[name] = seen.get(name, 0.0) + secs
    return seen


# ------------------------------------------------------------------------------------------------
# Report


def ratio(peer, ours):
    if peer is None or ours in (None, 0):
        return None
    return peer / ours


def fmt_ratio(r):
    return "-" if r is None else f"{r:.1f}×"


def runtime_section(rt, note=None):
    """Section 3 of the report, as lines."""
    L = []
    w = L.append
    w("## 3. Runtime overhead (`bench/runtime`, release build)")
    w("")
    if "error" in rt:
        w(f"Not measured: {rt['error']}")
        w("")
    else:
        r = runtime_summary(rt)
        mb = rt["page_bytes"] / 1e6
        w(f"{rt['rounds']} rounds. Within a round the variants are interleaved finely (GETs in 10 "
          "alternating blocks, list pages and decodes one at a time, order rotated), and the "
          "overhead is the **median over rounds of the per-round ratio**, so load from elsewhere on "
          "the machine hits both sides alike. Server: std-thread HTTP/1.1 keep-alive on 127.0.0.1 "
          "with fixed JSON bodies, pinned to CPU 1; client: current-thread tokio runtime pinned to "
          f"CPU 0, one request in flight; {rt['served']:,} requests served in all. CPU = process CPU "
          "time (client + server threads) per request. Hand-written = `#[derive(Deserialize)]` "
          "structs of the same shape (closed enums, chrono timestamps) decoded with "
          f"`serde_json::from_slice`. The benchmark binary ran for {rt['seconds']:.0f} s.")
        w("")
        w("| measurement | generated SDK | hand-written | overhead of the SDK |")
        w("|---|---|---|---|")
        w(f"| GET /api/v2/batches/{{id}} ({rt['single_bytes']} B body), {rt['requests_per_round']:,} "
          f"sequential requests per round: wall | {r['get_g']:,.0f} req/s ({1e6 / r['get_g']:.1f} µs) | "
          f"{r['get_p']:,.0f} req/s ({1e6 / r['get_p']:.1f} µs) — plain reqwest + serde_json, the same "
          f"request headers as the SDK | **{r['get_over'] * 100:+.1f} %** |")
        w(f"| same, CPU per request | {r['cpu_get_g'] * 1e6:.1f} µs | {r['cpu_get_p'] * 1e6:.1f} µs | "
          f"{r['cpu_get_over'] * 100:+.1f} % |")
        if "bare_get" in r:
            w(f"| same GET against plain reqwest sending the bearer token only (no `user-agent`, "
              f"`accept: application/json` or `x-retry-count`): wall | {r['get_g']:,.0f} req/s | {r['bare_get']:,.0f} req/s "
              f"({1e6 / r['bare_get']:.1f} µs) | {r['bare_over'] * 100:+.1f} % |")
        if "timeout_get" in r:
            w(f"| same GET against plain reqwest with the same headers and a 60 s timeout on the request "
              f"(the SDK sets one on each attempt): wall | {r['get_g']:,.0f} req/s | {r['timeout_get']:,.0f} req/s "
              f"({1e6 / r['timeout_get']:.1f} µs) | {r['timeout_over'] * 100:+.1f} % |")
        w(f"| GET /api/v2/batches, {rt['items']:,}-batch page ({mb:.1f} MB), "
          f"{rt['list_requests_per_round']} per round: wall | {r['list_g']:.1f} req/s ({1e3 / r['list_g']:.1f} ms) | "
          f"{r['list_p']:.1f} req/s ({1e3 / r['list_p']:.1f} ms) — plain reqwest + serde_json, same headers | "
          f"**{r['list_over'] * 100:+.1f} %** |")
        w(f"| same, CPU per request | {r['cpu_list_g'] * 1e3:.1f} ms | {r['cpu_list_p'] * 1e3:.1f} ms | "
          f"{r['cpu_list_over'] * 100:+.1f} % |")
        w(f"| decode the {rt['items']:,}-batch page from memory as the client does "
          f"(serde_json, `serde_path_to_error` only on failure; generated types) | {r['dec_g'] * 1e3:.1f} ms ({mb / r['dec_g']:.0f} MB/s) | "
          f"{r['dec_h'] * 1e3:.1f} ms ({mb / r['dec_h']:.0f} MB/s) | **{r['dec_over'] * 100:+.1f} %** |")
        w(f"| decode the same page with plain `serde_json::from_slice` into the generated types | "
          f"{r['dec_gp'] * 1e3:.1f} ms ({mb / r['dec_gp']:.0f} MB/s) | {r['dec_h'] * 1e3:.1f} ms | "
          f"{r['dec_gp_over'] * 100:+.1f} % |")
        w(f"| decode the {rt['single_bytes']} B GET body from memory as the client does | "
          f"{r['one_g'] * 1e6:.2f} µs | {r['one_h'] * 1e6:.2f} µs | {r['one_over'] * 100:+.1f} % |")
        w("")
        w("Every round: " + "; ".join(
            f"{group}.{k}: " + ", ".join(f"{x:.4g}" for x in v)
            for group in ("get_rps", "get_cpu_secs", "list_rps", "list_cpu_secs", "decode_secs",
                          "decode_single_secs")
            for k, v in rt[group].items()) + ".")
        w("")
    if note:
        w(note)
        w("")
    return L


# Sections of BENCHMARKS.md written by other scripts, which this one keeps: (begin, end) markers.
KEPT_SECTIONS = [
    ("<!-- bench/hostile.py: begin -->", "<!-- bench/hostile.py: end -->"),
    ("<!-- diff:start -->", "<!-- diff:end -->"),
    ("<!-- bench/tls.py: begin -->", "<!-- bench/tls.py: end -->"),
]


def write_report(path, info, peers, runs, gen, weight, rt, profiles, started_at, phases, loads,
                 breakdown=None):
    L = []
    w = L.append
    w("# Benchmarks")
    w("")
    w("Written by `python3 bench/run.py` from one run; every number below comes from that run. "
      "Rerun the command to refresh it.")
    w("")
    targets = evaluate_targets(gen, weight, rt)
    passed = [t for t in targets if t["result"] == "pass"]
    failed = [t for t in targets if t["result"].startswith("**FAIL")]
    w(f"**Targets: {len(passed)} of {len(targets)} pass** ({len(failed)} missed"
      + (", " + str(len(targets) - len(passed) - len(failed)) + " not applicable" if len(targets) - len(passed) - len(failed) else "")
      + "); see [4. Targets](#4-targets), with a profile note for each missed one.")
    w("")
    w("## Machine")
    w("")
    w("| | |")
    w("|---|---|")
    w(f"| date | {info['date']} |")
    w(f"| nproc | {info['nproc']} |")
    w(f"| memory | {info['memory']} |")
    w(f"| CPU | {info['cpu']} |")
    w(f"| rustc | {info['rustc']} |")
    w(f"| cargo | {info['cargo']} |")
    w(f"| kernel | {info['kernel']} |")
    w(f"| python | {info['python']} |")
    w(f"| commit | {info['commit']} |")
    w("")
    w("Tools compared (installed with `cargo install --locked --root /tmp/bench-peers`):")
    w("")
    w("| tool | version | how it is run |")
    w("|---|---|---|")
    w("| ours | this workspace, `cargo build --release -p generator` | `generator --spec SPEC --out DIR` |")
    for name, crate, version, binary, cmd in PEERS:
        shown = " ".join(cmd(binary, "SPEC", "DIR", "NAME"))
        note = peers[name]["note"]
        w(f"| {name} | `{crate}` {version} ({note}) | `{shown}` |")
    w("")

    # ---- generation
    w("## 1. Generation (whole command, release build)")
    w("")
    w(f"Median wall time of {runs} runs, each into a fresh empty folder, the tools taking turns (one run "
      "each per round, the first of a round changing every round), measured around the whole "
      "process (start-up, reading the spec, writing every file). Peak RSS (max over the runs) is GNU time's `%M` "
      "(or `wait4`'s `ru_maxrss` when /usr/bin/time is missing); CPU time (user + sys, median) "
      "is the process's rusage from `wait4`. Ratio = peer ÷ ours (above 1× means ours is faster / smaller).")
    w("")
    w("| spec | size | " + " | ".join(TOOLS) + " |")
    w("|---|---|" + "---|" * len(TOOLS))
    def tool_cells(spec_name, key, fmt, error_cell):
        """One row's cells: ours in bold, each peer with its ratio to ours."""
        cells = []
        ours = gen.get(("ours", spec_name), {})
        for tool in TOOLS:
            e = gen.get((tool, spec_name), {})
            if "error" in e:
                cells.append(error_cell(e))
            elif tool == "ours":
                cells.append(f"**{fmt(e[key])}**")
            else:
                cells.append(f"{fmt(e[key])} ({fmt_ratio(ratio(e[key], ours.get(key)))})")
        return cells

    for spec_name, spec in SPECS:
        cells = tool_cells(spec_name, "wall", fmt_s, lambda e: e["error"])
        w(f"| {spec_name} | {spec.stat().st_size / 1024:.0f} KiB | " + " | ".join(cells) + " |")
    w("")
    for title, key, fmt in (("Peak RSS:", "rss_kib", fmt_mib),
                            ("CPU time (user + sys, median of the runs):", "cpu", fmt_s)):
        w(title)
        w("")
        w("| spec | " + " | ".join(TOOLS) + " |")
        w("|---|" + "---|" * len(TOOLS))
        for spec_name, _ in SPECS:
            cells = tool_cells(spec_name, key, fmt, lambda e: "-")
            w(f"| {spec_name} | " + " | ".join(cells) + " |")
        w("")
    w("Every run (seconds): " + "; ".join(
        f"{key[0]} / {key[1]}: " + ", ".join(f"{x:.3f}" for x in e["walls"])
        for key, e in gen.items() if isinstance(key, tuple) and "walls" in e) + ".")
    w("")
    w(f"Launch floor: the same measurement of `true` takes {fmt_s(gen['floor'])} (median).")
    w("")
    if breakdown:
        w("### Where our generation time goes")
        w("")
        w("From the generator's own `--timings` (median of 3 runs). Loading and lowering run on one "
          "thread; emitting (tokens), formatting (syn + prettyplease) and rendering (README, "
          "`api.md`, their examples formatted) run as independent jobs on every core, so their thread "
          "times add up to more than the stage's wall time. The floor is what the work would take "
          f"with perfect use of the {info['nproc']} cores: the serial stages plus the threads' time "
          "divided by the cores.")
        w("")
        w("| spec | load | lower + check | emit (threads) | format (threads) | render (threads) | "
          "parallel stage (wall) | write | whole process | floor |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        for spec_name, _ in SPECS:
            row = breakdown.get(spec_name)
            if not row:
                continue
            load, lower, files, emit, fmt, render, write, whole = row
            floor = load + lower + (emit + fmt + render) / max(1, int(info["nproc"])) + write
            w(f"| {spec_name} | {fmt_s(load)} | {fmt_s(lower)} | {fmt_s(emit)} | {fmt_s(fmt)} | "
              f"{fmt_s(render)} | {fmt_s(files)} | {fmt_s(write)} | {fmt_s(whole)} | {fmt_s(floor)} |")
        w("")

    # ---- weight
    w("## 2. Weight of the output")
    w("")
    w("Lines of every generated `.rs` file. `cargo check` / `cargo build` (debug) time the generated "
      "crate alone: dependencies already built in a shared target folder per tool, sources touched "
      "before the timed command, `CARGO_INCREMENTAL=0` so the whole crate is recompiled; median of "
      "3 commands when one takes under 5 s, else one; CPU = user + sys of cargo and rustc. "
      "Ratio = peer ÷ ours. openapi-to-rust writes modules, not a crate: it is wrapped in a "
      "one-line `lib.rs` with the dependencies it lists in `REQUIRED_DEPS.toml`.")
    w("")
    w("| spec | tool | .rs files | lines | cargo check | check ratio | cargo build (debug) | build ratio |")
    w("|---|---|---|---|---|---|---|---|")
    for spec_name, _ in SPECS:
        ours = weight.get(("ours", spec_name), {})
        for tool in TOOLS:
            e = gen.get((tool, spec_name), {})
            row = weight.get((tool, spec_name))
            if row is None:
                w(f"| {spec_name} | {tool} | - | - | {e.get('error', 'no output')} | - | - | - |")
                continue
            check = fmt_s(row["check"]) if row["check"] is not None else row["check_note"]
            if row.get("check_cpu") is not None:
                check += f" (CPU {fmt_s(row['check_cpu'])})"
            if row["check"] is not None and row["check_note"]:
                check += " " + row["check_note"]
            build = fmt_s(row.get("build")) if row.get("build") is not None else (row.get("build_note") or "-")
            if row.get("build_cpu") is not None:
                build += f" (CPU {fmt_s(row['build_cpu'])})"
            name = f"**{tool}**" if tool == "ours" else tool
            cr = "-" if tool == "ours" else fmt_ratio(ratio(row["check"], ours.get("check")))
            br = "-" if tool == "ours" else fmt_ratio(ratio(row.get("build"), ours.get("build")))
            w(f"| {spec_name} | {name} | {row['files']} | {row['lines']:,} | {check} | {cr} | {build} | {br} |")
    w("")

    # ---- runtime
    L.extend(runtime_section(rt))

    # ---- targets
    w("## 4. Targets")
    w("")
    w("| target | measured | result |")
    w("|---|---|---|")
    for t in targets:
        w(f"| {t['target']} | {t['measured']} | {t['result']} |")
    w("")
    missed = [t for t in targets if t["result"].startswith("**FAIL")]
    if missed or profiles:
        w("### Profile notes for missed targets")
        w("")
        for note in profiles:
            w(note)
            w("")
    w("## This run")
    w("")
    total = time.monotonic() - started_at
    w(f"The whole script took {total / 60:.1f} min: " + ", ".join(f"{p} {s:.0f} s" for p, s in phases) + ".")
    w("")
    w("1-minute load average at the start and after each phase (the machine has "
      f"{info['nproc']} cores; anything else running on it shows up here and in the timings): "
      + ", ".join(f"{p} {l:.2f}" for p, l in loads) + ".")
    w("")
    # The sections other scripts write are kept as they are, between their markers.
    previous = Path(path).read_text() if Path(path).exists() else ""
    for begin, end in KEPT_SECTIONS:
        if begin in previous and end in previous:
            L.append(begin + previous.split(begin, 1)[1].split(end, 1)[0] + end)
            L.append("")
    Path(path).write_text("\n".join(L))
    return targets


def paired(slower, faster, invert=False):
    """Median over rounds of the per-round overhead slower/faster - 1 (rates: faster/slower - 1)."""
    pairs = zip(slower, faster)
    return median([(f / s if invert else s / f) - 1 for s, f in pairs])


def runtime_summary(rt):
    g, p = rt["get_rps"]["generated"], rt["get_rps"]["plain"]
    lg, lp = rt["list_rps"]["generated"], rt["list_rps"]["plain"]
    d = rt["decode_secs"]
    one = rt["decode_single_secs"]
    bare = rt["get_rps"].get("plain_bare")
    extra = {"bare_get": median(bare), "bare_over": paired(g, bare, invert=True)} if bare else {}
    timed = rt["get_rps"].get("plain_timeout")
    if timed:
        extra |= {"timeout_get": median(timed), "timeout_over": paired(g, timed, invert=True)}
    return extra | {
        "get_g": median(g), "get_p": median(p), "get_over": paired(g, p, invert=True),
        "cpu_get_g": median(rt["get_cpu_secs"]["generated"]), "cpu_get_p": median(rt["get_cpu_secs"]["plain"]),
        "cpu_get_over": paired(rt["get_cpu_secs"]["generated"], rt["get_cpu_secs"]["plain"]),
        "list_g": median(lg), "list_p": median(lp), "list_over": paired(lg, lp, invert=True),
        "cpu_list_g": median(rt["list_cpu_secs"]["generated"]), "cpu_list_p": median(rt["list_cpu_secs"]["plain"]),
        "cpu_list_over": paired(rt["list_cpu_secs"]["generated"], rt["list_cpu_secs"]["plain"]),
        "dec_g": median(d["generated"]), "dec_h": median(d["hand"]),
        "dec_gp": median(d["generated_plain_serde_json"]),
        "dec_over": paired(d["generated"], d["hand"]),
        "dec_gp_over": paired(d["generated_plain_serde_json"], d["hand"]),
        "one_g": median(one["generated"]), "one_h": median(one["hand"]),
        "one_over": paired(one["generated"], one["hand"]),
    }


def evaluate_targets(gen, weight, rt):
    out = []

    def verdict(ok):
        return "pass" if ok else "**FAIL**"

    ours = gen.get(("ours", "batches.yaml"), {})
    if "wall" in ours:
        out.append({"target": "`spec/batches.yaml` end to end < 30 ms", "key": "e2e",
                    "measured": fmt_s(ours["wall"]), "result": verdict(ours["wall"] < 0.030)})
    else:
        out.append({"target": "`spec/batches.yaml` end to end < 30 ms", "key": "e2e",
                    "measured": ours.get("error", "-"), "result": "**FAIL**"})
    for spec_name, spec in SPECS:
        if spec.stat().st_size < BIG_SPEC:
            continue
        o = gen.get(("ours", spec_name), {})
        peers = [(gen[(p, spec_name)]["wall"], p) for p in TOOLS[1:] if "wall" in gen.get((p, spec_name), {})]
        label = f"generation ≥ 2× faster than the fastest peer: {spec_name}"
        if "wall" not in o:
            out.append({"target": label, "key": ("gen", spec_name), "measured": o.get("error", "-"),
                        "result": "**FAIL**"})
        elif not peers:
            out.append({"target": label, "key": ("gen", spec_name), "measured": "no peer accepts this spec",
                        "result": "n/a"})
        else:
            fastest, peer = min(peers)
            r = fastest / o["wall"]
            out.append({"target": label, "key": ("gen", spec_name),
                        "measured": f"{fmt_ratio(r)} ({peer} {fmt_s(fastest)} vs ours {fmt_s(o['wall'])})",
                        "result": verdict(r >= 2)})
    for spec_name in HEAVY_SPECS:
        o = weight.get(("ours", spec_name), {})
        peers = [(weight[(p, spec_name)]["check_cpu"], p) for p in TOOLS[1:]
                 if weight.get((p, spec_name), {}).get("check_cpu") is not None]
        label = f"`cargo check` CPU of the generated crate ≥ 2× lower than the lightest peer's: {spec_name}"
        if o.get("check_cpu") is None:
            out.append({"target": label, "key": ("check", spec_name),
                        "measured": o.get("check_note") or gen.get(("ours", spec_name), {}).get("error", "-"),
                        "result": "**FAIL**"})
        elif not peers:
            out.append({"target": label, "key": ("check", spec_name),
                        "measured": "no peer output checks", "result": "n/a"})
        else:
            lightest, peer = min(peers)
            r = lightest / o["check_cpu"]
            out.append({"target": label, "key": ("check", spec_name),
                        "measured": f"{fmt_ratio(r)} ({peer} {fmt_s(lightest)} vs ours {fmt_s(o['check_cpu'])})",
                        "result": verdict(r >= 2)})
        # Lines: at most the leanest peer's, among the peers whose output checks.
        peers = [(weight[(p, spec_name)]["lines"], p) for p in TOOLS[1:]
                 if weight.get((p, spec_name), {}).get("check") is not None]
        label = f"generated lines at most the leanest peer's: {spec_name}"
        if "lines" not in o:
            out.append({"target": label, "key": ("lines", spec_name), "measured": "-", "result": "**FAIL**"})
        elif not peers:
            out.append({"target": label, "key": ("lines", spec_name),
                        "measured": "no peer output checks", "result": "n/a"})
        else:
            leanest, peer = min(peers)
            out.append({"target": label, "key": ("lines", spec_name),
                        "measured": f"ours {o['lines']:,} vs {peer} {leanest:,}",
                        "result": verdict(o["lines"] <= leanest)})
    if "error" in rt:
        out.append({"target": "runtime within 5 % of plain reqwest and hand-written serde", "key": "rt",
                    "measured": rt["error"], "result": "**FAIL**"})
    else:
        r = runtime_summary(rt)
        get, lst, dec = r["get_over"], r["list_over"], r["dec_over"]
        bare = (f"; {r['bare_over'] * 100:+.1f} % against a bare request without the SDK's "
                "`user-agent`, `accept` and `x-retry-count` headers") if "bare_over" in r else ""
        if "timeout_over" in r:
            bare += (f"; {r['timeout_over'] * 100:+.1f} % against plain reqwest with the same headers "
                     "and a 60 s request timeout, as the SDK's")
        out.append({"target": "runtime: GET through the SDK within 5 % of plain reqwest (same request headers)",
                    "key": "rt-get", "measured": f"{get * 100:+.1f} % per request{bare}",
                    "result": verdict(get <= 0.05)})
        out.append({"target": "runtime: 10,000-batch list page through the SDK within 5 % of plain reqwest",
                    "key": "rt-list", "measured": f"{lst * 100:+.1f} % per request", "result": verdict(lst <= 0.05)})
        out.append({"target": "runtime: decode into generated types within 5 % of hand-written serde",
                    "key": "rt-decode", "measured": f"{dec * 100:+.1f} % per decode", "result": verdict(dec <= 0.05)})
    return out


def profile_notes(targets, gen, weight, rt, binaries):
    notes = []
    for t in targets:
        if not t["result"].startswith("**FAIL"):
            continue
        key = t["key"]
        if key == "e2e" or (isinstance(key, tuple) and key[0] == "gen"):
            spec_name = "batches.yaml" if key == "e2e" else key[1]
            spec = dict(SPECS)[spec_name]
            e = gen.get(("ours", spec_name), {})
            if "wall" not in e:
                continue
            prof, err = perf_profile(binaries["ours"], spec, e["wall"])
            head = (f"- **Generation, {spec_name}** ({fmt_s(e['wall'])} wall, {fmt_s(e['cpu'])} CPU user+sys, "
                    f"peak {fmt_mib(e['rss_kib'])}).")
            if err:
                notes.append(head + f" No profile: {err}.")
                continue
            shares = sorted(prof["shares"].items(), key=lambda kv: -kv[1])
            notes.append(head + f" `perf record` ({prof['samples']} samples over {prof['repeat']} run(s)), each sample "
                         "charged to the innermost stage on its call chain: "
                         + ", ".join(f"{label} {pct:.0f} %" for label, pct in shares if pct >= 1)
                         + f". {prof['alloc']:.0f} % of all samples are inside malloc / free / memcpy / page clearing.")
        elif isinstance(key, tuple) and key[0] == "check":
            spec_name = key[1]
            row = weight.get(("ours", spec_name))
            if not row or row.get("check") is None:
                continue
            passes = time_passes(row["crate"], "ours")
            peer_bits = []
            for p in TOOLS[1:]:
                pr = weight.get((p, spec_name))
                if pr and pr.get("check") is not None:
                    peer_bits.append(f"{p} {pr['lines']:,} lines in {fmt_s(pr['check'])} "
                                     f"({pr['lines'] / pr['check'] / 1000:.1f} k lines/s)")
            rate = row["lines"] / row["check"] / 1000
            shown = ", ".join(f"{name} {secs:.2f} s" for name, secs in
                              sorted(passes.items(), key=lambda kv: -kv[1]) if secs >= 0.05)
            notes.append(f"- **`cargo check`, {spec_name}**: ours {row['lines']:,} lines in {fmt_s(row['check'])} "
                         f"({rate:.1f} k lines/s); " + "; ".join(peer_bits) + ". "
                         + (f"rustc `-Z time-passes` of our crate (check profile): {shown}." if shown
                            else "rustc `-Z time-passes` gave no numbers."))
        elif key in ("rt-get", "rt-list", "rt-decode", "rt") and "error" not in rt:
            dec = {k: median(v) for k, v in rt["decode_secs"].items()}
            ptoe = dec["generated"] - dec["generated_plain_serde_json"]
            shape = dec["generated_plain_serde_json"] - dec["hand"]
            if key == "rt-decode":
                notes.append(
                    f"- **Decode**: of the {(dec['generated'] - dec['hand']) * 1e3:+.1f} ms extra per "
                    f"{rt['items']:,}-batch page, {ptoe * 1e3:+.1f} ms is the client's decode wrapper (plain "
                    f"serde_json; `serde_path_to_error` runs only after a failure) and {shape * 1e3:+.1f} ms is "
                    "the shape of the generated types (open enums decode through an owned `String`, "
                    "`Nullable` wrappers) — measured with `serde_json::from_slice` into the generated types.")
            elif key == "rt-get":
                r = runtime_summary(rt)
                extra_cpu = (r["cpu_get_g"] - r["cpu_get_p"]) * 1e6
                extra_dec = (r["one_g"] - r["one_h"]) * 1e6
                notes.append(
                    f"- **GET**: {1e6 / r['get_g'] - 1e6 / r['get_p']:+.1f} µs wall and {extra_cpu:+.1f} µs CPU "
                    f"per request over plain reqwest sending the same headers ({1e6 / r['get_p']:.1f} µs wall). "
                    f"Decoding the body into the generated types accounts for {extra_dec:+.2f} µs of it "
                    f"(measured from memory); the remaining ~{extra_cpu - extra_dec:.1f} µs is the SDK's "
                    "request path: the request built from the parameters, the URL from the parsed base, "
                    "the call's boxed future, one timeout timer per attempt, the response kept with its "
                    "headers and raw body (not measured separately)."
                    + (f" The SDK's extra headers (`user-agent`, `accept`, `x-retry-count`) cost "
                       f"{(r['bare_over'] - r['get_over']) * 100:+.1f} % more against a bare request."
                       if "bare_over" in r else "")
                    + (f" A timeout on the plain request (reqwest's, 60 s) takes "
                       f"{(r['get_over'] - r['timeout_over']) * 100:.1f} points of the overhead: the "
                       "SDK's timer per attempt is part of what it costs over plain reqwest."
                       if "timeout_over" in r else ""))
            elif key == "rt-list":
                g, p = median(rt["list_rps"]["generated"]), median(rt["list_rps"]["plain"])
                notes.append(
                    f"- **List page**: {1e3 / g - 1e3 / p:+.1f} ms per request over plain reqwest; "
                    f"decoding alone accounts for {(dec['generated'] - dec['hand']) * 1e3:+.1f} ms of it "
                    "(see the decode note).")
    return notes


def runtime_only(args):
    """`--runtime-only`: section 3, the runtime targets and their notes, from a new run;
    the rest of the report stays as the last full run wrote it."""
    path = Path(args.out)
    report = path.read_text()
    rt = bench_runtime(args.runtime_rounds, args.runtime_requests, args.runtime_list_requests)
    if "error" in rt:
        say(rt["error"])
        sys.exit(1)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    note = (f"This section, the runtime rows of [4. Targets](#4-targets) and their profile notes come "
            f"from `python3 bench/run.py --runtime-only` ({when}, commit {commit}, 1-minute load "
            f"{os.getloadavg()[0]:.2f}); the other sections from the last full run.")
    head, rest = report.split("## 3. Runtime overhead", 1)
    rest = rest.split("## 4. Targets", 1)[1]
    report = head + "\n".join(runtime_section(rt, note)) + "\n## 4. Targets" + rest
    targets = [t for t in evaluate_targets({}, {}, rt) if str(t["key"]).startswith("rt")]
    lines = report.split("\n")
    rows = {t["target"]: f"| {t['target']} | {t['measured']} | {t['result']} |" for t in targets}
    lines = [rows.get(line.split(" | ")[0][2:], line) if line.startswith("| runtime") else line
             for line in lines]
    # Profile notes of the runtime targets: replaced by the new ones (none when met).
    lines = [line for line in lines
             if not line.startswith(("- **GET**", "- **List page**", "- **Decode**"))]
    notes = [n for n in profile_notes(targets, {}, {}, rt, {}) if n]
    if notes:
        at = next((i for i, line in enumerate(lines) if line == "### Profile notes for missed targets"), None)
        if at is None:
            at = next(i for i, line in enumerate(lines) if line == "## This run")
            lines[at:at] = ["### Profile notes for missed targets", ""]
            at += 0
        for offset, n in enumerate(notes):
            lines.insert(at + 2 + 2 * offset, n)
            lines.insert(at + 3 + 2 * offset, "")
    report = "\n".join(lines)
    # An empty notes heading goes; the count of passed targets follows the table.
    report = re.sub(r"### Profile notes for missed targets\n\n(?=## )", "", report)
    table = report.split("## 4. Targets", 1)[1].split("\n## ", 1)[0]
    results = [row.rsplit("|", 2)[-2].strip() for row in table.splitlines()
               if row.startswith("| ") and not row.startswith("| target")]
    passed = sum(result == "pass" for result in results)
    missed = sum(result.startswith("**FAIL") for result in results)
    report = re.sub(r"\*\*Targets: \d+ of \d+ pass\*\* \(\d+ missed",
                    f"**Targets: {passed} of {len(results)} pass** ({missed} missed", report, count=1)
    path.write_text(report)
    say(f"wrote the runtime section of {path}")
    for t in targets:
        say(f"  {t['result']:10} {t['target']}: {t['measured']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="generation runs per spec and tool")
    parser.add_argument("--runtime-rounds", type=int, default=15)
    parser.add_argument("--runtime-requests", type=int, default=5000, help="GETs per round and variant")
    parser.add_argument("--runtime-list-requests", type=int, default=6, help="list pages per round and variant")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--runtime-only", action="store_true",
                        help="run only the runtime benchmark and replace its section (3), its "
                        "rows of the targets table and its profile notes in the existing report")
    args = parser.parse_args()
    if args.runtime_only:
        runtime_only(args)
        return
    runs = max(1, min(args.runs, 50))

    started_at = time.monotonic()
    phases = []

    def phase(name, t0):
        phases.append((name, time.monotonic() - t0))
        loads.append((name, os.getloadavg()[0]))

    loads = [("start", os.getloadavg()[0])]

    WORK.mkdir(parents=True, exist_ok=True)
    TARGETS.mkdir(parents=True, exist_ok=True)
    info = machine()
    say(f"machine: {info}")

    t0 = time.monotonic()
    binaries = {"ours": build_ours()}
    phase("build the generator", t0)

    t0 = time.monotonic()
    peers = install_peers()
    for name, st in peers.items():
        binaries[name] = st["binary"]
    phase("peers (install or cache)", t0)

    say("generation…")
    t0 = time.monotonic()
    gen = bench_generation(binaries, runs)
    phase("generation", t0)

    say("where our generation time goes…")
    t0 = time.monotonic()
    breakdown = bench_breakdown(binaries["ours"])
    phase("generation breakdown", t0)

    say("weight (cargo check / build)…")
    t0 = time.monotonic()
    weight = bench_weight(gen)
    phase("cargo check / build", t0)

    say("runtime…")
    t0 = time.monotonic()
    rt = bench_runtime(args.runtime_rounds, args.runtime_requests, args.runtime_list_requests)
    phase("runtime (build + run)", t0)

    t0 = time.monotonic()
    targets = evaluate_targets(gen, weight, rt)
    notes = profile_notes(targets, gen, weight, rt, binaries)
    phase("profiles", t0)

    targets = write_report(args.out, info, peers, runs, gen, weight, rt, notes, started_at, phases, loads,
                           breakdown)
    say(f"wrote {args.out}")
    for t in targets:
        say(f"  {t['result']:10} {t['target']}: {t['measured']}")


if __name__ == "__main__":
    main()
