//! Spellings: the words customers write in more than one way.
//!
//! Customers type `dont`, `im`, `u`, `pls`, `dissapointed` and `authorize`;
//! the lexicon writes `don't`, `i'm`, `you`, `please`, `disappointed` and
//! `authorise`. A spelling is folded to its word at the level of whole
//! words, by the vocabulary rather than the tokenizer: the compiled lexicon
//! gives each spelling its word's id, so a text's `dont` matches every
//! entry with `don't` at no cost on the hot path, and each phrase's words
//! are folded with [`respelled`] before the phrase is keyed, so `dont
//! understand` and `don't understand` are one entry.
//!
//! The embedded table, `data/spellings.tsv`, always applies. Callers add
//! their own ([`Spelling`], [`parse_spellings`]) but may not change an
//! embedded one, since the embedded lexicon's keys were folded with it.

use std::borrow::Cow;

use once_cell::sync::Lazy;

use super::{data_lines, is_plain, shape, Part, Shape};
use crate::hash::FxHashMap;
use crate::{Error, Result};

/// `data/spellings.tsv`, the embedded spellings.
const EMBEDDED: (&str, &str) = (
    "data/spellings.tsv",
    include_str!("../../data/spellings.tsv"),
);

/// The embedded spellings, parsed once: in file order (the vocabulary's ids
/// follow it) and by spelling, each packed into one integer
/// ([`spelling_key`]) and sorted, as building a detector asks about every
/// word of thousands of phrases and nearly all of them are no spelling.
struct Table {
    pairs: Vec<(&'static str, &'static str)>,
    sorted: Vec<(u128, &'static str)>,
}

static TABLE: Lazy<Table> = Lazy::new(|| {
    let pairs = parse_embedded(EMBEDDED.0, EMBEDDED.1)
        .unwrap_or_else(|e| panic!("emocue's embedded data is invalid: {e}"));
    let mut sorted: Vec<(u128, &str)> = pairs
        .iter()
        .filter_map(|&(s, w)| Some((spelling_key(s.as_bytes())?, w)))
        .collect();
    sorted.sort_unstable();
    Table { pairs, sorted }
});

/// The longest spelling, in bytes: what one `u128` holds.
const MAX_SPELLING: usize = 16;

/// A word of at most [`MAX_SPELLING`] bytes as one integer.
fn spelling_key(word: &[u8]) -> Option<u128> {
    let mut bytes = [0u8; MAX_SPELLING];
    bytes.get_mut(..word.len())?.copy_from_slice(word);
    Some(u128::from_le_bytes(bytes))
}

/// The word an embedded spelling folds to, if `word` (folded) is one:
/// `dont` → `don't`, `u` → `you`, `pls` → `please`.
pub(crate) fn respelled(word: &str) -> Option<&'static str> {
    respelled_bytes(word.as_bytes())
}

/// [`respelled`] on a word's bytes.
fn respelled_bytes(word: &[u8]) -> Option<&'static str> {
    let key = spelling_key(word)?;
    let sorted = &TABLE.sorted;
    let at = sorted.binary_search_by_key(&key, |&(k, _)| k).ok()?;
    Some(sorted[at].1)
}

/// A plain phrase with each embedded spelling folded to its word (`dont
/// understand` → `don't understand`); borrowed when it holds none, as
/// nearly all do.
pub(super) fn respell(phrase: &str) -> Cow<'_, str> {
    let mut words = phrase.as_bytes().split(|&b| b == b' ');
    if !words.any(|w| respelled_bytes(w).is_some()) {
        return Cow::Borrowed(phrase);
    }
    let words: Vec<&str> = phrase
        .split(' ')
        .map(|w| respelled(w).unwrap_or(w))
        .collect();
    Cow::Owned(words.join(" "))
}

/// Every embedded (spelling, word) pair, in `data/spellings.tsv` order.
pub(crate) fn embedded() -> impl Iterator<Item = (&'static str, &'static str)> {
    TABLE.pairs.iter().copied()
}

/// A spelling customers use and the word it stands for (`pmt` for
/// `payment`): text and phrases fold the spelling to the word, so it
/// matches every entry written with the word.
///
/// The embedded spellings (`data/spellings.tsv`: `dont`, `u`, `pls`,
/// `dissapointed`, …) always apply; these are your own, added with
/// [`DetectorBuilder::spelling`](crate::DetectorBuilder::spelling) or
/// [`parse_spellings`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Spelling {
    /// The spelling: lower-case ASCII letters and digits.
    pub spelling: String,
    /// The word it stands for, folded.
    pub word: String,
}

