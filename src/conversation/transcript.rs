//! Loading transcripts from JSON Lines (`serde` feature).

use std::collections::HashMap;

use serde_json::Value;

use super::{Speaker, Turn};
use crate::{Error, Result};

/// One conversation of a transcript file, its turns sorted by turn number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// The `conversation_id` of its lines (a number is kept as written).
    pub id: String,
    /// Its turns, sorted by their `turn` numbers.
    pub turns: Vec<Turn>,
    /// The `turn` number of each of [`turns`](Self::turns), in the same
    /// order.
    pub numbers: Vec<u64>,
    /// The 1-based line of each of [`turns`](Self::turns) in the file, in
    /// the same order.
    pub lines: Vec<usize>,
}

/// Parses transcripts from JSON Lines: one turn a line, an object with
/// `"conversation_id"` (a string or an integer), `"turn"` (a non-negative
/// integer), `"speaker"` (`"customer"` or `"agent"`, any case) and
/// `"text"` (a string). Other fields are ignored.
///
/// Conversations come out in the order of their first line, each with its
/// turns sorted by turn number. Blank lines are skipped; any other line
/// that is not such an object, and a turn number used twice in one
/// conversation, is an error naming `source:line` and the problem: nothing
/// is dropped silently.
///
/// ```
/// use emocue::conversation::{parse_transcripts, Speaker};
/// let text = r#"
/// {"conversation_id": "a", "turn": 2, "speaker": "agent", "text": "Let me check."}
/// {"conversation_id": "b", "turn": 1, "speaker": "customer", "text": "Hi"}
/// {"conversation_id": "a", "turn": 1, "speaker": "customer", "text": "Where is my order?", "channel": "chat"}
/// "#;
/// let ts = parse_transcripts("chats.jsonl", text)?;
/// assert_eq!(ts.len(), 2);
/// assert_eq!(ts[0].id, "a");
/// assert_eq!(ts[0].turns[0].speaker, Speaker::Customer);
/// assert_eq!(ts[0].numbers, [1, 2]);
///
/// let err = parse_transcripts("chats.jsonl", r#"{"conversation_id": "a", "turn": 1, "speaker": "bot", "text": "?"}"#)
///     .unwrap_err();
/// assert_eq!(err.to_string(), "chats.jsonl:1: unknown speaker `bot` (expected customer or agent)");
/// # Ok::<(), emocue::Error>(())
/// ```
pub fn parse_transcripts(source: &str, text: &str) -> Result<Vec<Transcript>> {
    let mut out: Vec<Transcript> = Vec::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    // Per conversation: turn number → the line it was first seen on.
    let mut seen: Vec<HashMap<u64, usize>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let raw = if i == 0 {
            raw.strip_prefix('\u{FEFF}').unwrap_or(raw)
        } else {
            raw
        };
        if raw.trim().is_empty() {
            continue;
        }
        let err = |problem: String| Error::parse(source, line, problem);
        let value: Value =
            serde_json::from_str(raw).map_err(|e| err(format!("not valid JSON: {e}")))?;
        let Value::Object(obj) = value else {
            return Err(err(format!(
                "expected a JSON object with conversation_id, turn, speaker and text, found {}",
                kind_of(&value)
            )));
        };
        let field = |name: &str| {
            obj.get(name)
                .ok_or_else(|| err(format!("missing field `{name}`")))
        };
        let id = match field("conversation_id")? {
            Value::String(s) => s.clone(),
            Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
            other => {
                return Err(err(format!(
                    "`conversation_id` must be a string or an integer, found {}",
                    kind_of(other)
                )))
            }
        };
        let number = match field("turn")? {
            Value::Number(n) if n.is_u64() => n.as_u64().unwrap_or_default(),
            other => {
                return Err(err(format!(
                    "`turn` must be a non-negative integer, found {}",
                    kind_of(other)
                )))
            }
        };
        let speaker: Speaker = match field("speaker")? {
            Value::String(s) => s.parse().map_err(|_| {
                err(format!(
                    "unknown speaker `{}` (expected customer or agent)",
                    s.trim()
                ))
            })?,
            other => {
                return Err(err(format!(
                    "`speaker` must be a string, found {}",
                    kind_of(other)
                )))
            }
        };
        let text = match field("text")? {
            Value::String(s) => s.clone(),
            other => {
                return Err(err(format!(
                    "`text` must be a string, found {}",
                    kind_of(other)
                )))
            }
        };
        let at = *by_id.entry(id.clone()).or_insert_with(|| {
            out.push(Transcript {
                id: id.clone(),
                turns: Vec::new(),
                numbers: Vec::new(),
                lines: Vec::new(),
            });
            seen.push(HashMap::new());
            out.len() - 1
        });
        if let Some(first) = seen[at].insert(number, line) {
            return Err(err(format!(
                "duplicate turn {number} in conversation `{id}` (first on line {first})"
            )));
        }
        let t = &mut out[at];
        t.turns.push(Turn { speaker, text });
        t.numbers.push(number);
        t.lines.push(line);
    }
    for t in &mut out {
        let mut order: Vec<usize> = (0..t.turns.len()).collect();
        order.sort_by_key(|&i| t.numbers[i]);
        t.turns = order.iter().map(|&i| t.turns[i].clone()).collect();
        t.numbers = order.iter().map(|&i| t.numbers[i]).collect();
        t.lines = order.iter().map(|&i| t.lines[i]).collect();
    }
    Ok(out)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_transcripts("t.jsonl", text).unwrap_err().to_string()
    }

    #[test]
    fn groups_in_order_of_first_appearance_and_sorts_by_turn() {
        let text = concat!(
            "{\"conversation_id\": 7, \"turn\": 3, \"speaker\": \"Customer\", \"text\": \"c\"}\n",
            "\n",
            "{\"conversation_id\": \"x\", \"turn\": 0, \"speaker\": \"agent\", \"text\": \"x0\", \"labels\": []}\n",
            "{\"conversation_id\": 7, \"turn\": 1, \"speaker\": \"customer\", \"text\": \"a\"}\n",
            "{\"conversation_id\": 7, \"turn\": 2, \"speaker\": \"agent\", \"text\": \"b\"}\n",
        );
        let ts = parse_transcripts("t.jsonl", text).unwrap();
        assert_eq!(ts.len(), 2);
        assert_eq!(ts[0].id, "7");
        let texts: Vec<&str> = ts[0].turns.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["a", "b", "c"]);
        assert_eq!(ts[0].numbers, [1, 2, 3]);
        assert_eq!(ts[0].lines, [4, 5, 1]);
        assert_eq!(ts[1].turns, [Turn::agent("x0")]);
    }

    #[test]
    fn errors_name_the_line_and_problem() {
        let ok = r#"{"conversation_id": "a", "turn": 1, "speaker": "customer", "text": "hi"}"#;
        assert!(err(&format!("{ok}\n{{oops")).starts_with("t.jsonl:2: not valid JSON: "));
        assert_eq!(
            err("[1, 2]"),
            "t.jsonl:1: expected a JSON object with conversation_id, turn, speaker and text, found an array"
        );
        assert_eq!(
            err(r#"{"conversation_id": "a", "turn": 1, "text": "hi"}"#),
            "t.jsonl:1: missing field `speaker`"
        );
        assert_eq!(
            err(r#"{"turn": 1, "speaker": "agent", "text": "hi"}"#),
            "t.jsonl:1: missing field `conversation_id`"
        );
        assert_eq!(
            err(r#"{"conversation_id": "a", "turn": -1, "speaker": "agent", "text": "hi"}"#),
            "t.jsonl:1: `turn` must be a non-negative integer, found a number"
        );
        assert_eq!(
            err(r#"{"conversation_id": "a", "turn": 1, "speaker": "bot", "text": "hi"}"#),
            "t.jsonl:1: unknown speaker `bot` (expected customer or agent)"
        );
        assert_eq!(
            err(r#"{"conversation_id": "a", "turn": 1, "speaker": "agent", "text": null}"#),
            "t.jsonl:1: `text` must be a string, found null"
        );
        assert_eq!(
            err(&format!("{ok}\n\n{ok}")),
            "t.jsonl:3: duplicate turn 1 in conversation `a` (first on line 1)"
        );
    }
}
