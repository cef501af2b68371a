#!/usr/bin/env python3
"""Hostile specs: the generator must finish each in bounded time and memory, or stop with a
located error naming the limit it hit. Prints one Markdown table (and `--out FILE` writes it).

    python3 bench/hostile.py             # builds the release CLI, then runs every case
    python3 bench/hostile.py --no-build  # uses target/release/generator as it is
    python3 bench/hostile.py --only enum # cases whose name contains "enum"

Every spec is written into a temporary folder (removed at the end) and generated as a crate
into another temporary folder. Each run has a wall-clock timeout and an address-space limit,
so a runaway case is reported instead of taking the machine down. Peak RSS is the child's
`ru_maxrss` from `wait4`. The target: every spec up to 10 MB finishes in under 10 s and under
1 GiB, with exit status 0 (generated) or 1 with a located `error[E…]` (a limit or a problem
in the spec); a crash, a signal, a timeout or a panic fails the case.

Python 3.11, standard library only.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT_S = 10.0
MEMORY_LIMIT = 1 << 30
# A run is killed after this long, or when it reserves this much address space.
TIMEOUT_S = 30
ADDRESS_SPACE = 4 << 30

PUNCTUATION = "!#$%&()*+,.:;<=>?@[]^`{|}~"


def punct_suffix(number):
    """A unique string of ASCII punctuation: names that differ only by it share a base."""
    digits = []
    while True:
        number, digit = divmod(number, len(PUNCTUATION))
        digits.append(PUNCTUATION[digit])
        if number == 0:
            return "".join(digits)


def document(schemas, paths=None, title="Hostile"):
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas},
    }


def operation_for(schema_name):
    """One GET operation returning the named schema (so the schema is used)."""
    return {
        "/root": {
            "get": {
                "operationId": "getRoot",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema_name}"}
                            }
                        },
                    }
                },
            }
        }
    }


# Each case returns (file name, text).


def deep_inline(depth):
    """Objects in arrays in objects, `depth` levels, as compact JSON."""
    opening = '{"type":"object","properties":{"a":{"type":"array","items":'
    closing = "}}}"
    leaf = '{"type":"string"}'
    schema = opening * depth + leaf + closing * depth
    text = (
        '{"openapi":"3.1.0","info":{"title":"Deep","version":"1"},"paths":{},'
        '"components":{"schemas":{"Deep":' + schema + "}}}"
    )
    return "deep-inline.json", text


def deep_yaml(depth):
    """Block-style YAML mappings nested `depth` levels (indentation grows with depth)."""
    lines = ["openapi: 3.1.0", "info: {title: Deep, version: '1'}", "paths: {}", "x-deep:"]
    for level in range(depth):
        lines.append("  " * (level + 1) + "a:")
    lines.append("  " * (depth + 1) + "b: 1")
    return "deep-block.yaml", "\n".join(lines) + "\n"


def deep_flow(depth):
    """`[[[[…]]]]` in a YAML extension value."""
    text = "openapi: 3.1.0\ninfo: {title: Deep, version: '1'}\npaths: {}\nx-deep: " + "[" * depth + "]" * depth + "\n"
    return "deep-flow.yaml", text


def chain_properties(length, reverse=False):
    """S0.next → S1, S1.next → S2, …: a `$ref` chain through properties."""
    schemas = {}
    order = range(length - 1, -1, -1) if reverse else range(length)
    for index in order:
        properties = {"value": {"type": "string"}}
        if index + 1 < length:
            properties["next"] = {"$ref": f"#/components/schemas/S{index + 1}"}
        schemas[f"S{index}"] = {"type": "object", "properties": properties}
    name = "chain-properties-reversed.json" if reverse else "chain-properties.json"
    return name, json.dumps(document(schemas, operation_for("S0")), separators=(",", ":"))


def chain_aliases(length, reverse=False):
    """A0 = A1 = A2 … = a string: a `$ref` chain of aliases."""
    schemas = {}
    order = range(length - 1, -1, -1) if reverse else range(length)
    for index in order:
        if index + 1 < length:
            schemas[f"A{index}"] = {"$ref": f"#/components/schemas/A{index + 1}"}
        else:
            schemas[f"A{index}"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    name = "chain-aliases-reversed.json" if reverse else "chain-aliases.json"
    return name, json.dumps(document(schemas, operation_for("A0")), separators=(",", ":"))


def chain_all_of(length, reverse=False):
    """Ai = allOf [A(i+1), {fi}]: each type flattens every property below it."""
    schemas = {}
    order = range(length - 1, -1, -1) if reverse else range(length)
    for index in order:
        own = {"type": "object", "properties": {f"f{index}": {"type": "string"}}}
        if index + 1 < length:
            schemas[f"A{index}"] = {"allOf": [{"$ref": f"#/components/schemas/A{index + 1}"}, own]}
        else:
            schemas[f"A{index}"] = own
    name = "chain-allof-reversed.json" if reverse else "chain-allof.json"
    return name, json.dumps(document(schemas, operation_for("A0")), separators=(",", ":"))


def wide_all_of(members, properties):
    """One allOf of `members` schemas with `properties` properties each."""
    schemas = {}
    for member in range(members):
        schemas[f"M{member}"] = {
            "type": "object",
            "properties": {f"p{member}_{p}": {"type": "string"} for p in range(properties)},
        }
    schemas["All"] = {"allOf": [{"$ref": f"#/components/schemas/M{m}"} for m in range(members)]}
    return "wide-allof.json", json.dumps(document(schemas, operation_for("All")), separators=(",", ":"))


def huge_enum(count, same_base=False):
    """A string enum with `count` values (all distinct names, or all the same name base)."""
    values = [f"v{punct_suffix(i)}" if same_base else f"value_{i}" for i in range(count)]
    schemas = {"Big": {"type": "string", "enum": values}}
    name = "enum-same-base.json" if same_base else "enum-huge.json"
    return name, json.dumps(document(schemas, operation_for("Big")), separators=(",", ":"))


def same_name_schemas(count):
    """`count` component schemas whose names all become the same Rust name base."""
    schemas = {f"Pet{punct_suffix(i)}": {"type": "object", "properties": {"id": {"type": "string"}}} for i in range(count)}
    return "schemas-same-base.json", json.dumps(document(schemas), separators=(",", ":"))


def many_properties(count, same_base=False):
    """One object with `count` properties (distinct names, or all the same snake-case base)."""
    names = [f"p{punct_suffix(i)}" if same_base else f"property_{i}" for i in range(count)]
    schemas = {"Wide": {"type": "object", "properties": {n: {"type": "string"} for n in names}}}
    name = "properties-same-base.json" if same_base else "properties-many.json"
    return name, json.dumps(document(schemas, operation_for("Wide")), separators=(",", ":"))


def wide_union(count, mapping=False):
    """A discriminated oneOf of `count` object schemas (with a mapping entry for each)."""
    schemas = {
        f"V{i}": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
        for i in range(count)
    }
    schemas["Union"] = {
        "oneOf": [{"$ref": f"#/components/schemas/V{i}"} for i in range(count)],
        "discriminator": {"propertyName": "kind"},
    }
    if mapping:
        schemas["Union"]["discriminator"]["mapping"] = {f"v{i}": f"#/components/schemas/V{i}" for i in range(count)}
    name = "union-mapped.json" if mapping else "union-wide.json"
    return name, json.dumps(document(schemas, operation_for("Union")), separators=(",", ":"))


def fan_out(levels, width):
    """T0 … T{levels-1}, each with `width` required properties of the next type, and an
    operation whose request body is T0: a few kilobytes whose example values spell out
    width^levels nested values."""
    schemas = {}
    for level in range(levels):
        if level + 1 < levels:
            properties = {f"f{j}": {"$ref": f"#/components/schemas/T{level + 1}"} for j in range(width)}
        else:
            properties = {f"f{j}": {"type": "string"} for j in range(width)}
        schemas[f"T{level}"] = {"type": "object", "required": list(properties), "properties": properties}
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T0"}}}}
    paths = {"/a": {"post": {"operationId": "make", "requestBody": body, "responses": {"204": {"description": "Done"}}}}}
    return "fan-out.json", json.dumps(document(schemas, paths), separators=(",", ":"))


def long_names(levels, length):
    """Inline objects nested `levels` deep whose property names are `length` characters."""
    schema = {"type": "string"}
    for level in range(levels):
        schema = {"type": "object", "properties": {f"n{level}" + "x" * length: schema}}
    return "names-long-nested.json", json.dumps(document({"Root": schema}, operation_for("Root")), separators=(",", ":"))


def many_references(count, size):
    """`count` properties that all reference one schema of about `size` bytes (an enum)."""
    values = [f"value_{i}" for i in range(size // 12)]
    schemas = {
        "Big": {"type": "string", "enum": values},
        "User": {"type": "object", "properties": {f"p{i}": {"$ref": "#/components/schemas/Big"} for i in range(count)}},
    }
    return "references-to-big.json", json.dumps(document(schemas, operation_for("User")), separators=(",", ":"))


def deep_and_bulky(levels, size):
    """Inline objects nested `levels` deep, each level also holding an enum of `size` bytes."""
    values = [f"value_{i}" for i in range(size // 12)]
    schema = {"type": "string"}
    for level in range(levels):
        schema = {
            "type": "object",
            "properties": {"next": schema, f"kind{level}": {"type": "string", "enum": values}},
        }
    return "deep-and-bulky.json", json.dumps(document({"Root": schema}, operation_for("Root")), separators=(",", ":"))


def many_operations(count):
    """`count` paths with one operation each, sharing a few schemas."""
    schemas = {
        "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}},
    }
    paths = {}
    for i in range(count):
        paths[f"/items{i}/{{id}}"] = {
            "get": {
                "operationId": f"getItem{i}",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    }
                },
            }
        }
    return "operations-many.json", json.dumps(document(schemas, paths), separators=(",", ":"))


def ordinary(target_bytes):
    """A plain, valid spec of about `target_bytes`: many schemas with a few properties each,
    and one operation per 10 schemas."""
    schemas = {}
    paths = {}
    index = 0
    size = 0
    while size < target_bytes:
        schema = {
            "type": "object",
            "description": f"Schema number {index}.",
            "required": ["id"],
            "properties": {
                "id": {"type": "string", "format": "uuid"},
                "name": {"type": "string", "description": "A name."},
                "count": {"type": "integer", "minimum": 0},
                "tags": {"type": "array", "items": {"type": "string"}},
                "parent": {"$ref": f"#/components/schemas/Schema{max(index - 1, 0)}"},
            },
        }
        schemas[f"Schema{index}"] = schema
        size += len(json.dumps(schema)) + 16
        if index % 10 == 0:
            operation = {
                "get": {
                    "operationId": f"getSchema{index}",
                    "tags": [f"group{index % 50}"],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Schema{index}"}}},
                        }
                    },
                }
            }
            paths[f"/schemas{index}"] = operation
            size += len(json.dumps(operation)) + 16
        index += 1
    return "ordinary-10mb.json", json.dumps(document(schemas, paths), separators=(",", ":"))


def alias_bomb(levels):
    """YAML anchors that expand exponentially ("billion laughs")."""
    lines = ["openapi: 3.1.0", "info: {title: Bomb, version: '1'}", "paths: {}", "x-bomb:"]
    lines.append("  l0: &l0 [x, x, x, x, x, x, x, x, x, x]")
    for level in range(1, levels):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"  l{level}: &l{level} [{refs}]")
    return "yaml-alias-bomb.yaml", "\n".join(lines) + "\n"


def long_line(size):
    """One description of `size` bytes on a single line."""
    schemas = {"Text": {"type": "string", "description": "word " * (size // 5)}}
    return "description-huge.json", json.dumps(document(schemas, operation_for("Text")), separators=(",", ":"))


CASES = [
    ("deep inline nesting, 10,000 levels", lambda: deep_inline(10_000)),
    ("deep block YAML, 2,000 levels", lambda: deep_yaml(2_000)),
    ("deep flow YAML `[[[…]]]`, 1,000,000 levels", lambda: deep_flow(1_000_000)),
    ("`$ref` chain through properties, 100,000", lambda: chain_properties(100_000)),
    ("`$ref` chain through properties, 100,000, reversed order", lambda: chain_properties(100_000, True)),
    ("`$ref` alias chain, 100,000", lambda: chain_aliases(100_000)),
    ("`$ref` alias chain, 100,000, reversed order", lambda: chain_aliases(100_000, True)),
    ("`allOf` chain, 100,000", lambda: chain_all_of(100_000)),
    ("`allOf` chain, 100,000, reversed order", lambda: chain_all_of(100_000, True)),
    ("`allOf` of 1,000 schemas × 100 properties", lambda: wide_all_of(1_000, 100)),
    ("enum of 100,000 values", lambda: huge_enum(100_000)),
    ("enum of 100,000 values with one name base", lambda: huge_enum(100_000, True)),
    ("100,000 schemas with one name base", lambda: same_name_schemas(100_000)),
    ("object with 100,000 properties", lambda: many_properties(100_000)),
    ("object with 100,000 properties with one name base", lambda: many_properties(100_000, True)),
    ("discriminated `oneOf` of 20,000 schemas", lambda: wide_union(20_000)),
    ("discriminated `oneOf` of 20,000 schemas with a mapping", lambda: wide_union(20_000, True)),
    ("required properties 20 wide, 6 deep, in a request body", lambda: fan_out(6, 20)),
    ("inline objects 60 deep with 100 KB property names", lambda: long_names(60, 100_000)),
    ("10,000 references to one 1 MB schema", lambda: many_references(10_000, 1_000_000)),
    ("inline objects 60 deep, a 150 KB enum at each level", lambda: deep_and_bulky(60, 150_000)),
    ("20,000 operations", lambda: many_operations(20_000)),
    ("ordinary spec of 10 MB", lambda: ordinary(10_000_000)),
    ("YAML alias bomb, 10 levels of ×10", lambda: alias_bomb(10)),
    ("one 10 MB description", lambda: long_line(10_000_000)),
]


def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_case(binary, spec, out):
    """Runs the CLI once; returns (exit code or what stopped it, seconds, peak RSS, stderr)."""
    started = time.monotonic()
    process = subprocess.Popen(
        [str(binary), "--spec", str(spec), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=limit_child,
    )
    chunks = []
    reader = threading.Thread(target=lambda: chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    timed_out = False
    # wait4 with WNOHANG: the rusage of this child alone, and a bounded wait.
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            break
        if time.monotonic() - started > TIMEOUT_S:
            process.kill()
            timed_out = True
            _, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    elapsed = time.monotonic() - started
    # Popen must not wait for the process again: it is reaped.
    process.returncode = 0
    reader.join(timeout=10)
    stderr = b"".join(chunks).decode("utf-8", "replace")
    if timed_out:
        code = "timeout"
    elif os.WIFSIGNALED(status) and "memory allocation" in stderr:
        code = "out of memory (4 GiB address space)"
    elif os.WIFSIGNALED(status):
        code = f"signal {os.WTERMSIG(status)}"
    else:
        code = os.WEXITSTATUS(status)
    return code, elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, stderr


def first_error(stderr):
    for line in stderr.splitlines():
        if line.startswith("error"):
            return line.strip()
    return stderr.strip().splitlines()[-1] if stderr.strip() else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="do not build the release CLI first")
    parser.add_argument("--bin", default=str(ROOT / "target" / "release" / "generator"))
    parser.add_argument("--only", default="", help="run the cases whose title or file contains this")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-p", "generator"], cwd=ROOT, check=True, timeout=1800)
    binary = Path(args.bin)
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    rows = []
    failures = 0
    with tempfile.TemporaryDirectory(prefix="hostile-") as temp:
        temp = Path(temp)
        for title, make in CASES:
            name, text = make()
            if args.only and args.only not in title and args.only not in name:
                continue
            spec = temp / name
            spec.write_text(text, encoding="utf-8")
            out = temp / "out"
            code, elapsed, cpu, rss, stderr = run_case(binary, spec, out)
            shutil.rmtree(out, ignore_errors=True)
            spec.unlink()
            located = code == 1 and "error[E" in stderr and f"--> {spec}" in stderr
            ok = (code == 0 or located) and "panicked" not in stderr
            within = ok and elapsed < TIME_LIMIT_S and rss < MEMORY_LIMIT
            failures += not within
            outcome = "generated" if code == 0 else first_error(stderr)
            if code not in (0, 1):
                outcome = code if isinstance(code, str) and "signal" not in code else f"exit {code}: {first_error(stderr)}"
            row = (
                f"| {title} | {len(text.encode()) / 1e6:.1f} MB | {outcome.replace('|', '/')} "
                f"| {elapsed:.2f} s | {cpu:.2f} s | {rss / (1 << 20):.0f} MiB | {'pass' if within else '**FAIL**'} |"
            )
            print(row, flush=True)
            rows.append(row)
    header = [
        "| case | spec | outcome | wall | CPU | peak RSS | target |",
        "|---|---|---|---|---|---|---|",
    ]
    table = "\n".join(header + rows)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    summary = (
        f"{len(rows) - failures} of {len(rows)} cases within {TIME_LIMIT_S:.0f} s and 1 GiB. "
        f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}, "
        f"{os.cpu_count()} CPUs, 1-minute load average {load_before:.2f} at the start and "
        f"{os.getloadavg()[0]:.2f} at the end, {time.monotonic() - started:.0f} s in all."
    )
    table = f"{table}\n\n{summary}"
    print()
    print(table)
    if args.out:
        Path(args.out).write_text(table + "\n", encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
