//! Specs written by strangers: values that would become paths or break `Cargo.toml`,
//! `$ref`s that try to leave the spec's folder, odd encodings, and shapes that would make
//! the generator recurse or loop without end. Each must give a located error or a normal
//! result, never a panic, a hang or a file outside the output folder.

use std::path::{Path, PathBuf};

/// A spec with `x-rust-sdk` set to `sdk` (a YAML flow mapping) and one operation.
fn spec_with_sdk(sdk: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: Hostile, version: '1'}}\nx-rust-sdk: {sdk}\npaths:\n  /a:\n    get:\n      responses:\n        '204': {{description: Done}}\n"
    )
}

fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp dir is writable");
    path
}

/// The diagnostics of a spec that must fail.
fn diagnostics_of(spec: &Path) -> generator::Diagnostics {
    match generator::Config::new().spec(spec).generate() {
        Err(generator::Error::Spec(diagnostics)) => diagnostics,
        Err(other) => panic!(
            "{}: expected located diagnostics, got: {other}",
            spec.display()
        ),
        Ok(_) => panic!("{}: generated", spec.display()),
    }
}

/// Asserts one error with `code`, at `pointer`, on line `line`, with a help line.
fn assert_located(diagnostics: &generator::Diagnostics, code: &str, pointer: &str, line: usize) {
    let text = diagnostics.render(false);
    let found = diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code}:\n{text}"));
    assert_eq!(found.origin.pointer, pointer, "{text}");
    assert_eq!(found.position.map(|(l, _)| l), Some(line), "{text}");
    assert!(found.help.is_some(), "{text}");
}

#[test]
fn crate_names_that_are_not_package_names_are_located_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let names = [
        r#""a/b""#,
        r#"".." "#,
        r#""../../escape""#,
        r#""/etc/passwd""#,
        r#""C:\\Windows\\x""#,
        r#""a\\b""#,
        "self",
        "crate",
        "async",
        r#""""#,
        r#""1password""#,
        r#""a b""#,
        r#""a\nb""#,
        r#""nul""#,
        &"a".repeat(65),
    ];
    for name in names {
        let spec = write(
            dir.path(),
            "spec.yaml",
            spec_with_sdk(&format!("{{crate-name: {name}}}")),
        );
        let diagnostics = diagnostics_of(&spec);
        assert_located(&diagnostics, "E0011", "#/x-rust-sdk/crate-name", 3);
        assert!(
            diagnostics.render(false).contains("invalid crate name"),
            "{name}"
        );
    }
}

#[test]
fn crate_versions_that_are_not_semver_are_located_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let versions = [
        r#""1.0""#,
        r#""1""#,
        r#""1.0.0\"\n[x]""#,
        r#""1.0.0\n""#,
        r#""""#,
        r#""v1.0.0""#,
        r#""01.2.3""#,
        r#""1.2.3-""#,
        "1.5",
    ];
    for version in versions {
        let spec = write(
            dir.path(),
            "spec.yaml",
            spec_with_sdk(&format!("{{crate-name: ok, crate-version: {version}}}")),
        );
        let diagnostics = diagnostics_of(&spec);
        if version == "1.5" {
            // Not a string at all: the shape check says so first.
            assert_located(&diagnostics, "E0006", "#/x-rust-sdk/crate-version", 3);
            continue;
        }
        assert_located(&diagnostics, "E0012", "#/x-rust-sdk/crate-version", 3);
    }
    let good = write(
        dir.path(),
        "spec.yaml",
        spec_with_sdk("{crate-name: ok, crate-version: 1.2.3-rc.1+build.5}"),
    );
    let generated = generator::Config::new()
        .spec(&good)
        .generate()
        .expect("a semver version is fine");
    assert!(generated.files["Cargo.toml"].contains("version = \"1.2.3-rc.1+build.5\""));
}

