//! The lexicon: human-readable entries, their parser, and the compiled form
//! the detector reads.
//!
//! # File formats
//!
//! All files are UTF-8 text, one entry a line, fields separated by tabs.
//! Blank lines and lines starting with `#` are ignored.
//!
//! **Lexicon** (`data/lexicon/*.tsv`): `phrase<TAB>emotion<TAB>weight[<TAB>support]`
//!
//! * `phrase` is one or more words (`furious`, `speak to a manager`), an
//!   emoji (`😡`), an emoticon (`>:(`) or a signal (`<caps>`, see below).
//!   In a phrase, `*` stands for any one word (`what does * mean`) and
//!   `<num>` for a number, written in digits or words (`for <num> weeks`,
//!   `<num> times`). A phrase may start with `<num>`, not with `*`, and
//!   holds at least one word.
//!   Words are folded as the text is (case, width, accents, curly
//!   apostrophes, and the everyday spellings of `data/spellings.tsv`:
//!   `dont`, `im`, `u`, `pls`), so `Don’t`, `dont` and `don't` are the same
//!   entry, and each matches all three in a text.
//! * `emotion` is `frustration`, `anger`, `confusion` or `anxiety`.
//! * `weight` is the evidence the entry adds, a finite number; 1.0 alone
//!   gives a score of 0.63.
//! * The optional fourth field `support` marks a support pattern (waiting,
//!   repetition, threats to leave, worry about consequences): reported as
//!   [`crate::CueKind::Support`] instead of a word or phrase.
//!
//! Signals are the cues that are not words: `<caps>` (a run of words in
//! capitals), `<exclamations>` (`!!`, `!!!`), `<questions>` (`??`),
//! `<interrobang>` (`?!`), `<question>` (a single `?`) and `<elongation>`
//! (`sooo`, `whyyy`).
//!
//! **Modifiers** (`data/modifiers.tsv`): `phrase<TAB>role[<TAB>factor]`, where
//! role is `negator` (the next three words' cues count for nothing),
//! `intensifier` (multiplies the next cue within two words, default 1.5),
//! `diminisher` (default 0.5), `contrast` (cuts the cues before it in the
//! sentence to 0.35: "thanks, *but* it still fails"), `acronym` (a word in capitals
//! that is not shouting: `FAQ`), `number` (a word that `<num>` matches) or
//! `neutral` (a phrase whose words are no cue there: "working again",
//! "try again", where "again" alone is frustration).
//!
//! **Spellings** (`data/spellings.tsv`, and yours through
//! [`parse_spellings`]): `spelling<TAB>word`, a spelling customers use and
//! the word it stands for (`dont` → `don't`, `u` → `you`, `dissapointed` →
//! `disappointed`). Texts and phrases fold the spelling to the word, so
//! each entry matches every spelling of its words.
//!
//! **Thresholds** (`data/thresholds.tsv`): `emotion<TAB>threshold`, a score
//! in (0, 1] at or above which the emotion is a label.
//!
//! ```
//! use emocue::lexicon::{parse_lexicon, LexiconEntry};
//! use emocue::Emotion;
//! let entries = parse_lexicon("mine.tsv", "# my words\nfed up\tfrustration\t1.2\n").unwrap();
//! assert_eq!(entries, vec![LexiconEntry::new("fed up", Emotion::Frustration, 1.2)]);
//! let err = parse_lexicon("mine.tsv", "fed up\tfrustration").unwrap_err();
//! assert!(err.to_string().starts_with("mine.tsv:1: "));
//! ```

use std::borrow::Cow;
use std::cell::RefCell;

use crate::analysis::CueKind;
use crate::context;
use crate::hash::{FxHashMap, Vocab};
use crate::text::{tokenize, TokenKind, Tokens, Vocabulary, NO_WORD};

mod spellings;
use crate::{Emotion, EmotionMap, Error, Result};
pub use spellings::{parse_spellings, Spelling};
use spellings::{respell, respelled};

/// One line of a lexicon: a phrase that is evidence of an emotion.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LexiconEntry {
    /// The word, phrase, emoji, emoticon or `<signal>`, as written.
    pub phrase: String,
    /// The emotion it is evidence of.
    pub emotion: Emotion,
    /// How much evidence it adds.
    pub weight: f32,
    /// Whether it is a support pattern rather than an emotion word.
    pub support: bool,
}

impl LexiconEntry {
    /// A word or phrase entry (not a support pattern).
    pub fn new(phrase: impl Into<String>, emotion: Emotion, weight: f32) -> Self {
        LexiconEntry {
            phrase: phrase.into(),
            emotion,
            weight,
            support: false,
        }
    }

    /// A support-pattern entry.
    pub fn support(phrase: impl Into<String>, emotion: Emotion, weight: f32) -> Self {
        LexiconEntry {
            support: true,
            ..LexiconEntry::new(phrase, emotion, weight)
        }
    }
}

/// What a modifier does to the cues near it.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Role {
    /// "not", "no", "never": the cues of the next three words count for
    /// nothing.
    Negator,
    /// "so", "extremely": multiplies the next cue within two words.
    Intensifier(f32),
    /// "a bit", "slightly": multiplies the next cue within two words.
    Diminisher(f32),
    /// "but", "however": the cues before it in the sentence count 0.35 of
    /// their weight.
    Contrast,
    /// A word in capitals that is not shouting ("FAQ", "USA").
    Acronym,
    /// A number word that `<num>` matches ("two", "several").
    Number,
    /// A phrase whose words are no cue there and that changes nothing
    /// around it: "working again" and "try again", where "again" alone is
    /// frustration ("broken again").
    Neutral,
}

/// One line of a modifiers file.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ModifierEntry {
    /// The word or phrase.
    pub phrase: String,
    /// What it does.
    pub role: Role,
}

/// Iterates the non-comment lines of a source with their 1-based numbers,
/// split on tabs.
fn data_lines(text: &str) -> impl Iterator<Item = (usize, Fields<'_>)> {
    // `str::lines`, by a plain byte loop: the lines are short, and a
    // `memchr` call for each costs more than it saves.
    let mut rest = text;
    let lines = std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        rest = rest.get(end + 1..).unwrap_or_default();
        Some(line)
    });
    lines.enumerate().filter_map(|(i, line)| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = trim(line);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            None
        } else {
            Some((i + 1, Fields::split(line)))
        }
    })
}

/// The most fields a data line has (a lexicon line: phrase, emotion,
/// weight, support).
const MAX_FIELDS: usize = 4;

/// The tab-separated fields of a data line, each trimmed: the first
/// [`MAX_FIELDS`] of them, and how many there are. Held in place, as
/// building the default detector reads thousands of lines.
struct Fields<'t> {
    first: [&'t str; MAX_FIELDS],
    count: usize,
}

