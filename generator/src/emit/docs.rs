//! Spec prose → `#[doc]` attributes that rustdoc and clippy accept.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// Makes spec text safe as rustdoc Markdown: fenced code is marked `text` (never a
/// doctest), bare URLs become autolinks, and brackets and angle brackets that would be
/// read as intra-doc links or HTML are escaped.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw_line in text.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw_line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let fence = &trimmed[..3];
            if in_fence {
                lines.push(fence.to_string());
            } else {
                lines.push(format!("{fence}text"));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(line.to_string());
            continue;
        }
        // Indented code blocks would become doctests too: drop the indentation.
        let line = if line.starts_with("    ") || line.starts_with('\t') {
            trimmed
        } else {
            line
        };
        // A line that continues a list item must be indented under it (Markdown's lazy
        // continuation is ambiguous, and clippy flags it).
        if line.trim().is_empty() {
            list_indent = None;
        } else if let Some(width) = list_item_width(line) {
            list_indent = Some(width);
        } else if let Some(width) = list_indent {
            let indent = line.len() - line.trim_start().len();
            if indent < width {
                lines.push(format!(
                    "{}{}",
                    " ".repeat(width),
                    escape_inline(line.trim_start())
                ));
                continue;
            }
        }
        lines.push(escape_inline(line));
    }
    if in_fence {
        lines.push("```".to_string());
    }
    // Trim blank lines at both ends and collapse runs of blank lines.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.trim().is_empty() && out.last().is_none_or(|l: &String| l.trim().is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    out
}

/// The width of a list item's marker and the spaces after it (`- `, `12. `), if `line`
/// starts one.
fn list_item_width(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let marker = if rest.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !rest[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let spaces = rest[marker..].len() - rest[marker..].trim_start_matches(' ').len();
    (spaces > 0 && !rest[marker..].trim().is_empty()).then_some(indent + marker + spaces)
}

/// Length of a Markdown link `[text](target)` at the start of `text`.
fn markdown_link_len(text: &str) -> Option<(usize, usize)> {
    let close = text.find("](")?;
    let label = &text[1..close];
    if label.contains(['[', ']']) {
        return None;
    }
    let target_len = text[close + 2..].find(')')?;
    let target = &text[close + 2..close + 2 + target_len];
    if target.is_empty() || target.contains([' ', '(', '<', '>']) {
        return None;
    }
    Some((close, close + 2 + target_len + 1))
}

fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('[')
            && let Some((label_end, end)) = markdown_link_len(rest)
        {
            // A real link: keep it a link, escaping only its label.
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
            // Copy an inline code span through unchanged (it cannot hold links or HTML).
            let run = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..run];
            if let Some(close) = rest[run..].find(fence) {
                let end = run + close + run;
                out.push_str(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            out.push_str(fence);
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

/// Doc lines for an item: summary, description, then `extra` lines (already Markdown).
pub fn lines(docs: &Docs, extra: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(summary) = docs.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        out.extend(sanitize(summary));
    }
    if let Some(description) = docs.description.as_deref().filter(|s| !s.trim().is_empty()) {
        let described = sanitize(description);
        if !described.is_empty()
            && Some(described.join("\n")) != docs.summary.as_deref().map(|s| sanitize(s).join("\n"))
        {
            if !out.is_empty() {
                out.push(String::new());
            }
            out.extend(described);
        }
    }
    if docs.deprecated {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.push("**Deprecated.**".to_string());
    }
    if !extra.is_empty() {
        if !out.is_empty() {
            out.push(String::new());
        }
        out.extend(extra.iter().cloned());
    }
    out
}

/// `#[doc = "…"]` attributes for the given lines.
pub fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// Doc attributes for `docs` plus `extra` lines.
pub fn doc(docs: &Docs, extra: &[String]) -> TokenStream {
    attrs(&lines(docs, extra))
}

/// Inline code span for a value that may contain backticks.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        return "`\"\"`".to_string();
    }
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_prose() {
        assert_eq!(
            sanitize("See https://example.com/a."),
            vec!["See <https://example.com/a>."]
        );
        assert_eq!(sanitize("a [link] <b>"), vec![r"a \[link\] \<b\>"]);
        assert_eq!(
            sanitize("use `expand=[results]` here"),
            vec!["use `expand=[results]` here"]
        );
        assert_eq!(
            sanitize("```\nfn main() {}\n```"),
            vec!["```text", "fn main() {}", "```"]
        );
        assert_eq!(sanitize("```rust\nboom\n"), vec!["```text", "boom", "```"]);
        assert_eq!(sanitize("x\n\n\n\ny\n\n"), vec!["x", "", "y"]);
        assert_eq!(sanitize("    indented code"), vec!["indented code"]);
        assert_eq!(
            sanitize("see [the docs](https://example.com/a_b) and [x]"),
            vec![r"see [the docs](https://example.com/a_b) and \[x\]"]
        );
        assert_eq!(
            sanitize("- item one\ncontinues here\n10. next\nmore\n\nparagraph"),
            vec![
                "- item one",
                "  continues here",
                "10. next",
                "    more",
                "",
                "paragraph"
            ]
        );
    }

    #[test]
    fn code_spans() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code(""), "`\"\"`");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