#[test]
fn a_crate_name_override_that_is_not_a_package_name_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = write(dir.path(), "spec.yaml", spec_with_sdk("{}"));
    for name in ["../x", "/abs", "a/b", "..", "", "self", "type"] {
        match generator::Config::new()
            .spec(&spec)
            .crate_name(name)
            .generate()
        {
            Err(generator::Error::InvalidSetting(message)) => {
                assert!(message.contains("Config::crate_name"), "{message}")
            }
            other => panic!("{name:?}: {other:?}"),
        }
    }
}

/// Every file under `dir`, relative.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable") {
            let path = entry.expect("readable").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).expect("below").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn module_output_is_exactly_one_file_in_the_out_dir() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("writable");
    let spec = write(
        dir.path(),
        "spec.yaml",
        spec_with_sdk("{crate-name: my-api}"),
    );
    let written = generator::Config::new()
        .spec(&spec)
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile()
        .expect("generates");
    assert_eq!(written, out.join("my_api.rs"));
    assert_eq!(files_in(&out), [PathBuf::from("my_api.rs")]);
    // Again: unchanged, still one file.
    generator::Config::new()
        .spec(&spec)
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile()
        .expect("generates");
    assert_eq!(files_in(&out), [PathBuf::from("my_api.rs")]);

    // A file of that name the generator did not write is refused, then forced.
    let mine = "// my own module\n";
    std::fs::write(out.join("my_api.rs"), mine).expect("writable");
    let refused = generator::Config::new()
        .spec(&spec)
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile();
    match refused {
        Err(generator::Error::NotOwned { files, .. }) => {
            assert_eq!(files, [PathBuf::from("my_api.rs")])
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(out.join("my_api.rs")).expect("kept"),
        mine
    );
    generator::Config::new()
        .spec(&spec)
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .force(true)
        .compile()
        .expect("forced");
    assert_eq!(files_in(&out), [PathBuf::from("my_api.rs")]);
}

#[test]
fn hostile_names_never_reach_the_file_system() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    for sdk in [
        r#"{crate-name: "../escape"}"#,
        r#"{crate-name: "/tmp/escape"}"#,
    ] {
        let spec = write(dir.path(), "spec.yaml", spec_with_sdk(sdk));
        let result = generator::Config::new()
            .spec(&spec)
            .out_dir(&out)
            .emit_rerun_if_changed(false)
            .compile();
        assert!(matches!(result, Err(generator::Error::Spec(_))), "{sdk}");
    }
    // A title that is nothing but path syntax gives a plain name.
    let spec = write(
        dir.path(),
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: '../../../etc/passwd', version: '1'}\npaths: {}\n",
    );
    let written = generator::Config::new()
        .spec(&spec)
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile()
        .expect("generates");
    assert_eq!(written, out.join("etc_passwd.rs"));
    assert_eq!(
        files_in(dir.path()),
        [
            PathBuf::from("out/etc_passwd.rs"),
            PathBuf::from("spec.yaml")
        ]
    );
}

/// A spec whose one operation returns `$ref: reference`.
fn spec_referencing(reference: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {{$ref: '{reference}'}}\n"
    )
}

const REF_POINTER: &str = "#/paths/~1a/get/responses/200/content/application~1json/schema";

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_folder_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("specs");
    std::fs::create_dir_all(folder.join("sub")).expect("writable");
    write(dir.path(), "secret.yaml", "Thing: {type: string}\n");
    write(&folder, "real.yaml", "Thing: {type: string}\n");
    std::os::unix::fs::symlink("../secret.yaml", folder.join("link.yaml")).expect("symlink");
    std::os::unix::fs::symlink("../..", folder.join("sub/up")).expect("symlink");
    std::os::unix::fs::symlink("real.yaml", folder.join("inside-link.yaml")).expect("symlink");
    // A link that stays inside the folder is fine.
    let spec = write(
        &folder,
        "spec.yaml",
        spec_referencing("inside-link.yaml#/Thing"),
    );
    generator::Config::new()
        .spec(&spec)
        .generate()
        .expect("a link inside the folder is fine");
    for reference in ["link.yaml#/Thing", "sub/up/secret.yaml#/Thing"] {
        let spec = write(&folder, "spec.yaml", spec_referencing(reference));
        let diagnostics = diagnostics_of(&spec);
        assert_located(&diagnostics, "E0102", REF_POINTER, 11);
    }
}