impl<'t> Fields<'t> {
    fn split(line: &'t str) -> Self {
        let mut fields = Fields {
            first: [""; MAX_FIELDS],
            count: 0,
        };
        let mut start = 0;
        let tabs = line.bytes().enumerate().filter(|&(_, b)| b == b'\t');
        for end in tabs.map(|(at, _)| at).chain([line.len()]) {
            if let Some(slot) = fields.first.get_mut(fields.count) {
                // A tab is one byte, so `start..end` is on char boundaries.
                *slot = trim(line.get(start..end).unwrap_or_default());
            }
            fields.count += 1;
            start = end + 1;
        }
        fields
    }

    /// An error naming the line unless it has `min..=max` fields, which
    /// `names` lists (as `phrase, role[, factor]`).
    fn expect(&self, source: &str, line: usize, min: usize, max: usize, names: &str) -> Result<()> {
        if (min..=max).contains(&self.count) {
            return Ok(());
        }
        let expected = if min == max {
            min.to_string()
        } else {
            format!("{min} or {max}")
        };
        Err(Error::parse(
            source,
            line,
            format!(
                "expected {expected} tab-separated fields ({names}), found {}",
                self.count
            ),
        ))
    }

    /// Field `i`, if the line has it and `i` is below [`MAX_FIELDS`].
    fn get(&self, i: usize) -> Option<&'t str> {
        (i < self.count)
            .then(|| self.first.get(i).copied())
            .flatten()
    }
}

impl<'t> std::ops::Index<usize> for Fields<'t> {
    type Output = &'t str;

    /// Field `i`; the callers check the count with [`Fields::expect`] first.
    fn index(&self, i: usize) -> &&'t str {
        &self.first[i]
    }
}

/// `field.trim()`, without its per-character look-ups in the common case
/// of a field that starts and ends with a visible ASCII character.
fn trim(field: &str) -> &str {
    let b = field.as_bytes();
    let visible = |c: Option<&u8>| c.is_some_and(u8::is_ascii_graphic);
    if visible(b.first()) && visible(b.last()) {
        field
    } else {
        field.trim()
    }
}

fn parse_number(source: &str, line: usize, field: &str, what: &str) -> Result<f32> {
    match field.parse::<f32>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(Error::parse(
            source,
            line,
            format!("{what} `{field}` is not a finite number"),
        )),
    }
}

/// Parses a lexicon file. `source` names it in errors (usually its path).
///
/// Every problem is an error naming `source:line`: a wrong number of
/// fields, an unknown emotion, a weight that is not a finite number, an
/// empty phrase, an unknown `<signal>`, a misplaced `*`, or the same phrase
/// and emotion twice.
pub fn parse_lexicon(source: &str, text: &str) -> Result<Vec<LexiconEntry>> {
    Ok(parse_lexicon_keyed(source, text)?
        .iter()
        .map(KeyedLine::entry)
        .collect())
}

/// A lexicon line, parsed, borrowing from the file's text: its line
/// number, its fields, and its phrase's folded key (which the builder
/// indexes entries by; borrowed when folding leaves the phrase as it is).
pub(crate) struct KeyedLine<'t> {
    pub line: usize,
    pub key: Cow<'t, str>,
    pub phrase: &'t str,
    pub emotion: Emotion,
    pub weight: f32,
    pub support: bool,
}

impl KeyedLine<'_> {
    /// The line as an owned entry.
    pub(crate) fn entry(&self) -> LexiconEntry {
        LexiconEntry {
            phrase: self.phrase.to_owned(),
            emotion: self.emotion,
            weight: self.weight,
            support: self.support,
        }
    }
}

/// [`parse_lexicon`], keeping each entry's line and folded key.
pub(crate) fn parse_lexicon_keyed<'t>(source: &str, text: &'t str) -> Result<Vec<KeyedLine<'t>>> {
    let mut lines = Vec::new();
    for (line, fields) in data_lines(text) {
        match parse_lexicon_line(source, line, &fields) {
            Ok(parsed) => lines.push(parsed),
            // A repeated entry on an earlier line is the first error.
            Err(e) => return Err(first_repeat(source, &lines).unwrap_or(e)),
        }
    }
    match first_repeat(source, &lines) {
        Some(e) => Err(e),
        None => Ok(lines),
    }
}

/// One lexicon line's fields, checked.
fn parse_lexicon_line<'t>(source: &str, line: usize, fields: &Fields<'t>) -> Result<KeyedLine<'t>> {
    fields.expect(source, line, 3, 4, "phrase, emotion, weight[, support]")?;
    let phrase = fields[0];
    let emotion: Emotion = fields[1]
        .parse()
        .map_err(|e: Error| Error::parse(source, line, e.to_string()))?;
    let weight = parse_number(source, line, fields[2], "weight")?;
    let support = match fields.get(3) {
        None | Some("") | Some("word") => false,
        Some("support") => true,
        Some(other) => {
            return Err(Error::parse(
                source,
                line,
                format!("unknown fourth field `{other}` (expected `support` or nothing)"),
            ))
        }
    };
    let key = phrase_key(phrase).map_err(|p| Error::parse(source, line, p))?;
    Ok(KeyedLine {
        line,
        key,
        phrase,
        emotion,
        weight,
        support,
    })
}

