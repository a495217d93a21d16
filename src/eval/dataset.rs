//! Labelled data sets from JSON Lines, CSV or TSV text, with a mapping from
//! another taxonomy's labels to the four emotions.

use std::collections::BTreeMap;
use std::str::FromStr;

use super::Example;
use crate::{Emotion, Error, Result};

/// The text format of a labelled data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One JSON object a line (needs the `serde` feature).
    Jsonl,
    /// Comma-separated values, quoted as in RFC 4180; with a header row
    /// unless [`ReadOptions::header`] says otherwise.
    Csv,
    /// Tab-separated values; no quoting (a field cannot hold a tab or a
    /// line break), so quotes in texts are kept as written. With a header
    /// row unless [`ReadOptions::header`] says otherwise.
    Tsv,
}

impl Format {
    /// The format a file name's extension says (`.jsonl`, `.json`,
    /// `.ndjson`, `.csv`, `.tsv`, `.tab`), if any.
    ///
    /// ```
    /// use emocue::eval::Format;
    /// assert_eq!(Format::from_path("data/dev.CSV"), Some(Format::Csv));
    /// assert_eq!(Format::from_path("notes.txt"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jsonl" | "json" | "ndjson" => Some(Format::Jsonl),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            _ => None,
        }
    }
}

impl FromStr for Format {
    type Err = Error;
    fn from_str(s: &str) -> Result<Format> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "tsv" => Ok(Format::Tsv),
            _ => Err(Error::InvalidValue {
                what: "format",
                problem: format!("`{s}` is not one of jsonl, csv, tsv"),
            }),
        }
    }
}

/// How labels in the data become emotions: an explicit mapping (a label to
/// an emotion, or to nothing to drop it on purpose), then the four emotion
/// names themselves. Any other label is an error naming the line, unless
/// `ignore_unknown` is set; then it is counted in
/// [`Dataset::ignored`] (never dropped silently).
///
/// ```
/// use emocue::eval::LabelMap;
/// use emocue::Emotion;
/// let map = LabelMap::new()
///     .with("annoyance", Some(Emotion::Frustration))
///     .with("neutral", None);
/// assert_eq!(map.resolve("Annoyance"), Ok(Some(Emotion::Frustration)));
/// assert_eq!(map.resolve("anger"), Ok(Some(Emotion::Anger)));
/// assert_eq!(map.resolve("neutral"), Ok(None));
/// assert!(map.resolve("joy").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelMap {
    /// Label (lower-cased) to emotion, or `None` to drop the label.
    pub map: BTreeMap<String, Option<Emotion>>,
    /// Count labels that are neither mapped nor an emotion instead of
    /// failing.
    pub ignore_unknown: bool,
}

impl LabelMap {
    /// No mapping: only the four emotion names are labels.
    pub fn new() -> LabelMap {
        LabelMap::default()
    }

    /// This mapping, with `label` mapped to `emotion` (`None` drops it).
    pub fn with(mut self, label: &str, emotion: Option<Emotion>) -> LabelMap {
        self.map.insert(label.trim().to_lowercase(), emotion);
        self
    }

    /// The emotion a label stands for, `Ok(None)` for a label mapped to
    /// nothing, or `Err(label)` for a label that is neither mapped nor an
    /// emotion.
    pub fn resolve<'a>(&self, label: &'a str) -> std::result::Result<Option<Emotion>, &'a str> {
        let key = label.trim().to_lowercase();
        if let Some(e) = self.map.get(&key) {
            return Ok(*e);
        }
        key.parse::<Emotion>().map(Some).map_err(|_| label.trim())
    }

    /// Reads a mapping from a JSON object, `{"annoyance": "frustration",
    /// "neutral": null}`; errors name `source:line`.
    ///
    /// ```
    /// use emocue::eval::LabelMap;
    /// let map = LabelMap::from_json("map.json", r#"{"nervousness": "anxiety", "joy": null}"#).unwrap();
    /// assert_eq!(map.map.len(), 2);
    /// let err = LabelMap::from_json("map.json", "{\n\"joy\": \"happiness\"}").unwrap_err();
    /// assert!(err.to_string().starts_with("map.json:2: "), "{err}");
    /// ```
    #[cfg(feature = "serde")]
    pub fn from_json(source: &str, text: &str) -> Result<LabelMap> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            Error::parse(source, e.line().max(1), format!("not a JSON mapping: {e}"))
        })?;
        let object = value.as_object().ok_or_else(|| {
            Error::parse(
                source,
                1,
                "expected a JSON object mapping labels to emotions (or null)",
            )
        })?;
        let mut map = LabelMap::new();
        for (label, target) in object {
            let line = line_of_key(text, label);
            let emotion = match target {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s.parse::<Emotion>().map_err(|e| {
                    Error::parse(source, line, format!("label `{label}` maps to {e}"))
                })?),
                other => {
                    return Err(Error::parse(
                        source,
                        line,
                        format!(
                            "label `{label}` maps to {other}, expected an emotion name or null"
                        ),
                    ))
                }
            };
            map = map.with(label, emotion);
        }
        Ok(map)
    }
}

