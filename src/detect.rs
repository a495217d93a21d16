//! The [`Detector`]: built once, shared, and called on every message.

use std::cell::RefCell;
use std::sync::Arc;

use once_cell::sync::Lazy;

use crate::analysis::{Analysis, Cue};
use crate::context::ContextModel;
use crate::hash::FxHashMap;
use crate::lexicon::{
    parse_lexicon_keyed, parse_modifiers, parse_spellings, parse_thresholds, Compiled, KeyedLine,
    LexiconEntry, ModifierEntry, Role, Spelling,
};
use crate::rules::{find_cues, RawCue, Scratch};
use crate::text::tokenize;
use crate::{Emotion, EmotionMap, Error, Intensity, Result};

/// The embedded English data, by file name.
pub(crate) const DEFAULT_LEXICON: [(&str, &str); 5] = [
    (
        "data/lexicon/emotions.tsv",
        include_str!("../data/lexicon/emotions.tsv"),
    ),
    (
        "data/lexicon/support.tsv",
        include_str!("../data/lexicon/support.tsv"),
    ),
    (
        "data/lexicon/goemotions.tsv",
        include_str!("../data/lexicon/goemotions.tsv"),
    ),
    (
        "data/lexicon/emoji.tsv",
        include_str!("../data/lexicon/emoji.tsv"),
    ),
    (
        "data/lexicon/signals.tsv",
        include_str!("../data/lexicon/signals.tsv"),
    ),
];
const DEFAULT_WEIGHTS: (&str, &str) = ("data/weights.tsv", include_str!("../data/weights.tsv"));
pub(crate) const DEFAULT_MODIFIERS: (&str, &str) =
    ("data/modifiers.tsv", include_str!("../data/modifiers.tsv"));
const DEFAULT_THRESHOLDS: (&str, &str) = (
    "data/thresholds.tsv",
    include_str!("../data/thresholds.tsv"),
);

static DEFAULT: Lazy<Detector> = Lazy::new(|| {
    DetectorBuilder::parse_embedded()
        .and_then(DetectorBuilder::build)
        .unwrap_or_else(|e| panic!("emocue's embedded data is invalid: {e}"))
});

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Detects frustration, anger, confusion and anxiety in a text, with the
/// cues behind each.
///
/// Build it once and share it: it is `Send + Sync`, and cloning it copies a
/// pointer. [`Detector::default`] uses the embedded English data, compiled
/// on first use; [`Detector::builder`] starts from the same data and lets
/// you change it.
///
/// ```
/// use emocue::{Detector, Emotion};
/// let detector = Detector::default();
/// let a = detector.analyze("I've been waiting for two weeks and no one has replied!!");
/// assert!(a.has(Emotion::Frustration));
/// assert!(!detector.analyze("Thanks, all sorted now.").has(Emotion::Frustration));
/// ```
#[derive(Debug, Clone)]
pub struct Detector {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    lexicon: Compiled,
    thresholds: EmotionMap<f32>,
    entries: Vec<LexiconEntry>,
    modifiers: Vec<ModifierEntry>,
    spellings: Vec<Spelling>,
    context: Option<ContextModel>,
}

impl Default for Detector {
    /// The detector for the embedded English data (compiled once per
    /// process; later calls clone it).
    fn default() -> Self {
        DEFAULT.clone()
    }
}

impl Detector {
    /// A builder that starts from the embedded English data.
    ///
    /// ```
    /// use emocue::{Detector, Emotion};
    /// let d = Detector::builder()
    ///     .add("borked", Emotion::Frustration, 2.0)
    ///     .threshold(Emotion::Anger, 0.9)
    ///     .build()
    ///     .unwrap();
    /// assert!(d.analyze("the app is borked").has(Emotion::Frustration));
    /// ```
    pub fn builder() -> DetectorBuilder {
        DEFAULT.to_builder()
    }

