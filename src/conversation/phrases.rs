//! The conversation phrase tables (`data/conversation/*.tsv`): which support
//! cues are escalation signals, and which phrases say that a problem is
//! resolved.
//!
//! Each table is compiled into a small private [`Detector`] whose four
//! emotion slots stand for the table's kinds, so that phrases are folded,
//! matched (with `*` and `<num>`) and negated exactly as the lexicon's are.

use std::ops::Range;

use once_cell::sync::Lazy;

use super::{EscalationKind, ResolutionKind};
use crate::detect::DEFAULT_MODIFIERS;
use crate::lexicon::LexiconEntry;
use crate::{Analysis, CueKind, Detector, DetectorBuilder, Emotion, Error, Result};

/// The escalation table, by file name.
pub(crate) const ESCALATION: (&str, &str) = (
    "data/conversation/escalation.tsv",
    include_str!("../../data/conversation/escalation.tsv"),
);

/// The resolution table, by file name.
pub(crate) const RESOLUTION: (&str, &str) = (
    "data/conversation/resolution.tsv",
    include_str!("../../data/conversation/resolution.tsv"),
);

/// Escalation kinds of the table, with the emotion slot each is compiled
/// into.
const ESCALATION_KINDS: [(&str, Emotion, EscalationKind); 3] = [
    (
        "human",
        Emotion::Frustration,
        EscalationKind::HumanRequested,
    ),
    ("cancel", Emotion::Anger, EscalationKind::CancelThreatened),
    (
        "repeat",
        Emotion::Confusion,
        EscalationKind::RepeatedContact,
    ),
];

/// Resolution kinds of the table, with their slots; the first found wins.
const RESOLUTION_KINDS: [(&str, Emotion, ResolutionKind); 2] = [
    ("fixed", Emotion::Frustration, ResolutionKind::Fixed),
    ("thanks", Emotion::Anger, ResolutionKind::Thanks),
];

static ESCALATION_MATCHER: Lazy<Detector> = Lazy::new(|| {
    compile(ESCALATION.0, ESCALATION.1, &slots(&ESCALATION_KINDS))
        .unwrap_or_else(|e| panic!("emocue's embedded data is invalid: {e}"))
});

static RESOLUTION_MATCHER: Lazy<Detector> = Lazy::new(|| {
    compile(RESOLUTION.0, RESOLUTION.1, &slots(&RESOLUTION_KINDS))
        .unwrap_or_else(|e| panic!("emocue's embedded data is invalid: {e}"))
});

fn slots<K>(kinds: &[(&'static str, Emotion, K)]) -> Vec<(&'static str, Emotion)> {
    kinds.iter().map(|(name, slot, _)| (*name, *slot)).collect()
}

/// Parses a `phrase<TAB>kind` table into lexicon entries, each kind's
/// phrases in its emotion slot. Errors name `source:line`.
pub(crate) fn parse_table(
    source: &str,
    text: &str,
    kinds: &[(&str, Emotion)],
) -> Result<Vec<LexiconEntry>> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [phrase, kind] = fields[..] else {
            return Err(Error::parse(
                source,
                i + 1,
                format!(
                    "expected 2 tab-separated fields (phrase, kind), found {}",
                    fields.len()
                ),
            ));
        };
        if phrase.is_empty() {
            return Err(Error::parse(source, i + 1, "empty phrase"));
        }
        let Some((_, slot)) = kinds.iter().find(|(name, _)| *name == kind) else {
            let names: Vec<&str> = kinds.iter().map(|(n, _)| *n).collect();
            return Err(Error::parse(
                source,
                i + 1,
                format!("unknown kind `{kind}` (expected {})", names.join(", ")),
            ));
        };
        crate::lexicon::phrase_key_checked(phrase)
            .map_err(|e| Error::parse(source, i + 1, e.to_string()))?;
        out.push(LexiconEntry::new(phrase, *slot, 1.0));
    }
    Ok(out)
}

/// A matcher for a table: its phrases in their slots, with the embedded
/// modifiers (negators, numbers, …).
pub(crate) fn compile(source: &str, text: &str, kinds: &[(&str, Emotion)]) -> Result<Detector> {
    let mut b = DetectorBuilder::empty().add_modifiers(DEFAULT_MODIFIERS.0, DEFAULT_MODIFIERS.1)?;
    for e in parse_table(source, text, kinds)? {
        b = b.add_entry(e);
    }
    b.build()
}

