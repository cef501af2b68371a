//! Messages of a diff report: the generator's own words and spec text kept apart, so each
//! output quotes spec text for where it lands (a terminal, Markdown, JSON).

use crate::escape::{Markdown, visible_escapes};

/// One piece of a [`Message`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Piece {
    /// The generator's own text. Only a `&'static str` converts into it, so spec text
    /// (never `'static`) cannot end up here by mistake.
    Text(&'static str),
    /// A name, a value or a Rust type: spec text or text built from it, shown as code.
    Code(String),
}

impl From<&'static str> for Piece {
    fn from(text: &'static str) -> Self {
        Piece::Text(text)
    }
}

/// Spec text (or a value built from it) shown as code.
pub(crate) fn code(text: impl Into<String>) -> Piece {
    Piece::Code(text.into())
}

/// A sentence made of the generator's text and quoted values.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Message(pub Vec<Piece>);

/// Builds a [`Message`]: `msg!("parameter ", code(name), " became required")`.
macro_rules! msg {
    ($($piece:expr),* $(,)?) => {
        $crate::diff::message::Message(vec![$($crate::diff::message::Piece::from($piece)),*])
    };
}
pub(crate) use msg;

impl Message {
    /// Appends the pieces of `other`.
    pub(crate) fn then(mut self, other: Message) -> Message {
        self.0.extend(other.0);
        self
    }

    /// Plain text: code in backticks, with control characters (terminal escapes
    /// included) written as visible escapes.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Code(text) => {
                    out.push('`');
                    out.push_str(&visible_escapes(text));
                    out.push('`');
                }
            }
        }
        out
    }

    /// The text as it is, code in backticks (for JSON, whose encoder escapes it).
    pub fn to_raw(&self) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Code(text) => {
                    out.push('`');
                    out.push_str(text);
                    out.push('`');
                }
            }
        }
        out
    }

    /// Markdown: every code piece through [`Markdown::code`].
    pub(crate) fn to_markdown(&self) -> Markdown {
        Markdown::join(
            self.0.iter().map(|piece| match piece {
                Piece::Text(text) => Markdown::lit(text),
                Piece::Code(text) => Markdown::code(text),
            }),
            "",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_text_is_quoted_for_each_output() {
        let message = msg!("field ", code("a`b\u{1b}[31m"), " removed");
        assert_eq!(message.to_text(), "field `a`b\\u{1b}[31m` removed");
        assert_eq!(message.to_raw(), "field `a`b\u{1b}[31m` removed");
        assert_eq!(
            message.to_markdown().as_str(),
            "field ``a`b\\u{1b}[31m`` removed"
        );
    }
}