impl Spelling {
    /// Checks a spelling and its word. The spelling must be at most 16
    /// lower-case ASCII letters and digits, neither an embedded spelling
    /// nor a word one folds to; the word must be one word, other than the
    /// spelling.
    ///
    /// ```
    /// use emocue::lexicon::Spelling;
    /// let s = Spelling::new("pmt", "Payment")?;
    /// assert_eq!((s.spelling.as_str(), s.word.as_str()), ("pmt", "payment"));
    /// assert!(Spelling::new("u", "ye").is_err()); // embedded: `u` is `you`
    /// # Ok::<(), emocue::Error>(())
    /// ```
    pub fn new(spelling: &str, word: &str) -> Result<Spelling> {
        checked(spelling, word).map_err(|problem| Error::InvalidValue {
            what: "spelling",
            problem,
        })
    }
}

/// Parses a spellings file, `spelling<TAB>word` a line (see [`Spelling`]);
/// `source` names it in errors.
///
/// Every problem is an error naming `source:line`: a wrong number of
/// fields, a spelling that is not lower-case ASCII or is already embedded,
/// a word that is not one word, or the same spelling twice.
///
/// ```
/// use emocue::lexicon::parse_spellings;
/// let s = parse_spellings("mine.tsv", "# ours\npmt\tpayment\n")?;
/// assert_eq!(s[0].word, "payment");
/// let err = parse_spellings("mine.tsv", "pmt\tpayment\npmt\tput\n").unwrap_err();
/// assert_eq!(err.to_string(), "mine.tsv:2: `pmt` is listed twice (first on line 1)");
/// # Ok::<(), emocue::Error>(())
/// ```
pub fn parse_spellings(source: &str, text: &str) -> Result<Vec<Spelling>> {
    let mut spellings = Vec::new();
    let mut seen = FxHashMap::default();
    for (line, fields) in data_lines(text) {
        fields.expect(source, line, 2, 2, "spelling, word")?;
        let s = checked(fields[0], fields[1]).map_err(|p| Error::parse(source, line, p))?;
        once(&mut seen, fields[0], line).map_err(|p| Error::parse(source, line, p))?;
        spellings.push(s);
    }
    Ok(spellings)
}

/// [`Spelling::new`], with the problem as text.
fn checked(spelling: &str, word: &str) -> std::result::Result<Spelling, String> {
    let spelling = spelling.trim();
    check_spelling(spelling)?;
    if let Some(w) = respelled(spelling) {
        return Err(format!(
            "`{spelling}` is already an embedded spelling of `{w}`"
        ));
    }
    if TABLE.pairs.iter().any(|&(_, w)| w == spelling) {
        return Err(format!(
            "`{spelling}` is a word the embedded spellings fold to"
        ));
    }
    let folded = match shape(word) {
        Ok(Shape::Words(parts)) => match parts.as_slice() {
            [Part::Word(w)] => w.clone(),
            _ => return Err(format!("`{}` is not one word", word.trim())),
        },
        _ => return Err(format!("`{}` is not one word", word.trim())),
    };
    if folded == spelling {
        return Err(format!("`{spelling}` would stand for itself"));
    }
    Ok(Spelling {
        spelling: spelling.to_owned(),
        word: folded,
    })
}

/// What every spelling is: at most [`MAX_SPELLING`] lower-case ASCII
/// letters and digits.
fn check_spelling(spelling: &str) -> std::result::Result<(), String> {
    if spelling.is_empty()
        || !spelling
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return Err(format!(
            "spelling `{spelling}` is not lower-case ASCII letters and digits"
        ));
    }
    if spelling.len() > MAX_SPELLING {
        return Err(format!(
            "spelling `{spelling}` is longer than {MAX_SPELLING} letters"
        ));
    }
    Ok(())
}

/// Records that `spelling` is on `line`; the problem if it was already on
/// an earlier one.
fn once<'s>(
    seen: &mut FxHashMap<&'s str, usize>,
    spelling: &'s str,
    line: usize,
) -> std::result::Result<(), String> {
    match seen.insert(spelling, line) {
        Some(first) => Err(format!(
            "`{spelling}` is listed twice (first on line {first})"
        )),
        None => Ok(()),
    }
}