/// The error for the first line that repeats an earlier line's phrase and
/// emotion, if any.
fn first_repeat(source: &str, lines: &[KeyedLine<'_>]) -> Option<Error> {
    let mut seen: FxHashMap<(&str, Emotion), usize> = FxHashMap::default();
    seen.reserve(lines.len());
    lines.iter().find_map(|l| {
        let first = seen.insert((&l.key, l.emotion), l.line)?;
        Some(Error::parse(
            source,
            l.line,
            format!(
                "`{}` for {} is already on line {first}",
                l.phrase, l.emotion
            ),
        ))
    })
}

/// Parses a modifiers file; errors name `source:line`.
pub fn parse_modifiers(source: &str, text: &str) -> Result<Vec<ModifierEntry>> {
    let mut entries = Vec::new();
    for (line, fields) in data_lines(text) {
        fields.expect(source, line, 2, 3, "phrase, role[, factor]")?;
        let factor = match fields.get(2) {
            Some(f) if !f.is_empty() => Some(parse_number(source, line, f, "factor")?),
            _ => None,
        };
        let role = match (fields[1], factor) {
            ("negator", None) => Role::Negator,
            ("contrast", None) => Role::Contrast,
            ("acronym", None) => Role::Acronym,
            ("number", None) => Role::Number,
            ("neutral", None) => Role::Neutral,
            ("intensifier", f) => Role::Intensifier(f.unwrap_or(1.5)),
            ("diminisher", f) => Role::Diminisher(f.unwrap_or(0.5)),
            ("negator" | "contrast" | "acronym" | "number" | "neutral", Some(_)) => {
                return Err(Error::parse(
                    source,
                    line,
                    format!("role `{}` takes no factor", fields[1]),
                ))
            }
            (other, _) => {
                return Err(Error::parse(
                    source,
                    line,
                    format!(
                        "unknown role `{other}` (expected negator, intensifier, diminisher, contrast, acronym, number or neutral)"
                    ),
                ))
            }
        };
        phrase_key(fields[0]).map_err(|p| Error::parse(source, line, p))?;
        entries.push(ModifierEntry {
            phrase: fields[0].to_owned(),
            role,
        });
    }
    Ok(entries)
}

/// Parses a thresholds file; errors name `source:line`.
pub fn parse_thresholds(source: &str, text: &str) -> Result<Vec<(Emotion, f32)>> {
    let mut out = Vec::new();
    for (line, fields) in data_lines(text) {
        fields.expect(source, line, 2, 2, "emotion, threshold")?;
        let emotion: Emotion = fields[0]
            .parse()
            .map_err(|e: Error| Error::parse(source, line, e.to_string()))?;
        let t = parse_number(source, line, fields[1], "threshold")?;
        if !(t > 0.0 && t <= 1.0) {
            return Err(Error::parse(
                source,
                line,
                format!("threshold {t} is outside (0, 1]"),
            ));
        }
        out.push((emotion, t));
    }
    Ok(out)
}

/// Parses thresholds written as a JSON object, `{"anger": 0.6, ...}` (any
/// subset of the four emotions); errors name `source:line`.
///
/// ```
/// use emocue::lexicon::parse_thresholds_json;
/// use emocue::Emotion;
/// let t = parse_thresholds_json("t.json", r#"{"anger": 0.6}"#).unwrap();
/// assert_eq!(t, vec![(Emotion::Anger, 0.6)]);
/// let err = parse_thresholds_json("t.json", "{\n\"anger\": 2}").unwrap_err();
/// assert_eq!(err.to_string(), "t.json:2: threshold 2 for anger is outside (0, 1]");
/// ```
#[cfg(feature = "serde")]
pub fn parse_thresholds_json(source: &str, text: &str) -> Result<Vec<(Emotion, f32)>> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Error::parse(source, e.line().max(1), format!("not JSON thresholds: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| Error::parse(source, 1, "expected a JSON object of emotion: threshold"))?;
    let mut out = Vec::new();
    for (name, v) in object {
        let quoted = serde_json::to_string(name).unwrap_or_default();
        let line = text
            .find(&quoted)
            .map_or(1, |at| text[..at].matches('\n').count() + 1);
        let emotion: Emotion = name
            .parse()
            .map_err(|e: Error| Error::parse(source, line, e.to_string()))?;
        let t = v.as_f64().ok_or_else(|| {
            Error::parse(
                source,
                line,
                format!("threshold {v} for {emotion} is not a number"),
            )
        })? as f32;
        if !(t > 0.0 && t <= 1.0) {
            return Err(Error::parse(
                source,
                line,
                format!("threshold {t} for {emotion} is outside (0, 1]"),
            ));
        }
        out.push((emotion, t));
    }
    Ok(out)
}

/// Writes entries in the lexicon file format, one a line, in the given
/// order, with weights rounded to 3 decimals.
pub fn write_lexicon(entries: &[LexiconEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        let w = format!("{:.3}", e.weight);
        out.push_str(&e.phrase);
        out.push('\t');
        out.push_str(e.emotion.name());
        out.push('\t');
        out.push_str(&w);
        if e.support {
            out.push_str("\tsupport");
        }
        out.push('\n');
    }
    out
}

/// The signals, by their names in lexicon files.
pub(crate) const SIGNALS: [(&str, CueKind); 6] = [
    ("<caps>", CueKind::Caps),
    ("<exclamations>", CueKind::Exclamations),
    ("<questions>", CueKind::Questions),
    ("<interrobang>", CueKind::Interrobang),
    ("<question>", CueKind::Question),
    ("<elongation>", CueKind::Elongation),
];

/// The parts of a phrase after folding.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Word(String),
    AnyWord,
    Number,
}

impl Part {
    fn as_ref(&self) -> PartRef<'_> {
        match self {
            Part::Word(w) => PartRef::Word(w),
            Part::AnyWord => PartRef::AnyWord,
            Part::Number => PartRef::Number,
        }
    }
}

/// A [`Part`] that borrows its word.
#[derive(Debug, Clone, Copy)]
enum PartRef<'a> {
    Word(&'a str),
    AnyWord,
    Number,
}

/// What a phrase is, once folded.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Shape {
    Words(Vec<Part>),
    Emoji(String),
    Emoticon(String),
    Signal(CueKind),
}

/// Elongated words longer than this many bytes are not tried without their
/// stretched letters.
const MAX_ELONGATED_LOOKUP: usize = 32;

/// Tokenizes phrases with no emoticons and no word ids.
struct NoEmoticons;
impl Vocabulary for NoEmoticons {}

thread_local! {
    /// The tokenizer's buffers for [`phrase_parts`], reused: building the
    /// default detector reads thousands of phrases.
    static PHRASE_TOKENS: RefCell<Tokens> = RefCell::new(Tokens::default());
}

/// The parts of a phrase of words, `*` and `<num>`, each word folded as
/// the tokenizer folds a text's words.
fn phrase_parts(phrase: &str, tokens: &mut Tokens) -> Result<Vec<Part>, String> {
    if is_plain(phrase) {
        return Ok(phrase
            .split(' ')
            .map(|w| Part::Word(respelled(w).unwrap_or(w).to_owned()))
            .collect());
    }
    tokenized_parts(phrase, tokens)
}

/// [`phrase_parts`] for any phrase: each word through the tokenizer.
fn tokenized_parts(phrase: &str, tokens: &mut Tokens) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    for raw in phrase.split_whitespace() {
        match raw {
            "*" => parts.push(Part::AnyWord),
            "<num>" => parts.push(Part::Number),
            _ => {
                tokenize(raw, &NoEmoticons, tokens);
                if tokens.tokens.is_empty()
                    || tokens.tokens.iter().any(|t| t.kind != TokenKind::Word)
                {
                    return Err(format!(
                        "`{raw}` in `{phrase}` is not a word (phrases hold words, `*` and `<num>`)"
                    ));
                }
                for t in &tokens.tokens {
                    let word = tokens.text(t);
                    parts.push(Part::Word(respelled(word).unwrap_or(word).to_owned()));
                }
            }
        }
    }
    Ok(parts)
}

