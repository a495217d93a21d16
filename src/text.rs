//! Normalization and tokenization, in one pass over the caller's text.
//!
//! Every character of the input is folded as it is read:
//!
//! * ASCII letters are lowercased (the fast path: no table look-ups);
//! * other characters get their compatibility decomposition (NFKD, so
//!   fullwidth `ａ` and mathematical `𝐚` become `a`), lose their combining
//!   marks (so `é` and zalgo `a̵̡` become `e` and `a`), and fold look-alikes
//!   from Cyrillic and Greek (`а` → `a`) and curly apostrophes (`’` → `'`);
//! * invisible characters (zero-width spaces and joiners, soft hyphens, bidi
//!   controls, variation selectors, emoji skin tones) are skipped, so a word
//!   split by them is still one word.
//!
//! The folded characters feed a small state machine that cuts words, emoji,
//! emoticons, `!`/`?` runs and clause boundaries. Each [`Token`] keeps the
//! byte span of the *original* text it came from, so cues can point at the
//! caller's string exactly, on char boundaries. Work is linear in the length
//! of the text: each byte is read once, plus a bounded look-ahead for
//! emoticons.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// Letters, digits and inner apostrophes: `don't`, `3rd`, `ａｎｇｒｙ`.
    Word,
    /// One pictographic character: `😡`.
    Emoji,
    /// A known emoticon such as `>:(` (the detector supplies the list).
    Emoticon,
    /// A run of `!` and `?`.
    Marks {
        /// How many `!` the run holds.
        bangs: u16,
        /// How many `?` the run holds.
        questions: u16,
    },
    /// `,` or `:`: ends a negation scope.
    Clause,
    /// `.`, `;`, a line break: ends a sentence.
    Sentence,
}

/// A token: its kind, where it is in the original text, and where its
/// folded form is in [`Tokens::folded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    /// Byte span in the original text (char boundaries).
    pub span: Range<usize>,
    /// Byte span in the folded buffer.
    pub folded: Range<usize>,
    /// All of at least two letters written in capitals.
    pub caps: bool,
    /// A letter repeated three times or more (`sooo`); the folded form keeps
    /// two of the repeats.
    pub elongated: bool,
    /// Only digits.
    pub number: bool,
}

/// The tokens of one text and the folded buffer they point into; kept and
/// reused across texts so that warm analysis allocates nothing.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tokens {
    pub folded: String,
    pub tokens: Vec<Token>,
}

impl Tokens {
    /// The folded form of a token.
    pub fn text(&self, token: &Token) -> &str {
        &self.folded[token.folded.clone()]
    }
}

/// Recognises emoticons at a position of the original text.
pub(crate) trait EmoticonMatcher {
    /// The length in bytes of the longest emoticon that `rest` starts with,
    /// if any.
    fn match_len(&self, rest: &[u8]) -> Option<usize>;
    /// Whether any emoticon starts with this byte (a cheap pre-check).
    fn may_start(&self, byte: u8) -> bool;
}

/// An in-progress word.
#[derive(Debug, Default)]
struct WordState {
    active: bool,
    span: Range<usize>,
    folded_start: usize,
    /// End of the folded text before any trailing apostrophes.
    folded_end: usize,
    upper: u16,
    lower: u16,
    digits_only: bool,
    last: char,
    run: u8,
    elongated: bool,
}

/// An in-progress run of `!` and `?`.
#[derive(Debug, Default)]
struct MarksState {
    active: bool,
    span: Range<usize>,
    bangs: u16,
    questions: u16,
}

/// The tokenizer's state machine.
struct Tokenizer<'a> {
    out: &'a mut Tokens,
    word: WordState,
    marks: MarksState,
}

/// Tokenizes `text` into `out` (cleared first).
pub(crate) fn tokenize(text: &str, emoticons: &dyn EmoticonMatcher, out: &mut Tokens) {
    out.folded.clear();
    out.tokens.clear();
    let mut t = Tokenizer {
        out,
        word: WordState::default(),
        marks: MarksState::default(),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() && emoticons.may_start(b) && at_emoticon_start(bytes, i) {
                if let Some(len) = emoticon_at(bytes, i, emoticons) {
                    t.push_atom(TokenKind::Emoticon, &text[i..i + len], i..i + len);
                    i += len;
                    continue;
                }
            }
            t.feed(b as char, b as char, i..i + 1);
            i += 1;
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let len = c.len_utf8();
            t.feed_non_ascii(c, i..i + len);
            i += len;
        }
    }
    t.close_word();
    t.close_marks();
}

