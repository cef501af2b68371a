//! Markdown that is safe wherever the generator writes it.
//!
//! rustdoc and the crate's doctests read every doc comment, the README and `api.md` as
//! CommonMark, and run each code block whose info string is empty or Rust. So text from a
//! spec must never open a code block (fenced with backticks or tildes, or indented, inside
//! list items and block quotes too), raw HTML or an intra-doc link, and must never carry a
//! character rustc refuses in a comment. A [`Markdown`] value holds text with that
//! guarantee; only the constructors below make one.

use std::fmt;

use super::{is_unsafe_char, visible_escapes};

/// A piece of Markdown that cannot run as a doctest, inject HTML or carry control
/// characters, built only from escaped spec text and the generator's own text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Markdown(String);

impl fmt::Display for Markdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Builds [`Markdown`] from a literal format string and `Markdown` arguments:
/// `md!("Operation {}.", Markdown::code(id))`. The format string is the generator's own
/// text; every argument is already safe.
#[macro_export]
#[doc(hidden)]
macro_rules! md {
    ($format:literal $(, $argument:expr)* $(,)?) => {
        $crate::escape::Markdown::from_parts(format!(
            $format $(, $crate::escape::Markdown::as_str(&$argument))*
        ))
    };
}

impl Markdown {
    /// Text the generator wrote itself (no spec text in it).
    pub fn lit(text: &'static str) -> Markdown {
        Markdown(text.to_string())
    }

    /// The output of [`md!`](crate::md): a literal format string filled with `Markdown`
    /// arguments. Called by that macro only (a test checks it).
    #[doc(hidden)]
    pub fn from_parts(text: String) -> Markdown {
        Markdown(text)
    }

    /// A Rust name or path the generator decided (`naming` makes identifiers of ASCII
    /// letters, digits and `_`); anything else is shown as code.
    pub fn ident(name: &str) -> Markdown {
        let path_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
        if !name.is_empty() && name.chars().all(path_char) {
            Markdown(name.to_string())
        } else {
            Markdown::code(name)
        }
    }

    /// A number or other value whose text the generator formats itself.
    pub fn number(value: impl fmt::Display) -> Markdown {
        Markdown::code(&value.to_string())
    }

    /// A count in running text (`and 18 more`): digits only, nothing to escape.
    pub fn count(value: usize) -> Markdown {
        Markdown(value.to_string())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when there is no text.
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }

    /// The lines of the text.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.0.lines()
    }

    /// `parts` joined by `separator`.
    pub fn join(parts: impl IntoIterator<Item = Markdown>, separator: &'static str) -> Markdown {
        let parts: Vec<String> = parts.into_iter().map(|part| part.0).collect();
        Markdown(parts.join(separator))
    }

    /// Block-level prose from a spec (a description): paragraphs, lists, block quotes,
    /// links and emphasis stay; a fenced code block becomes a `text` block; a fence inside
    /// a list item or a quote, and indentation that would make code, become text; HTML,
    /// brackets that would make intra-doc links, and unsafe characters are escaped.
    pub fn prose(text: &str) -> Markdown {
        Markdown(prose_lines(text).join("\n"))
    }

    /// One line of inline prose from a spec (a summary, a title, a table cell): line
    /// breaks become spaces, and nothing at its start can open a block.
    pub fn line(text: &str) -> Markdown {
        let flat: String = text
            .chars()
            .map(|c| {
                if c.is_whitespace() || is_unsafe_char(c) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut out = escape_inline(&flat).replace('|', "\\|");
        let spaced = |rest: &str| rest.is_empty() || rest.starts_with(' ');
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        let first = out.chars().next().unwrap_or(' ');
        if digits > 0 && out[digits..].starts_with(['.', ')']) && spaced(&out[digits + 1..]) {
            // `1. ` would open an ordered list.
            out.insert(digits, '\\');
        } else if match first {
            '>' => true,
            '#' => spaced(out.trim_start_matches('#')),
            '-' | '+' | '*' => spaced(&out[1..]) || out.chars().all(|c| c == first || c == ' '),
            '=' => out.chars().all(|c| c == '='),
            '~' => out.starts_with("~~~"),
            _ => false,
        } {
            out.insert(0, '\\');
        }
        Markdown(out)
    }

    /// The first paragraph of spec prose, as one [`line`](Self::line) (a table cell).
    pub fn first_paragraph(text: &str) -> Markdown {
        let paragraph: Vec<&str> = text
            .trim()
            .lines()
            .take_while(|line| !line.trim().is_empty() && opens(line.trim_start()).is_none())
            .collect();
        Markdown::line(&paragraph.join(" "))
    }

    /// Spec text shown as inline code, on one line (line breaks and unsafe characters are
    /// written as escapes).
    pub fn code(text: &str) -> Markdown {
        let text = visible_escapes(text);
        if text.is_empty() {
            return Markdown("`\"\"`".to_string());
        }
        let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest + 1);
        let pad = if text.starts_with('`') || text.ends_with('`') {
            " "
        } else {
            ""
        };
        Markdown(format!("{fence}{pad}{text}{pad}{fence}"))
    }

    /// A code block the generator wrote (`info`: `rust`, `rust,no_run`, `json`…); the
    /// fence is longer than any run of backticks in `code`.
    pub fn code_block(info: &'static str, code: &str) -> Markdown {
        let code = code.trim_end_matches('\n');
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        Markdown(format!("{fence}{info}\n{code}\n{fence}"))
    }

    /// A JSON value (an example from the spec) as a `json` block.
    pub fn json_block(value: &serde_json::Value) -> Markdown {
        let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
        // serde_json leaves DEL, C1 controls and bidirectional controls raw inside strings;
        // there they can be `\u` escapes.
        let mut text = String::with_capacity(pretty.len());
        for c in pretty.chars() {
            if c != '\n' && is_unsafe_char(c) {
                text.push_str(&format!("\\u{:04x}", u32::from(c)));
            } else {
                text.push(c);
            }
        }
        Markdown::code_block("json", &text)
    }
}