/// Whether folding leaves a phrase as it is, the commonest case (every
/// line of `data/weights.tsv`): words of lower-case ASCII letters, digits
/// and single inner apostrophes, split by single spaces, with no letter
/// three times in a row. Any other phrase goes through the tokenizer.
fn is_plain(phrase: &str) -> bool {
    let b = phrase.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if !alnum(first) || !alnum(last) {
        return false;
    }
    // From the second byte on, with the two before it.
    let (mut before, mut prev) = (0u8, first);
    for &c in &b[1..] {
        let ok = match c {
            b' ' | b'\'' => alnum(prev),
            _ => alnum(c) && !(c.is_ascii_lowercase() && c == prev && c == before),
        };
        if !ok {
            return false;
        }
        (before, prev) = (prev, c);
    }
    true
}

/// Folds a phrase the way text is folded, or says what is wrong with it.
fn shape(phrase: &str) -> Result<Shape, String> {
    let phrase = phrase.trim();
    if phrase.is_empty() {
        return Err("empty phrase".into());
    }
    let one_token = !phrase.contains(char::is_whitespace);
    if phrase.starts_with('<')
        && phrase.ends_with('>')
        && phrase != "<num>"
        && phrase.len() > 2
        && one_token
    {
        return SIGNALS
            .iter()
            .find(|(name, _)| *name == phrase)
            .map(|(_, kind)| Shape::Signal(*kind))
            .ok_or_else(|| {
                format!("unknown signal `{phrase}` (expected one of <caps>, <exclamations>, <questions>, <interrobang>, <question>, <elongation>)")
            });
    }
    let mut visible = phrase.chars().filter(|c| !crate::text::is_invisible(*c));
    if let (Some(c), None) = (visible.next(), visible.next()) {
        if crate::text::is_emoji(c) {
            return Ok(Shape::Emoji(c.to_string()));
        }
    }
    let first = phrase.as_bytes()[0];
    let starts_with_number = phrase
        .strip_prefix("<num>")
        .is_some_and(|rest| rest.starts_with(char::is_whitespace));
    if first.is_ascii_punctuation() && first != b'\'' && first != b'*' && !starts_with_number {
        if phrase.chars().any(char::is_whitespace) || !phrase.is_ascii() {
            return Err(format!(
                "`{phrase}` is neither words, one emoji, nor an ASCII emoticon without spaces"
            ));
        }
        return Ok(Shape::Emoticon(phrase.to_owned()));
    }
    let parts = PHRASE_TOKENS
        .try_with(|tokens| phrase_parts(phrase, &mut tokens.borrow_mut()))
        .unwrap_or_else(|_| phrase_parts(phrase, &mut Tokens::default()))?;
    if matches!(parts.first(), Some(Part::AnyWord)) {
        return Err(format!(
            "`{phrase}` must start with a word or `<num>`, not `*`"
        ));
    }
    if !parts.iter().any(|p| matches!(p, Part::Word(_))) {
        return Err(format!(
            "`{phrase}` must hold a word, not only `*` and `<num>`"
        ));
    }
    if parts.len() > MAX_PHRASE_WORDS {
        return Err(format!(
            "`{phrase}` has {} words; at most {MAX_PHRASE_WORDS} are allowed",
            parts.len()
        ));
    }
    Ok(Shape::Words(parts))
}

/// The folded form of a phrase, used to tell whether two entries are the
/// same phrase.
fn phrase_key(phrase: &str) -> Result<Cow<'_, str>, String> {
    if is_plain_key(phrase) {
        return Ok(respell(phrase));
    }
    shape(phrase).map(|shape| Cow::Owned(shape_key(&shape)))
}

/// Whether a phrase is folded but for its spellings (see [`respell`]): plain
/// (see [`is_plain`]) and not too long.
fn is_plain_key(phrase: &str) -> bool {
    let words = phrase.bytes().filter(|&b| b == b' ').count() + 1;
    is_plain(phrase) && words <= MAX_PHRASE_WORDS
}

/// The folded form of a phrase's shape: what [`phrase_key`] gives.
fn shape_key(shape: &Shape) -> String {
    match shape {
        Shape::Words(parts) => parts
            .iter()
            .map(|p| match p {
                Part::Word(w) => w.as_str(),
                Part::AnyWord => "*",
                Part::Number => "<num>",
            })
            .collect::<Vec<_>>()
            .join(" "),
        Shape::Emoji(s) | Shape::Emoticon(s) => s.clone(),
        Shape::Signal(kind) => format!("<{kind:?}>"),
    }
}

/// The longest phrase, in words.
pub(crate) const MAX_PHRASE_WORDS: usize = 8;

/// No node / no term.
const NONE: u32 = u32::MAX;

/// A node of the phrase trie.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// The term that ends here, or `NONE`.
    pub term: u32,
    /// The child reached by any word, or `NONE`.
    pub any_word: u32,
    /// The child reached by a number, or `NONE`.
    pub number: u32,
}

impl Node {
    fn empty() -> Self {
        Node {
            term: NONE,
            any_word: NONE,
            number: NONE,
        }
    }
}

/// What can start at a word: see [`Compiled::start`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Start {
    /// No term.
    None,
    /// The term of the word alone, and no longer one.
    Word(u32),
    /// A longer term may: walk the trie.
    Walk,
}

/// Where terms can start, word by word: the filter that lets the rules
/// pass most words without walking the trie.
///
/// Nearly half the words of a message start some term, but most of them
/// start only phrases ("not sure", "what happens if") that the next word
/// rules out. So each word id gets flags (the word alone is a term; a
/// number or any word may follow it in a term; some words may), and a
/// [`PairFilter`] of (word, next word) pairs says which words may follow.
/// A word outside both never starts a term, and few words pass that start
/// none.
///
/// The flags and the pair are combined without a branch: whether a word
/// starts a term is data, which a branch predictor cannot learn, and a
/// mispredicted branch per word cost more than the whole check. The one
/// branch left is on the answer, which is [`Start::None`] for about four
/// words in five.
#[derive(Debug, Clone, Default)]
struct Starts {
    /// Flags by word id, and one more, always 0, for [`NO_WORD`].
    flags: Vec<u8>,
    /// The term of each word alone, where [`Starts::TERM`] is set.
    terms: Vec<u32>,
    /// [`Starts::NUMBER`] if a term starts with `<num>`, else 0.
    number_starts: u8,
    /// The (word, next word) pairs that go on in a term.
    pairs: PairFilter,
}

impl Starts {
    /// The word alone is a term.
    const TERM: u8 = 1;
    /// A term goes on after the word with `<num>` or `*`.
    const OPEN: u8 = 2;
    /// A term goes on after the word with some words: see `pairs`.
    const FOLLOWED: u8 = 4;
    /// `<num>` matches the word (a number word such as "three").
    const NUMBER: u8 = 8;

