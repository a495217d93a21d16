//! Normalization and tokenization, in one pass over the caller's text.
//!
//! Every character of the input is folded as it is read:
//!
//! * ASCII letters are lowercased (the fast path: no table look-ups);
//! * other characters get their compatibility decomposition (NFKD, so
//!   fullwidth `ａ` and mathematical `𝐚` become `a`), lose their combining
//!   marks (so `é` and zalgo `a̵̡` become `e` and `a`), and fold look-alikes
//!   from Cyrillic and Greek (`а` → `a`), Latin small capitals (`ᴀ` → `a`)
//!   and curly apostrophes (`’` → `'`); a combining mark after a word's last
//!   letter stays inside the word's span;
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
//!
//! Whole words are folded too, but not here: everyday spellings such as
//! `dont`, `im`, `u` and `pls` are given the ids of `don't`, `i'm`, `you`
//! and `please` by the lexicon's vocabulary (see
//! [`crate::lexicon::Spelling`]).

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::hash::inline_key;

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
    /// All of at least two letters written in capitals, and no digit: a
    /// code such as `ERC20` or `PS5` is not shouting.
    pub caps: bool,
    /// A letter repeated three times or more (`sooo`); the folded form keeps
    /// two of the repeats.
    pub elongated: bool,
    /// Only digits.
    pub number: bool,
    /// The lexicon's id for the folded word, emoji or emoticon, or
    /// [`NO_WORD`].
    pub id: u32,
}

/// The id of a token the lexicon does not know.
pub(crate) const NO_WORD: u32 = u32::MAX;

/// The tokens of one text and the folded buffer they point into; kept and
/// reused across texts so that warm analysis allocates nothing.
#[derive(Debug, Default, Clone)]
pub(crate) struct Tokens {
    /// The folded text of the tokens, UTF-8 (bytes, so that the hot path
    /// can append ASCII without checking it).
    pub folded: Vec<u8>,
    pub tokens: Vec<Token>,
    /// Working memory for [`Vocabulary::word_id`].
    scratch: String,
}

impl Tokens {
    /// The folded form of a token.
    pub fn text(&self, token: &Token) -> &str {
        // Tokens start and end on the folded text's char boundaries.
        self.folded
            .get(token.folded.clone())
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }
}

/// What the tokenizer asks of the lexicon: where emoticons are, and the id
/// of each word as it is closed, while its bytes are still at hand.
pub(crate) trait Vocabulary {
    /// The length in bytes of the longest emoticon that `rest` starts with,
    /// if any.
    fn match_len(&self, _rest: &[u8]) -> Option<usize> {
        None
    }
    /// Whether any emoticon starts with this byte (a cheap pre-check).
    fn may_start(&self, _byte: u8) -> bool {
        false
    }
    /// The id of a folded word, emoji or emoticon, or [`NO_WORD`];
    /// `scratch` is working memory for trying an elongated word without
    /// its stretched letters.
    fn word_id(&self, _folded: &[u8], _elongated: bool, _scratch: &mut String) -> u32 {
        NO_WORD
    }
    /// The id of a folded word of `len` ASCII bytes (at most 16), given as
    /// its bytes zero-padded into two little-endian machine words; the
    /// same as [`Vocabulary::word_id`] of the word, not elongated.
    fn short_word_id(&self, key: [u64; 2], len: usize) -> u32 {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&key[0].to_le_bytes());
        bytes[8..].copy_from_slice(&key[1].to_le_bytes());
        match bytes.get(..len) {
            Some(word) => self.word_id(word, false, &mut String::new()),
            None => NO_WORD,
        }
    }
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
    has_digit: bool,
    last: char,
    run: u8,
    elongated: bool,
}

impl WordState {
    /// Counts the folded character `lower` (a letter or not) into the run
    /// of one repeated letter; `true` if it is the third or later repeat,
    /// which marks the word elongated and is left out of the folded text.
    #[inline]
    fn repeats(&mut self, lower: char, letter: bool) -> bool {
        if lower == self.last && letter {
            self.run = self.run.saturating_add(1);
            if self.run >= 3 {
                self.elongated = true;
                return true;
            }
        } else {
            self.run = 1;
            self.last = lower;
        }
        false
    }
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
struct Tokenizer<'a, V: ?Sized> {
    vocab: &'a V,
    out: &'a mut Tokens,
    word: WordState,
    marks: MarksState,
}