/// GoEmotions' 28 labels, in id order (its `emotions.txt`).
const GOEMOTIONS_LABELS: [&str; 28] = [
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
];

/// What each GoEmotions label means here; the rest mean none of the four.
fn goemotions_emotion(label: &str) -> Option<Emotion> {
    match label {
        "anger" => Some(Emotion::Anger),
        "annoyance" | "disappointment" => Some(Emotion::Frustration),
        "confusion" => Some(Emotion::Confusion),
        "nervousness" | "fear" => Some(Emotion::Anxiety),
        _ => None,
    }
}

impl LabelMap {
    /// The GoEmotions mapping (Demszky et al. 2020): anger from *anger*,
    /// frustration from *annoyance* and *disappointment*, confusion from
    /// *confusion*, anxiety from *nervousness* and *fear*; the other 22
    /// labels map to nothing. Each label is mapped by its name and by its
    /// id (`0`–`27`, as in the released TSV files), so a label id outside
    /// the 28 is still an error.
    ///
    /// ```
    /// use emocue::eval::LabelMap;
    /// use emocue::Emotion;
    /// let map = LabelMap::goemotions();
    /// assert_eq!(map.resolve("3"), Ok(Some(Emotion::Frustration)));
    /// assert_eq!(map.resolve("annoyance"), Ok(Some(Emotion::Frustration)));
    /// assert_eq!(map.resolve("27"), Ok(None));
    /// assert!(map.resolve("28").is_err());
    /// ```
    pub fn goemotions() -> LabelMap {
        let mut map = LabelMap::new();
        for (id, name) in GOEMOTIONS_LABELS.iter().enumerate() {
            let emotion = goemotions_emotion(name);
            map = map.with(name, emotion).with(&id.to_string(), emotion);
        }
        map
    }
}

/// The 1-based line on which `"key"` first appears in `text` (1 if not
/// found).
#[cfg(feature = "serde")]
fn line_of_key(text: &str, key: &str) -> usize {
    let quoted = serde_json::to_string(key).unwrap_or_default();
    text.find(&quoted)
        .map_or(1, |at| text[..at].matches('\n').count() + 1)
}

/// How to read a labelled data set.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// The text format.
    pub format: Format,
    /// The field (JSON Lines) or column (CSV, TSV) holding the text. A
    /// column is named by its header, or by its number from 1 (which a
    /// file without a header row needs).
    pub text_column: String,
    /// The field or column holding the labels: in JSON Lines an array of
    /// strings or one string; in CSV and TSV one field with labels
    /// separated by `,` or `;` (empty for none).
    pub labels_column: String,
    /// Whether a CSV or TSV file starts with a header row (`true` unless
    /// set otherwise). Without one, columns are named by number.
    pub header: bool,
    /// How labels become emotions.
    pub labels: LabelMap,
    /// Keep only the rows this filter matches (a transcript's customer
    /// turns, one part of a set); `None` keeps every row. The rows left
    /// out are counted in [`Dataset::skipped`], never dropped silently.
    pub keep_only: Option<RowFilter>,
}