/// The escalation signals among the customer's support cues: for each
/// support cue that counts (not negated) and whose whole text is a phrase
/// of the escalation table, its kind and span. At most one per kind, the
/// first in the text.
pub(crate) fn support_signals(a: &Analysis) -> Vec<(EscalationKind, Range<usize>)> {
    let mut found: Vec<(EscalationKind, Range<usize>)> = Vec::new();
    let mut scratch = Analysis::default();
    for cue in a.cues() {
        if cue.kind != CueKind::Support || cue.weight <= 0.0 {
            continue;
        }
        let piece = &a.text()[cue.span.clone()];
        ESCALATION_MATCHER.analyze_into(piece, &mut scratch);
        for (_, slot, kind) in ESCALATION_KINDS {
            let whole = scratch
                .cues_for(slot)
                .any(|c| c.span.start == 0 && c.span.end == piece.len());
            if whole && !found.iter().any(|(k, _)| *k == kind) {
                found.push((kind, cue.span.clone()));
            }
        }
    }
    found
}

/// The first resolution phrase of `text` that is not negated, with its
/// kind ([`ResolutionKind::Fixed`] before [`ResolutionKind::Thanks`]) and
/// span.
pub(crate) fn resolution(text: &str) -> Option<(ResolutionKind, Range<usize>)> {
    let a = RESOLUTION_MATCHER.analyze(text);
    RESOLUTION_KINDS.iter().find_map(|(_, slot, kind)| {
        a.cues_for(*slot)
            .find(|c| c.weight > 0.0)
            .map(|c| (*kind, c.span.clone()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_compile() {
        assert!(!ESCALATION_MATCHER.entries().is_empty());
        assert!(!RESOLUTION_MATCHER.entries().is_empty());
    }

    #[test]
    fn every_escalation_phrase_is_a_support_pattern_of_the_lexicon() {
        let d = Detector::default();
        let entries = parse_table(ESCALATION.0, ESCALATION.1, &slots(&ESCALATION_KINDS)).unwrap();
        for e in entries {
            let key = crate::lexicon::phrase_key_checked(&e.phrase).unwrap();
            let found = d.entries().iter().any(|l| {
                l.support && crate::lexicon::phrase_key_checked(&l.phrase).as_deref() == Ok(&key)
            });
            assert!(
                found,
                "`{}` is not a support pattern of data/lexicon",
                e.phrase
            );
        }
    }

    #[test]
    fn table_errors_name_the_line_and_problem() {
        let kinds = [("human", Emotion::Frustration)];
        let err = parse_table("t.tsv", "# c\nspeak up\n", &kinds).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.tsv:2: expected 2 tab-separated fields (phrase, kind), found 1"
        );
        let err = parse_table("t.tsv", "speak up\tbot\n", &kinds).unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.tsv:1: unknown kind `bot` (expected human)"
        );
        let err = parse_table("t.tsv", "\thuman\n", &kinds).unwrap_err();
        assert_eq!(err.to_string(), "t.tsv:1: empty phrase");
    }

    #[test]
    fn support_cues_become_signals() {
        let d = Detector::default();
        let a = d.analyze(
            "This is the THIRD time. I want to speak to a manager or I cancel my subscription.",
        );
        let kinds: Vec<EscalationKind> = support_signals(&a).into_iter().map(|(k, _)| k).collect();
        assert_eq!(
            kinds,
            [
                EscalationKind::RepeatedContact,
                EscalationKind::HumanRequested,
                EscalationKind::CancelThreatened
            ]
        );
        let a = d.analyze("I've been waiting for 3 days");
        let signals = support_signals(&a);
        assert_eq!(signals.len(), 1, "{signals:?}");
        assert_eq!(signals[0].0, EscalationKind::RepeatedContact);
        let a = d.analyze("I don't want to cancel my subscription, just fix it");
        assert!(support_signals(&a).is_empty());
    }

    #[test]
    fn resolution_phrases_are_found_unless_negated() {
        let (kind, span) = resolution("Great, that fixed it. Thanks!").unwrap();
        assert_eq!(kind, ResolutionKind::Fixed);
        assert_eq!(&"Great, that fixed it. Thanks!"[span], "fixed it");
        assert_eq!(
            resolution("ok THANK YOU").unwrap().0,
            ResolutionKind::Thanks
        );
        assert_eq!(
            resolution("It’s fixed now").unwrap().0,
            ResolutionKind::Fixed
        );
        assert!(resolution("That has not resolved anything").is_none());
        assert!(resolution("I did what you said").is_none());
    }
}