#[test]
fn urls_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    for reference in [
        "http://127.0.0.1:9/x.yaml#/Thing",
        "https://example.com/x.yaml",
        "file:///etc/passwd",
    ] {
        let spec = write(dir.path(), "spec.yaml", spec_referencing(reference));
        let diagnostics = diagnostics_of(&spec);
        assert_located(&diagnostics, "E0102", REF_POINTER, 11);
        assert!(
            diagnostics.render(false).contains("is a URL"),
            "{reference}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    // Also a symbolic link to a device, inside the folder.
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.yaml")).expect("symlink");
    for (reference, code) in [
        ("fifo.yaml#/Thing", "E0103"),
        ("zero.yaml", "E0102"),
        (".", "E0103"),
    ] {
        let spec = write(dir.path(), "spec.yaml", spec_referencing(reference));
        // On a thread, so that a generator blocked on the FIFO fails the test instead of
        // hanging it.
        let (sender, receiver) = std::sync::mpsc::channel();
        let spec_path = spec.clone();
        std::thread::spawn(move || {
            let _ = sender.send(generator::Config::new().spec(&spec_path).generate());
        });
        let result = receiver
            .recv_timeout(std::time::Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("{reference}: the generator blocked"));
        let diagnostics = match result {
            Err(generator::Error::Spec(diagnostics)) => diagnostics,
            other => panic!("{reference}: {other:?}"),
        };
        assert_located(&diagnostics, code, REF_POINTER, 11);
    }
}

const PLAIN: &str = "openapi: 3.1.0\ninfo: {title: Plain, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '204': {description: Done}\n";

#[test]
fn byte_order_marks_and_utf16_read_like_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reference = generator::Config::new()
        .spec(write(dir.path(), "spec.yaml", PLAIN))
        .generate()
        .expect("plain UTF-8");
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(PLAIN.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(PLAIN.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let bom: Vec<u8> = [0xEF, 0xBB, 0xBF]
        .into_iter()
        .chain(PLAIN.bytes())
        .collect();
    for (name, bytes) in [("bom", bom), ("utf16le", utf16le), ("utf16be", utf16be)] {
        let generated = generator::Config::new()
            .spec(write(dir.path(), "spec.yaml", &bytes))
            .generate()
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        assert_eq!(generated.files, reference.files, "{name}");
    }
}

#[test]
fn bytes_that_are_not_text_are_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let latin1 = PLAIN
        .replace("title: Plain", "title: Caf\u{e9}")
        .replace('\u{e9}', "\u{1}");
    let mut latin1 = latin1.into_bytes();
    let at = latin1.iter().position(|b| *b == 1).expect("placeholder");
    latin1[at] = 0xE9;
    let diagnostics = diagnostics_of(&write(dir.path(), "spec.yaml", &latin1));
    assert_located(&diagnostics, "E0009", "#/info/title", 2);
    let text = diagnostics.render(false);
    assert!(
        text.contains("byte 0xe9 at offset 32 (line 2, column 18)"),
        "{text}"
    );

    // UTF-16 with a lone surrogate, and cut in the middle of a code unit.
    let mut lone: Vec<u8> = vec![0xFF, 0xFE];
    lone.extend(PLAIN.encode_utf16().flat_map(u16::to_le_bytes));
    let mut odd = lone.clone();
    lone.extend([0x00, 0xD8, b'a', 0x00]);
    odd.push(b'a');
    for bytes in [lone, odd] {
        let diagnostics = diagnostics_of(&write(dir.path(), "spec.yaml", &bytes));
        assert!(
            diagnostics.iter().all(|d| d.code == "E0009"),
            "{diagnostics}"
        );
        assert!(diagnostics.render(false).contains("UTF-16"));
    }
    // UTF-32 is refused by name.
    let mut utf32 = vec![0xFF, 0xFE, 0, 0];
    utf32.extend(PLAIN.chars().flat_map(|c| (c as u32).to_le_bytes()));
    let diagnostics = diagnostics_of(&write(dir.path(), "spec.yaml", &utf32));
    assert!(diagnostics.render(false).contains("UTF-32"));
}

#[test]
fn a_referenced_file_in_another_encoding_is_read_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let other: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Thing: {type: string}\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    write(dir.path(), "other.yaml", other);
    let spec = write(
        dir.path(),
        "spec.yaml",
        spec_referencing("other.yaml#/Thing"),
    );
    generator::Config::new()
        .spec(&spec)
        .generate()
        .expect("a UTF-16 file is decoded");
    write(dir.path(), "other.yaml", b"Thing: {type: \xff}\n");
    let diagnostics = diagnostics_of(&spec);
    assert_located(&diagnostics, "E0103", REF_POINTER, 11);
    assert!(diagnostics.render(false).contains("not valid UTF-8"));
}