/// Keeps the rows whose field (JSON Lines) or column (CSV, TSV) `column`
/// holds exactly `value`. In JSON Lines a number or boolean matches its
/// JSON text (`turn` = `1`) and `null` matches nothing; a row without the
/// field is an error that names its line.
///
/// ```
/// use emocue::eval::{Dataset, Format, ReadOptions, RowFilter};
/// let jsonl = r#"{"speaker": "customer", "text": "still broken!!", "labels": ["frustration"]}
/// {"speaker": "agent", "text": "Sorry about that, fixing it now."}
/// {"speaker": "customer", "text": "thanks", "labels": []}
/// "#;
/// let mut options = ReadOptions::new(Format::Jsonl);
/// options.keep_only = Some(RowFilter::new("speaker", "customer"));
/// let data = Dataset::parse("chat.jsonl", jsonl, &options).unwrap();
/// assert_eq!(data.examples.len(), 2);
/// assert_eq!(data.lines, vec![1, 3]);
/// assert_eq!(data.skipped, 1); // the agent's turn, which has no labels
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFilter {
    /// The field or column to look at: a name, or in CSV/TSV a column
    /// number from 1.
    pub column: String,
    /// The value a kept row holds there.
    pub value: String,
}

impl RowFilter {
    /// Keeps the rows whose `column` holds `value`.
    pub fn new(column: impl Into<String>, value: impl Into<String>) -> RowFilter {
        RowFilter {
            column: column.into(),
            value: value.into(),
        }
    }
}

impl ReadOptions {
    /// `text` and `labels` fields in `format`, no mapping.
    pub fn new(format: Format) -> ReadOptions {
        ReadOptions {
            format,
            text_column: "text".to_owned(),
            labels_column: "labels".to_owned(),
            header: true,
            labels: LabelMap::new(),
            keep_only: None,
        }
    }

    /// The released GoEmotions TSV files (`train.tsv`, `dev.tsv`,
    /// `test.tsv`): no header, the text in column 1, label ids such as
    /// `3,10` in column 2, and [`LabelMap::goemotions`].
    ///
    /// ```
    /// use emocue::eval::{Dataset, ReadOptions};
    /// use emocue::Emotion;
    /// let tsv = "So annoying, why?\t3,7\teeb0001\nLove it\t18\teeb0002\n";
    /// let data = Dataset::parse("dev.tsv", tsv, &ReadOptions::goemotions_tsv()).unwrap();
    /// assert!(data.examples[0].labels[Emotion::Frustration]);
    /// assert!(!data.examples[1].labels[Emotion::Frustration]);
    /// ```
    pub fn goemotions_tsv() -> ReadOptions {
        ReadOptions {
            format: Format::Tsv,
            text_column: "1".to_owned(),
            labels_column: "2".to_owned(),
            header: false,
            labels: LabelMap::goemotions(),
            keep_only: None,
        }
    }
}

/// Labelled examples and where they came from.
///
/// ```
/// use emocue::eval::{Dataset, Format, LabelMap, ReadOptions};
/// let csv = "id,message,tags\n1,\"Why, oh why?\",annoyance;joy\n2,fine,\n";
/// let mut options = ReadOptions::new(Format::Csv);
/// options.text_column = "message".into();
/// options.labels_column = "tags".into();
/// options.labels = LabelMap::new().with("annoyance", Some(emocue::Emotion::Frustration));
/// let err = Dataset::parse("d.csv", csv, &options).unwrap_err();
/// assert_eq!(err.to_string(), "d.csv:2: unknown label `joy` (expected frustration, anger, confusion or anxiety, or a label in the mapping)");
/// options.labels.ignore_unknown = true;
/// let data = Dataset::parse("d.csv", csv, &options).unwrap();
/// assert_eq!(data.examples[0].text, "Why, oh why?");
/// assert_eq!(data.lines, vec![2, 3]);
/// assert_eq!(data.ignored["joy"], 1);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    /// The name the caller gave the source (usually a file path).
    pub source: String,
    /// The examples, in order.
    pub examples: Vec<Example>,
    /// The 1-based line each example starts on.
    pub lines: Vec<usize>,
    /// Labels that were neither mapped nor emotions, with how many times
    /// each was seen (only with [`LabelMap::ignore_unknown`]).
    pub ignored: BTreeMap<String, usize>,
    /// Rows that [`ReadOptions::keep_only`] left out.
    pub skipped: usize,
}