/// An emoticon may start at the beginning, after white space, or after
/// punctuation other than `:` and `/` (so `http://` is not `:/`).
fn at_emoticon_start(bytes: &[u8], i: usize) -> bool {
    match i.checked_sub(1).map(|p| bytes[p]) {
        None => true,
        Some(p) => p.is_ascii_whitespace() || (p.is_ascii_punctuation() && p != b':' && p != b'/'),
    }
}

/// The emoticon at `i`, if it is followed by the end, white space or
/// punctuation (so `:p` in `:people` is not one).
fn emoticon_at(bytes: &[u8], i: usize, emoticons: &dyn EmoticonMatcher) -> Option<usize> {
    let len = emoticons.match_len(&bytes[i..])?;
    match bytes.get(i + len) {
        None => Some(len),
        Some(n) if n.is_ascii_whitespace() || n.is_ascii_punctuation() || *n >= 0x80 => Some(len),
        Some(_) => None,
    }
}

impl Tokenizer<'_> {
    /// Feeds one non-ASCII character: skipped, an emoji, or folded into one
    /// or more characters.
    fn feed_non_ascii(&mut self, c: char, span: Range<usize>) {
        if is_invisible(c) {
            return;
        }
        if is_emoji(c) {
            let mut buf = [0u8; 4];
            self.push_atom(TokenKind::Emoji, c.encode_utf8(&mut buf), span);
            return;
        }
        if let Some(folded) = fold_special(c) {
            self.feed(c, folded, span);
            return;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) || is_invisible(d) {
                return;
            }
            let d = fold_special(d).unwrap_or(d);
            self.feed(d, d, span.clone());
        });
    }

    /// Feeds one folded character that came from `span` of the original;
    /// `original` is used only to tell its case.
    fn feed(&mut self, original: char, c: char, span: Range<usize>) {
        if c.is_alphanumeric() {
            self.close_marks();
            self.push_word_char(original, c, span);
        } else if c == '\'' && self.word.active {
            // An apostrophe is kept only if a letter follows; folded_end
            // stays before it until then.
            self.out.folded.push('\'');
            self.word.last = '\'';
            self.word.run = 0;
        } else if c == '!' || c == '?' {
            self.close_word();
            self.push_mark(c, span);
        } else {
            self.close_word();
            self.close_marks();
            match c {
                '.' | ';' | '\n' | '\r' | '。' => self.push_boundary(TokenKind::Sentence, span),
                ',' | ':' => self.push_boundary(TokenKind::Clause, span),
                _ => {}
            }
        }
    }

    fn push_word_char(&mut self, original: char, c: char, span: Range<usize>) {
        let w = &mut self.word;
        if !w.active {
            *w = WordState {
                active: true,
                span: span.clone(),
                folded_start: self.out.folded.len(),
                folded_end: self.out.folded.len(),
                digits_only: true,
                ..WordState::default()
            };
        }
        if w.last == '\'' {
            // The apostrophe was inner after all: keep it.
            w.folded_end += 1;
        }
        w.span.end = span.end;
        if original.is_uppercase() {
            w.upper = w.upper.saturating_add(1);
        } else if original.is_lowercase() {
            w.lower = w.lower.saturating_add(1);
        }
        w.digits_only &= c.is_ascii_digit();
        let mut lower_buf = [0u8; 4];
        let lower = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        if lower == w.last && lower.is_alphabetic() {
            w.run = w.run.saturating_add(1);
            if w.run >= 3 {
                w.elongated = true;
                return;
            }
        } else {
            w.run = 1;
            w.last = lower;
        }
        // Drop a pending, not-yet-kept apostrophe: it is already counted in
        // folded_end if it was kept.
        self.out.folded.truncate(w.folded_end);
        self.out.folded.push_str(lower.encode_utf8(&mut lower_buf));
        w.folded_end = self.out.folded.len();
    }

    fn close_word(&mut self) {
        if !self.word.active {
            return;
        }
        let w = std::mem::take(&mut self.word);
        self.out.folded.truncate(w.folded_end);
        let letters = w.upper + w.lower;
        self.out.tokens.push(Token {
            kind: TokenKind::Word,
            span: w.span,
            folded: w.folded_start..w.folded_end,
            caps: letters >= 2 && w.lower == 0,
            elongated: w.elongated,
            number: w.digits_only,
        });
    }

    fn push_mark(&mut self, c: char, span: Range<usize>) {
        let m = &mut self.marks;
        if !m.active {
            *m = MarksState {
                active: true,
                span: span.clone(),
                ..MarksState::default()
            };
        }
        m.span.end = span.end;
        if c == '!' {
            m.bangs = m.bangs.saturating_add(1);
        } else {
            m.questions = m.questions.saturating_add(1);
        }
    }

    fn close_marks(&mut self) {
        if !self.marks.active {
            return;
        }
        let m = std::mem::take(&mut self.marks);
        let at = self.out.folded.len();
        self.out.tokens.push(Token {
            kind: TokenKind::Marks {
                bangs: m.bangs,
                questions: m.questions,
            },
            span: m.span,
            folded: at..at,
            caps: false,
            elongated: false,
            number: false,
        });
    }

    fn push_boundary(&mut self, kind: TokenKind, span: Range<usize>) {
        if let Some(last) = self.out.tokens.last_mut() {
            if last.kind == kind && last.span.end == span.start {
                last.span.end = span.end;
                return;
            }
        }
        let at = self.out.folded.len();
        self.out.tokens.push(Token {
            kind,
            span,
            folded: at..at,
            caps: false,
            elongated: false,
            number: false,
        });
    }

    /// Pushes a token that stands alone (emoji, emoticon) with `folded` as
    /// its folded text.
    fn push_atom(&mut self, kind: TokenKind, folded: &str, span: Range<usize>) {
        self.close_word();
        self.close_marks();
        let start = self.out.folded.len();
        self.out.folded.push_str(folded);
        self.out.tokens.push(Token {
            kind,
            span,
            folded: start..self.out.folded.len(),
            caps: false,
            elongated: false,
            number: false,
        });
    }
}

