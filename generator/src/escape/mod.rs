//! The one escaping layer: every string that comes from a spec reaches the output through
//! a type of this module, made for the place it lands.
//!
//! - [`Markdown`]: rustdoc comments, the generated README and `api.md` (all three are
//!   compiled as doctests, so spec text must never become a code block, HTML or a link
//!   target). Spec text only becomes `Markdown` through its escaping constructors;
//!   the generator's own text through the [`md!`](crate::md) macro, whose format string is
//!   a literal and whose arguments are `Markdown` themselves.
//! - [`toml_string`]: a TOML basic string (`Cargo.toml`).
//! - [`comment_line`]: one line of a `//` comment (file headers), and [`html_comment`] for
//!   the README's header.
//!
//! Rust string literals need nothing here: `quote` writes them escaped.

mod markdown;

pub use markdown::Markdown;

/// A character that must never reach generated text raw: control characters (a line break
/// is the caller's business) and the bidirectional-text controls rustc refuses in comments
/// and literals (`text_direction_codepoint_in_comment`).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// `text` with every unsafe character written as a `\u{…}` escape and line breaks as `\n`
/// (visible, one line).
pub fn visible_escapes(text: &str) -> String {
    // Most names are plain printable ASCII: nothing to escape.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// One line of a `//` comment: nothing can end the line or upset rustc's lints.
pub fn comment_line(text: &str) -> String {
    visible_escapes(text)
}

/// Text inside an HTML comment (`<!-- … -->`, the README's first line): one line, and no
/// `--` that could close it early.
pub fn html_comment(text: &str) -> String {
    let mut out = visible_escapes(text);
    while out.contains("--") {
        out = out.replace("--", "-\u{2010}");
    }
    out.replace('>', "&gt;")
}

/// A TOML key: bare when it is only ASCII letters, digits, `-` and `_` (as names the
/// generator decides are), else a quoted string.
pub fn toml_key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if bare {
        text.to_string()
    } else {
        toml_string(text)
    }
}

/// A TOML basic string, quotes included: every control character escaped, so a value can
/// never end the string or the line.
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe_char(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_cannot_be_left() {
        assert_eq!(toml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(
            toml_string("1.0\"\n[build-dependencies]\nevil = \"1\""),
            r#""1.0\"\n[build-dependencies]\nevil = \"1\"""#
        );
        assert_eq!(
            toml_string("\u{0}\u{202e}\u{7f}"),
            r#""\u0000\u202E\u007F""#
        );
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment_line("a\nb\r\u{202e}"), "a\\nb\\r\\u{202e}");
        assert_eq!(
            html_comment("x --> <script>"),
            "x -\u{2010}&gt; <script&gt;"
        );
        assert!(!html_comment("----->").contains("--"));
    }
}
