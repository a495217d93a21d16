//! Matching and rules: from tokens to raw cues.
//!
//! One left-to-right pass over the tokens. At each word a branch-free
//! start filter ([`Compiled::start`]: flags per word id, and a Bloom filter
//! of the word pairs that go on in a term) says whether a term can start
//! there, and whether it can only be the word's own term; where a longer one
//! can, the phrase trie is walked for the longest lexicon term starting
//! there (exact words first, then `<num>`, then `*`; at most
//! [`MAX_PHRASE_WORDS`] deep, so the pass stays linear). The words a term
//! covers start no other term, except a support pattern that runs on past
//! its end: in "not sure what happens if", "what happens if" counts beside
//! "not sure what", and in "the worst service", "worst service" beside
//! "the worst"; but in "is the worst", "the worst" does not count again. A
//! small state carries what earlier tokens said about later ones:
//!
//! * a **negator** opens a scope over the next three words, closed early by
//!   a clause boundary or a contrast word; cues in it count for nothing
//!   (terms that contain their own negator, like "not happy", match as a
//!   whole first and are not negated; emoji and emoticons are never
//!   negated, as they show how the writer feels whatever the words say);
//! * an **intensifier** or **diminisher** multiplies the next cue within two
//!   words;
//! * a **contrast** word cuts the cues before it in the sentence to 0.35
//!   of their weight ("I was worried at first but it is fine now"), when a
//!   word of its clause follows it (a clause-final "yet" or "though" is no
//!   turn: "it hasn't arrived yet");
//! * **capitals** and **elongation** emphasise the term they are in (×1.5)
//!   and are cues of their own, as are runs of `!` and `?`. A signal
//!   repeated in one text counts less each time (1, 1/2, 1/3, …), so a
//!   shouted essay does not outweigh its words.

use std::ops::Range;

use crate::analysis::{CueKind, Modifiers};
use crate::lexicon::{Compiled, Role, Start, MAX_PHRASE_WORDS, SIGNALS};
use crate::text::{Token, TokenKind, Tokens, NO_WORD};

/// How many words a negator's scope covers.
const NEGATION_SCOPE: u8 = 3;
/// How many words an intensifier or diminisher reaches.
const BOOST_REACH: u8 = 2;
/// The factor for a term written in capitals or stretched out.
const EMPHASIS: f32 = 1.5;
/// The factor for cues before a contrast word.
const CONTRASTED: f32 = 0.35;

/// A cue before it is expanded to emotions: the term, where, and the factor
/// its weights are multiplied by.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawCue {
    pub term: u32,
    pub span: Range<usize>,
    pub modifiers: Modifiers,
    pub factor: f32,
}

/// What earlier tokens said about later ones.
#[derive(Debug, Default)]
struct State {
    /// Words left in the current negation scope.
    negation_left: u8,
    /// Pending intensifier/diminisher factor and the words it still reaches.
    boost: Option<(f32, u8)>,
    /// Index of the first cue of the current sentence.
    sentence_start: usize,
    /// The span of the current run of words in capitals, and its folded
    /// length.
    caps: Option<(Range<usize>, usize)>,
    /// How many times each signal fired.
    signal_counts: [u16; SIGNALS.len()],
    /// The token index where the last term found ends: a term starting
    /// before it counts only if it is a support pattern that ends after it.
    matched_until: usize,
}

/// The rule engine's working memory, reused across texts.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scratch {
    pub tokens: Tokens,
    pub raw: Vec<RawCue>,
    /// For each token, whether a lexicon term with an emotion (a word,
    /// phrase or support pattern) covers it: the context model reads the
    /// other words.
    pub in_term: Vec<bool>,
    /// The context model's working memory.
    pub seen: crate::context::Seen,
}

/// Finds the raw cues of the tokens in `scratch.tokens` into `scratch.raw`.
pub(crate) fn find_cues(lex: &Compiled, scratch: &mut Scratch) {
    let Scratch {
        tokens,
        raw,
        in_term,
        ..
    } = scratch;
    raw.clear();
    in_term.clear();
    in_term.resize(tokens.tokens.len(), false);
    let mut engine = Engine {
        lex,
        tokens,
        out: raw,
        in_term,
        st: State::default(),
    };
    engine.run();
}

struct Engine<'a> {
    lex: &'a Compiled,
    tokens: &'a Tokens,
    out: &'a mut Vec<RawCue>,
    /// See [`Scratch::in_term`].
    in_term: &'a mut Vec<bool>,
    st: State,
}