/// The lines of [`Markdown::prose`].
fn prose_lines(text: &str) -> Vec<String> {
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' => '\n',
            '\t' => ' ',
            c if c != '\n' && is_unsafe_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    let mut lines: Vec<String> = Vec::new();
    // The fence of a code block the spec opened at the top level: (character, length).
    let mut fence: Option<(char, usize)> = None;
    // The width of the list item the previous lines belong to.
    let mut list_width: Option<usize> = None;
    // The previous line is text inside a block quote.
    let mut in_quote = false;
    for line in text.lines() {
        let line = line.trim_end();
        if let Some((fence_char, length)) = fence {
            if closes(line, fence_char, length) {
                lines.push(fence_char.to_string().repeat(length));
                fence = None;
            } else {
                lines.push(line.to_string());
            }
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        // Indented under a list item, a fence belongs to the item: shown as text below.
        let top_level = indent == 0 || (indent <= 3 && list_width.is_none());
        if top_level && let Some((fence_char, length)) = opens(&line[indent..]) {
            // A fenced block at the top level stays a block, as text.
            lines.push(format!("{}text", fence_char.to_string().repeat(length)));
            fence = Some((fence_char, length));
            list_width = None;
            in_quote = false;
            continue;
        }
        if line.trim().is_empty() {
            lines.push(String::new());
            list_width = None;
            in_quote = false;
            continue;
        }
        let (prefix, content) = containers(line);
        // Leading spaces go: indentation would make code, here or inside a container.
        let content = content.trim_start();
        let mut escaped = escape_inline(content);
        if opens(content).is_some() && !escaped.starts_with('\\') {
            // A fence inside a list item or a quote: shown as text.
            escaped.insert(0, '\\');
        }
        if prefix.is_empty() && (list_width.is_some() || in_quote) {
            // A lazy continuation of a list item or a block quote: the same paragraph, so
            // it joins the line before (indenting it could make code, see below; clippy
            // flags a lazy quote line).
            if let Some(last) = lines.last_mut() {
                last.push(' ');
                last.push_str(&escaped);
                continue;
            }
        }
        // No line outside a fence starts with a space: indentation could make code.
        list_width = (!prefix.is_empty() && !prefix.contains('>')).then_some(prefix.len());
        in_quote = prefix.contains('>');
        let out = format!("{prefix}{escaped}");
        lines.push(out);
    }
    if let Some((fence_char, length)) = fence {
        lines.push(fence_char.to_string().repeat(length));
    }
    // Blank lines at both ends go, runs of them become one.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|last: &String| last.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|last| last.is_empty()) {
        out.pop();
    }
    out
}

