//! Reviewing a draft reply: phrases that escalate, and a missing
//! acknowledgement.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use crate::text::is_invisible;
use crate::{Analysis, Emotion, Error, Result};

/// What is wrong with a phrase of a draft reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FindingKind {
    /// Tells the customer how to feel: "calm down", "relax".
    Dismissive,
    /// Puts the fault on the customer: "you should have", "you didn't read".
    Blame,
    /// Argues with the customer: "that's not what I see", "as I already
    /// told you".
    Defensive,
    /// Leads with the rules instead of the person: "it's our policy".
    PolicyFirst,
    /// An apology taken back in the same breath: "I'm sorry, but", "may
    /// have caused".
    DilutedApology,
    /// Leaves the customer with nowhere to go: "I don't know", "there's
    /// nothing I can do".
    DeadEnd,
    /// The customer shows a feeling and the draft acknowledges none.
    NoAcknowledgement,
}

impl FindingKind {
    /// All kinds, in declaration order.
    pub const ALL: [FindingKind; 7] = [
        FindingKind::Dismissive,
        FindingKind::Blame,
        FindingKind::Defensive,
        FindingKind::PolicyFirst,
        FindingKind::DilutedApology,
        FindingKind::DeadEnd,
        FindingKind::NoAcknowledgement,
    ];

    /// The snake_case name used in data files and JSON: `"dismissive"`,
    /// `"policy_first"`, `"no_acknowledgement"`…
    pub const fn name(self) -> &'static str {
        match self {
            FindingKind::Dismissive => "dismissive",
            FindingKind::Blame => "blame",
            FindingKind::Defensive => "defensive",
            FindingKind::PolicyFirst => "policy_first",
            FindingKind::DilutedApology => "diluted_apology",
            FindingKind::DeadEnd => "dead_end",
            FindingKind::NoAcknowledgement => "no_acknowledgement",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FindingKind {
    type Err = String;

    /// Parses a snake_case name, case-insensitively.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim();
        FindingKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!(
                    "unknown kind `{s}` (expected {}, or acknowledgement)",
                    FindingKind::ALL.map(|k| k.name()).join(", ")
                )
            })
    }
}

/// One problem found in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Finding {
    /// What is wrong.
    pub kind: FindingKind,
    /// Byte span of the phrase in the draft, on char boundaries. For
    /// [`FindingKind::NoAcknowledgement`], which is about something
    /// missing, the empty span `0..0`: where an acknowledgement belongs.
    pub span: Range<usize>,
    /// Why it makes things worse.
    pub why: String,
    /// What to write instead.
    pub alternative: String,
}

/// The findings of a review, in draft order
/// ([`FindingKind::NoAcknowledgement`] first when present).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Review {
    /// What was found.
    pub findings: Vec<Finding>,
}

impl Review {
    /// Whether nothing was found.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// The kinds found, in finding order (with repeats).
    pub fn kinds(&self) -> impl Iterator<Item = FindingKind> + '_ {
        self.findings.iter().map(|f| f.kind)
    }

    /// Whether a finding of this kind is present.
    pub fn has(&self, kind: FindingKind) -> bool {
        self.kinds().any(|k| k == kind)
    }
}

/// What a review phrase is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rule {
    /// A phrase that escalates, with why and what instead.
    Flag {
        kind: FindingKind,
        why: String,
        alternative: String,
    },
    /// A phrase that acknowledges the customer's feeling.
    Acknowledgement,
}