impl Engine<'_> {
    fn run(&mut self) {
        let toks = &self.tokens.tokens;
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            match t.kind {
                TokenKind::Sentence => {
                    self.close_caps();
                    self.end_clause();
                    self.st.sentence_start = self.out.len();
                    i += 1;
                }
                TokenKind::Clause => {
                    self.end_clause();
                    i += 1;
                }
                TokenKind::Marks { bangs, questions } => {
                    self.close_caps();
                    self.marks(bangs, questions, t.span.clone());
                    self.end_clause();
                    self.st.sentence_start = self.out.len();
                    i += 1;
                }
                TokenKind::Emoji | TokenKind::Emoticon => {
                    if let Some((term, _)) = self.longest_match(i) {
                        self.apply(term, t.span.clone(), Modifiers::default(), i..i + 1);
                    }
                    i += 1;
                }
                TokenKind::Word => {
                    match (t.caps | t.elongated, self.start(i)) {
                        // The commonest token: a word that starts no term and
                        // is not emphasised, which only moves the scopes on.
                        (false, Start::None) => {
                            self.close_caps();
                            self.advance(1);
                        }
                        (_, start) => self.word(i, start),
                    }
                    i += 1;
                }
            }
        }
        self.close_caps();
    }

    /// Handles the word at `i`: its capitals and stretched letters, and the
    /// longest term starting there (as far as `start`, the filter's answer
    /// for the word, says there may be one), unless the word is inside the
    /// last term found (then only a support pattern that runs on past that
    /// term's end counts).
    fn word(&mut self, i: usize, start: Start) {
        let toks = &self.tokens.tokens;
        let matched = match start {
            Start::None => None,
            Start::Word(term) => Some((term, 1)),
            Start::Walk => self.longest_match(i),
        };
        let matched = matched.filter(|&(term, len)| {
            let until = self.st.matched_until;
            i >= until
                || (i + len > until && self.lex.terms[term as usize].kind == CueKind::Support)
        });
        let t = &toks[i];
        let caps = self.is_shouted(t);
        if caps {
            self.extend_caps(t.span.clone(), t.folded.len());
        } else {
            self.close_caps();
        }
        if t.elongated {
            self.signal(CueKind::Elongation, t.span.clone());
        }
        match matched {
            Some((term, len)) => {
                let end = i + len;
                self.st.matched_until = end;
                let emphasized = toks[i..end]
                    .iter()
                    .any(|t| t.elongated || self.is_shouted(t));
                let modifiers = Modifiers {
                    emphasized,
                    ..Modifiers::default()
                };
                let span = t.span.start..toks[end - 1].span.end;
                self.apply(term, span, modifiers, i..end);
            }
            None => self.advance(1),
        }
    }

    /// Whether a word is written in capitals and is not an acronym.
    fn is_shouted(&self, t: &Token) -> bool {
        t.caps && !self.is_acronym(t.id)
    }

    fn is_acronym(&self, id: u32) -> bool {
        id != NO_WORD
            && self
                .lex
                .child(0, id)
                .map(|n| self.lex.nodes[n as usize].term)
                .filter(|&t| Compiled::exists(t))
                .is_some_and(|t| self.lex.terms[t as usize].role == Some(Role::Acronym))
    }

    /// What can start at the word at `i` (see [`Compiled::start`]).
    #[inline]
    fn start(&self, i: usize) -> Start {
        let toks = &self.tokens.tokens;
        let next = toks.get(i + 1).map_or(NO_WORD, |n| {
            if n.kind == TokenKind::Word {
                n.id
            } else {
                NO_WORD
            }
        });
        self.lex.start(toks[i].id, toks[i].number, next)
    }

    /// Whether `<num>` matches this word: digits, or a number word.
    fn is_number(&self, t: &Token) -> bool {
        t.number || (t.id != NO_WORD && self.lex.is_number[t.id as usize])
    }

    /// The longest term starting at token `i`, and its length in tokens.
    fn longest_match(&self, i: usize) -> Option<(u32, usize)> {
        let t = &self.tokens.tokens[i];
        let mut best = None;
        if let Some(node) = self.lex.child(0, t.id) {
            self.walk(node, i + 1, 1, &mut best);
        }
        let by_number = self.lex.nodes[0].number;
        if Compiled::exists(by_number) && self.is_number(t) {
            self.walk(by_number, i + 1, 1, &mut best);
        }
        best
    }

    fn walk(&self, node: u32, next: usize, depth: usize, best: &mut Option<(u32, usize)>) {
        let n = &self.lex.nodes[node as usize];
        if Compiled::exists(n.term) && best.map_or(true, |(_, len)| depth > len) {
            *best = Some((n.term, depth));
        }
        let toks = &self.tokens.tokens;
        if depth >= MAX_PHRASE_WORDS || next >= toks.len() || toks[next].kind != TokenKind::Word {
            return;
        }
        let id = toks[next].id;
        if id != NO_WORD {
            if let Some(child) = self.lex.child(node, id) {
                self.walk(child, next + 1, depth + 1, best);
            }
        }
        if Compiled::exists(n.number) && self.is_number(&toks[next]) {
            self.walk(n.number, next + 1, depth + 1, best);
        }
        if Compiled::exists(n.any_word) {
            self.walk(n.any_word, next + 1, depth + 1, best);
        }
    }

    /// Applies a term matched on the tokens `at`: its cue, then its role,
    /// whose reach starts after the term's last word (each word of the term
    /// moves the scopes on by one as it is passed). A contrast word counts
    /// only before a word of its own clause: "but it works now" contrasts,
    /// while a "yet" or "though" that ends a clause ("it hasn't arrived
    /// yet", "still broken though!!") is not a turn in the sentence.
    fn apply(
        &mut self,
        term_id: u32,
        span: Range<usize>,
        mut modifiers: Modifiers,
        at: Range<usize>,
    ) {
        let len = at.len();
        let term = &self.lex.terms[term_id as usize];
        // An emoji says how the writer feels whatever the words before it:
        // "my files aren't gone 😰" is anxious.
        let pictured = matches!(term.kind, CueKind::Emoji | CueKind::Emoticon);
        let negated = self.st.negation_left > 0 && !pictured;
        if term.has.iter().any(|(_, has)| *has) {
            let mut factor = if modifiers.emphasized { EMPHASIS } else { 1.0 };
            if let Some((boost, _)) = self.st.boost.take() {
                factor *= boost;
                modifiers.intensified = boost > 1.0;
                modifiers.diminished = boost < 1.0;
            }
            if negated {
                factor = 0.0;
                modifiers.negated = true;
            }
            self.out.push(RawCue {
                term: term_id,
                span,
                modifiers,
                factor,
            });
            if matches!(
                term.kind,
                CueKind::Word | CueKind::Phrase | CueKind::Support
            ) {
                for covered in self.in_term.get_mut(at.clone()).into_iter().flatten() {
                    *covered = true;
                }
            }
        }
        self.advance(1);
        // The term's other words are still to be passed.
        let inner = u8::try_from(len.saturating_sub(1)).unwrap_or(u8::MAX);
        match term.role {
            Some(Role::Negator) => self.st.negation_left = NEGATION_SCOPE.saturating_add(inner),
            Some(Role::Intensifier(f) | Role::Diminisher(f)) => {
                let f = self.st.boost.map_or(f, |(b, _)| b * f);
                self.st.boost = Some((f, BOOST_REACH.saturating_add(inner)));
            }
            Some(Role::Contrast) if self.is_word(at.end) => {
                for cue in &mut self.out[self.st.sentence_start..] {
                    cue.factor *= CONTRASTED;
                    cue.modifiers.contrasted = true;
                }
                self.st.sentence_start = self.out.len();
                self.end_clause();
            }
            Some(Role::Contrast | Role::Acronym | Role::Number | Role::Neutral) | None => {}
        }
    }

    /// Whether token `i` is a word.
    fn is_word(&self, i: usize) -> bool {
        self.tokens
            .tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// Moves the negation scope and boost reach on by `words`.
    fn advance(&mut self, words: usize) {
        let words = u8::try_from(words).unwrap_or(u8::MAX);
        self.st.negation_left = self.st.negation_left.saturating_sub(words);
        if let Some((f, reach)) = self.st.boost {
            let reach = reach.saturating_sub(words);
            self.st.boost = (reach > 0).then_some((f, reach));
        }
    }

    fn end_clause(&mut self) {
        self.st.negation_left = 0;
        self.st.boost = None;
    }

    fn marks(&mut self, bangs: u16, questions: u16, span: Range<usize>) {
        let kind = match (bangs, questions) {
            (0, 1) => CueKind::Question,
            (0, _) => CueKind::Questions,
            (b, 0) if b >= 2 => CueKind::Exclamations,
            (_, 0) => return,
            _ => CueKind::Interrobang,
        };
        self.signal(kind, span);
    }

    fn extend_caps(&mut self, span: Range<usize>, len: usize) {
        match &mut self.st.caps {
            Some((run, total)) => {
                run.end = span.end;
                *total += len;
            }
            None => self.st.caps = Some((span, len)),
        }
    }

    fn close_caps(&mut self) {
        if let Some((span, total)) = self.st.caps.take() {
            if total >= 3 {
                self.signal(CueKind::Caps, span);
            }
        }
    }

    /// Emits a signal cue, counting less each time it repeats.
    fn signal(&mut self, kind: CueKind, span: Range<usize>) {
        let Some(i) = SIGNALS.iter().position(|(_, k)| *k == kind) else {
            return;
        };
        let term = self.lex.signals[i];
        if !Compiled::exists(term) {
            return;
        }
        self.st.signal_counts[i] = self.st.signal_counts[i].saturating_add(1);
        self.out.push(RawCue {
            term,
            span,
            modifiers: Modifiers::default(),
            factor: 1.0 / f32::from(self.st.signal_counts[i]),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;
    use crate::Detector;
    use proptest::prelude::*;

    /// Runs `f` on a rule engine over the tokens of `text`.
    fn with_engine<R>(lex: &Compiled, text: &str, f: impl FnOnce(&Engine<'_>) -> R) -> R {
        let mut scratch = Scratch::default();
        tokenize(text, lex, &mut scratch.tokens);
        let Scratch {
            tokens,
            raw,
            in_term,
            ..
        } = &mut scratch;
        in_term.resize(tokens.tokens.len(), false);
        let engine = Engine {
            lex,
            tokens,
            out: raw,
            in_term,
            st: State::default(),
        };
        f(&engine)
    }

    /// Checks, at every word of `text`, that the start filter passes the
    /// word wherever a term starts there, and names the term only where it
    /// is the longest match.
    fn filter_passes_every_start(detector: &Detector, text: &str) -> Result<(), String> {
        let lex = detector.compiled();
        with_engine(lex, text, |engine| {
            for (i, t) in engine.tokens.tokens.iter().enumerate() {
                if t.kind != TokenKind::Word {
                    continue;
                }
                let found = engine.longest_match(i);
                let start = engine.start(i);
                let agrees = match start {
                    Start::None => found.is_none(),
                    Start::Word(term) => found == Some((term, 1)),
                    Start::Walk => true,
                };
                if !agrees {
                    let phrase = found.map(|(term, _)| &lex.terms[term as usize].phrase);
                    return Err(format!(
                        "{text:?}: word {i} starts {phrase:?} ({found:?}) but the filter says {start:?}"
                    ));
                }
            }
            Ok(())
        })
    }

    #[test]
    fn the_start_filter_passes_every_embedded_term() {
        let d = Detector::default();
        for e in d.entries() {
            for text in [
                e.phrase.clone(),
                format!("oh {} ok", e.phrase),
                e.phrase.to_uppercase(),
            ] {
                filter_passes_every_start(&d, &text).unwrap();
            }
        }
        for m in d.modifiers() {
            filter_passes_every_start(&d, &format!("{} it works", m.phrase)).unwrap();
        }
    }

    /// Of the words of ordinary text that begin some term (a third of them
    /// here), the filter turns away at least three in four of those that
    /// start none.
    #[test]
    fn the_start_filter_passes_few_words_that_start_nothing() {
        let d = Detector::default();
        let lex = d.compiled();
        let text = "so what do you think of the new design for the page i made? \
            we moved the meeting to friday because half the team is away. \
            can you send me the slides from last week and the notes too. \
            the dog was barking all night and i could not get any sleep. \
            my sister said the film was good but the ending felt rushed.";
        let (first, passed, starting) = with_engine(lex, text, |engine| {
            let toks = &engine.tokens.tokens;
            let first_words: Vec<usize> = (0..toks.len())
                .filter(|&i| toks[i].kind == TokenKind::Word)
                .filter(|&i| lex.child(0, toks[i].id).is_some())
                .collect();
            let passed = first_words
                .iter()
                .filter(|&&i| engine.start(i) != Start::None);
            let starting = first_words
                .iter()
                .filter(|&&i| engine.longest_match(i).is_some());
            (first_words.len(), passed.count(), starting.count())
        });
        assert!(first >= 20, "{first} words begin a term");
        assert!(passed >= starting);
        assert!(
            (passed - starting) * 3 <= first - starting,
            "{passed} of {first} passed, {starting} start a term"
        );
    }

    /// Words a text is built from: the first words of phrases, words that
    /// continue them, numbers, and words the lexicon does not know.
    fn word() -> impl Strategy<Value = String> {
        let d = Detector::default();
        let mut words: Vec<String> = d
            .entries()
            .iter()
            .map(|e| e.phrase.as_str())
            .chain(d.modifiers().iter().map(|m| m.phrase.as_str()))
            .flat_map(|p| p.split(' '))
            .filter(|w| !w.starts_with('<') && *w != "*")
            .map(str::to_owned)
            .collect();
        words.sort();
        words.dedup();
        words
            .extend(["3", "12", "three", "zzyzx", "the", ",", ".", "!!", "CAPS"].map(String::from));
        proptest::sample::select(words)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_start_filter_passes_every_start_in_random_texts(words in proptest::collection::vec(word(), 1..24)) {
            let d = Detector::default();
            let text = words.join(" ");
            prop_assert_eq!(filter_passes_every_start(&d, &text), Ok(()));
        }
    }
}