/// Characters that change nothing a reader sees in a word: zero-width
/// spaces and joiners, the soft hyphen, bidi controls, variation selectors,
/// emoji skin-tone modifiers, tag characters.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// Pictographic characters that stand alone as tokens.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1F2FF}'
        | '\u{1F300}'..='\u{1F3FA}'
        | '\u{1F400}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{2300}'..='\u{23FF}')
}

/// Folds characters that compatibility decomposition leaves alone but that
/// readers take for ASCII: curly quotes and look-alike letters.
fn fold_special(c: char) -> Option<char> {
    Some(match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' | '`'
        | '\u{00B4}' => '\'',
        // Cyrillic look-alikes.
        'а' => 'a',
        'А' => 'A',
        'е' => 'e',
        'Е' => 'E',
        'о' => 'o',
        'О' => 'O',
        'р' => 'p',
        'Р' => 'P',
        'с' => 'c',
        'С' => 'C',
        'у' => 'y',
        'У' => 'Y',
        'х' => 'x',
        'Х' => 'X',
        'і' => 'i',
        'І' => 'I',
        'ј' => 'j',
        'Ј' => 'J',
        'ѕ' => 's',
        'Ѕ' => 'S',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'һ' => 'h',
        'К' => 'K',
        'М' => 'M',
        'Н' => 'H',
        'Т' => 'T',
        'В' => 'B',
        // Greek look-alikes.
        'ο' => 'o',
        'Ο' => 'O',
        'α' => 'a',
        'Α' => 'A',
        'ε' => 'e',
        'Ε' => 'E',
        'ι' => 'i',
        'Ι' => 'I',
        'κ' => 'k',
        'Κ' => 'K',
        'ν' => 'v',
        'Ν' => 'N',
        'ρ' => 'p',
        'Ρ' => 'P',
        'τ' => 't',
        'Τ' => 'T',
        'υ' => 'u',
        'Υ' => 'Y',
        'χ' => 'x',
        'Χ' => 'X',
        'Β' => 'B',
        'Η' => 'H',
        'Μ' => 'M',
        'Ζ' => 'Z',
        // Dashes and full stops from other scripts fold to ASCII punctuation.
        '\u{2026}' => '.',
        '\u{FF01}' => '!',
        '\u{FF1F}' => '?',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct NoEmoticons;
    impl EmoticonMatcher for NoEmoticons {
        fn match_len(&self, _: &[u8]) -> Option<usize> {
            None
        }
        fn may_start(&self, _: u8) -> bool {
            false
        }
    }

    struct Frown;
    impl EmoticonMatcher for Frown {
        fn match_len(&self, rest: &[u8]) -> Option<usize> {
            [&b">:("[..], b":/", b":("]
                .iter()
                .find(|e| rest.starts_with(e))
                .map(|e| e.len())
        }
        fn may_start(&self, b: u8) -> bool {
            b == b'>' || b == b':'
        }
    }

    fn words(text: &str) -> Vec<(String, String)> {
        let mut t = Tokens::default();
        tokenize(text, &Frown, &mut t);
        t.tokens
            .iter()
            .map(|k| (t.text(k).to_owned(), text[k.span.clone()].to_owned()))
            .collect()
    }

    #[test]
    fn words_fold_case_width_and_invisibles() {
        let got = words("ANGRY ａｎｇｒｙ an\u{200B}gry 𝐚𝐧𝐠𝐫𝐲 аngry a\u{0335}ngry");
        let folded: Vec<_> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(folded, ["angry"; 6]);
        assert_eq!(got[2].1, "an\u{200B}gry");
        assert_eq!(got[3].1, "𝐚𝐧𝐠𝐫𝐲");
    }

    #[test]
    fn apostrophes_inner_kept_outer_dropped() {
        let got = words("don’t 'quoted' it's");
        let folded: Vec<_> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(folded, ["don't", "quoted", "it's"]);
        assert_eq!(got[1].1, "quoted");
    }

    #[test]
    fn elongation_is_capped_and_flagged() {
        let mut t = Tokens::default();
        tokenize("sooooo whyyy good", &NoEmoticons, &mut t);
        let folded: Vec<_> = t.tokens.iter().map(|k| t.text(k)).collect();
        assert_eq!(folded, ["soo", "whyy", "good"]);
        let flags: Vec<_> = t.tokens.iter().map(|k| k.elongated).collect();
        assert_eq!(flags, [true, true, false]);
    }

    #[test]
    fn caps_marks_emoji_and_emoticons() {
        let mut t = Tokens::default();
        let text = "WHY is this broken?!! 😡glued >:( http://x.y";
        tokenize(text, &Frown, &mut t);
        let kinds: Vec<_> = t.tokens.iter().map(|k| k.kind).collect();
        assert!(t.tokens[0].caps);
        assert!(!t.tokens[1].caps);
        assert!(kinds.contains(&TokenKind::Marks {
            bangs: 2,
            questions: 1
        }));
        let emoji = t
            .tokens
            .iter()
            .find(|k| k.kind == TokenKind::Emoji)
            .unwrap();
        assert_eq!(&text[emoji.span.clone()], "😡");
        let emoticons: Vec<_> = t
            .tokens
            .iter()
            .filter(|k| k.kind == TokenKind::Emoticon)
            .map(|k| &text[k.span.clone()])
            .collect();
        assert_eq!(emoticons, [">:("]);
    }

    #[test]
    fn boundaries_merge() {
        let mut t = Tokens::default();
        tokenize("no... way, really", &NoEmoticons, &mut t);
        let kinds: Vec<_> = t.tokens.iter().map(|k| k.kind).collect();
        assert_eq!(
            kinds,
            [
                TokenKind::Word,
                TokenKind::Sentence,
                TokenKind::Word,
                TokenKind::Clause,
                TokenKind::Word
            ]
        );
    }

    #[test]
    fn spans_are_char_boundaries_for_odd_input() {
        for text in [
            "\u{0301}\u{0301}a",
            "ﬁne",
            "\u{FEFF}x",
            "é̂",
            "\u{1F3FB}",
            "a'''",
            "'''",
        ] {
            let mut t = Tokens::default();
            tokenize(text, &Frown, &mut t);
            for k in &t.tokens {
                assert!(text.is_char_boundary(k.span.start) && text.is_char_boundary(k.span.end));
                assert!(k.span.start < k.span.end);
            }
        }
    }
}