/// The fence a line opens (three or more backticks or tildes; a backtick fence's info
/// string has no backtick).
fn opens(text: &str) -> Option<(char, usize)> {
    let first = text.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = text.len() - text.trim_start_matches(first).len();
    if length < 3 {
        return None;
    }
    let info = &text[length..];
    (first == '~' || !info.contains('`')).then_some((first, length))
}

/// Whether `line` closes a fence of `length` `fence_char`s.
fn closes(line: &str, fence_char: char, length: usize) -> bool {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return false;
    }
    let run = trimmed.len() - trimmed.trim_start_matches(fence_char).len();
    run >= length && trimmed[run..].trim().is_empty()
}

/// Splits off the block-quote markers and list markers a line starts with, normalized to
/// one space after each (more would make the content an indented code block).
fn containers(line: &str) -> (String, &str) {
    let mut prefix = String::new();
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if let Some(after) = trimmed.strip_prefix('>') {
            prefix.push_str("> ");
            rest = after.strip_prefix(' ').unwrap_or(after);
            continue;
        }
        let marker = if trimmed.starts_with(['-', '*', '+']) {
            1
        } else {
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            if (1..=9).contains(&digits) && trimmed[digits..].starts_with(['.', ')']) {
                digits + 1
            } else {
                0
            }
        };
        let after_marker = &trimmed[marker..];
        if marker > 0 && after_marker.starts_with(' ') && !after_marker.trim().is_empty() {
            prefix.push_str(&trimmed[..marker]);
            prefix.push(' ');
            rest = after_marker.trim_start_matches(' ');
            continue;
        }
        return (prefix, rest);
    }
}