impl Dataset {
    /// Parses `text` (named `source` in errors) as `options` say. Errors
    /// name `source:line` and the problem.
    pub fn parse(source: &str, text: &str, options: &ReadOptions) -> Result<Dataset> {
        Dataset::parse_with_progress(source, text, options, &mut |_, _| {})
    }

    /// As [`Dataset::parse`], calling `progress(bytes_done, bytes_total)`
    /// as it goes (for a progress bar).
    pub fn parse_with_progress(
        source: &str,
        text: &str,
        options: &ReadOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Dataset> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut data = Dataset {
            source: source.to_owned(),
            ..Dataset::default()
        };
        match options.format {
            Format::Jsonl => parse_jsonl_into(&mut data, text, options, progress)?,
            Format::Csv => parse_delimited(&mut data, text, b',', true, options, progress)?,
            Format::Tsv => parse_delimited(&mut data, text, b'\t', false, options, progress)?,
        }
        progress(text.len(), text.len());
        Ok(data)
    }

    /// Adds one example from its text and label strings.
    fn push<'a>(
        &mut self,
        line: usize,
        text: String,
        labels: impl IntoIterator<Item = &'a str>,
        map: &LabelMap,
    ) -> Result<()> {
        let mut emotions = Vec::new();
        for label in labels {
            if label.trim().is_empty() {
                continue;
            }
            match map.resolve(label) {
                Ok(Some(e)) => emotions.push(e),
                Ok(None) => {}
                Err(unknown) if map.ignore_unknown => {
                    *self.ignored.entry(unknown.to_owned()).or_insert(0) += 1;
                }
                Err(unknown) => {
                    return Err(Error::parse(
                        &self.source,
                        line,
                        format!("unknown label `{unknown}` (expected frustration, anger, confusion or anxiety, or a label in the mapping)"),
                    ))
                }
            }
        }
        self.examples.push(Example::new(text, emotions));
        self.lines.push(line);
        Ok(())
    }
}

fn split_labels(field: &str) -> impl Iterator<Item = &str> {
    field.split([',', ';'])
}

#[cfg(feature = "serde")]
fn parse_jsonl_into(
    data: &mut Dataset,
    text: &str,
    options: &ReadOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    use serde_json::Value;
    let mut offset = 0;
    for (i, line) in text.split('\n').enumerate() {
        let n = i + 1;
        let at = offset;
        offset += line.len() + 1;
        if n % 1024 == 0 {
            progress(at, text.len());
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| Error::parse(&data.source, n, format!("not JSON: {e}")))?;
        let object = value
            .as_object()
            .ok_or_else(|| Error::parse(&data.source, n, "expected a JSON object"))?;
        if let Some(filter) = &options.keep_only {
            if !json_row_matches(object, filter, &data.source, n)? {
                data.skipped += 1;
                continue;
            }
        }
        let (tc, lc) = (&options.text_column, &options.labels_column);
        let text = match object.get(tc) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(Error::parse(
                    &data.source,
                    n,
                    format!("field `{tc}` is {other}, expected a string"),
                ))
            }
            None => {
                return Err(Error::parse(
                    &data.source,
                    n,
                    format!("missing text field `{tc}`"),
                ))
            }
        };
        let labels: Vec<&str> = match object.get(lc) {
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(item.as_str().ok_or_else(|| {
                        Error::parse(
                            &data.source,
                            n,
                            format!("label {item} in `{lc}` is not a string"),
                        )
                    })?);
                }
                out
            }
            Some(Value::String(s)) => split_labels(s).collect(),
            Some(Value::Null) => Vec::new(),
            Some(other) => {
                return Err(Error::parse(
                    &data.source,
                    n,
                    format!("field `{lc}` is {other}, expected an array of label names"),
                ))
            }
            None => {
                return Err(Error::parse(
                    &data.source,
                    n,
                    format!("missing labels field `{lc}`"),
                ))
            }
        };
        data.push(n, text, labels, &options.labels)?;
    }
    Ok(())
}