    fn new(c: &Compiled) -> Starts {
        let mut flags: Vec<u8> = c
            .is_number
            .iter()
            .map(|&n| if n { Starts::NUMBER } else { 0 })
            .chain([0])
            .collect();
        let mut terms = vec![NONE; flags.len()];
        let mut first_word = FxHashMap::default();
        for (word, &node) in c.root_children.iter().enumerate() {
            if !Compiled::exists(node) {
                continue;
            }
            first_word.insert(node, word as u32);
            let n = &c.nodes[node as usize];
            if Compiled::exists(n.term) {
                flags[word] |= Starts::TERM;
                terms[word] = n.term;
            }
            if Compiled::exists(n.number) || Compiled::exists(n.any_word) {
                flags[word] |= Starts::OPEN;
            }
        }
        let pairs: Vec<(u32, u32)> = c
            .edges
            .keys()
            .filter_map(|&(node, next)| Some((*first_word.get(&node)?, next)))
            .collect();
        for &(word, _) in &pairs {
            flags[word as usize] |= Starts::FOLLOWED;
        }
        let number_starts = if Compiled::exists(c.nodes[0].number) {
            Starts::NUMBER
        } else {
            0
        };
        Starts {
            flags,
            terms,
            number_starts,
            pairs: PairFilter::new(&pairs),
        }
    }

    #[inline]
    fn start(&self, word: u32, number: bool, next: u32) -> Start {
        let last = self.flags.len().saturating_sub(1);
        let at = (word as usize).min(last);
        let f = self.flags.get(at).copied().unwrap_or(0);
        let numeric = (f | (u8::from(number) * Starts::NUMBER)) & self.number_starts;
        let followed = (f >> 2) & self.pairs.may_hold(word, next);
        let goes_on = (f & Starts::OPEN) | numeric | followed;
        if goes_on != 0 {
            Start::Walk
        } else if f & Starts::TERM != 0 {
            Start::Word(self.terms.get(at).copied().unwrap_or(NONE))
        } else {
            Start::None
        }
    }

    fn heap_bytes(&self) -> usize {
        self.flags.len() + self.terms.len() * 4 + self.pairs.heap_bytes()
    }
}

/// A set of pairs of ids that can answer "maybe" for a pair it does not
/// hold, rarely, but never "no" for one it holds: one hashed bit per pair
/// (a Bloom filter with one hash), in a table 32 times larger than the
/// pairs, so about 3% of other pairs pass.
#[derive(Debug, Clone, Default)]
struct PairFilter {
    bits: Vec<u64>,
}

impl PairFilter {
    fn new(pairs: &[(u32, u32)]) -> PairFilter {
        let len = (pairs.len() * 32).next_power_of_two().max(64);
        let mut f = PairFilter {
            bits: vec![0; len / 64],
        };
        for &(a, b) in pairs {
            let bit = f.bit(a, b);
            f.bits[bit / 64] |= 1 << (bit % 64);
        }
        f
    }

    /// Whether the set may hold `(a, b)`: 1 if so, 0 if not (branch-free).
    /// A filter not built yet (the default) may hold anything.
    #[inline]
    fn may_hold(&self, a: u32, b: u32) -> u8 {
        let bit = self.bit(a, b);
        self.bits
            .get(bit / 64)
            .map_or(1, |w| (w >> (bit % 64)) as u8 & 1)
    }

    #[inline]
    fn bit(&self, a: u32, b: u32) -> usize {
        let h = (u64::from(a) << 32 | u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 32) as usize & (self.bits.len() * 64).saturating_sub(1)
    }

    fn heap_bytes(&self) -> usize {
        self.bits.len() * 8
    }
}

/// A compiled lexicon term: all the emotions and the modifier role of one
/// folded phrase.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The phrase as first written.
    pub phrase: Box<str>,
    /// How it is reported.
    pub kind: CueKind,
    /// Its weight for each emotion (0 where it is no evidence).
    pub weights: EmotionMap<f32>,
    /// Which emotions it is an entry for.
    pub has: EmotionMap<bool>,
    /// What it does to the cues near it, if it is a modifier.
    pub role: Option<Role>,
}

/// The compiled lexicon: read-only on the hot path.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    /// Folded word (or emoji, or emoticon) → word id.
    pub vocab: Vocab,
    /// For each word id, whether `<num>` matches it.
    pub is_number: Vec<bool>,
    /// Trie nodes; 0 is the root.
    pub nodes: Vec<Node>,
    /// The root's child along each word id, or `NONE`: every known word of
    /// every text starts here, so this step is an index, not a hash.
    root_children: Vec<u32>,
    /// (node, word id) → child node, below the root.
    pub edges: FxHashMap<(u32, u32), u32>,
    /// Where terms can start: see [`Starts`].
    starts: Starts,
    /// The terms, by id.
    pub terms: Vec<Term>,
    /// The term id of each signal in [`SIGNALS`] order, or `NONE`.
    pub signals: [u32; SIGNALS.len()],
    /// Emoticons, longest first.
    pub emoticons: Vec<Box<[u8]>>,
    /// Which bytes start an emoticon.
    emoticon_starts: [bool; 128],
    /// The word of each word id that spellings stand for (`don't` for the
    /// id of `dont` and `don't`): how the context model reads a spelling.
    pub spelled_words: FxHashMap<u32, Box<str>>,
    /// For each word id, the context model's key of the word it reads as:
    /// its spelled word (see `spelled_words`), or else the word itself.
    pub context_keys: Vec<u64>,
    /// The word ids below this are the lexicon's words; those from it on,
    /// the context model's words that no term holds (see
    /// [`Compiled::add_context_words`]).
    pub lexicon_words: u32,
}

impl Vocabulary for Compiled {
    fn match_len(&self, rest: &[u8]) -> Option<usize> {
        self.emoticons
            .iter()
            .find(|e| rest.starts_with(e))
            .map(|e| e.len())
    }

    fn may_start(&self, byte: u8) -> bool {
        self.emoticon_starts
            .get(usize::from(byte))
            .copied()
            .unwrap_or(false)
    }

    #[inline]
    fn word_id(&self, folded: &[u8], elongated: bool, scratch: &mut String) -> u32 {
        if let Some(id) = self.vocab.get_bytes(folded) {
            // A stretched word is the lexicon's without its stretched
            // letters ("soo" is "so") before it is a context word.
            if !elongated || id < self.lexicon_words {
                return id;
            }
        }
        if !elongated {
            return NO_WORD;
        }
        match std::str::from_utf8(folded) {
            Ok(word) => self.unstretched_id(word, scratch),
            Err(_) => NO_WORD,
        }
    }

    #[inline]
    fn short_word_id(&self, key: [u64; 2], len: usize) -> u32 {
        self.vocab.get_inline(key, len).unwrap_or(NO_WORD)
    }
}

