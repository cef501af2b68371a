#!/usr/bin/env python3
"""Cold build of the generated crate with each TLS choice; writes its section of BENCHMARKS.md.

    python3 bench/tls.py               # measure, then replace the section in BENCHMARKS.md
    python3 bench/tls.py --print       # measure and print the section only

For each TLS feature of the generated crate (`rustls`, the default, with aws-lc-rs;
`rustls-ring`; `native-tls`) it makes a small binary crate under /tmp/bench-tls that depends on
`generated/` with only that feature (the workspace's Cargo.lock copied in, so every version is
the same), builds it with `cargo build` (debug) into a fresh, empty CARGO_TARGET_DIR (every
dependency compiled from source, nothing cached but the downloaded sources), and measures the
wall time and the CPU time (user + sys of cargo and every compiler it ran). Then it runs the
binary, which builds a `Client`: with `rustls-ring` that is where reqwest would panic if no
crypto provider were installed. The section it writes sits between two markers in
BENCHMARKS.md; `bench/run.py` keeps it when it rewrites the rest of the file.

Takes 5 to 10 minutes on 2 cores. Every subprocess has a timeout; nothing listens on a port.
"""

import argparse
import datetime
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path("/tmp/bench-tls")
BEGIN = "<!-- bench/tls.py: begin -->"
END = "<!-- bench/tls.py: end -->"

CHOICES = [
    ("rustls", "rustls with aws-lc-rs (the default)"),
    ("rustls-ring", "rustls with ring"),
    ("native-tls", "native-tls (OpenSSL here)"),
]

PROBE = """//! Builds a client with one TLS choice (reqwest with `rustls-no-provider` would panic here
//! without a crypto provider).
fn main() {
    let client = llama_cloud::Client::builder()
        .api_key("probe")
        .base_url("https://127.0.0.1:9")
        .build()
        .expect("the client builds");
    println!("client built for {}", client.base_url());
}
"""


def say(*parts):
    print(*parts, file=sys.stderr, flush=True)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def probe_crate(feature):
    crate = WORK / f"probe-{feature}"
    if crate.exists():
        shutil.rmtree(crate)
    (crate / "src").mkdir(parents=True)
    (crate / "Cargo.toml").write_text(
        "[workspace]\n\n[package]\nname = \"tls-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\n"
        "publish = false\n\n[dependencies]\n"
        f"llama-cloud = {{ path = \"{ROOT / 'generated'}\", default-features = false, "
        f"features = [\"{feature}\", \"full\"] }}\n"
    )
    (crate / "src" / "main.rs").write_text(PROBE)
    shutil.copy(ROOT / "Cargo.lock", crate / "Cargo.lock")
    return crate


def measure(feature):
    crate = probe_crate(feature)
    target = WORK / f"target-{feature}"
    if target.exists():
        shutil.rmtree(target)
    env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never",
               CARGO_INCREMENTAL="0")
    load = os.getloadavg()[0]
    cpu0, wall0 = children_cpu(), time.monotonic()
    proc = subprocess.run(["cargo", "build"], cwd=crate, env=env, capture_output=True,
                          text=True, timeout=1800, stdin=subprocess.DEVNULL)
    wall, cpu = time.monotonic() - wall0, children_cpu() - cpu0
    if proc.returncode != 0:
        error = next((l for l in proc.stderr.splitlines() if l.startswith("error")), proc.stderr[-300:])
        return {"feature": feature, "error": error}
    crates = len(re.findall(r"^\s+Compiling ", proc.stderr, re.M))
    tls_crates = sorted({m for m in re.findall(r"^\s+Compiling (\S+)", proc.stderr, re.M)
                         if m in ("aws-lc-sys", "aws-lc-rs", "ring", "openssl-sys", "openssl",
                                  "native-tls", "rustls")})
    run = subprocess.run([str(target / "debug" / "tls-probe")], capture_output=True, text=True,
                         timeout=60, stdin=subprocess.DEVNULL)
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    shutil.rmtree(target)
    return {
        "feature": feature, "wall": wall, "cpu": cpu, "crates": crates, "tls": tls_crates,
        "runs": run.returncode == 0, "run_error": (run.stderr.strip().splitlines() or [""])[-1],
        "load": load, "target_mib": size / 2**20,
    }


def section(rows, started):
    L = [BEGIN, "## 5. TLS choices: cold build of the generated crate", ""]
    L.append(
        "Written by `python3 bench/tls.py` (not by `bench/run.py`, which keeps this section). "
        "For each TLS feature of the generated crate, a one-file binary crate depending on "
        "`generated/` with only that feature is built with `cargo build` (debug, "
        "`CARGO_INCREMENTAL=0`) into a fresh, empty target folder: every dependency is compiled "
        "from source, only the downloaded sources are cached. Wall time, and CPU time (user + "
        "sys of cargo and the compilers), on 2 cores. The binary then builds a `Client`; it must "
        "not panic (reqwest with `rustls-no-provider` does when no crypto provider is installed, "
        "which the `rustls-ring` feature does)."
    )
    L.append("")
    L.append("| TLS feature | cold build, wall | CPU | crates compiled | TLS crates among them | target folder | client builds | 1-min load before |")
    L.append("|---|---|---|---|---|---|---|---|")
    base = next((r for r in rows if r["feature"] == "rustls" and "error" not in r), None)
    for (feature, label), row in zip(CHOICES, rows):
        if "error" in row:
            L.append(f"| `{feature}`: {label} | failed: {row['error']} | | | | | | |")
            continue
        ratio = ""
        if base and row is not base:
            ratio = f" ({row['wall'] / base['wall']:.2f}× the default)"
        L.append(
            f"| `{feature}`: {label} | {row['wall']:.0f} s{ratio} | {row['cpu']:.0f} s | "
            f"{row['crates']} | {', '.join(row['tls']) or '-'} | {row['target_mib']:.0f} MiB | "
            f"{'yes' if row['runs'] else 'no: ' + row['run_error']} | {row['load']:.2f} |"
        )
    L.append("")
    L.append(f"Measured {started:%Y-%m-%d %H:%M} UTC, commit "
             f"{subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}; "
             "the machine is shared, so the load column says how busy it was.")
    L.append(END)
    return "\n".join(L)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--print", action="store_true", help="print the section, write nothing")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    for feature, _ in CHOICES:
        say(f"cold build with `{feature}`…")
        row = measure(feature)
        say(f"  {row}")
        rows.append(row)
    text = section(rows, started)
    if args.print:
        print(text)
        return
    path = ROOT / "BENCHMARKS.md"
    report = path.read_text()
    if BEGIN in report and END in report:
        head, rest = report.split(BEGIN, 1)
        report = head + text + rest.split(END, 1)[1]
    else:
        report = report.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(report)
    say(f"wrote the TLS section of {path}")


if __name__ == "__main__":
    main()
