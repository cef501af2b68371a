//! The runtime files as the generator ships them: formatted once, when the runtime
//! changes (`prepared.rs`, written by the `prepared_runtime_is_up_to_date` test), with
//! the line ranges of every `#[cfg]`-gated node. Embedding a file for one API is then a
//! walk over its lines: a gate whose piece the API does not use drops its node's lines,
//! one it uses drops the attribute's line. No parsing or formatting at generation time.
//!
//! The gates mean what [`super::cfg`] says they mean; a test checks that both give the
//! same tokens for every fixture's pieces.

use super::cfg::{self, Truth};
use super::pieces::Pieces;

/// A runtime file, formatted, with its gates.
#[derive(Debug)]
pub struct File {
    /// Its path under `runtime/src`.
    pub path: &'static str,
    /// The text: the source without its tests, private docs dropped, formatted.
    pub text: &'static str,
    /// Its gated nodes, in the order they start (an outer node before the nodes in it).
    pub gates: &'static [Gate],
    /// Its public top-level items: name, and the line of the name (0-based).
    pub public: &'static [(&'static str, u32)],
}

/// One `#[cfg]` attribute and the node it is on, as 0-based inclusive line ranges.
#[derive(Debug)]
pub struct Gate {
    /// The lines of the attribute.
    pub attr: (u32, u32),
    /// How the attribute goes when its predicate holds.
    pub cut: Cut,
    /// The lines of the node, its attributes included.
    pub node: (u32, u32),
    /// What the attribute says.
    pub pred: Pred,
}

/// How an attribute is taken out of the text.
#[derive(Debug)]
pub enum Cut {
    /// Its lines go.
    Lines,
    /// It starts its node's line: these bytes of the line go (the attribute and the
    /// space after it).
    Within(u32, u32),
}

/// A `cfg` predicate.
#[derive(Debug)]
pub enum Pred {
    /// `feature = "…"`: a piece, or a feature of the generated crate itself.
    Feature(&'static str),
    /// `generated`: always true here.
    Generated,
    /// `test`: always false here.
    Test,
    Not(&'static Pred),
    All(&'static [Pred]),
    Any(&'static [Pred]),
}

impl Pred {
    /// What the predicate says for `pieces`, by the rules of [`super::cfg`].
    fn evaluate(&self, pieces: &Pieces) -> Truth {
        let all = |preds: &[Pred]| preds.iter().map(|p| p.evaluate(pieces)).collect::<Vec<_>>();
        match self {
            Pred::Feature(name) => cfg::feature(name, pieces),
            Pred::Generated => Truth::Yes,
            Pred::Test => Truth::No,
            Pred::Not(inner) => cfg::not(inner.evaluate(pieces)),
            Pred::All(preds) => cfg::combine(&all(preds), Truth::No, Truth::Yes),
            Pred::Any(preds) => cfg::combine(&all(preds), Truth::Yes, Truth::No),
        }
    }
}

impl File {
    /// The file for `pieces`: its text and its public names.
    pub fn assemble(&self, pieces: &Pieces) -> (String, Vec<String>) {
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let mut dropped = vec![false; lines.len()];
        // Bytes cut from a line that stays: (line, from, to).
        let mut cuts: Vec<(usize, usize, usize)> = Vec::new();
        // The nodes removed so far: what starts inside one went with it.
        let mut removed: Vec<(u32, u32)> = Vec::new();
        for gate in self.gates {
            let start = gate.node.0;
            if removed
                .iter()
                .any(|&(first, last)| first <= start && start <= last)
            {
                continue;
            }
            let (first, last) = match (gate.pred.evaluate(pieces), &gate.cut) {
                (Truth::Yes, Cut::Lines) => gate.attr,
                (Truth::Yes, Cut::Within(from, to)) => {
                    cuts.push((gate.attr.0 as usize, *from as usize, *to as usize));
                    continue;
                }
                (Truth::No, _) => {
                    removed.push(gate.node);
                    gate.node
                }
                (Truth::Later, _) => continue,
            };
            for line in first..=last {
                if let Some(slot) = dropped.get_mut(line as usize) {
                    *slot = true;
                }
            }
        }
        // Several cuts of one line go from its end, so earlier offsets stay right.
        cuts.sort_by(|a, b| b.cmp(a));
        let mut text = String::with_capacity(self.text.len());
        for (index, (line, gone)) in lines.iter().zip(&dropped).enumerate() {
            if *gone {
                continue;
            }
            let mut owned: Option<String> = None;
            for &(_, from, to) in cuts.iter().filter(|(at, _, _)| *at == index) {
                let current = owned.get_or_insert_with(|| (*line).to_string());
                if from <= to && to <= current.len() {
                    current.replace_range(from..to, "");
                }
            }
            text.push_str(owned.as_deref().unwrap_or(line));
        }
        let public = (self.public.iter())
            .filter(|(_, line)| !dropped.get(*line as usize).copied().unwrap_or(true))
            .map(|(name, _)| (*name).to_string())
            .collect();
        (text, public)
    }
}