/// Escapes what inline Markdown would read as HTML, an intra-doc link or a link target
/// that is not a web or mail address; keeps links, autolinks (bare URLs become
/// `<…>`) and code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('[')
            && let Some((label_end, end)) = markdown_link(rest)
        {
            out.push('[');
            out.push_str(&escape_inline(&rest[1..label_end]));
            out.push_str(&rest[label_end..end]);
            rest = &rest[end..];
            continue;
        }
        if let Some(url_len) = bare_url_len(rest) {
            out.push('<');
            out.push_str(&rest[..url_len]);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        if rest.starts_with('`') {
            // An inline code span is copied through (it cannot hold links or HTML).
            let run = rest.len() - rest.trim_start_matches('`').len();
            if let Some(end) = code_span_end(rest, run) {
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            out.push_str(&"\\`".repeat(run));
            rest = &rest[run..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '[' | ']' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The end of the code span `text` starts with (its opening run is `run` backticks): the
/// next run of exactly as many backticks closes it.
fn code_span_end(text: &str, run: usize) -> Option<usize> {
    let mut index = run;
    while index < text.len() {
        let rest = &text[index..];
        let skip = rest.find('`')?;
        let start = index + skip;
        let length = text[start..].len() - text[start..].trim_start_matches('`').len();
        if length == run {
            return Some(start + length);
        }
        index = start + length;
    }
    None
}

/// `[label](target)` at the start of `text` with a web, mail or in-page target: the end
/// of the label and of the whole link.
fn markdown_link(text: &str) -> Option<(usize, usize)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.contains(['[', ']']) {
        return None;
    }
    let target_len = text[close + 2..].find(')')?;
    let target = &text[close + 2..close + 2 + target_len];
    let allowed = ["https://", "http://", "mailto:", "#"]
        .iter()
        .any(|scheme| target.starts_with(scheme));
    if !allowed || target.contains([' ', '(', '<', '>', '`']) {
        return None;
    }
    Some((close, close + 2 + target_len + 1))
}

/// Length of an `http(s)://…` URL at the start of `text`.
fn bare_url_len(text: &str) -> Option<usize> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text
        .find(|c: char| {
            c.is_whitespace()
                || matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '(' | ')' | '{' | '}')
        })
        .unwrap_or(text.len());
    let url = text[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    (url.len() > "https://".len()).then_some(url.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(text: &str) -> Vec<String> {
        prose_lines(text)
    }

    #[test]
    fn prose_keeps_structure_and_escapes_the_rest() {
        assert_eq!(
            prose("See https://example.com/a."),
            vec!["See <https://example.com/a>."]
        );
        assert_eq!(prose("a [link] <b>"), vec![r"a \[link\] \<b\>"]);
        assert_eq!(
            prose("use `expand=[results]` here"),
            vec!["use `expand=[results]` here"]
        );
        assert_eq!(
            prose("```\nfn main() {}\n```"),
            vec!["```text", "fn main() {}", "```"]
        );
        assert_eq!(prose("~~~~rust\nboom\n"), vec!["~~~~text", "boom", "~~~~"]);
        assert_eq!(prose("x\n\n\n\ny\n\n"), vec!["x", "", "y"]);
        assert_eq!(prose("    indented code"), vec!["indented code"]);
        assert_eq!(
            prose("see [the docs](https://example.com/a_b) and [x](javascript:alert(1))"),
            vec![r"see [the docs](https://example.com/a_b) and \[x\](javascript:alert(1))"]
        );
        assert_eq!(
            prose("- item one\ncontinues here\n10. next\nmore\n\nparagraph"),
            vec![
                "- item one continues here",
                "10. next more",
                "",
                "paragraph"
            ]
        );
        // A quote's lazy continuation joins it (PagerDuty's notes are written so).
        assert_eq!(
            prose("> Note: this\nis deprecated.\n\nafter"),
            vec!["> Note: this is deprecated.", "", "after"]
        );
        assert_eq!(prose("> a\n> b\nc"), vec!["> a", "> b c"]);
        // A lazy continuation of a quote joins it, as CommonMark reads it.
        assert_eq!(
            prose("<!-- a -->\n> quoted\n<!-- b -->\n> more\n\nafter"),
            vec![
                r"\<!-- a --\>",
                r"> quoted \<!-- b --\>",
                "> more",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn fences_inside_containers_and_indented_code_become_text() {
        assert_eq!(
            prose("> ```rust\n> boom()\n> ```"),
            vec![r"> \`\`\`rust", "> boom()", r"> \`\`\`"]
        );
        assert_eq!(prose("- ~~~\n  boom()\n  ~~~"), vec![r"- \~~~ boom() \~~~"]);
        assert_eq!(prose("1.      boom()"), vec!["1. boom()"]);
        assert_eq!(prose(">      boom()"), vec!["> boom()"]);
        assert_eq!(prose("-\tboom()"), vec!["- boom()"]);
    }

    #[test]
    fn unsafe_characters_never_pass() {
        let text = prose("a\u{202e}b\u{0}c\u{7}\rd");
        assert_eq!(text, vec!["a\u{FFFD}b\u{FFFD}c\u{FFFD}", "d"]);
    }

    #[test]
    fn lines_and_code_spans_are_one_line() {
        assert_eq!(
            Markdown::line("a\n```rust\nb").as_str(),
            "a \\`\\`\\`rust b"
        );
        assert_eq!(
            Markdown::line("# not a heading").as_str(),
            "\\# not a heading"
        );
        assert_eq!(Markdown::line("2.0.0").as_str(), "2.0.0");
        assert_eq!(Markdown::line("#tag -x").as_str(), "#tag -x");
        assert_eq!(Markdown::line("- item").as_str(), "\\- item");
        assert_eq!(Markdown::line("***").as_str(), "\\***");
        assert_eq!(
            Markdown::line("1. not a list | cell").as_str(),
            "1\\. not a list \\| cell"
        );
        assert_eq!(Markdown::code("a").as_str(), "`a`");
        assert_eq!(Markdown::code("a`b").as_str(), "``a`b``");
        assert_eq!(Markdown::code("").as_str(), "`\"\"`");
        assert_eq!(Markdown::code("`x").as_str(), "`` `x ``");
        assert_eq!(Markdown::code("x\n```rust").as_str(), "````x\\n```rust````");
        assert_eq!(Markdown::ident("list_all").as_str(), "list_all");
        assert_eq!(Markdown::ident("a b").as_str(), "`a b`");
    }

    /// Only `md!` turns a `String` into `Markdown` without escaping it.
    #[test]
    fn only_the_macro_builds_from_parts() {
        let callers: Vec<String> = crate::test_support::rust_sources("src")
            .into_iter()
            .filter(|(_, text)| text.contains(concat!("from_", "parts(")))
            .map(|(path, _)| path)
            .collect();
        assert_eq!(callers, vec!["escape/markdown.rs"]);
    }

    #[test]
    fn composed_markdown_takes_markdown_only() {
        let id = Markdown::code("op`id");
        assert_eq!(md!("Operation {}.", id).as_str(), "Operation ``op`id``.");
        assert_eq!(
            Markdown::code_block("rust", "let x = \"```\";\n").as_str(),
            "````rust\nlet x = \"```\";\n````"
        );
    }

    /// Read as rustdoc reads it, no `Markdown` has a code block that could run, raw HTML,
    /// or an unsafe character, whatever the spec text.
    mod as_rustdoc_reads_it {
        use super::*;
        use proptest::prelude::*;
        use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

        /// Pieces that attack Markdown: fences of both kinds and lengths, containers,
        /// indentation, HTML, links, line breaks and control characters.
        fn fragment() -> impl Strategy<Value = String> {
            prop::sample::select(vec![
                "```",
                "````rust",
                "~~~",
                "~~~~ignore",
                "```no_run",
                "\n",
                "\r\n",
                "\r",
                "\n\n",
                "    ",
                "\t",
                "> ",
                ">",
                "- ",
                "* ",
                "+ ",
                "1. ",
                "2) ",
                "  ",
                "`",
                "``",
                "<script>",
                "</div>",
                "<!--",
                "-->",
                "[x]",
                "[a](b)",
                "[`T`]",
                "](javascript:x)",
                "fn main() { std::process::exit(1) }",
                "# ",
                "#",
                "---",
                "===",
                "\u{202e}",
                "\u{0}",
                "\u{7}",
                "\u{2028}",
                "é",
                "|",
                "\\",
                "text",
            ])
            .prop_map(|piece| {
                piece
                    .replace("\\n", "\n")
                    .replace("\\r", "\r")
                    .replace("\\t", "\t")
                    .replace("\\u{202e}", "\u{202e}")
                    .replace("\\u{0}", "\u{0}")
                    .replace("\\u{7}", "\u{7}")
                    .replace("\\u{2028}", "\u{2028}")
                    .replace("\\\\", "\\")
            })
        }

        fn spec_text() -> impl Strategy<Value = String> {
            prop::collection::vec(fragment(), 0..24).prop_map(|pieces| pieces.concat())
        }

        /// The events of `markdown` as rustdoc parses it, checked.
        fn assert_safe(markdown: &Markdown) {
            let text = markdown.as_str();
            assert!(
                !text.chars().any(|c| c != '\n' && is_unsafe_char(c)),
                "{text:?}"
            );
            let options = Options::ENABLE_TABLES
                | Options::ENABLE_FOOTNOTES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_SMART_PUNCTUATION;
            for event in Parser::new_ext(text, options) {
                match event {
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                        assert!(
                            info.as_ref() == "text" || info.as_ref() == "json",
                            "a `{info}` block in {text:?}"
                        )
                    }
                    Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                        panic!("an indented code block in {text:?}")
                    }
                    Event::Html(html) | Event::InlineHtml(html) => {
                        panic!("HTML {html:?} in {text:?}")
                    }
                    _ => {}
                }
            }
        }

        proptest! {
            // 512 cases in CI; `PROPTEST_CASES` asks for more.
            #![proptest_config(ProptestConfig {
                cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512),
                ..ProptestConfig::default()
            })]

            #[test]
            fn prose_is_safe(text in spec_text()) {
                assert_safe(&Markdown::prose(&text));
            }

            #[test]
            fn lines_and_code_are_safe_and_one_line(text in spec_text()) {
                for markdown in [Markdown::line(&text), Markdown::code(&text), Markdown::first_paragraph(&text)] {
                    assert_safe(&markdown);
                    assert!(!markdown.as_str().contains('\n'), "{:?}", markdown.as_str());
                }
            }

            #[test]
            fn composed_docs_are_safe(a in spec_text(), b in spec_text()) {
                let composed = md!("{}\n\n{} and {}\n\n{}", Markdown::prose(&a), Markdown::code(&b), Markdown::line(&a), Markdown::json_block(&serde_json::json!({"a": b})));
                assert_safe(&composed);
            }
        }
    }
}