/// Whether the JSON Lines row `object` (line `n`) holds `filter.value` in
/// `filter.column`; a missing field is an error.
#[cfg(feature = "serde")]
fn json_row_matches(
    object: &serde_json::Map<String, serde_json::Value>,
    filter: &RowFilter,
    source: &str,
    n: usize,
) -> Result<bool> {
    use serde_json::Value;
    match object.get(&filter.column) {
        Some(Value::String(s)) => Ok(*s == filter.value),
        Some(Value::Null) => Ok(false),
        Some(Value::Number(x)) => Ok(x.to_string() == filter.value),
        Some(Value::Bool(b)) => Ok(filter.value == if *b { "true" } else { "false" }),
        Some(other) => Err(Error::parse(
            source,
            n,
            format!(
                "field `{}` is {other}, expected a string, number or boolean to compare with `{}`",
                filter.column, filter.value
            ),
        )),
        None => Err(Error::parse(
            source,
            n,
            format!(
                "missing field `{}` (rows are kept where it is `{}`)",
                filter.column, filter.value
            ),
        )),
    }
}

#[cfg(not(feature = "serde"))]
fn parse_jsonl_into(
    _: &mut Dataset,
    _: &str,
    _: &ReadOptions,
    _: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    Err(Error::InvalidValue {
        what: "format",
        problem: "reading JSON Lines needs the `serde` feature".to_owned(),
    })
}

/// One record of delimited text: its fields and the line it starts on.
struct Record {
    line: usize,
    fields: Vec<String>,
}

/// Reads records of delimited text. With `quoting`, RFC 4180: a field
/// that starts with `"` runs to the next lone `"`, `""` inside is one `"`,
/// and it may hold delimiters and line breaks. Records end at `\n` or
/// `\r\n`; blank lines are skipped.
struct Records<'a> {
    text: &'a [u8],
    src: &'a str,
    at: usize,
    line: usize,
    delimiter: u8,
    quoting: bool,
}

impl Records<'_> {
    fn next_record(&mut self, source: &str) -> Result<Option<Record>> {
        // Skip blank lines.
        loop {
            if self.at >= self.text.len() {
                return Ok(None);
            }
            let rest = &self.text[self.at..];
            if rest.starts_with(b"\r\n") {
                self.at += 2;
                self.line += 1;
            } else if rest[0] == b'\n' {
                self.at += 1;
                self.line += 1;
            } else {
                break;
            }
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        loop {
            // At the start of a field.
            if self.quoting && self.text.get(self.at) == Some(&b'"') {
                let quote_line = self.line;
                self.at += 1;
                let mut from = self.at;
                loop {
                    match self.text.get(self.at) {
                        None => {
                            return Err(Error::parse(
                                source,
                                quote_line,
                                "unterminated quoted field (a `\"` opened here is never closed)",
                            ))
                        }
                        Some(b'"') => {
                            field.push_str(&self.src[from..self.at]);
                            if self.text.get(self.at + 1) == Some(&b'"') {
                                field.push('"');
                                self.at += 2;
                                from = self.at;
                            } else {
                                self.at += 1;
                                break;
                            }
                        }
                        Some(b'\n') => {
                            self.line += 1;
                            self.at += 1;
                        }
                        Some(_) => self.at += 1,
                    }
                }
                match self.text.get(self.at) {
                    None | Some(b'\n') => {}
                    Some(b'\r') if self.text.get(self.at + 1) == Some(&b'\n') => {}
                    Some(&b) if b == self.delimiter => {}
                    Some(_) => {
                        return Err(Error::parse(
                            source,
                            self.line,
                            "unexpected text after a closing quote (a `\"` inside a quoted field is written `\"\"`)",
                        ))
                    }
                }
            } else {
                let from = self.at;
                while let Some(&b) = self.text.get(self.at) {
                    if b == self.delimiter || b == b'\n' {
                        break;
                    }
                    if self.quoting && b == b'"' {
                        return Err(Error::parse(
                            source,
                            self.line,
                            "a `\"` inside an unquoted field (quote the whole field and write `\"\"`)",
                        ));
                    }
                    self.at += 1;
                }
                let mut end = self.at;
                if self.text.get(self.at) == Some(&b'\n')
                    && end > from
                    && self.text[end - 1] == b'\r'
                {
                    end -= 1;
                }
                field.push_str(&self.src[from..end]);
            }
            fields.push(std::mem::take(&mut field));
            match self.text.get(self.at) {
                Some(&b) if b == self.delimiter => self.at += 1,
                Some(b'\r') => {
                    self.at += 2;
                    self.line += 1;
                    break;
                }
                Some(b'\n') => {
                    self.at += 1;
                    self.line += 1;
                    break;
                }
                None => break,
                Some(_) => unreachable!("a field ends at a delimiter, a line break or the end"),
            }
        }
        Ok(Some(Record {
            line: start_line,
            fields,
        }))
    }
}