/// A JSON spec with the component `schemas` (a JSON object's text) and one operation that
/// returns the schema `root`.
fn json_spec(schemas: &str, root: &str) -> String {
    let compact = format!(
        r##"{{"openapi":"3.1.0","info":{{"title":"Limits","version":"1"}},"paths":{{"/a":{{"get":{{"responses":{{"200":{{"description":"OK","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/{root}"}}}}}}}}}}}}}}}},"components":{{"schemas":{schemas}}}}}"##
    );
    // One property per line, so that positions in diagnostics read well.
    let value: serde_json::Value = serde_json::from_str(&compact).expect("valid JSON");
    serde_json::to_string_pretty(&value).expect("serializable")
}

/// The rendered diagnostics with the temporary folder spelled `<dir>`.
fn rendered(diagnostics: &generator::Diagnostics, dir: &Path) -> String {
    diagnostics
        .render(false)
        .replace(&dir.display().to_string(), "<dir>")
}

#[test]
fn documents_nested_deeper_than_the_parsers_allow_are_refused_quickly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let depth = 5_000;
    let json = format!(
        r#"{{"openapi":"3.1.0","info":{{"title":"Deep","version":"1"}},"paths":{{}},"components":{{"schemas":{{"Deep":{}{{"type":"string"}}{}}}}}}}"#,
        r#"{"type":"object","properties":{"a":{"type":"array","items":"#.repeat(depth),
        "}}}".repeat(depth)
    );
    let flow = format!(
        "openapi: 3.1.0\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let mut block =
        String::from("openapi: 3.1.0\ninfo: {title: Deep, version: '1'}\npaths: {}\nx-deep:\n");
    for level in 1..=300 {
        block.push_str(&format!("{}a:\n", "  ".repeat(level)));
    }
    for (name, text) in [
        ("deep.json", json),
        ("flow.yaml", flow),
        ("block.yaml", block),
    ] {
        let spec = write(dir.path(), name, text);
        let diagnostics = diagnostics_of(&spec);
        let text = diagnostics.render(false);
        assert!(
            diagnostics
                .iter()
                .all(|d| d.code == "E0010" && d.position.is_some()),
            "{name}: {text}"
        );
        assert!(text.contains("limit of 128 levels"), "{name}: {text}");
    }
}

/// `count` schemas `S0 … S{count-1}`, each with a property `next` that references the
/// following one (in document order, or reversed).
fn property_chain(count: usize, reversed: bool) -> String {
    let mut order: Vec<usize> = (0..count).collect();
    if reversed {
        order.reverse();
    }
    let schemas: Vec<String> = order
        .into_iter()
        .map(|index| {
            let next = if index + 1 < count {
                format!(
                    r##","next":{{"$ref":"#/components/schemas/S{}"}}"##,
                    index + 1
                )
            } else {
                String::new()
            };
            format!(
                r#""S{index}":{{"type":"object","properties":{{"v":{{"type":"string"}}{next}}}}}"#
            )
        })
        .collect();
    json_spec(&format!("{{{}}}", schemas.join(",")), "S0")
}