impl Compiled {
    /// Compiles entries and modifiers. Later entries for the same phrase and
    /// emotion replace earlier ones.
    pub(crate) fn new(
        entries: &[LexiconEntry],
        modifiers: &[ModifierEntry],
        spellings: &[Spelling],
    ) -> Result<Compiled> {
        let mut c = Compiled {
            vocab: Vocab::default(),
            is_number: Vec::new(),
            nodes: vec![Node::empty()],
            root_children: Vec::new(),
            edges: FxHashMap::default(),
            starts: Starts::default(),
            terms: Vec::new(),
            signals: [NONE; SIGNALS.len()],
            emoticons: Vec::new(),
            emoticon_starts: [false; 128],
            spelled_words: FxHashMap::default(),
            context_keys: Vec::new(),
            lexicon_words: 0,
        };
        // A spelling gets its word's id: the text's `dont` is `don't`.
        // The caller's spellings are neither embedded spellings nor their
        // words (see [`Spelling::new`]), so none is in the vocabulary yet.
        let embedded = spellings::embedded().map(|(s, w)| -> (&str, &str) { (s, w) });
        let own = spellings
            .iter()
            .map(|s| (s.spelling.as_str(), s.word.as_str()));
        for (spelling, word) in embedded.chain(own) {
            let id = c.intern_word(word);
            c.vocab.insert(spelling, id);
            c.spelled_words.insert(id, word.into());
        }
        for m in modifiers {
            let id = c.term(&m.phrase)?;
            if m.role == Role::Number {
                if let Shape::Words(parts) = shape(&m.phrase).map_err(invalid)? {
                    for p in parts {
                        if let Part::Word(w) = p {
                            let wid = c.intern_word(&w);
                            c.is_number[wid as usize] = true;
                        }
                    }
                }
            }
            c.terms[id as usize].role = Some(m.role);
        }
        for e in entries {
            let id = c.term(&e.phrase)?;
            let term = &mut c.terms[id as usize];
            term.weights[e.emotion] = e.weight;
            term.has[e.emotion] = true;
            if e.support {
                term.kind = CueKind::Support;
            }
        }
        c.emoticons
            .sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        c.starts = Starts::new(&c);
        for (&id, word) in &c.spelled_words {
            if let Some(key) = c.context_keys.get_mut(id as usize) {
                *key = context::word_key(word.as_bytes());
            }
        }
        c.lexicon_words = c.is_number.len() as u32;
        Ok(c)
    }