    /// A builder holding this detector's entries, modifiers, spellings and
    /// thresholds.
    pub fn to_builder(&self) -> DetectorBuilder {
        let mut b = DetectorBuilder::empty();
        b.modifiers = self.inner.modifiers.clone();
        b.spellings = self.inner.spellings.clone();
        b.thresholds = self.inner.thresholds;
        b.context = self.inner.context.is_some();
        for e in &self.inner.entries {
            b = b.add_entry(e.clone());
        }
        b
    }

    /// Analyses `text`.
    pub fn analyze(&self, text: &str) -> Analysis {
        let mut out = Analysis::default();
        self.analyze_into(text, &mut out);
        out
    }

    /// Analyses `text` into `out`, reusing its memory: once `out` and this
    /// thread's working memory have grown to fit the texts, this allocates
    /// nothing.
    ///
    /// ```
    /// use emocue::{Analysis, Detector, Emotion};
    /// let d = Detector::default();
    /// let mut a = Analysis::default();
    /// for msg in ["why is this so confusing???", "ok thanks"] {
    ///     d.analyze_into(msg, &mut a);
    ///     println!("{msg}: {:?}", a.labels().collect::<Vec<_>>());
    /// }
    /// assert!(a.is_calm());
    /// ```
    pub fn analyze_into(&self, text: &str, out: &mut Analysis) {
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.run(text, &mut scratch, out),
            // Only reachable if analysis re-enters itself on this thread.
            Err(_) => self.run(text, &mut Scratch::default(), out),
        });
    }

    /// Analyses many texts, in order.
    ///
    /// ```
    /// use emocue::{Detector, Emotion};
    /// let d = Detector::default();
    /// let out = d.analyze_batch(&["I'm so confused", "thanks, all good"]);
    /// assert!(out[0].has(Emotion::Confusion));
    /// assert!(out[1].is_calm());
    /// ```
    pub fn analyze_batch<S: AsRef<str>>(&self, texts: &[S]) -> Vec<Analysis> {
        texts.iter().map(|t| self.analyze(t.as_ref())).collect()
    }

    /// Analyses many texts on all cores (rayon's global pool), in order:
    /// the same results as [`Detector::analyze_batch`].
    ///
    /// ```
    /// use emocue::Detector;
    /// let d = Detector::default();
    /// let texts = vec!["why is this STILL broken??"; 100];
    /// assert_eq!(d.par_analyze_batch(&texts), d.analyze_batch(&texts));
    /// ```
    #[cfg(feature = "rayon")]
    pub fn par_analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Analysis> {
        use rayon::prelude::*;
        texts.par_iter().map(|t| self.analyze(t.as_ref())).collect()
    }

    fn run(&self, text: &str, scratch: &mut Scratch, out: &mut Analysis) {
        self.raw_cues(text, scratch);
        out.text.clear();
        out.text.push_str(text);
        out.cues.clear();
        out.evidence = EmotionMap::splat(0.0);
        let terms = &self.inner.lexicon.terms;
        out.context = match &self.inner.context {
            Some(model) => model.evidence(
                &scratch.tokens,
                &self.inner.lexicon,
                &scratch.in_term,
                &mut scratch.seen,
            ),
            None => EmotionMap::splat(0.0),
        };
        let emotions = |raw: &RawCue| {
            terms[raw.term as usize]
                .has
                .iter()
                .filter(|(_, has)| **has)
                .count()
        };
        // One allocation for a fresh `out` (as from `analyze`), none when warm.
        out.cues.reserve(scratch.raw.iter().map(emotions).sum());
        for raw in &scratch.raw {
            let term = &terms[raw.term as usize];
            for (emotion, _) in term.has.iter().filter(|(_, has)| **has) {
                let weight = raw.factor * term.weights[emotion];
                out.evidence[emotion] += weight;
                out.cues.push(Cue {
                    emotion,
                    span: raw.span.clone(),
                    kind: term.kind,
                    modifiers: raw.modifiers,
                    weight,
                });
            }
        }
        for e in Emotion::ALL {
            out.evidence[e] += out.context[e];
            let score = score(out.evidence[e]);
            let t = self.inner.thresholds[e];
            out.scores[e] = score;
            out.labels[e] = score > 0.0 && score >= t;
            out.intensity[e] = Intensity::from_score(score, t);
        }
    }

    /// Tokenizes and applies the rules, leaving the raw cues in `scratch`.
    pub(crate) fn raw_cues(&self, text: &str, scratch: &mut Scratch) {
        tokenize(text, &self.inner.lexicon, &mut scratch.tokens);
        find_cues(&self.inner.lexicon, scratch);
    }

    /// The words of `text` that the context model reads, in order: the
    /// words that no lexicon term matched (the lexicon knows when its
    /// terms are negated, or name the reader's feeling rather than the
    /// writer's), folded (case, width, accents, look-alikes, stretched
    /// letters) and without invisible characters. The model's features are
    /// these words and each pair of consecutive ones.
    ///
    /// ```
    /// let d = emocue::Detector::default();
    /// // "Why is" and "still not" are the lexicon's; `ｍｙ` is folded.
    /// assert_eq!(d.context_words("Why is ｍｙ order STILL not here"), ["my", "order", "here"]);
    /// ```
    pub fn context_words(&self, text: &str) -> Vec<String> {
        let mut scratch = Scratch::default();
        self.raw_cues(text, &mut scratch);
        crate::context::context_words(&scratch.tokens, &self.inner.lexicon, &scratch.in_term)
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect()
    }

    /// Whether this detector adds the context model's evidence (see
    /// [`Analysis::context`]): on by default;
    /// [`DetectorBuilder::context_model`] turns it off.
    pub fn uses_context_model(&self) -> bool {
        self.inner.context.is_some()
    }

    /// Calls `f` with the raw cues of `text` (term id, emotion weights'
    /// multiplier): what fitting needs.
    pub(crate) fn with_raw_cues<R>(&self, text: &str, f: impl FnOnce(&[RawCue]) -> R) -> R {
        let mut scratch = Scratch::default();
        self.raw_cues(text, &mut scratch);
        f(&scratch.raw)
    }

    /// The compiled lexicon's term table size and, per term, its phrase and
    /// emotions: used by fitting.
    pub(crate) fn compiled(&self) -> &Compiled {
        &self.inner.lexicon
    }

    /// The label threshold of each emotion (a score in (0, 1]).
    pub fn thresholds(&self) -> EmotionMap<f32> {
        self.inner.thresholds
    }

    /// The lexicon entries, in the order they were added.
    pub fn entries(&self) -> &[LexiconEntry] {
        &self.inner.entries
    }

    /// The modifiers (negators, intensifiers, …).
    pub fn modifiers(&self) -> &[ModifierEntry] {
        &self.inner.modifiers
    }

    /// The spellings added to the embedded ones (none for the default).
    pub fn spellings(&self) -> &[Spelling] {
        &self.inner.spellings
    }

    /// Roughly how many bytes of heap the compiled data holds.
    ///
    /// ```
    /// assert!(emocue::Detector::default().heap_bytes() < 4 << 20);
    /// ```
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .inner
            .entries
            .iter()
            .map(|e| e.phrase.len() + std::mem::size_of::<LexiconEntry>())
            .sum();
        let modifiers: usize = self
            .inner
            .modifiers
            .iter()
            .map(|m| m.phrase.len() + std::mem::size_of::<ModifierEntry>())
            .sum();
        let spellings: usize = self
            .inner
            .spellings
            .iter()
            .map(|s| s.spelling.len() + s.word.len() + std::mem::size_of::<Spelling>())
            .sum();
        let context = self
            .inner
            .context
            .as_ref()
            .map_or(0, ContextModel::heap_bytes);
        self.inner.lexicon.heap_bytes() + entries + modifiers + spellings + context
    }
}