/// A word of a text, folded, with its span in the text.
struct Word {
    folded: String,
    span: Range<usize>,
    /// A sentence ends between the previous word and this one.
    break_before: bool,
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`'
    )
}

/// Cuts `text` into words: runs of letters and digits, apostrophes
/// (straight or curly) inside them dropped (`don’t` → `dont`, so "dont"
/// typed without one matches too), invisible characters skipped, letters
/// lowercased. `.`, `!`, `?`, `;` and line breaks end a sentence; phrases do
/// not match across them.
fn words(text: &str, out: &mut Vec<Word>) {
    out.clear();
    let mut current: Option<Word> = None;
    let mut pending_break = false;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            let w = current.get_or_insert_with(|| Word {
                folded: String::new(),
                span: i..i,
                break_before: std::mem::take(&mut pending_break),
            });
            w.folded.extend(c.to_lowercase());
            w.span.end = i + c.len_utf8();
        } else if (is_apostrophe(c) || is_invisible(c)) && current.is_some() {
            // Inside a word: skipped; it ends the word only if no letter follows.
        } else {
            if let Some(w) = current.take() {
                out.push(w);
            }
            if matches!(c, '.' | '!' | '?' | ';' | '\n' | '\u{2026}') {
                pending_break = true;
            }
        }
    }
    if let Some(w) = current.take() {
        out.push(w);
    }
}

/// The folded words of a phrase, or why it is not one.
fn phrase_words(phrase: &str) -> std::result::Result<Vec<String>, String> {
    let mut ws = Vec::new();
    words(phrase, &mut ws);
    if ws.is_empty() {
        return Err("empty phrase (no letters or digits)".into());
    }
    if ws.iter().skip(1).any(|w| w.break_before) {
        return Err(format!(
            "phrase `{phrase}` spans two sentences (`.`, `!`, `?` or `;` inside)"
        ));
    }
    Ok(ws.into_iter().map(|w| w.folded).collect())
}

#[derive(Debug, Clone, Default)]
struct Node {
    next: HashMap<String, u32>,
    /// The rule ending here.
    rule: Option<u32>,
}

/// The review phrases, compiled into a trie over folded words.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    nodes: Vec<Node>,
    rules: Vec<Rule>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            nodes: vec![Node::default()],
            rules: Vec::new(),
        }
    }
}

/// A match of a rule: its index and the byte span.
pub(crate) struct Hit {
    pub rule: u32,
    pub span: Range<usize>,
}

impl Rules {
    /// Adds the phrases of a review file (see the module docs for the
    /// format). A phrase already present is replaced.
    pub fn add_source(&mut self, source: &str, text: &str) -> Result<()> {
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = raw.split('\t').map(str::trim).collect();
            let err = |p: String| Error::parse(source, line, p);
            let rule = if fields[0].eq_ignore_ascii_case("acknowledgement") {
                if fields.len() != 2 {
                    return Err(err(format!(
                        "an acknowledgement line has 2 tab-separated fields (acknowledgement, phrase), found {}",
                        fields.len()
                    )));
                }
                Rule::Acknowledgement
            } else {
                if fields.len() != 4 {
                    return Err(err(format!(
                        "expected 4 tab-separated fields (kind, phrase, why, alternative), found {}",
                        fields.len()
                    )));
                }
                let kind: FindingKind = fields[0].parse().map_err(err)?;
                if kind == FindingKind::NoAcknowledgement {
                    return Err(err(
                        "no_acknowledgement is found by the absence of acknowledgement phrases; it has no phrases".into(),
                    ));
                }
                if fields[2].is_empty() || fields[3].is_empty() {
                    return Err(err(format!(
                        "`{}` needs a why and an alternative",
                        fields[1]
                    )));
                }
                Rule::Flag {
                    kind,
                    why: fields[2].to_owned(),
                    alternative: fields[3].to_owned(),
                }
            };
            let ws = phrase_words(fields[1]).map_err(err)?;
            self.insert(&ws, rule);
        }
        Ok(())
    }

    fn insert(&mut self, ws: &[String], rule: Rule) {
        let mut node = 0usize;
        for w in ws {
            node = match self.nodes[node].next.get(w) {
                Some(&n) => n as usize,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[node].next.insert(w.clone(), n as u32);
                    n
                }
            };
        }
        match self.nodes[node].rule {
            Some(r) => self.rules[r as usize] = rule,
            None => {
                self.nodes[node].rule = Some(self.rules.len() as u32);
                self.rules.push(rule);
            }
        }
    }

    pub fn rule(&self, hit: &Hit) -> &Rule {
        &self.rules[hit.rule as usize]
    }

    /// The leftmost-longest, non-overlapping matches in `text`, in order.
    /// Linear: each word starts at most one walk down the trie, which is
    /// as deep as the longest phrase.
    pub fn matches(&self, text: &str) -> Vec<Hit> {
        let mut ws = Vec::new();
        words(text, &mut ws);
        let mut hits = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let mut node = 0usize;
            let mut best: Option<(u32, usize)> = None;
            for (j, w) in ws[i..].iter().enumerate() {
                if j > 0 && w.break_before {
                    break;
                }
                match self.nodes[node].next.get(&w.folded) {
                    Some(&n) => node = n as usize,
                    None => break,
                }
                if let Some(r) = self.nodes[node].rule {
                    best = Some((r, i + j));
                }
            }
            match best {
                Some((rule, last)) => {
                    hits.push(Hit {
                        rule,
                        span: ws[i].span.start..ws[last].span.end,
                    });
                    // An acknowledgement does not hide what follows it:
                    // "I'm sorry you feel that way" is an acknowledgement
                    // ("I'm sorry") overlapping a diluted apology ("sorry
                    // you feel").
                    i = match self.rules[rule as usize] {
                        Rule::Acknowledgement => i + 1,
                        Rule::Flag { .. } => last + 1,
                    };
                }
                None => i += 1,
            }
        }
        hits
    }

    /// Reviews `draft` for a customer whose message was analysed as
    /// `customer`; `acknowledgement` is the suggested opening for an
    /// emotion.
    pub fn review(
        &self,
        draft: &str,
        customer: &Analysis,
        acknowledgement: impl Fn(Emotion) -> String,
    ) -> Review {
        let mut findings: Vec<Finding> = Vec::new();
        let mut acknowledgements = Vec::new();
        for hit in self.matches(draft) {
            match self.rule(&hit) {
                Rule::Acknowledgement => acknowledgements.push(hit.span),
                Rule::Flag {
                    kind,
                    why,
                    alternative,
                } => findings.push(Finding {
                    kind: *kind,
                    span: hit.span,
                    why: why.clone(),
                    alternative: alternative.clone(),
                }),
            }
        }
        // An acknowledgement counts unless it is part of a flagged phrase
        // ("I'm sorry, but"). Both lists are in text order, and flags do not
        // overlap each other: one sweep.
        let mut f = 0;
        let acknowledged = acknowledgements.iter().any(|a| {
            while f < findings.len() && findings[f].span.end <= a.start {
                f += 1;
            }
            !findings
                .get(f)
                .is_some_and(|x| x.span.start < a.end && a.start < x.span.end)
        });
        if let Some(emotion) = customer.primary() {
            if !acknowledged {
                findings.insert(
                    0,
                    Finding {
                        kind: FindingKind::NoAcknowledgement,
                        span: 0..0,
                        why: format!(
                            "The customer is showing {}; a reply that goes straight to the facts reads as if nobody noticed, and a feeling nobody acknowledges tends to grow.",
                            feeling(emotion)
                        ),
                        alternative: acknowledgement(emotion),
                    },
                );
            }
        }
        Review { findings }
    }
}

fn feeling(e: Emotion) -> &'static str {
    match e {
        Emotion::Frustration => "frustration",
        Emotion::Anger => "anger",
        Emotion::Confusion => "confusion",
        Emotion::Anxiety => "worry",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> Vec<String> {
        let mut ws = Vec::new();
        words(text, &mut ws);
        ws.into_iter().map(|w| w.folded).collect()
    }

    #[test]
    fn words_fold_case_apostrophes_and_invisibles() {
        assert_eq!(folded("Don’t CA\u{200B}LM down!"), ["dont", "calm", "down"]);
        assert_eq!(folded("'quoted' it's"), ["quoted", "its"]);
        assert_eq!(folded(""), Vec::<String>::new());
    }

    #[test]
    fn matches_are_leftmost_longest_on_word_boundaries() {
        let mut r = Rules::default();
        r.add_source(
            "t",
            "acknowledgement\tI'm sorry\n\
             diluted_apology\tI'm sorry but\tw\ta\n\
             dismissive\trelax\tw\ta\n",
        )
        .unwrap();
        let text = "I’m sorry, but relaxed people relax. I'm sorry. But";
        let hits = r.matches(text);
        let spans: Vec<&str> = hits.iter().map(|h| &text[h.span.clone()]).collect();
        assert_eq!(spans, ["I’m sorry, but", "relax", "I'm sorry"]);
        r.add_source("t", "diluted_apology\tsorry you feel\tw\ta")
            .unwrap();
        let text = "I'm sorry you feel that way";
        let spans: Vec<&str> = r
            .matches(text)
            .iter()
            .map(|h| &text[h.span.clone()])
            .collect();
        assert_eq!(spans, ["I'm sorry", "sorry you feel"]);
    }

    #[test]
    fn bad_lines_are_located() {
        let mut r = Rules::default();
        let e = r.add_source("r.tsv", "\nblame\tyou\tonly why").unwrap_err();
        assert!(e.to_string().starts_with("r.tsv:2: expected 4"), "{e}");
        let e = r.add_source("r.tsv", "rude\tyou\tw\ta").unwrap_err();
        assert!(
            e.to_string().starts_with("r.tsv:1: unknown kind `rude`"),
            "{e}"
        );
        let e = r.add_source("r.tsv", "blame\t!!\tw\ta").unwrap_err();
        assert!(e.to_string().contains("empty phrase"), "{e}");
    }
}