    /// Gives each of `words` (the context model's, folded) a word id if it
    /// has none, so that the tokenizer finds them as it reads. The terms
    /// do not change: the new ids start no term and go on none.
    pub(crate) fn add_context_words<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        for word in words {
            self.intern_word(word);
        }
    }

    /// The id of a word, added if new.
    fn intern_word(&mut self, word: &str) -> u32 {
        if let Some(id) = self.vocab.get(word) {
            return id;
        }
        let id = self.is_number.len() as u32;
        self.vocab.insert(word, id);
        self.is_number.push(false);
        self.context_keys.push(context::word_key(word.as_bytes()));
        id
    }

    /// The id of an elongated word without its stretched letters: "soo"
    /// (from "sooo") is "so", "soorry" is "sorry". Tries undoubling each
    /// doubled letter, then all of them; words longer than
    /// [`MAX_ELONGATED_LOOKUP`] bytes are not tried, so this stays linear.
    fn unstretched_id(&self, word: &str, scratch: &mut String) -> u32 {
        if word.len() > MAX_ELONGATED_LOOKUP {
            return NO_WORD;
        }
        let mut prev = None;
        for (at, c) in word.char_indices() {
            if prev == Some(c) {
                scratch.clear();
                scratch.push_str(&word[..at]);
                scratch.push_str(&word[at + c.len_utf8()..]);
                if let Some(id) = self.vocab.get(scratch) {
                    return id;
                }
            }
            prev = Some(c);
        }
        scratch.clear();
        let mut prev = None;
        for c in word.chars() {
            if prev != Some(c) {
                scratch.push(c);
            }
            prev = Some(c);
        }
        self.vocab.get(scratch).unwrap_or(NO_WORD)
    }

    /// The id of the term for `phrase`, added (with its trie path) if new.
    ///
    /// A term is known by where its path ends in the trie, so phrases that
    /// fold to the same words (`Don't understand`, `dont understand`) are
    /// one term: the vocabulary has already folded case, width and
    /// spellings into the word ids.
    fn term(&mut self, phrase: &str) -> Result<u32> {
        if is_plain_key(phrase) {
            return Ok(self.plain_term(phrase));
        }
        let shape = shape(phrase).map_err(invalid)?;
        let kind = match &shape {
            Shape::Words(parts) if parts.len() == 1 => CueKind::Word,
            Shape::Words(_) => CueKind::Phrase,
            Shape::Emoji(_) => CueKind::Emoji,
            Shape::Emoticon(_) => CueKind::Emoticon,
            Shape::Signal(kind) => *kind,
        };
        let node = match &shape {
            Shape::Words(parts) => self.insert_path(parts.iter().map(Part::as_ref)),
            Shape::Emoji(s) => self.insert_path([PartRef::Word(s)]),
            Shape::Emoticon(s) => {
                let node = self.insert_path([PartRef::Word(s)]);
                if !Compiled::exists(self.nodes[node as usize].term) {
                    self.emoticon_starts[usize::from(s.as_bytes()[0] & 0x7f)] = true;
                    self.emoticons
                        .push(s.clone().into_bytes().into_boxed_slice());
                }
                node
            }
            Shape::Signal(kind) => {
                let i = SIGNALS.iter().position(|(_, k)| k == kind).unwrap_or(0);
                if !Compiled::exists(self.signals[i]) {
                    self.signals[i] = self.new_term(phrase.trim(), *kind);
                }
                return Ok(self.signals[i]);
            }
        };
        Ok(self.term_at(node, phrase.trim(), kind))
    }

    /// [`Compiled::term`] for a phrase that is its own key but for its
    /// spellings (most of them): no folding, and words interned straight
    /// from the phrase (a spelling's id is its word's).
    fn plain_term(&mut self, phrase: &str) -> u32 {
        let kind = if phrase.contains(' ') {
            CueKind::Phrase
        } else {
            CueKind::Word
        };
        let node = self.insert_path(phrase.split(' ').map(PartRef::Word));
        self.term_at(node, phrase, kind)
    }

    /// The term whose path ends at `node`, added if there is none.
    fn term_at(&mut self, node: u32, phrase: &str, kind: CueKind) -> u32 {
        let existing = self.nodes[node as usize].term;
        if Compiled::exists(existing) {
            return existing;
        }
        let id = self.new_term(phrase, kind);
        self.nodes[node as usize].term = id;
        id
    }

    /// Adds a term with no weights and no role.
    fn new_term(&mut self, phrase: &str, kind: CueKind) -> u32 {
        let id = self.terms.len() as u32;
        self.terms.push(Term {
            phrase: phrase.into(),
            kind,
            weights: EmotionMap::splat(0.0),
            has: EmotionMap::splat(false),
            role: None,
        });
        id
    }

    /// The node where the path of `parts` ends, added if new.
    fn insert_path<'p>(&mut self, parts: impl IntoIterator<Item = PartRef<'p>>) -> u32 {
        let mut node = 0u32;
        for part in parts {
            node = match part {
                PartRef::Word(w) => {
                    let wid = self.intern_word(w);
                    match self.child(node, wid) {
                        Some(child) => child,
                        None => self.add_child(node, wid),
                    }
                }
                PartRef::AnyWord => self.child_slot(node, |n| &mut n.any_word),
                PartRef::Number => self.child_slot(node, |n| &mut n.number),
            };
        }
        node
    }

    /// The node where the path of `parts` ends, if the trie has it.
    fn find_path<'p>(&self, parts: impl IntoIterator<Item = PartRef<'p>>) -> Option<u32> {
        let mut node = 0u32;
        for part in parts {
            node = match part {
                PartRef::Word(w) => self.child(node, self.vocab.get(w)?)?,
                PartRef::AnyWord => self.nodes[node as usize].any_word,
                PartRef::Number => self.nodes[node as usize].number,
            };
            if !Compiled::exists(node) {
                return None;
            }
        }
        Some(node)
    }

    fn new_node(&mut self) -> u32 {
        self.nodes.push(Node::empty());
        (self.nodes.len() - 1) as u32
    }

    fn add_child(&mut self, node: u32, word: u32) -> u32 {
        let child = self.new_node();
        if node == 0 {
            let at = word as usize;
            if self.root_children.len() <= at {
                self.root_children.resize(at + 1, NONE);
            }
            self.root_children[at] = child;
        } else {
            self.edges.insert((node, word), child);
        }
        child
    }

    fn child_slot(&mut self, node: u32, slot: fn(&mut Node) -> &mut u32) -> u32 {
        let existing = *slot(&mut self.nodes[node as usize]);
        if existing != NONE {
            return existing;
        }
        let child = self.new_node();
        *slot(&mut self.nodes[node as usize]) = child;
        child
    }

    /// The term id of a phrase, if the lexicon has it.
    pub(crate) fn term_of(&self, phrase: &str) -> Option<u32> {
        let node = if is_plain_key(phrase) {
            self.find_path(phrase.split(' ').map(PartRef::Word))?
        } else {
            match shape(phrase).ok()? {
                Shape::Words(parts) => self.find_path(parts.iter().map(Part::as_ref))?,
                Shape::Emoji(s) | Shape::Emoticon(s) => self.find_path([PartRef::Word(&s)])?,
                Shape::Signal(kind) => {
                    let i = SIGNALS.iter().position(|(_, k)| *k == kind)?;
                    return Some(self.signals[i]).filter(|&t| Compiled::exists(t));
                }
            }
        };
        Some(self.nodes[node as usize].term).filter(|&t| Compiled::exists(t))
    }

    /// The child of `node` along the word with id `word`.
    #[inline]
    pub(crate) fn child(&self, node: u32, word: u32) -> Option<u32> {
        if node == 0 {
            let child = *self.root_children.get(word as usize)?;
            return Compiled::exists(child).then_some(child);
        }
        self.edges.get(&(node, word)).copied()
    }

    /// Which terms may start at a word with id `word` (or [`NO_WORD`]) that
    /// is `number` by its digits, followed by a word with id `next`
    /// ([`NO_WORD`] if none, or no word follows): never [`Start::None`]
    /// where a term starts, and [`Start::Word`] only where no longer term
    /// can (see [`Starts`]).
    #[inline]
    pub(crate) fn start(&self, word: u32, number: bool, next: u32) -> Start {
        self.starts.start(word, number, next)
    }

    /// Whether a node exists (is not `NONE`).
    #[inline]
    pub(crate) fn exists(id: u32) -> bool {
        id != NONE
    }

    /// The number of bytes the compiled tables hold, roughly.
    pub(crate) fn heap_bytes(&self) -> usize {
        let vocab = self.vocab.heap_bytes();
        let terms: usize = self
            .terms
            .iter()
            .map(|t| t.phrase.len() + std::mem::size_of::<Term>())
            .sum();
        vocab
            + self.is_number.len()
            + self.context_keys.len() * 8
            + self.nodes.len() * std::mem::size_of::<Node>()
            + self.root_children.len() * 4
            + self.starts.heap_bytes()
            + self.edges.len() * 16
            + self
                .spelled_words
                .values()
                .map(|w| w.len() + 24)
                .sum::<usize>()
            + terms
    }
}

/// The folded key of a phrase, or an error saying what is wrong with it.
pub(crate) fn phrase_key_checked(phrase: &str) -> Result<String> {
    phrase_key(phrase).map(Cow::into_owned).map_err(invalid)
}