/// Parses the embedded table. Its words are written folded (plain: see
/// [`is_plain`]), as folding them would need the table being parsed; and no
/// word may itself be a spelling, so one look-up folds any word.
fn parse_embedded<'t>(source: &str, text: &'t str) -> Result<Vec<(&'t str, &'t str)>> {
    let mut pairs = Vec::new();
    let mut seen = FxHashMap::default();
    for (line, fields) in data_lines(text) {
        fields.expect(source, line, 2, 2, "spelling, word")?;
        let (spelling, word) = (fields[0], fields[1]);
        let problem = check_spelling(spelling).err().or_else(|| {
            let one_word = is_plain(word) && !word.contains(' ');
            (!one_word || word == spelling)
                .then(|| format!("`{word}` is not a folded word other than `{spelling}`"))
        });
        if let Some(p) = problem {
            return Err(Error::parse(source, line, p));
        }
        once(&mut seen, spelling, line).map_err(|p| Error::parse(source, line, p))?;
        pairs.push((spelling, word));
    }
    if let Some(&(s, w)) = pairs.iter().find(|(_, w)| seen.contains_key(w)) {
        let problem = format!("`{w}`, the word for `{s}`, is itself a spelling");
        return Err(Error::parse(source, seen[s], problem));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_spellings_parse_and_fold_to_words() {
        assert_eq!(respelled("dont"), Some("don't"));
        assert_eq!(respelled("u"), Some("you"));
        assert_eq!(respelled("dissapointed"), Some("disappointed"));
        assert_eq!(respelled("don't"), None);
        // Everyday words of their own are not spellings.
        for word in ["ill", "well", "were", "its", "lets", "hell", "id"] {
            assert_eq!(respelled(word), None, "{word}");
        }
        assert!(embedded().count() >= 100);
    }

    #[test]
    fn bad_embedded_lines_name_the_line_and_the_problem() {
        let cases = [
            (
                "dont\tdon't\textra\n",
                "t:1: expected 2 tab-separated fields (spelling, word), found 3",
            ),
            (
                "# c\n\nDont\tdon't\n",
                "t:3: spelling `Dont` is not lower-case ASCII letters and digits",
            ),
            (
                "dont\tdont\n",
                "t:1: `dont` is not a folded word other than `dont`",
            ),
            (
                "dissapointmentsss\tdisappointments\n",
                "t:1: spelling `dissapointmentsss` is longer than 16 letters",
            ),
            (
                "dont\tdo not\n",
                "t:1: `do not` is not a folded word other than `dont`",
            ),
            (
                "dont\tdon't\ndont\tdo\n",
                "t:2: `dont` is listed twice (first on line 1)",
            ),
            (
                "u\tyou\nyou\tye\n",
                "t:1: `you`, the word for `u`, is itself a spelling",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_embedded("t", text).unwrap_err();
            assert_eq!(err.to_string(), expected, "{text:?}");
        }
        assert_eq!(
            parse_embedded("t", "# mine\r\nthx\tthanks\r\n").unwrap(),
            vec![("thx", "thanks")]
        );
    }

    #[test]
    fn spelling_errors_name_the_line_and_problem() {
        let cases = [
            (
                "pmt\n",
                "s:1: expected 2 tab-separated fields (spelling, word), found 1",
            ),
            (
                "Pmt\tpayment\n",
                "s:1: spelling `Pmt` is not lower-case ASCII letters and digits",
            ),
            (
                "dont\tdo\n",
                "s:1: `dont` is already an embedded spelling of `don't`",
            ),
            (
                "please\tplease\n",
                "s:1: `please` is a word the embedded spellings fold to",
            ),
            ("pmt\tmy payment\n", "s:1: `my payment` is not one word"),
            ("pmt\t<num>\n", "s:1: `<num>` is not one word"),
            ("pmt\tPMT\n", "s:1: `pmt` would stand for itself"),
            (
                "pmt\tpayment\npmt\tput\n",
                "s:2: `pmt` is listed twice (first on line 1)",
            ),
        ];
        for (text, expected) in cases {
            let err = parse_spellings("s", text).unwrap_err();
            assert_eq!(err.to_string(), expected, "{text:?}");
        }
        // The word is folded, embedded spellings and all.
        let s = parse_spellings("s", "nvr\tNEVER\ny2\tu\n").unwrap();
        let pairs: Vec<_> = s.iter().map(|s| (&*s.spelling, &*s.word)).collect();
        assert_eq!(pairs, [("nvr", "never"), ("y2", "you")]);
    }
}