fn parse_delimited(
    data: &mut Dataset,
    text: &str,
    delimiter: u8,
    quoting: bool,
    options: &ReadOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let source = data.source.clone();
    let mut records = Records {
        text: text.as_bytes(),
        src: text,
        at: 0,
        line: 1,
        delimiter,
        quoting,
    };
    let header = if options.header {
        let header = records
            .next_record(&source)?
            .ok_or_else(|| Error::parse(&source, 1, "empty file: expected a header row"))?;
        Some(header)
    } else {
        None
    };
    let text_at = column_index(&source, header.as_ref(), &options.text_column)?;
    let labels_at = column_index(&source, header.as_ref(), &options.labels_column)?;
    let filter_at = match &options.keep_only {
        Some(f) => Some((column_index(&source, header.as_ref(), &f.column)?, &f.value)),
        None => None,
    };
    // Every record has as many fields as the header, or as the first
    // record when there is none.
    let mut width = header.as_ref().map(|h| (h.fields.len(), "the header"));
    let mut count = 0usize;
    while let Some(record) = records.next_record(&source)? {
        count += 1;
        if count % 1024 == 0 {
            progress(records.at, text.len());
        }
        let (expected, by) = *width.get_or_insert((record.fields.len(), "the first row"));
        if record.fields.len() != expected {
            return Err(Error::parse(
                &source,
                record.line,
                format!(
                    "expected {expected} fields as in {by}, found {}",
                    record.fields.len()
                ),
            ));
        }
        let widest = text_at
            .max(labels_at)
            .max(filter_at.map_or(0, |(at, _)| at));
        if widest >= record.fields.len() {
            return Err(Error::parse(
                &source,
                record.line,
                format!(
                    "no column {} in a row of {} fields",
                    widest + 1,
                    record.fields.len()
                ),
            ));
        }
        if let Some((at, value)) = filter_at {
            if record.fields[at] != *value {
                data.skipped += 1;
                continue;
            }
        }
        let mut fields = record.fields;
        let labels = std::mem::take(&mut fields[labels_at]);
        let text = std::mem::take(&mut fields[text_at]);
        data.push(record.line, text, split_labels(&labels), &options.labels)?;
    }
    Ok(())
}