fn invalid(problem: String) -> Error {
    Error::InvalidValue {
        what: "lexicon phrase",
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A phrase that [`is_plain`] passes folds to itself.
        #[test]
        fn plain_phrases_fold_to_themselves(phrase in "[abA0' \u{e9}-]{1,20}") {
            let words = phrase.split(' ').map(|w| Part::Word(w.to_owned())).collect::<Vec<_>>();
            let folded = tokenized_parts(&phrase, &mut Tokens::default());
            if is_plain(&phrase) {
                proptest::prop_assert_eq!(folded, Ok(words));
            }
            let slow = shape(&phrase).map(|s| shape_key(&s));
            proptest::prop_assert_eq!(phrase_key(&phrase).map(Cow::into_owned), slow);
        }
    }

    #[test]
    fn a_pair_filter_holds_its_pairs_and_few_others() {
        let pairs: Vec<(u32, u32)> = (0..500).map(|i| (i, i * 7 + 1)).collect();
        let f = PairFilter::new(&pairs);
        assert!(pairs.iter().all(|&(a, b)| f.may_hold(a, b) == 1));
        let others = (0..10_000u32)
            .filter(|&i| f.may_hold(i + 1000, i) == 1)
            .count();
        assert!(others < 600, "{others} of 10000 other pairs pass");
        assert_eq!(PairFilter::new(&[]).may_hold(1, 2), 0);
        assert_eq!(
            PairFilter::default().may_hold(1, 2),
            1,
            "not built: may hold anything"
        );
    }

    #[test]
    fn plain_phrases_are_told_apart() {
        for plain in ["angry", "don't", "3rd time", "a b", "soo", "ab'c'd"] {
            assert!(is_plain(plain), "{plain:?}");
        }
        for other in [
            "",
            " a",
            "a ",
            "a  b",
            "Angry",
            "sooo",
            "'a",
            "a'",
            "a''b",
            "a' b",
            "a 'b",
            "<num> days",
            "* x",
            "caf\u{e9}",
            ":(",
            "😡",
        ] {
            assert!(!is_plain(other), "{other:?}");
        }
    }

    #[test]
    fn lexicon_errors_name_the_line_and_problem() {
        let cases = [
            ("a\tanger", "expected 3 or 4 tab-separated fields"),
            ("a\trage\t1", "unknown emotion `rage`"),
            ("a\tanger\tlots", "weight `lots` is not a finite number"),
            ("a\tanger\tNaN", "is not a finite number"),
            ("\tanger\t1", "empty phrase"),
            ("<shout>\tanger\t1", "unknown signal `<shout>`"),
            ("* mean\tconfusion\t1", "must start with a word or `<num>`"),
            ("<num> <num>\tconfusion\t1", "must hold a word"),
            ("a\tanger\t1\tmaybe", "unknown fourth field `maybe`"),
            ("a b c d e f g h i\tanger\t1", "at most 8"),
        ];
        for (line, want) in cases {
            let text = format!("# header\n{line}\n");
            let err = parse_lexicon("x.tsv", &text).unwrap_err().to_string();
            assert!(err.starts_with("x.tsv:2: "), "{err}");
            assert!(err.contains(want), "{err} should say {want}");
        }
        let dup = parse_lexicon("x.tsv", "Angry\tanger\t1\nangry\tanger\t2").unwrap_err();
        assert_eq!(
            dup.to_string(),
            "x.tsv:2: `angry` for anger is already on line 1"
        );
    }

    #[test]
    fn the_first_bad_line_is_the_one_reported() {
        let text = "a\tanger\t1\nb\tanger\t1\na\tanger\t2\nc\tanger\tlots\nb\tanger\t3";
        let err = parse_lexicon("x.tsv", text).unwrap_err().to_string();
        assert_eq!(err, "x.tsv:3: `a` for anger is already on line 1");
        let text = "a\tanger\t1\nc\tanger\tlots\na\tanger\t2";
        let err = parse_lexicon("x.tsv", text).unwrap_err().to_string();
        assert!(err.starts_with("x.tsv:2: weight `lots`"), "{err}");
    }

    #[test]
    fn data_lines_split_trim_and_count_fields() {
        let text = "# c\r\n\r\n  a b \t anger\t1 \r\n\u{a0}c\u{a0}\tfear\n\tx\ty\tz\tw\tv\n";
        let lines: Vec<(usize, Vec<&str>, usize)> = data_lines(text)
            .map(|(n, f)| (n, (0..f.count).filter_map(|i| f.get(i)).collect(), f.count))
            .collect();
        assert_eq!(
            lines,
            [
                (3, vec!["a b", "anger", "1"], 3),
                (4, vec!["c", "fear"], 2),
                (5, vec!["", "x", "y", "z"], 6),
            ]
        );
        let err = parse_lexicon("x.tsv", "a\tanger\t1\tsupport\tmore\tstill")
            .unwrap_err()
            .to_string();
        assert!(err.contains("found 6"), "{err}");
    }

    #[test]
    fn modifier_and_threshold_errors() {
        let err = parse_modifiers("m.tsv", "not\tnegator\t2")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "m.tsv:1: role `negator` takes no factor");
        let err = parse_modifiers("m.tsv", "so\tbooster")
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown role `booster`"), "{err}");
        let err = parse_thresholds("t.tsv", "anger\t1.5")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "t.tsv:1: threshold 1.5 is outside (0, 1]");
        assert_eq!(
            parse_modifiers("m.tsv", "so\tintensifier\nkind of\tdiminisher\t0.4").unwrap()[1].role,
            Role::Diminisher(0.4)
        );
        assert_eq!(
            parse_modifiers("m.tsv", "try again\tneutral").unwrap()[0].role,
            Role::Neutral
        );
        let err = parse_modifiers("m.tsv", "try again\tneutral\t0.5")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "m.tsv:1: role `neutral` takes no factor");
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("😡").unwrap(), Shape::Emoji("😡".into()));
        assert_eq!(shape(">:(").unwrap(), Shape::Emoticon(">:(".into()));
        assert_eq!(shape("<caps>").unwrap(), Shape::Signal(CueKind::Caps));
        assert_eq!(phrase_key("Don’t  GET it").unwrap(), "don't get it");
        assert_eq!(phrase_key("what does * mean").unwrap(), "what does * mean");
        assert_eq!(phrase_key("for <num> weeks").unwrap(), "for <num> weeks");
        assert_eq!(phrase_key("<num>  Times").unwrap(), "<num> times");
        assert!(shape(": (").is_err());
    }

    #[test]
    fn everyday_spellings_fold_to_their_words() {
        assert_eq!(phrase_key("dont understand").unwrap(), "don't understand");
        assert_eq!(phrase_key("Done with U").unwrap(), "done with you");
        assert_eq!(phrase_key("pls  help").unwrap(), "please help");
        // Words that are also words of their own stay.
        assert_eq!(phrase_key("ill be back").unwrap(), "ill be back");
        // The same entry, whichever spelling the file uses.
        let err = parse_lexicon(
            "w",
            "don't get it\tconfusion\t1\ndont get it\tconfusion\t2\n",
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("w:2: "), "{err}");
    }

    #[test]
    fn a_term_is_found_by_any_spelling_of_its_words() {
        let entries = [
            LexiconEntry::new("dont understand", Emotion::Confusion, 2.0),
            LexiconEntry::new("Don't understand", Emotion::Frustration, 1.0),
            LexiconEntry::new("please help", Emotion::Anxiety, 1.5),
        ];
        let c = Compiled::new(&entries, &[], &[]).unwrap();
        let term = c.term_of("don't understand").unwrap();
        assert_eq!(c.term_of("DONT understand"), Some(term));
        let weights = &c.terms[term as usize].weights;
        assert_eq!(
            (weights[Emotion::Confusion], weights[Emotion::Frustration]),
            (2.0, 1.0)
        );
        assert_eq!(c.term_of("pls help"), c.term_of("please help"));
        assert!(c.term_of("please help").is_some());
        assert_eq!(c.term_of("help please"), None);
        assert_eq!(c.term_of("<caps>"), None);
    }

    #[test]
    fn written_lexicon_parses_back() {
        let entries = vec![
            LexiconEntry::new("fed up", Emotion::Frustration, 1.25),
            LexiconEntry::support("third time", Emotion::Frustration, 2.0),
        ];
        assert_eq!(
            parse_lexicon("w", &write_lexicon(&entries)).unwrap(),
            entries
        );
    }
}