/// The score of an emotion's evidence: `1 - exp(-evidence)`, 0 for no or
/// negative evidence.
///
/// ```
/// assert_eq!(emocue::score(0.0), 0.0);
/// assert!((emocue::score(1.0) - 0.632).abs() < 1e-3);
/// ```
pub fn score(evidence: f32) -> f32 {
    if evidence > 0.0 {
        (1.0 - (-evidence).exp()).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Builds a [`Detector`]: add, reweight or remove lexicon entries, load
/// your own files, change modifiers and thresholds.
///
/// Entries are keyed by their folded phrase and emotion: adding `Angry` for
/// anger replaces an existing `angry` for anger.
///
/// ```
/// use emocue::{Detector, DetectorBuilder, Emotion};
/// let d = DetectorBuilder::empty()
///     .add_lexicon("mine.tsv", "fed up\tfrustration\t2.0\nbroken\tfrustration\t1.0")?
///     .add_modifiers("mods.tsv", "not\tnegator")?
///     .build()?;
/// assert!(d.analyze("I'm fed up").has(Emotion::Frustration));
/// assert!(!d.analyze("it's not broken").has(Emotion::Frustration));
/// # Ok::<(), emocue::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct DetectorBuilder {
    entries: Vec<Option<LexiconEntry>>,
    /// Folded phrase → the index in `entries` of its entry for each emotion.
    index: FxHashMap<String, EmotionMap<Option<usize>>>,
    modifiers: Vec<ModifierEntry>,
    spellings: Vec<Spelling>,
    thresholds: EmotionMap<f32>,
    context: bool,
    error: Option<Error>,
}

impl Default for DetectorBuilder {
    /// Same as [`DetectorBuilder::empty`].
    fn default() -> Self {
        DetectorBuilder::empty()
    }
}

impl DetectorBuilder {
    /// A builder with no entries, no modifiers, no context model and
    /// thresholds of 0.5.
    pub fn empty() -> Self {
        DetectorBuilder {
            entries: Vec::new(),
            index: FxHashMap::default(),
            modifiers: Vec::new(),
            spellings: Vec::new(),
            thresholds: EmotionMap::splat(0.5),
            context: false,
            error: None,
        }
    }

    /// The embedded lexicon with its hand-set prior weights, before the
    /// fitted weights of `data/weights.tsv` replace them; with the embedded
    /// modifiers and thresholds. This is where [`fit`](crate::fit::fit)
    /// starts when it reproduces the default weights.
    pub fn embedded_priors() -> Self {
        DetectorBuilder::embedded_lexicon()
            .and_then(|b| b.add_modifiers(DEFAULT_MODIFIERS.0, DEFAULT_MODIFIERS.1))
            .and_then(|b| b.set_thresholds(DEFAULT_THRESHOLDS.0, DEFAULT_THRESHOLDS.1))
            .unwrap_or_else(|e| panic!("emocue's embedded data is invalid: {e}"))
    }

    fn embedded_lexicon() -> Result<Self> {
        let mut b = DetectorBuilder::empty();
        for (name, text) in DEFAULT_LEXICON {
            b = b.add_lexicon(name, text)?;
        }
        Ok(b)
    }

    /// The embedded data, parsed afresh: what [`Detector::default`] builds
    /// once per process. [`Detector::builder`] is cheaper, as it copies the
    /// already parsed default; this one is for measuring that first build.
    ///
    /// ```
    /// let d = emocue::DetectorBuilder::embedded().build()?;
    /// assert_eq!(d.thresholds(), emocue::Detector::default().thresholds());
    /// # Ok::<(), emocue::Error>(())
    /// ```
    pub fn embedded() -> Self {
        DetectorBuilder::parse_embedded()
            .unwrap_or_else(|e| panic!("emocue's embedded data is invalid: {e}"))
    }

    /// `data/weights.tsv` holds every entry of the lexicon files with its
    /// fitted weight (fitting writes them all, and a test checks that the
    /// two agree entry for entry), so the default parses that one file
    /// rather than the lexicon files and then the weights again.
    fn parse_embedded() -> Result<Self> {
        let mut b = DetectorBuilder::empty().add_lexicon(DEFAULT_WEIGHTS.0, DEFAULT_WEIGHTS.1)?;
        b = b.add_modifiers(DEFAULT_MODIFIERS.0, DEFAULT_MODIFIERS.1)?;
        let b = b.set_thresholds(DEFAULT_THRESHOLDS.0, DEFAULT_THRESHOLDS.1)?;
        Ok(b.context_model(true))
    }

    fn key(&mut self, phrase: &str) -> Option<String> {
        match crate::lexicon::phrase_key_checked(phrase) {
            Ok(k) => Some(k),
            Err(e) => {
                self.error.get_or_insert(e);
                None
            }
        }
    }

    /// Adds an entry, replacing one with the same phrase and emotion. An
    /// invalid phrase is reported by [`build`](Self::build).
    pub fn add_entry(mut self, entry: LexiconEntry) -> Self {
        if let Some(key) = self.key(&entry.phrase) {
            self.insert(&key, entry);
        }
        self
    }

    /// Adds an entry under its folded phrase, replacing the one with the
    /// same phrase and emotion.
    fn insert(&mut self, key: &str, entry: LexiconEntry) {
        let slots = match self.index.get_mut(key) {
            Some(slots) => slots,
            None => self.index.entry(key.to_owned()).or_default(),
        };
        match slots[entry.emotion] {
            Some(i) => self.entries[i] = Some(entry),
            None => {
                slots[entry.emotion] = Some(self.entries.len());
                self.entries.push(Some(entry));
            }
        }
    }

    /// Adds (or reweights) a word or phrase entry.
    pub fn add(self, phrase: &str, emotion: Emotion, weight: f32) -> Self {
        self.add_entry(LexiconEntry::new(phrase, emotion, weight))
    }

    /// Parses a lexicon file (see [`lexicon`](crate::lexicon) for the
    /// format) and adds its entries; `source` names it in errors.
    pub fn add_lexicon(mut self, source: &str, text: &str) -> Result<Self> {
        for line in parse_lexicon_keyed(source, text)? {
            self.insert(&line.key, line.entry());
        }
        Ok(self)
    }

    /// Sets the weights of existing entries from a lexicon-format file (as
    /// written by fitting). An entry that is not in the lexicon is an error
    /// naming its line: the weights are stale.
    pub fn reweight_from(mut self, source: &str, text: &str) -> Result<Self> {
        for line in parse_lexicon_keyed(source, text)? {
            let KeyedLine {
                key,
                phrase,
                emotion,
                ..
            } = &line;
            match self.index.get(key.as_ref()).and_then(|slots| slots[*emotion]) {
                Some(i) => {
                    if let Some(existing) = &mut self.entries[i] {
                        existing.weight = line.weight;
                    }
                }
                None => {
                    return Err(Error::parse(
                        source,
                        line.line,
                        format!(
                            "`{phrase}` for {emotion} is not in the lexicon (stale weights: fit them again)"
                        ),
                    ))
                }
            }
        }
        Ok(self)
    }

    /// Removes the entry for `phrase` and `emotion`, if there is one.
    pub fn remove_entry(mut self, phrase: &str, emotion: Emotion) -> Self {
        if let Some(key) = self.key(phrase) {
            if let Some(i) = self.index.get_mut(&key).and_then(|s| s[emotion].take()) {
                self.entries[i] = None;
            }
        }
        self
    }

    /// Removes every entry for `phrase`, whatever its emotion.
    pub fn remove(self, phrase: &str) -> Self {
        Emotion::ALL
            .into_iter()
            .fold(self, |b, e| b.remove_entry(phrase, e))
    }

    /// Removes all lexicon entries (modifiers and thresholds stay).
    pub fn clear_lexicon(mut self) -> Self {
        self.entries.clear();
        self.index.clear();
        self
    }

    /// Adds a modifier.
    pub fn modifier(mut self, phrase: &str, role: Role) -> Self {
        self.modifiers.push(ModifierEntry {
            phrase: phrase.to_owned(),
            role,
        });
        self
    }

    /// Parses a modifiers file and adds its entries.
    pub fn add_modifiers(mut self, source: &str, text: &str) -> Result<Self> {
        self.modifiers.extend(parse_modifiers(source, text)?);
        Ok(self)
    }

    /// Adds a spelling customers use for a word (`pmt` for `payment`, see
    /// [`Spelling`]), replacing an earlier one for the same spelling. An
    /// invalid one is reported by [`build`](Self::build).
    ///
    /// ```
    /// use emocue::{Detector, Emotion};
    /// let d = Detector::builder().spelling("spk", "speak").build()?;
    /// assert!(d.analyze("let me spk to a manager").has(Emotion::Anger));
    /// # Ok::<(), emocue::Error>(())
    /// ```
    pub fn spelling(mut self, spelling: &str, word: &str) -> Self {
        match Spelling::new(spelling, word) {
            Ok(s) => self.insert_spelling(s),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// Parses a spellings file (`spelling<TAB>word` a line, see
    /// [`parse_spellings`](crate::lexicon::parse_spellings)) and adds its
    /// spellings; `source` names it in errors.
    pub fn add_spellings(mut self, source: &str, text: &str) -> Result<Self> {
        for s in parse_spellings(source, text)? {
            self.insert_spelling(s);
        }
        Ok(self)
    }

    fn insert_spelling(&mut self, spelling: Spelling) {
        self.spellings.retain(|s| s.spelling != spelling.spelling);
        self.spellings.push(spelling);
    }

    /// Sets one emotion's label threshold, a score in (0, 1].
    pub fn threshold(mut self, emotion: Emotion, threshold: f32) -> Self {
        self.thresholds[emotion] = threshold;
        self
    }

    /// Sets all four thresholds.
    pub fn thresholds(mut self, thresholds: EmotionMap<f32>) -> Self {
        self.thresholds = thresholds;
        self
    }

    /// Whether the detector adds the embedded context model's evidence to
    /// the lexicon's (see [`Analysis::context`] and the README's "Context
    /// model"). On in [`Detector::default`] and builders made from it: on
    /// the held-out support sets it raises macro-F1 from 0.68 to 0.79
    /// (mean of ten sets). Off in [`DetectorBuilder::empty`]. It was fitted
    /// beside the embedded lexicon's weights and thresholds: turn it off to
    /// measure a lexicon of your own alone, or to score by cues only (about
    /// 1.6 times as fast).
    ///
    /// ```
    /// use emocue::{Detector, Emotion};
    /// let lexicon_only = Detector::builder().context_model(false).build()?;
    /// assert!(Detector::default().uses_context_model() && !lexicon_only.uses_context_model());
    /// let text = "my flight is tomorrow morning and the booking still says cancelled";
    /// assert!(Detector::default().analyze(text).context(Emotion::Anxiety) > 0.0);
    /// assert_eq!(lexicon_only.analyze(text).context(Emotion::Anxiety), 0.0);
    /// # Ok::<(), emocue::Error>(())
    /// ```
    pub fn context_model(mut self, on: bool) -> Self {
        self.context = on;
        self
    }

    /// Parses a thresholds file and sets the thresholds it names.
    pub fn set_thresholds(mut self, source: &str, text: &str) -> Result<Self> {
        for (e, t) in parse_thresholds(source, text)? {
            self.thresholds[e] = t;
        }
        Ok(self)
    }

    /// Compiles the detector. Fails on an invalid phrase or spelling, a
    /// spelling whose word is another spelling, or a threshold outside
    /// (0, 1].
    pub fn build(self) -> Result<Detector> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let spelled: std::collections::HashSet<&str> =
            self.spellings.iter().map(|s| s.spelling.as_str()).collect();
        let chained = self
            .spellings
            .iter()
            .find(|s| spelled.contains(s.word.as_str()));
        if let Some(s) = chained {
            return Err(Error::InvalidValue {
                what: "spelling",
                problem: format!(
                    "`{}`, the word for `{}`, is itself a spelling",
                    s.word, s.spelling
                ),
            });
        }
        for (e, t) in self.thresholds.iter() {
            if !(*t > 0.0 && *t <= 1.0) {
                return Err(Error::InvalidValue {
                    what: "threshold",
                    problem: format!("{e} threshold {t} is outside (0, 1]"),
                });
            }
        }
        let entries: Vec<LexiconEntry> = self.entries.into_iter().flatten().collect();
        let mut lexicon = Compiled::new(&entries, &self.modifiers, &self.spellings)?;
        let context = self.context.then(|| ContextModel::embedded(&mut lexicon));
        Ok(Detector {
            inner: Arc::new(Inner {
                lexicon,
                thresholds: self.thresholds,
                entries,
                modifiers: self.modifiers,
                spellings: self.spellings,
                context,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn detector_is_send_sync_and_builds() {
        assert_send_sync::<Detector>();
        let d = Detector::default();
        assert!(!d.entries().is_empty());
        assert!(d.thresholds().iter().all(|(_, t)| *t > 0.0 && *t <= 1.0));
    }

    /// The entries of a builder as comparable rows: folded phrase,
    /// emotion, weight bits and kind.
    fn rows(b: &DetectorBuilder) -> std::collections::BTreeSet<(String, String, u32, bool)> {
        b.entries
            .iter()
            .flatten()
            .map(|e| {
                let key = crate::lexicon::phrase_key_checked(&e.phrase).unwrap();
                (key, e.emotion.to_string(), e.weight.to_bits(), e.support)
            })
            .collect()
    }

    /// The default is built from the weights file alone: it must hold
    /// exactly the lexicon files' entries, reweighted. A lexicon entry
    /// added, removed or turned into a support pattern without fitting
    /// again fails here ("fit the weights again": see the README).
    #[test]
    fn weights_file_holds_exactly_the_lexicon_entries() {
        let priors = DetectorBuilder::embedded_lexicon()
            .and_then(|b| b.reweight_from(DEFAULT_WEIGHTS.0, DEFAULT_WEIGHTS.1))
            .unwrap();
        let weights = DetectorBuilder::empty()
            .add_lexicon(DEFAULT_WEIGHTS.0, DEFAULT_WEIGHTS.1)
            .unwrap();
        let (priors, weights) = (rows(&priors), rows(&weights));
        let missing: Vec<_> = priors.difference(&weights).take(5).collect();
        let extra: Vec<_> = weights.difference(&priors).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "data/weights.tsv and the lexicon files disagree; fit the weights again. \
             In the lexicon, not the weights: {missing:?}; in the weights only: {extra:?}"
        );
    }

    #[test]
    fn context_words_read_spellings_as_their_words() {
        let d = Detector::builder()
            .spelling("pmt", "payment")
            .context_model(true)
            .build()
            .unwrap();
        assert_eq!(
            d.context_words("ok so u sent the pmt"),
            ["ok", "so", "you", "sent", "the", "payment"]
        );
        assert_eq!(
            d.analyze("ok so u sent the pmt").context(Emotion::Anxiety),
            d.analyze("ok so you sent the payment")
                .context(Emotion::Anxiety)
        );
    }

    #[test]
    fn builder_spellings_fold_replace_and_carry_over() {
        let d = DetectorBuilder::empty()
            .add("fed up", Emotion::Frustration, 2.0)
            .spelling("fd", "fed")
            .spelling("upp", "down")
            .spelling("upp", "up")
            .build()
            .unwrap();
        assert!(d.analyze("im fd upp").has(Emotion::Frustration));
        assert_eq!(d.spellings().len(), 2);
        let again = d.to_builder().build().unwrap();
        assert_eq!(again.spellings(), d.spellings());
        assert!(again.analyze("fd upp").has(Emotion::Frustration));
        let err = DetectorBuilder::empty()
            .spelling("fd", "fed")
            .spelling("fedd", "fd")
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid spelling: `fd`, the word for `fedd`, is itself a spelling"
        );
        let err = DetectorBuilder::empty()
            .spelling("u", "ye")
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("already an embedded spelling"),
            "{err}"
        );
    }

    #[test]
    fn builder_rejects_bad_values_with_reasons() {
        let err = Detector::builder()
            .threshold(Emotion::Anger, 0.0)
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid threshold: anger threshold 0 is outside (0, 1]"
        );
        let err = DetectorBuilder::empty()
            .add("* x", Emotion::Anger, 1.0)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("must start with a word"), "{err}");
        let err = DetectorBuilder::empty()
            .add("fine", Emotion::Anger, 1.0)
            .reweight_from("w.tsv", "# fitted\nfine\tanger\t2\nnope\tanger\t1")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "w.tsv:3: `nope` for anger is not in the lexicon (stale weights: fit them again)"
        );
    }

    #[test]
    fn add_replaces_and_remove_removes() {
        let d = DetectorBuilder::empty()
            .add("grr", Emotion::Anger, 1.0)
            .add("GRR", Emotion::Anger, 3.0)
            .add("meh", Emotion::Frustration, 1.0)
            .remove("meh")
            .build()
            .unwrap();
        assert_eq!(d.entries().len(), 1);
        assert_eq!(d.analyze("grr").evidence(Emotion::Anger), 3.0);
        assert_eq!(d.analyze("meh").evidence(Emotion::Frustration), 0.0);
    }

    #[test]
    fn rules_negation_intensity_contrast() {
        let d = DetectorBuilder::empty()
            .add("angry", Emotion::Anger, 1.0)
            .add("not happy", Emotion::Frustration, 1.0)
            .add("for <num> weeks", Emotion::Frustration, 1.0)
            .add("what does * mean", Emotion::Confusion, 1.0)
            .modifier("not", Role::Negator)
            .modifier("so", Role::Intensifier(1.5))
            .modifier("a bit", Role::Diminisher(0.5))
            .modifier("but", Role::Contrast)
            .modifier("two", Role::Number)
            .build()
            .unwrap();
        let ev = |t: &str, e| d.analyze(t).evidence(e);
        assert_eq!(ev("I am not angry", Emotion::Anger), 0.0);
        assert_eq!(ev("not, angry", Emotion::Anger), 1.0);
        assert_eq!(ev("so angry", Emotion::Anger), 1.5);
        assert_eq!(ev("a bit angry", Emotion::Anger), 0.5);
        assert_eq!(ev("angry but fine", Emotion::Anger), 0.35);
        assert_eq!(ev("ANGRY", Emotion::Anger), 1.5);
        assert_eq!(ev("I'm not happy", Emotion::Frustration), 1.0);
        assert_eq!(ev("for two weeks", Emotion::Frustration), 1.0);
        assert_eq!(ev("for 3 weeks", Emotion::Frustration), 1.0);
        assert_eq!(ev("what does apr mean", Emotion::Confusion), 1.0);
        let a = d.analyze("so angry");
        assert_eq!(&a.text()[a.cues()[0].span.clone()], "angry");
        assert!(a.cues()[0].modifiers.intensified);
    }
}