#[test]
fn reference_chains_longer_than_the_nesting_limit_are_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let count = 1_050;
    let aliases: Vec<String> = (0..count)
        .map(|index| {
            if index + 1 < count {
                format!(
                    r##""A{index}":{{"$ref":"#/components/schemas/A{}"}}"##,
                    index + 1
                )
            } else {
                format!(r#""A{index}":{{"type":"string"}}"#)
            }
        })
        .collect();
    let all_of: Vec<String> = (0..count)
        .map(|index| {
            let own =
                format!(r#"{{"type":"object","properties":{{"f{index}":{{"type":"string"}}}}}}"#);
            if index + 1 < count {
                format!(
                    r##""A{index}":{{"allOf":[{{"$ref":"#/components/schemas/A{}"}},{own}]}}"##,
                    index + 1
                )
            } else {
                format!(r#""A{index}":{own}"#)
            }
        })
        .collect();
    let cases = [
        ("properties.json", property_chain(count, false)),
        ("properties-reversed.json", property_chain(count, true)),
        (
            "aliases.json",
            json_spec(&format!("{{{}}}", aliases.join(",")), "A0"),
        ),
        (
            "all-of.json",
            json_spec(&format!("{{{}}}", all_of.join(",")), "A0"),
        ),
    ];
    for (name, text) in cases {
        let spec = write(dir.path(), name, text);
        let diagnostics = diagnostics_of(&spec);
        let text = diagnostics.render(false);
        assert_eq!(diagnostics.len(), 1, "{name}: {text}");
        let error = diagnostics.iter().next().expect("one");
        assert_eq!(error.code, "E0106", "{name}: {text}");
        assert!(error.position.is_some() && error.help.is_some(), "{text}");
        if name == "properties.json" {
            insta::assert_snapshot!("nesting_limit", rendered(&diagnostics, dir.path()));
        }
    }
    // Below the limit, the same chain generates.
    let spec = write(dir.path(), "short.json", property_chain(300, false));
    generator::Config::new()
        .spec(&spec)
        .output(generator::Output::Module)
        .generate()
        .expect("a chain of 300 is fine");
}

#[test]
fn all_of_copies_beyond_the_budget_are_a_located_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A member with 50,001 properties: the budget is spent before any of them is copied.
    let properties: Vec<String> = (0..50_001)
        .map(|index| format!(r#""p{index}":{{}}"#))
        .collect();
    let schemas = r##"{"M": "MEMBER", "All": {"allOf": [{"$ref": "#/components/schemas/M"}], "properties": {"own": {}}}}"##;
    // The big member on one line, the rest one property per line.
    let text = json_spec(schemas, "All").replace(
        "\"MEMBER\"",
        &format!(
            r#"{{"type":"object","properties":{{{}}}}}"#,
            properties.join(",")
        ),
    );
    let spec = write(dir.path(), "spec.json", text);
    let diagnostics = diagnostics_of(&spec);
    assert_eq!(diagnostics.len(), 1, "{diagnostics}");
    let error = diagnostics.iter().next().expect("one");
    assert_eq!(error.code, "E0108");
    assert_eq!(error.origin.pointer, "#/components/schemas/All/allOf/0");
    assert!(error.position.is_some() && error.help.is_some());
    insta::assert_snapshot!("all_of_budget", rendered(&diagnostics, dir.path()));
}

#[test]
fn many_equal_names_and_wide_schemas_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Names that differ only in punctuation share one Rust name base.
    let punctuation = [
        "!", "#", "$", "%", "&", "(", ")", "*", "+", ",", ".", ":", ";", "<", "=", ">", "?", "@",
    ];
    let suffix = |index: usize| {
        let mut text = String::new();
        let mut rest = index;
        loop {
            text.push_str(punctuation[rest % punctuation.len()]);
            rest /= punctuation.len();
            if rest == 0 {
                return text;
            }
        }
    };
    let values: Vec<String> = (0..2_000)
        .map(|index| format!("\"v{}\"", suffix(index)))
        .collect();
    let mut schemas: Vec<String> = (0..300)
        .map(|index| {
            format!(
                r#""Pet{}":{{"type":"object","properties":{{"id":{{"type":"string"}}}}}}"#,
                suffix(index)
            )
        })
        .collect();
    schemas.push(format!(
        r#""Big":{{"type":"string","enum":[{}]}}"#,
        values.join(",")
    ));
    let spec = write(
        dir.path(),
        "spec.json",
        json_spec(&format!("{{{}}}", schemas.join(",")), "Big"),
    );
    let generated = generator::Config::new()
        .spec(&spec)
        .output(generator::Output::Module)
        .generate()
        .expect("generates");
    let code = generated.files.values().next().expect("one file");
    assert!(
        code.contains("Pet299") || code.contains("PetModel299"),
        "suffixed names"
    );
    assert!(code.contains("V1999"), "suffixed variants");
}

/// A body whose required properties are 20 wide and 6 deep: spelled out in full, one
/// example would need 20^6 values. The examples (api.md, README) and the generated tests
/// stop at their budget, and an enum of 500 values is listed in part in api.md.
#[test]
fn examples_of_wide_and_deep_bodies_stay_small() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut schemas = Vec::new();
    for level in 0..6 {
        let item = if level == 5 {
            r##"{"$ref":"#/components/schemas/Colour"}"##.to_string()
        } else {
            format!(r##"{{"$ref":"#/components/schemas/L{}"}}"##, level + 1)
        };
        let properties: Vec<String> = (0..20).map(|p| format!(r#""p{p}":{item}"#)).collect();
        let required: Vec<String> = (0..20).map(|p| format!(r#""p{p}""#)).collect();
        schemas.push(format!(
            r#""L{level}":{{"type":"object","required":[{}],"properties":{{{}}}}}"#,
            required.join(","),
            properties.join(",")
        ));
    }
    let colours: Vec<String> = (0..500).map(|c| format!(r#""c{c}""#)).collect();
    schemas.push(format!(
        r#""Colour":{{"type":"string","enum":[{}]}}"#,
        colours.join(",")
    ));
    let spec = format!(
        r##"{{"openapi":"3.1.0","info":{{"title":"Wide","version":"1"}},"paths":{{"/a":{{"post":{{"operationId":"send","requestBody":{{"required":true,"content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/L0"}}}}}}}},"parameters":[{{"name":"colour","in":"query","schema":{{"$ref":"#/components/schemas/Colour"}}}}],"responses":{{"204":{{"description":"Done"}}}}}}}}}},"components":{{"schemas":{{{}}}}}}}"##,
        schemas.join(",")
    );
    let spec = write(dir.path(), "spec.json", spec);
    let started = std::time::Instant::now();
    let generated = generator::Config::new()
        .spec(&spec)
        .with_tests(true)
        .threads(1)
        .generate()
        .expect("generates");
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
    let total: usize = generated.files.values().map(String::len).sum();
    let sizes: Vec<(&String, usize)> = generated.files.iter().map(|(k, v)| (k, v.len())).collect();
    assert!(total < 1_000_000, "{total} bytes generated: {sizes:?}");
    let tests = &generated.files["tests/api.rs"];
    assert!(
        tests.contains("todo!()"),
        "past the budget, values are todo!()"
    );
    assert!(
        tests.contains("#[ignore = \"the request is too large"),
        "such a test is ignored"
    );
    let reference = &generated.files["api.md"];
    assert!(reference.contains("and 480 more (see `Colour`)"));
    assert!(!reference.contains("`c20`"), "the 21st value is not listed");
    assert!(reference.contains("More nested fields, not listed here"));
}