/// Tokenizes `text` into `out` (cleared first).
pub(crate) fn tokenize<V: Vocabulary + ?Sized>(text: &str, vocab: &V, out: &mut Tokens) {
    out.folded.clear();
    out.tokens.clear();
    let mut t = Tokenizer::new(vocab, out);
    // Whether a space may open an emoticon: asked once, not after each word.
    let skip_space_after_word = !vocab.may_start(b' ');
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() {
            if !t.word.active {
                if let Some(end) = t.push_short_word(bytes, i) {
                    i = end;
                    // The commonest separator, a space after a word, does
                    // nothing here (the word and any marks are closed):
                    // skip it.
                    if skip_space_after_word && bytes.get(i) == Some(&b' ') {
                        i += 1;
                    }
                    continue;
                }
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            t.push_ascii_run(&bytes[start..i], start);
        } else if b < 0x80 {
            if vocab.may_start(b) && at_emoticon_start(bytes, i) {
                if let Some(len) = emoticon_at(bytes, i, vocab) {
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

/// A word of at most 15 ASCII letters, digits and inner apostrophes, read
/// as one integer.
///
/// In ASCII, letters differ from their lower case only in bit 5 (`0x20`),
/// which digits, lower-case letters and the apostrophe already have set; so
/// one `or` folds the case of all of them, capitals are the bytes with bit
/// 5 clear, and letters those with bit 6 set.
struct ShortWord {
    /// The folded bytes, zero-padded.
    folded: u128,
    len: usize,
    /// At least two capitals, no lower-case letter and no digit.
    caps: bool,
    /// No letters.
    number: bool,
}

impl ShortWord {
    /// Reads the word starting at `start` of `text`, a letter or digit,
    /// if it is a whole word of at most 15 ASCII letters, digits and inner
    /// apostrophes (what follows is not a letter, digit, apostrophe or
    /// non-ASCII character that could continue it) and not elongated (a
    /// letter three times in a row); `None` for any other word, which the
    /// general path handles.
    ///
    /// Most words and the byte after them fit in 8 bytes, which one machine
    /// word holds; only the rest are read again as 16.
    #[inline(always)]
    fn at(text: &[u8], start: usize) -> Option<ShortWord> {
        let [lo, hi] = window_at(text, start);
        match swar8::word(lo) {
            Some(word) => Some(word),
            None => swar16::word(u128::from(lo) | u128::from(hi) << 64),
        }
    }

    /// Appends the folded word to `out`: all 16 bytes at once (a fixed-size
    /// copy), then the padding cut off.
    #[inline]
    fn push_to(&self, out: &mut Vec<u8>) {
        let end = out.len() + self.len;
        out.extend_from_slice(&self.folded.to_le_bytes());
        out.truncate(end);
    }

    /// The folded word as [`Vocabulary::short_word_id`] takes it.
    fn key(&self) -> [u64; 2] {
        [self.folded as u64, (self.folded >> 64) as u64]
    }
}

/// The 16 bytes of `text` from `start` as two little-endian machine words,
/// with zeros past the end of the text.
#[inline(always)]
fn window_at(text: &[u8], start: usize) -> [u64; 2] {
    let le = |at: usize| {
        text.get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .map(u64::from_le_bytes)
    };
    match (le(start), le(start + 8)) {
        (Some(lo), Some(hi)) => [lo, hi],
        // Near the end: loaded in machine words straight from the text, not
        // copied into a buffer and read back (which stalls the load).
        _ => inline_key(text.get(start..).unwrap_or_default()).unwrap_or_default(),
    }
}

/// Bit tricks on a window of text held in one integer (SIMD within a
/// register), at one width: [`swar8`] reads 8 bytes, [`swar16`] 16.
macro_rules! swar {
    ($(#[$doc:meta])* $width:ident, $int:ty) => {
        $(#[$doc])*
        mod $width {
            use super::ShortWord;

            /// The window, one byte per text byte, little-endian.
            type Int = $int;

            /// `b` repeated in each byte.
            const fn bytes_of(b: u8) -> Int {
                Int::from_le_bytes([b; std::mem::size_of::<Int>()])
            }

            /// The [`ShortWord`] at the start of `window`, if the window
            /// holds all of it and the byte after it.
            #[inline(always)]
            pub(super) fn word(window: Int) -> Option<ShortWord> {
                let alnum = alnum_bytes(window);
                // An apostrophe between two letters or digits is inside the
                // word: "don't".
                let inner = zero_bytes(window ^ bytes_of(b'\'')) & (alnum << 8) & (alnum >> 8);
                let stop = !(alnum | inner) & bytes_of(0x80);
                if stop == 0 {
                    return None;
                }
                let len = (stop.trailing_zeros() / 8) as usize;
                let next = (window >> (8 * len)) as u8;
                if next >= 0x80 || next == b'\'' {
                    return None;
                }
                let in_word = bytes_before(len);
                let raw = window & in_word;
                let folded = raw | (bytes_of(0x20) & in_word);
                let upper = count_bytes(!raw & bytes_of(0x20) & in_word, 5);
                let letters = count_bytes(raw & bytes_of(0x40), 6);
                // Digits are the word's bytes with bit 4 set and bit 6 clear
                // (an apostrophe has bit 4 clear).
                let digits = raw & bytes_of(0x10) & !((raw & bytes_of(0x40)) >> 2);
                // Bytes k with folded[k] == folded[k + 1] == folded[k + 2], a
                // letter, and k + 2 < len.
                let same3 = zero_bytes((folded ^ (folded >> 8)) | (folded ^ (folded >> 16)));
                let letter = (folded << 1) & bytes_of(0x80);
                let room = len.checked_sub(2).map_or(0, bytes_before);
                if same3 & letter & room != 0 {
                    return None;
                }
                Some(ShortWord {
                    folded: u128::from(folded),
                    len,
                    caps: (upper >= 2) & (letters == upper) & (digits == 0),
                    number: letters == 0,
                })
            }

            /// How many bytes of `x` have bit `bit` set, where no other bit
            /// is: the bytes, shifted down to 0 or 1, summed by one
            /// multiplication into the top byte (no carry crosses a byte,
            /// as the sum is at most 16).
            #[inline(always)]
            fn count_bytes(x: Int, bit: u32) -> u32 {
                let ones = x >> bit;
                (ones.wrapping_mul(bytes_of(1)) >> (Int::BITS - 8)) as u32
            }

            /// All bits set in the bytes before byte `n` (less than the
            /// window's width).
            #[inline(always)]
            fn bytes_before(n: usize) -> Int {
                (1 << (8 * n)) - 1
            }

            /// Bit 7 set in each byte of `x` that is an ASCII letter or
            /// digit, all else clear. With bit 7 set first, subtracting `lo`
            /// from a byte borrows from nothing and leaves bit 7 set exactly
            /// when the byte is at least `lo`.
            #[inline(always)]
            pub(super) fn alnum_bytes(x: Int) -> Int {
                let high = bytes_of(0x80);
                let at_least = |v: Int, lo: u8| (v | high).wrapping_sub(bytes_of(lo)) & high;
                let folded = x | bytes_of(0x20);
                let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
                let digit = at_least(x, b'0') & !at_least(x, b'9' + 1);
                (letter | digit) & !x
            }

            /// Bit 7 set in each byte of `v` that is zero, all else clear
            /// (exact: no carry crosses a byte).
            #[inline(always)]
            fn zero_bytes(v: Int) -> Int {
                let low7 = bytes_of(0x7F);
                !(((v & low7) + low7) | v | low7)
            }
        }
    };
}

swar!(
    /// Words of up to 7 bytes, with the byte after them: most words.
    swar8,
    u64
);
swar!(
    /// Words of up to 15 bytes.
    swar16,
    u128
);

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
fn emoticon_at<V: Vocabulary + ?Sized>(bytes: &[u8], i: usize, vocab: &V) -> Option<usize> {
    let len = vocab.match_len(&bytes[i..])?;
    match bytes.get(i + len) {
        None => Some(len),
        Some(n) if n.is_ascii_whitespace() || n.is_ascii_punctuation() || *n >= 0x80 => Some(len),
        Some(_) => None,
    }
}

impl<'a, V: Vocabulary + ?Sized> Tokenizer<'a, V> {
    /// A tokenizer between tokens, writing to `out`.
    fn new(vocab: &'a V, out: &'a mut Tokens) -> Self {
        Tokenizer {
            vocab,
            out,
            word: WordState::default(),
            marks: MarksState::default(),
        }
    }

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
        if is_combining_mark(c) {
            // A mark on the word's last letter belongs to the word: its
            // span covers the whole letter as drawn, so a highlight does
            // not cut a grapheme in two.
            if self.word.active && self.word.last != '\'' {
                self.word.span.end = span.end;
            }
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
            self.out.folded.push(b'\'');
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

    /// The fast path for the common case, a run of ASCII letters and
    /// digits: the same as [`Tokenizer::push_word_char`] on each of them,
    /// without table look-ups.
    fn push_ascii_run(&mut self, run: &[u8], at: usize) {
        if self.marks.active {
            self.close_marks();
        }
        self.extend_word(at..at + run.len());
        let w = &mut self.word;
        let folded = &mut self.out.folded;
        if folded.len() != w.folded_end {
            folded.truncate(w.folded_end);
        }
        for &b in run {
            w.upper = w.upper.saturating_add(u16::from(b.is_ascii_uppercase()));
            w.lower = w.lower.saturating_add(u16::from(b.is_ascii_lowercase()));
            w.digits_only &= b.is_ascii_digit();
            w.has_digit |= b.is_ascii_digit();
            let lower_byte = b.to_ascii_lowercase();
            if w.repeats(char::from(lower_byte), b.is_ascii_alphabetic()) {
                continue;
            }
            folded.push(lower_byte);
        }
        w.folded_end = folded.len();
    }

    /// The fast path for the commonest word of all: a whole word of at most
    /// 15 ASCII letters and digits, not elongated, folded and looked up in
    /// a few machine-word operations. Returns where the word ends, or
    /// `None`, having done nothing, for any other word.
    #[inline]
    fn push_short_word(&mut self, text: &[u8], at: usize) -> Option<usize> {
        let word = ShortWord::at(text, at)?;
        if self.marks.active {
            self.close_marks();
        }
        let folded = &mut self.out.folded;
        let start = folded.len();
        word.push_to(folded);
        let id = self.vocab.short_word_id(word.key(), word.len);
        self.out.tokens.push(Token {
            kind: TokenKind::Word,
            folded: start..start + word.len,
            span: at..at + word.len,
            caps: word.caps,
            elongated: false,
            number: word.number,
            id,
        });
        Some(at + word.len)
    }

    fn push_word_char(&mut self, original: char, c: char, span: Range<usize>) {
        self.extend_word(span);
        let w = &mut self.word;
        if original.is_uppercase() {
            w.upper = w.upper.saturating_add(1);
        } else if original.is_lowercase() {
            w.lower = w.lower.saturating_add(1);
        }
        w.digits_only &= c.is_ascii_digit();
        w.has_digit |= c.is_numeric();
        let lower = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        self.push_folded(lower);
    }

    /// Starts a word at `span` or extends the current one to its end.
    #[inline]
    fn extend_word(&mut self, span: Range<usize>) {
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
    }

    /// Appends a lowercased word character to the folded text, unless it is
    /// the third or later repeat of a letter (an elongation).
    #[inline]
    fn push_folded(&mut self, lower: char) {
        let w = &mut self.word;
        if w.repeats(lower, lower.is_alphabetic()) {
            return;
        }
        // Drop a pending, not-yet-kept apostrophe: it is already counted in
        // folded_end if it was kept.
        self.out.folded.truncate(w.folded_end);
        let mut utf8 = [0u8; 4];
        self.out
            .folded
            .extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
        w.folded_end = self.out.folded.len();
    }

    fn close_word(&mut self) {
        if !self.word.active {
            return;
        }
        let w = &mut self.word;
        w.active = false;
        if self.out.folded.len() != w.folded_end {
            self.out.folded.truncate(w.folded_end);
        }
        let Tokens {
            folded,
            tokens,
            scratch,
        } = &mut *self.out;
        let id = self
            .vocab
            .word_id(&folded[w.folded_start..], w.elongated, scratch);
        tokens.push(Token {
            kind: TokenKind::Word,
            span: w.span.clone(),
            folded: w.folded_start..w.folded_end,
            caps: w.upper >= 2 && w.lower == 0 && !w.has_digit,
            elongated: w.elongated,
            number: w.digits_only,
            id,
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
            id: NO_WORD,
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
            id: NO_WORD,
        });
    }

    /// Pushes a token that stands alone (emoji, emoticon) with `folded` as
    /// its folded text.
    fn push_atom(&mut self, kind: TokenKind, folded: &str, span: Range<usize>) {
        self.close_word();
        self.close_marks();
        let start = self.out.folded.len();
        self.out.folded.extend_from_slice(folded.as_bytes());
        let id = self
            .vocab
            .word_id(folded.as_bytes(), false, &mut self.out.scratch);
        self.out.tokens.push(Token {
            kind,
            span,
            folded: start..self.out.folded.len(),
            caps: false,
            elongated: false,
            number: false,
            id,
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
        // Cyrillic letters that pass for lowercase Latin ones.
        'п' => 'n',
        'к' => 'k',
        // Greek look-alikes of lowercase Latin letters.
        'γ' => 'y',
        'η' => 'n',
        'μ' => 'u',
        'ω' => 'w',
        'ϲ' => 'c',
        'ϳ' => 'j',
        // Latin letters that compatibility decomposition leaves alone: small
        // capitals (`ᴀɴɢʀʏ`) and look-alike variants.
        '\u{1D00}' => 'a',
        '\u{0299}' => 'b',
        '\u{1D04}' => 'c',
        '\u{1D05}' => 'd',
        '\u{1D07}' => 'e',
        '\u{A730}' => 'f',
        '\u{0262}' => 'g',
        '\u{029C}' => 'h',
        '\u{026A}' => 'i',
        '\u{1D0A}' => 'j',
        '\u{1D0B}' => 'k',
        '\u{029F}' => 'l',
        '\u{1D0D}' => 'm',
        '\u{0274}' => 'n',
        '\u{1D0F}' => 'o',
        '\u{1D18}' => 'p',
        '\u{0280}' => 'r',
        '\u{A731}' => 's',
        '\u{1D1B}' => 't',
        '\u{1D1C}' => 'u',
        '\u{1D20}' => 'v',
        '\u{1D21}' => 'w',
        '\u{028F}' => 'y',
        '\u{1D22}' => 'z',
        '\u{0251}' => 'a',
        '\u{0261}' => 'g',
        '\u{0131}' => 'i',
        '\u{0237}' => 'j',
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
    impl Vocabulary for NoEmoticons {}

    struct Frown;
    impl Vocabulary for Frown {
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
    fn codes_with_digits_are_not_shouting() {
        let caps = |text: &str| {
            let mut t = Tokens::default();
            tokenize(text, &Frown, &mut t);
            t.tokens.iter().map(|k| k.caps).collect::<Vec<_>>()
        };
        // Short words (the fast path) and long or non-ASCII ones (the
        // general path) alike.
        assert_eq!(caps("ERC20 PS5 DON'T WHY"), [false, false, true, true]);
        assert_eq!(
            caps("ABCDEFGHIJKLMNOPQ1 ABCDEFGHIJKLMNOPQ ＥＲＣ２０ ÉTÉ"),
            [false, true, false, true]
        );
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
    fn alnum_bytes_agrees_with_std_on_every_byte() {
        for b in 0..=255u8 {
            // b in every position, between bytes that are not alphanumeric.
            for at in 0..16 {
                let mut window = [b' '; 16];
                window[at] = b;
                let wide = swar16::alnum_bytes(u128::from_le_bytes(window)).to_le_bytes();
                let lo = u64::from_le_bytes(window[..8].try_into().unwrap());
                let narrow = swar8::alnum_bytes(lo).to_le_bytes();
                for (k, m) in wide.iter().chain(&narrow).enumerate() {
                    let want = k % 16 == at && b.is_ascii_alphanumeric();
                    assert_eq!(*m == 0x80, want, "byte {b:#x} at {at}, position {k}");
                    assert!(*m == 0 || *m == 0x80);
                }
            }
        }
    }

    /// The tokens of `word` read by the general path: runs of letters and
    /// digits, and apostrophes one at a time.
    fn general_path(word: &str) -> Tokens {
        let mut out = Tokens::default();
        let mut t = Tokenizer::new(&NoEmoticons, &mut out);
        let mut at = 0;
        for piece in word.split_inclusive('\'') {
            let run = piece.trim_end_matches('\'');
            t.push_ascii_run(run.as_bytes(), at);
            at += run.len();
            if run.len() < piece.len() {
                t.feed('\'', '\'', at..at + 1);
                at += 1;
            }
        }
        t.close_word();
        out
    }

    #[test]
    fn short_word_fast_path_matches_general_path() {
        let words = [
            "a",
            "I",
            "ok",
            "OK",
            "Ok",
            "oK",
            "3rd",
            "2024",
            "007",
            "ANGRY",
            "Angry",
            "aNGRY",
            "WTF",
            "x1",
            "X1Y",
            "zzZ",
            "aab",
            "abcdefghijklmnop",
            "ABCDEFGHIJKLMNOP",
            "a0a0a0a0a0a0a0a0",
            "Zz",
            "aaa",
            "AaA",
            "yes111",
        ];
        for word in words {
            for tail in ["", " ", ".", "!", ",x"] {
                let text = format!("{word}{tail}");
                let mut fast = Tokens::default();
                let mut t = Tokenizer::new(&NoEmoticons, &mut fast);
                let end = t.push_short_word(text.as_bytes(), 0);
                let slow = general_path(word);
                if word.len() == 16 {
                    // The 16-byte window holds no end to the word.
                    assert_eq!(end, None, "{text:?} is too long");
                    continue;
                }
                if word.len() > 2
                    && word
                        .to_ascii_lowercase()
                        .as_bytes()
                        .windows(3)
                        .any(|w| w[0] == w[1] && w[1] == w[2] && w[0].is_ascii_alphabetic())
                {
                    assert_eq!(end, None, "{text:?} is elongated");
                    continue;
                }
                assert_eq!(end, Some(word.len()), "{text:?}");
                assert_eq!(fast.tokens, slow.tokens, "{text:?}");
                assert_eq!(fast.folded, slow.folded, "{text:?}");
            }
        }
        let mut out = Tokens::default();
        let mut t = Tokenizer::new(&NoEmoticons, &mut out);
        // Too long, or followed by what may continue the word.
        for text in [
            "abcdefghijklmnopq",
            "dogs'",
            "don''t",
            "don'ť",
            "cafe\u{301}",
            "naïve",
        ] {
            assert_eq!(t.push_short_word(text.as_bytes(), 0), None, "{text:?}");
        }
        assert!(out.tokens.is_empty());
    }

    proptest::proptest! {
        /// Whenever the fast path takes a word, it gives the general path's
        /// token and folded text.
        #[test]
        fn short_word_fast_path_agrees(
            word in "[a-zA-Z0-9][a-zA-Z0-9']{0,17}",
            tail in "[ .,!?'\u{301}é:(]{0,2}",
        ) {
            let text = format!("{word}{tail}");
            let mut fast = Tokens::default();
            let mut t = Tokenizer::new(&NoEmoticons, &mut fast);
            if let Some(end) = t.push_short_word(text.as_bytes(), 0) {
                let slow = general_path(&text[..end]);
                proptest::prop_assert_eq!(&fast.tokens, &slow.tokens);
                proptest::prop_assert_eq!(&fast.folded, &slow.folded);
                // It stopped where the word stops.
                let mut whole = Tokens::default();
                tokenize(&text, &NoEmoticons, &mut whole);
                proptest::prop_assert_eq!(&whole.tokens[0], &fast.tokens[0]);
            }
        }
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