/// The 0-based index of the column `name`: a header name, or a number from
/// 1 (the only way without a header row).
fn column_index(source: &str, header: Option<&Record>, name: &str) -> Result<usize> {
    let by_name = header.and_then(|h| h.fields.iter().position(|f| f.trim() == name));
    if let Some(at) = by_name {
        return Ok(at);
    }
    if let Ok(number @ 1..) = name.trim().parse::<usize>() {
        return Ok(number - 1);
    }
    Err(match header {
        Some(h) => Error::parse(
            source,
            h.line,
            format!(
                "no column `{name}` in the header (columns: {}; or give a column number from 1)",
                h.fields.join(", ")
            ),
        ),
        None => Error::parse(
            source,
            1,
            format!("without a header row, columns are numbers from 1, not `{name}`"),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> Result<Dataset> {
        Dataset::parse("d.csv", text, &ReadOptions::new(Format::Csv))
    }

    fn err(r: Result<Dataset>) -> String {
        r.unwrap_err().to_string()
    }

    #[test]
    fn csv_quoting_follows_rfc_4180() {
        let d = csv("text,labels\r\n\"a, \"\"b\"\"\r\nc\",\"anger;confusion\"\r\n\r\nplain,\n")
            .unwrap();
        assert_eq!(d.examples.len(), 2);
        assert_eq!(d.examples[0].text, "a, \"b\"\r\nc");
        assert!(d.examples[0].labels[Emotion::Anger] && d.examples[0].labels[Emotion::Confusion]);
        assert_eq!(d.examples[1].text, "plain");
        assert_eq!(d.lines, vec![2, 5]);
    }

    #[test]
    fn csv_errors_name_line_and_problem() {
        assert_eq!(
            err(csv("text,labels\nfine,\nx,anger,extra\n")),
            "d.csv:3: expected 2 fields as in the header, found 3"
        );
        assert_eq!(
            err(csv("text,labels\nfine,\n\"open,anger\nmore\n")),
            "d.csv:3: unterminated quoted field (a `\"` opened here is never closed)"
        );
        assert!(
            err(csv("text,labels\n\"a\"b,anger\n")).starts_with("d.csv:2: unexpected text after")
        );
        assert!(err(csv("text,labels\nsay \"hi\",anger\n")).starts_with("d.csv:2: a `\"` inside"));
        assert!(err(csv("message,labels\n")).starts_with("d.csv:1: no column `text`"));
        assert!(err(csv("")).starts_with("d.csv:1: empty file"));
        assert!(err(csv("text,labels\nx,rage\n")).starts_with("d.csv:2: unknown label `rage`"));
    }

    #[test]
    fn tsv_keeps_quotes() {
        let d = Dataset::parse(
            "d.tsv",
            "labels\ttext\nanger\t\"so\" angry\n",
            &ReadOptions::new(Format::Tsv),
        )
        .unwrap();
        assert_eq!(d.examples[0].text, "\"so\" angry");
        assert!(d.examples[0].labels[Emotion::Anger]);
    }

    #[test]
    fn headerless_files_take_columns_by_number() {
        let mut options = ReadOptions::new(Format::Tsv);
        options.header = false;
        options.text_column = "2".into();
        options.labels_column = "1".into();
        let d = Dataset::parse("d.tsv", "anger\tso angry\n\tfine\n", &options).unwrap();
        assert_eq!(d.examples.len(), 2);
        assert_eq!(d.examples[1].text, "fine");
        assert!(d.examples[0].labels[Emotion::Anger]);
        assert_eq!(d.lines, vec![1, 2]);
        assert_eq!(
            err(Dataset::parse(
                "d.tsv",
                "anger\tx\n\tfine\textra\n",
                &options
            )),
            "d.tsv:2: expected 2 fields as in the first row, found 3"
        );
        options.text_column = "text".into();
        assert_eq!(
            err(Dataset::parse("d.tsv", "anger\tx\n", &options)),
            "d.tsv:1: without a header row, columns are numbers from 1, not `text`"
        );
        // With a header, a number works too.
        let mut options = ReadOptions::new(Format::Csv);
        options.text_column = "2".into();
        let d = Dataset::parse("d.csv", "labels,message\nanger,grr\n", &options).unwrap();
        assert_eq!(d.examples[0].text, "grr");
    }

    #[test]
    fn goemotions_tsv_maps_ids_and_keeps_quotes() {
        let tsv = "\"Ugh\" again\t3,9\tid1\nscared\t14\tid2\nok\t27\tid3\nhm\t6,19\tid4\n";
        let d = Dataset::parse("dev.tsv", tsv, &ReadOptions::goemotions_tsv()).unwrap();
        assert_eq!(d.examples[0].text, "\"Ugh\" again");
        let has = |i: usize, e: Emotion| d.examples[i].labels[e];
        assert!(has(0, Emotion::Frustration) && !has(0, Emotion::Anger));
        assert!(has(1, Emotion::Anxiety));
        assert!(Emotion::ALL.iter().all(|&e| !has(2, e)));
        assert!(has(3, Emotion::Confusion) && has(3, Emotion::Anxiety));
        let map = LabelMap::goemotions();
        let mapped = map.map.values().filter(|e| e.is_some()).count();
        assert_eq!((map.map.len(), mapped), (56, 12));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn jsonl_errors_name_line_and_problem() {
        let j = |t: &str| Dataset::parse("d.jsonl", t, &ReadOptions::new(Format::Jsonl));
        assert!(
            err(j("{\"text\": \"a\", \"labels\": []}\n{oops")).starts_with("d.jsonl:2: not JSON")
        );
        assert_eq!(
            err(j("\n{\"labels\": []}")),
            "d.jsonl:2: missing text field `text`"
        );
        assert_eq!(
            err(j("{\"text\": \"a\"}")),
            "d.jsonl:1: missing labels field `labels`"
        );
        assert_eq!(err(j("[1]")), "d.jsonl:1: expected a JSON object");
        assert!(err(j("{\"text\": \"a\", \"labels\": [\"joy\"]}"))
            .starts_with("d.jsonl:1: unknown label `joy`"));
        let ok = j("{\"text\": \"a\", \"labels\": \"anger, anxiety\"}\r\n").unwrap();
        assert!(ok.examples[0].labels[Emotion::Anxiety]);
    }

    #[cfg(feature = "serde")]
    #[test]
    fn mapping_errors_name_line() {
        let e = |t: &str| LabelMap::from_json("m.json", t).unwrap_err().to_string();
        assert!(e("{\"a\": \"anger\",\n").starts_with("m.json:2: not a JSON mapping"));
        assert!(e("[\"anger\"]").starts_with("m.json:1: expected a JSON object"));
        assert!(e("{\n\"a\": \"anger\",\n\"b\": 3}").starts_with("m.json:3: label `b` maps to 3"));
        assert!(e("{\n\"a\": \"rage\"}")
            .starts_with("m.json:2: label `a` maps to unknown emotion `rage`"));
    }

    fn keeping(format: Format, column: &str, value: &str) -> ReadOptions {
        let mut options = ReadOptions::new(format);
        options.keep_only = Some(RowFilter::new(column, value));
        options
    }

    #[test]
    fn row_filter_keeps_matching_csv_rows_and_counts_the_rest() {
        let csv = "speaker,text,labels\ncustomer,still broken,frustration\nagent,sorry!,\ncustomer,thanks,\n";
        let d = Dataset::parse("t.csv", csv, &keeping(Format::Csv, "speaker", "customer")).unwrap();
        assert_eq!(d.examples.len(), 2);
        assert_eq!(d.lines, vec![2, 4]);
        assert_eq!(d.skipped, 1);
        // By column number, and a filter that keeps nothing still counts.
        let d = Dataset::parse("t.csv", csv, &keeping(Format::Csv, "1", "bot")).unwrap();
        assert_eq!((d.examples.len(), d.skipped), (0, 3));
        // A left-out row is still checked for its shape.
        let ragged = "speaker,text,labels\nagent,hi\n";
        assert_eq!(
            err(Dataset::parse(
                "t.csv",
                ragged,
                &keeping(Format::Csv, "speaker", "customer")
            )),
            "t.csv:2: expected 3 fields as in the header, found 2"
        );
        assert!(err(Dataset::parse(
            "t.csv",
            csv,
            &keeping(Format::Csv, "role", "x")
        ))
        .starts_with("t.csv:1: no column `role` in the header"));
    }

    #[cfg(feature = "serde")]
    #[test]
    fn row_filter_in_json_lines_compares_text_numbers_and_booleans() {
        let text = "{\"turn\": 1, \"done\": true, \"who\": null, \"text\": \"a\", \"labels\": []}\n{\"turn\": 2, \"done\": false, \"who\": \"x\", \"text\": \"b\", \"labels\": []}\n";
        let kept = |column: &str, value: &str| {
            let d =
                Dataset::parse("t.jsonl", text, &keeping(Format::Jsonl, column, value)).unwrap();
            (d.lines, d.skipped)
        };
        assert_eq!(kept("turn", "1"), (vec![1], 1));
        assert_eq!(kept("done", "false"), (vec![2], 1));
        assert_eq!(kept("who", "x"), (vec![2], 1)); // null matches nothing
        let e = |column: &str| {
            err(Dataset::parse(
                "t.jsonl",
                text,
                &keeping(Format::Jsonl, column, "x"),
            ))
        };
        assert_eq!(
            e("speaker"),
            "t.jsonl:1: missing field `speaker` (rows are kept where it is `x`)"
        );
        assert!(e("labels").starts_with("t.jsonl:1: field `labels` is [], expected a string"));
    }
}
