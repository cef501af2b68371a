#!/usr/bin/env python3
"""Runs the generator on every OpenAPI 3.x file of the shared corpus and proves each SDK.

For each spec: generate a crate with `--with-tests` into a temporary folder, `cargo clippy`
it with warnings denied, start Prism (the mock server from `.ci/node_modules`) on the spec
on 127.0.0.1, and run the generated tests against it (`TEST_API_BASE_URL`) twice: once
answered from the spec's examples, once with Prism's dynamic responses (`-d`: values made
from the response schemas, so a decoder that only knows the examples fails). Prints a
Markdown table (one row per spec) and writes it to `--out` when given.

    python3 tests/corpus/run.py                      # every file (CORPUS.md numbers)
    python3 tests/corpus/run.py --max-size 150000    # the small files (what CI runs)
    python3 tests/corpus/run.py --out CORPUS.md
    python3 tests/corpus/run.py --only discord       # the specs whose name contains a word
    python3 tests/corpus/run.py --only box --keep /tmp/corpus   # keep crate, Prism log, test output

The specs are the files directly in the corpus folder and, for a multi-file description
kept in its own folder (`lichess/`), the entry file at the top of that folder named after
it (`lichess/lichess-api.yaml`); `history/` (older versions of a spec) is left out. A
multi-file spec's size is the size of all its files.

Exit status 1 when a spec fails to generate or its crate does not check warning-free.
Failing generated tests are reported in the table (with Prism's verdict), not fatal:
some specs carry examples that do not match their own schemas.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
PRISM = ROOT / ".ci" / "node_modules" / ".bin" / "prism"


class TimedOut:
    """What `run` returns when a command ran out of time (killed with its children)."""

    returncode = None

    def __init__(self, timeout):
        self.stdout = ""
        self.stderr = f"timed out after {timeout} s"


def run(cmd, cwd=None, env=None, timeout=1800):
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return TimedOut(timeout), time.monotonic() - started
    proc.stdout, proc.stderr = stdout, stderr
    return proc, time.monotonic() - started


def corpus_specs():
    """(spec path, size in bytes) of every entry spec of the corpus."""
    specs = []
    for path in sorted(CORPUS.iterdir()):
        if path.is_file() and path.suffix in (".json", ".yaml", ".yml"):
            specs.append((path, path.stat().st_size))
        elif path.is_dir() and path.name != "history":
            entries = sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix in (".json", ".yaml", ".yml") and p.stem.startswith(path.name)
            )
            for entry in entries[:1]:
                size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
                specs.append((entry, size))
    return specs


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def openapi_version(path):
    """("openapi" or "swagger", version) from the document's top level."""
    text = path.read_text(errors="replace")
    if path.suffix == ".json":
        try:
            document = json.loads(text)
        except ValueError:
            return (None, None)
        for kind in ("openapi", "swagger"):
            if isinstance(document, dict) and kind in document:
                return (kind, str(document[kind]))
        return (None, None)
    # YAML: a key at the start of a line (the top level), wherever it is in the file.
    match = re.search(r'(?m)^["\']?(openapi|swagger)["\']?\s*:\s*["\']?([0-9.]+)', text)
    return (match.group(1), match.group(2)) if match else (None, None)


