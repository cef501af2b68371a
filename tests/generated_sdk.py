#!/usr/bin/env python3
"""Runs the checked-in SDK's own generated tests (`generated/tests/api.rs`) against Prism.

`cargo test --workspace` compiles those tests and runs the round trips; their calls need a
mock server of the spec and are skipped without one. This starts Prism on
`spec/batches.yaml` on 127.0.0.1 (a free port), runs `cargo test -p llama-cloud --test api`
with `TEST_API_BASE_URL` pointing at it, fails if any test fails or was skipped, and stops
Prism; twice: answering from the spec's examples, then with dynamic responses (`-d`).

    python3 tests/generated_sdk.py
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from run import PRISM, ROOT, run, start_prism, stop  # noqa: E402


def main():
    if not PRISM.exists():
        sys.exit(f"{PRISM} is missing: run `npm ci --prefix .ci`")
    # Examples first (what the spec promises), then values Prism makes up from the
    # response schemas (what a decoder that only knows the examples would miss).
    for mode in ("examples", "dynamic"):
        with tempfile.TemporaryFile("w+") as log:
            prism, port = start_prism(ROOT / "spec" / "batches.yaml", log, dynamic=mode == "dynamic")
            try:
                if port is None:
                    log.seek(0)
                    sys.exit("Prism did not start:\n" + log.read())
                env = dict(os.environ, TEST_API_BASE_URL=f"http://127.0.0.1:{port}")
                test, _ = run(
                    ["cargo", "test", "--locked", "-p", "llama-cloud", "--test", "api", "--", "--test-threads=4"],
                    cwd=ROOT,
                    env=env,
                )
            finally:
                stop(prism)
        output = test.stdout + test.stderr
        print(output[-4000:])
        if test.returncode != 0:
            sys.exit(f"the generated SDK's tests failed against Prism ({mode} responses)")
        if "skipped:" in output:
            sys.exit("a generated test was skipped although TEST_API_BASE_URL was set")
        print(f"the generated SDK's tests pass against Prism ({mode} responses)")


if __name__ == "__main__":
    main()
