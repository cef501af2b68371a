#!/usr/bin/env python3
"""Speed of `generator diff` on GitHub-sized specs; writes the "Diff" section of BENCHMARKS.md.

    python3 bench/diff.py             # build, measure, rewrite the section in BENCHMARKS.md
    python3 bench/diff.py --runs 9    # runs per measurement (median reported)
    python3 bench/diff.py --no-write  # print the section only
    python3 bench/diff.py --binary target/release/generator   # measure an existing build

What it measures (release build of the generator, the whole command, output to a file):

1. `progenitor-api.github.com.json` (../shared/corpus, 3.6 MB, ~900 operations) against a copy
   with small edits, made by this script: an operation removed, a query parameter made
   required, an optional property added, an enum value added, a description changed.
2. The same spec against itself (nothing to report: the floor of loading both sides).
3. `spec/batches.yaml` against itself (a small spec: process start-up and the runtime items).

Wall time (median) and CPU time (user + sys from `wait4`, median): on a shared 2-core machine
the CPU time is the steadier number. The generator is built into its own target folder under
/tmp so it does not fight over the workspace's `target/`.

Only the part of BENCHMARKS.md between the `diff:start` and `diff:end` markers is rewritten
(`bench/run.py`, which writes the rest, keeps it).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
GITHUB = CORPUS / "progenitor-api.github.com.json"
START = "<!-- diff:start -->"
END = "<!-- diff:end -->"


def build():
    target = Path("/tmp/bench-diff-target")
    subprocess.run(
        ["cargo", "build", "--release", "--locked", "-p", "generator"],
        cwd=ROOT, check=True, env=dict(os.environ, CARGO_TARGET_DIR=str(target)),
    )
    binary = Path(tempfile.mkdtemp(prefix="bench-diff-")) / "generator"
    # A copy, so a concurrent rebuild cannot change it mid-run.
    shutil.copy2(target / "release" / "generator", binary)
    return binary


def edited_copy(spec, folder):
    """The spec with five small edits, and what they are."""
    document = json.loads(spec.read_text())
    edits = []
    paths = document["paths"]
    # An operation removed: the first DELETE.
    for path, item in paths.items():
        if "delete" in item:
            del item["delete"]
            edits.append(f"DELETE {path} removed")
            break
    # An optional query parameter made required.
    done = False
    for path, item in paths.items():
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            for param in op.get("parameters", []):
                if isinstance(param, dict) and param.get("in") == "query" and not param.get("required"):
                    param["required"] = True
                    edits.append(f"{method.upper()} {path}: query parameter {param['name']} required")
                    done = True
                    break
            if done:
                break
        if done:
            break
    schemas = document["components"]["schemas"]
    # An optional property added, and an enum value added.
    for name, schema in schemas.items():
        if schema.get("type") == "object" and "properties" in schema:
            schema["properties"]["bench_note"] = {"type": "string"}
            edits.append(f"schema {name}: optional property bench_note added")
            break
    for name, schema in schemas.items():
        for prop, value in schema.get("properties", {}).items():
            if isinstance(value, dict) and isinstance(value.get("enum"), list) and all(isinstance(v, str) for v in value["enum"]):
                value["enum"].append("bench_value")
                edits.append(f"schema {name}: enum value bench_value added to {prop}")
                break
        else:
            continue
        break
    # A description changed (not an API change).
    document["info"]["description"] = (document["info"].get("description") or "") + " (edited)"
    edits.append("info.description changed")
    out = folder / "github-edited.json"
    out.write_text(json.dumps(document, indent=2))
    return out, edits


def measure(cmd, runs):
    walls, cpus, output = [], [], None
    for _ in range(runs):
        with tempfile.TemporaryFile() as out:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - started)
            cpus.append(usage.ru_utime + usage.ru_stime)
            code = os.waitstatus_to_exitcode(status)
            if code != 0:
                sys.exit(f"{' '.join(map(str, cmd))} exited with {code}: {proc.stderr.read().decode()}")
            proc.stderr.close()
            out.seek(0)
            output = out.read().decode()
    return statistics.median(walls), statistics.median(cpus), walls, output


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--binary", help="an already built release generator (skips the build)")
    args = parser.parse_args()
    if not GITHUB.exists():
        sys.exit(f"{GITHUB} is missing (the corpus lives beside the repository)")
    started = time.monotonic()
    load_start = os.getloadavg()[0]
    if args.binary:
        binary = Path(tempfile.mkdtemp(prefix="bench-diff-")) / "generator"
        shutil.copy2(args.binary, binary)
    else:
        binary = build()
    folder = Path(tempfile.mkdtemp(prefix="bench-diff-"))
    edited, edits = edited_copy(GITHUB, folder)
    rows = []
    cases = [
        ("GitHub spec vs the edited copy", GITHUB, edited),
        ("GitHub spec vs itself", GITHUB, GITHUB),
        ("`spec/batches.yaml` vs itself", ROOT / "spec" / "batches.yaml", ROOT / "spec" / "batches.yaml"),
    ]
    for label, old, new in cases:
        wall, cpu, walls, output = measure([str(binary), "diff", str(old), str(new), "--format", "json"], args.runs)
        report = json.loads(output)
        changes = report["summary"]["changes"]
        kinds = sorted({c["kind"] for c in report["changes"]})
        rows.append((label, wall, cpu, walls, changes, kinds))
        print(f"{label}: {ms(wall)} wall, {ms(cpu)} CPU, {changes} changes", file=sys.stderr)
    lines = [
        START,
        "## Diff (`generator diff`, release build)",
        "",
        f"Written by `python3 bench/diff.py` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{os.cpu_count()} cores, 1-minute load average {load_start:.2f} at the start and "
        f"{os.getloadavg()[0]:.2f} at the end). Median of {args.runs} runs of the whole command "
        "(`--format json` into a file); CPU is user + sys from `wait4`. Both specs are loaded and "
        "lowered on two threads, then compared.",
        "",
        "| diff | wall | CPU | changes |",
        "|---|---|---|---|",
    ]
    for label, wall, cpu, _, changes, kinds in rows:
        lines.append(f"| {label} | **{ms(wall)}** | {ms(cpu)} | {changes} ({', '.join(kinds) or 'none'}) |")
    lines += [
        "",
        "The edits: " + "; ".join(edits) + ".",
        "",
        "Every run (seconds): " + "; ".join(
            f"{label}: " + ", ".join(f"{w:.3f}" for w in walls) for label, _, _, walls, _, _ in rows
        ) + ".",
        "",
        f"The script took {time.monotonic() - started:.0f} s"
        + (" (the release build given with `--binary`)." if args.binary else " (most of it the release build)."),
        END,
    ]
    section = "\n".join(lines)
    print(section)
    if args.no_write:
        return
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text()
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