def start_prism(spec, log, dynamic=False):
    """Prism mocking `spec` on a free 127.0.0.1 port: answers from the spec's examples, or
    (`dynamic`) values generated from the response schemas. (process, port or None)."""
    port = free_port()
    proc = subprocess.Popen(
        [str(PRISM), "mock", str(spec), "-h", "127.0.0.1", "-p", str(port)] + (["-d"] if dynamic else []),
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return proc, None
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return proc, port
        except OSError:
            time.sleep(0.2)
    return proc, None


def stop(proc):
    if proc and proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except Exception:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def prism_pass(spec, crate, stem, env, dynamic, timeout):
    """Runs the crate's generated tests against Prism serving `spec`; keeps Prism's log
    (`<stem>.prism.log`) and the test output (`<stem>.test.log`). A dict: passed, total,
    detail (the first failures), cannot_serve (why Prism did not start, or None)."""
    log_path = Path(f"{stem}.prism.log")
    with open(log_path, "w") as log:
        prism, port = start_prism(spec, log, dynamic)
        try:
            if port is None:
                log_lines = log_path.read_text().strip().splitlines()
                fatal = [l.split("fatal", 1)[1].strip() for l in log_lines if "fatal" in l]
                errors = [l.strip() for l in log_lines if "Error" in l]
                reason = (fatal or errors or log_lines[-1:] or ["no output"])[0][:160]
                return {"passed": 0, "total": 0, "detail": "", "cannot_serve": reason}
            env_test = dict(env, TEST_API_BASE_URL=f"http://127.0.0.1:{port}")
            test, _ = run(["cargo", "test", "--", "--test-threads=4"], cwd=crate, env=env_test, timeout=timeout)
        finally:
            stop(prism)
    Path(f"{stem}.test.log").write_text(test.stdout + test.stderr)
    results = re.findall(r"test result: \w+\. (\d+) passed; (\d+) failed", test.stdout)
    passed = sum(int(p) for p, _ in results)
    total = passed + sum(int(f) for _, f in results)
    failures = re.findall(r"---- (\S+) stdout ----\n.*?panicked at [^\n]*\n([^\n]*)", test.stdout, re.S)
    details = []
    for test_name, message in failures[:3]:
        # Prism answers 500 with a problem title when it cannot produce a
        # response (no response declared, unsupported construct).
        title = re.search(r'\\?"title\\?":\\?"([^"\\]+)', message)
        status = re.search(r"returned (\d{3})", message)
        if status and status.group(1) == "500" and title:
            details.append(f"{test_name}: Prism cannot answer ({title.group(1)})")
        else:
            details.append(f"{test_name}: {message[:160]}")
    detail = "; ".join(details) or test.stderr.strip()[-200:]
    if test.returncode is None:
        detail = f"generated tests {test.stderr}"
    return {"passed": passed, "total": total, "detail": detail, "cannot_serve": None}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-size", type=int, default=None, help="skip larger spec files (bytes)")
    parser.add_argument("--out", type=Path, default=None, help="write the Markdown table here")
    parser.add_argument("--only", default=None, help="only the specs whose file name contains this")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per step and spec (generate, clippy, test)")
    parser.add_argument("--keep", type=Path, default=None, help="keep each crate, Prism log and test output in this folder")
    args = parser.parse_args()

    if not CORPUS.is_dir():
        # The corpus is the shared folder beside the repository (as on the CI machines).
        print(f"{CORPUS} not found: no corpus to run (expected `shared/` beside the repository)")
        sys.exit(0)
    if not PRISM.exists():
        sys.exit(f"{PRISM} is missing: run `npm ci --prefix .ci`")
    build, _ = run(["cargo", "build", "--release", "--locked", "-p", "generator"], cwd=ROOT)
    if build.returncode != 0:
        sys.exit(build.stderr)
    generator = ROOT / "target" / "release" / "generator"
    target = ROOT / "target" / "corpus"

    rows, failed = [], False
    def write_table():
        ordered = sorted(rows, key=lambda row: row[0])
        table = header + "".join("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |\n" for row in ordered)
        if args.out:
            machine = f"{os.cpu_count()} cores, {subprocess.run(['rustc', '--version'], capture_output=True, text=True).stdout.strip()}"
            args.out.write_text(
                "# Corpus results\n\n"
                "Every OpenAPI 3.x description in `../shared/corpus`, generated with `--with-tests`, "
                "checked with clippy (warnings denied), and tested against Prism serving the same spec. "
                f"Produced by `python3 tests/corpus/run.py --out CORPUS.md` on {time.strftime('%Y-%m-%d')} ({machine}).\n"
                "Generation time is the whole release-build command; clippy time includes the generated tests "
                "(dependencies already built). Size is the bytes of every file of the description.\n\n" + table
            )
        return table

    header = "| spec | size (bytes) | operations | types | generated lines | generation | clippy (warnings denied) | tests passed (examples) | tests passed (dynamic) | result |\n|---|---|---|---|---|---|---|---|---|---|\n"
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.keep or temporary
        Path(scratch).mkdir(parents=True, exist_ok=True)
        # Smallest first: a run cut short still has the most results.
        for spec, size in sorted(corpus_specs(), key=lambda entry: entry[1]):
            if rows:
                write_table()
            name = str(spec.relative_to(CORPUS))
            if args.only and args.only not in name:
                continue
            kind, version = openapi_version(spec)
            if kind != "openapi" or not version.startswith("3."):
                rows.append((name, size, "-", "-", "-", "-", "-", "-", "-", f"skipped: {kind} {version} is not OpenAPI 3.x"))
                continue
            if args.max_size and size > args.max_size:
                continue
            print(f"{name}: generating", file=sys.stderr, flush=True)
            crate = Path(scratch) / spec.stem
            gen, gen_time = run([str(generator), "--spec", str(spec), "--out", str(crate), "--with-tests"], timeout=args.timeout)
            if gen.returncode != 0:
                failed = True
                first = (gen.stderr.strip().splitlines() or ["no output"])[0]
                rows.append((name, size, "-", "-", "-", f"{gen_time:.2f} s", "-", "-", "-", "**generation failed**: " + first))
                print(gen.stderr, file=sys.stderr)
                print(f"{name}: generation failed", file=sys.stderr, flush=True)
                continue
            stats = re.search(r"\((\d+) operations, (\d+) types\)", gen.stderr)
            operations, types = stats.groups() if stats else ("?", "?")
            lines = sum(len(p.read_text().splitlines()) for p in (crate / "src").rglob("*.rs"))
            env = dict(os.environ, CARGO_TARGET_DIR=str(target), RUSTFLAGS="-D warnings")
            check, check_time = run(["cargo", "clippy", "--all-targets", "--", "-D", "warnings"], cwd=crate, env=env, timeout=args.timeout)
            if check.returncode != 0:
                failed = True
                first = next((l for l in check.stderr.splitlines() if l.startswith(("error", "warning"))), check.stderr.strip()[-160:] or "?")
                rows.append((name, size, operations, types, lines, f"{gen_time:.2f} s", f"{check_time:.1f} s", "-", "-", f"**does not check**: {first}"))
                print(check.stderr, file=sys.stderr)
                print(f"{name}: does not check", file=sys.stderr, flush=True)
                continue
            passes = {}
            for mode in ("examples", "dynamic"):
                passes[mode] = prism_pass(spec, crate, Path(scratch) / f"{spec.stem}.{mode}", env, mode == "dynamic", args.timeout)
            examples, dynamic = passes["examples"], passes["dynamic"]
            if examples["cannot_serve"]:
                rows.append((name, size, operations, types, lines, f"{gen_time:.2f} s", f"{check_time:.1f} s", "-", "-", f"checks; Prism cannot serve this spec: {examples['cannot_serve']}"))
                print(f"{name}: Prism cannot serve it", file=sys.stderr, flush=True)
                continue
            if all(p["passed"] == p["total"] and p["total"] for p in passes.values()):
                result = "green"
            else:
                result = "checks; " + "; ".join(
                    f"{mode}: {p['total'] - p['passed']} generated test(s) fail: {p['detail']}"
                    for mode, p in passes.items() if p["passed"] != p["total"] or not p["total"]
                )
            counts = [f"{p['passed']} / {p['total']}" for p in (examples, dynamic)]
            rows.append((name, size, operations, types, lines, f"{gen_time:.2f} s", f"{check_time:.1f} s", *counts, result))
            print(f"{name}: {result}", file=sys.stderr, flush=True)

    print(write_table())
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
