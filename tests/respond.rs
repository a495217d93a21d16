//! Reply suggestions: recipes, variation, context, packs and their errors.

use std::collections::HashSet;

use emocue::respond::{Context, Conversation, Placeholder, Responder, Strategy, Suggestion};
use emocue::{Analysis, Detector, Emotion, EmotionMap, Error, Intensity};
use proptest::prelude::*;

const LEVELS: [Intensity; 3] = [Intensity::Low, Intensity::Medium, Intensity::High];
const ALL_LEVELS: [Intensity; 4] = [
    Intensity::None,
    Intensity::Low,
    Intensity::Medium,
    Intensity::High,
];

fn one(emotion: Emotion, intensity: Intensity) -> Analysis {
    let mut m = EmotionMap::splat(Intensity::None);
    m[emotion] = intensity;
    Analysis::from_intensities(format!("{emotion} {intensity}"), m)
}

fn full_context() -> Context {
    Context::new()
        .customer_name("Ana")
        .agent_name("Sam")
        .company("Acme")
        .issue("the refund for order 1234")
        .product("the mobile app")
        .timeframe("by 5pm today")
        .ticket("#4821")
}

/// Every way a finished reply could look broken.
fn assert_clean(text: &str, why: &str) {
    assert!(!text.is_empty(), "empty reply ({why})");
    assert_eq!(
        text.trim(),
        text,
        "surrounding white space ({why}): {text:?}"
    );
    for bad in ["{", "}", "Hi ,", "Hello ,", "Dear ,", "  ", " \n", "\n "] {
        assert!(!text.contains(bad), "{bad:?} in ({why}): {text:?}");
    }
    for p in [".", ",", "!", "?", ";", ":"] {
        assert!(
            !text.contains(&format!(" {p}")),
            "space before {p:?} ({why}): {text:?}"
        );
    }
    assert!(!text.contains("\n\n\n"), "blank lines ({why}): {text:?}");
}

fn strategies(s: &Suggestion) -> Vec<Strategy> {
    s.strategies().collect()
}

#[test]
fn every_emotion_and_intensity_has_three_varied_suggestions() {
    let r = Responder::default();
    for ctx in [Context::new(), full_context()] {
        for e in Emotion::ALL {
            for i in LEVELS {
                let a = one(e, i);
                let mut conv = Conversation::new();
                let texts: HashSet<String> = (0..3)
                    .map(|_| r.suggest_in(&mut conv, &a, &ctx).text)
                    .collect();
                assert_eq!(texts.len(), 3, "{e} {i}: {texts:#?}");
                // And each body part varies too, not only the greeting.
                let mut conv = Conversation::new();
                let parts: Vec<Vec<String>> = (0..3)
                    .map(|_| {
                        r.suggest_in(&mut conv, &a, &ctx)
                            .parts
                            .into_iter()
                            .map(|p| p.template)
                            .collect()
                    })
                    .collect();
                for k in 0..parts[0].len() {
                    let distinct: HashSet<&String> = parts.iter().map(|p| &p[k]).collect();
                    assert_eq!(distinct.len(), 3, "{e} {i} part {k}: {parts:?}");
                }
            }
        }
    }
}

#[test]
fn real_messages_get_their_recipe() {
    let d = Detector::default();
    let r = Responder::default();
    let ctx = full_context();
    let cases: &[(&str, Emotion, &[Strategy])] = &[
        (
            "This is the THIRD time I've asked and it still doesn't work!!",
            Emotion::Frustration,
            &[Strategy::Acknowledge, Strategy::Apologise, Strategy::Inform],
        ),
        (
            "This is UNACCEPTABLE, you people are useless and I want a refund NOW!!!",
            Emotion::Anger,
            &[Strategy::Acknowledge, Strategy::Apologise, Strategy::Inform],
        ),
        (
            "I don't understand what this setting does, it makes no sense to me",
            Emotion::Confusion,
            &[Strategy::Clarify, Strategy::Inform],
        ),
        (
            "I'm really worried I've lost all my photos",
            Emotion::Anxiety,
            &[Strategy::Reassure, Strategy::Inform, Strategy::FollowUp],
        ),
    ];
    for (text, emotion, wanted) in cases {
        let a = d.analyze(text);
        assert_eq!(a.primary(), Some(*emotion), "{text}");
        let s = r.suggest(&a, &ctx);
        let got = strategies(&s);
        for w in *wanted {
            assert!(got.contains(w), "{text}: {got:?}");
        }
        assert_eq!(got.first(), Some(&Strategy::Greet));
        assert_eq!(got.last(), Some(&Strategy::SignOff));
        assert!(
            s.text.starts_with("Hi Ana,")
                || s.text.starts_with("Hello Ana,")
                || s.text.starts_with("Dear Ana,")
        );
        assert_clean(&s.text, text);
        assert!(
            r.review(&s.text, &a).is_clean(),
            "{text}: {:?}",
            r.review(&s.text, &a)
        );
    }
}

#[test]
fn high_anger_offers_a_human_last_and_frustration_a_dated_step() {
    let r = Responder::default();
    let s = r.suggest(&one(Emotion::Anger, Intensity::High), &Context::new());
    let got = strategies(&s);
    assert_eq!(got[got.len() - 2], Strategy::OfferHuman, "{got:?}");
    let low = r.suggest(&one(Emotion::Anger, Intensity::Low), &Context::new());
    assert!(!strategies(&low).contains(&Strategy::OfferHuman));

    for i in LEVELS {
        let mut conv = Conversation::new();
        for _ in 0..5 {
            let s = r.suggest_in(&mut conv, &one(Emotion::Frustration, i), &Context::new());
            let inform = s
                .parts
                .iter()
                .find(|p| p.strategy == Strategy::Inform)
                .unwrap();
            assert!(
                ["today", "working day", "hours"]
                    .iter()
                    .any(|w| inform.text.contains(w)),
                "no time frame: {}",
                inform.text
            );
            let s = r.suggest_in(
                &mut conv,
                &one(Emotion::Frustration, i),
                &Context::new().timeframe("by Friday noon"),
            );
            let inform = s
                .parts
                .iter()
                .find(|p| p.strategy == Strategy::Inform)
                .unwrap();
            assert!(
                ["today", "working day", "hours", "by Friday noon"]
                    .iter()
                    .any(|w| inform.text.contains(w)),
                "no time frame: {}",
                inform.text
            );
        }
    }
}

#[test]
fn rising_anger_in_a_conversation_offers_a_human() {
    let r = Responder::default();
    let ctx = Context::new();
    let mut conv = Conversation::new();
    let low = r.suggest_in(&mut conv, &one(Emotion::Anger, Intensity::Low), &ctx);
    assert!(!strategies(&low).contains(&Strategy::OfferHuman));
    let medium = r.suggest_in(&mut conv, &one(Emotion::Anger, Intensity::Medium), &ctx);
    assert!(
        strategies(&medium).contains(&Strategy::OfferHuman),
        "{}",
        medium.text
    );
    let again = r.suggest_in(&mut conv, &one(Emotion::Anger, Intensity::Medium), &ctx);
    assert!(!strategies(&again).contains(&Strategy::OfferHuman));
    // A first message at medium is not "rising".
    let first = r.suggest(&one(Emotion::Anger, Intensity::Medium), &ctx);
    assert!(!strategies(&first).contains(&Strategy::OfferHuman));
}

#[test]
fn responders_are_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Responder>();
    check::<Conversation>();
}

#[test]
fn several_emotions_compose_one_reply_without_repeats() {
    let r = Responder::default();
    let mut m = EmotionMap::splat(Intensity::None);
    m[Emotion::Frustration] = Intensity::Medium;
    m[Emotion::Anger] = Intensity::High;
    m[Emotion::Confusion] = Intensity::Low;
    m[Emotion::Anxiety] = Intensity::Low;
    let a = Analysis::from_intensities("all of it", m);
    let s = r.suggest(&a, &full_context());
    let got = strategies(&s);
    let mut sorted = got.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(got, sorted, "in order, each once: {got:?}");
    assert_eq!(
        got,
        [
            Strategy::Greet,
            Strategy::Acknowledge,
            Strategy::Apologise,
            Strategy::Reassure,
            Strategy::Clarify,
            Strategy::Inform,
            Strategy::FollowUp,
            Strategy::OfferHuman,
            Strategy::SignOff
        ]
    );
    // The strongest emotion speaks first.
    assert_eq!(s.parts[1].emotion, Some(Emotion::Anger));
    assert_eq!(s.text.matches('?').count(), 1, "{}", s.text);
    for p in &s.parts {
        assert_eq!(&s.text[p.span.clone()], p.text);
    }
}

#[test]
fn calm_gets_a_plain_reply() {
    let r = Responder::default();
    let a = Detector::default().analyze("Please can you tell me how to change my billing address.");
    assert!(a.is_calm());
    let s = r.suggest(&a, &Context::new().issue("your billing address"));
    assert_eq!(
        strategies(&s),
        [Strategy::Greet, Strategy::Inform, Strategy::SignOff]
    );
    assert_eq!(s.empathy().count(), 0);
    assert!(s.parts.iter().all(|p| p.emotion.is_none()));
    assert!(r.review(&s.text, &a).is_clean());
}

#[test]
fn suggestions_are_deterministic() {
    let r = Responder::default();
    let a = one(Emotion::Anxiety, Intensity::Medium);
    let ctx = full_context();
    assert_eq!(r.suggest(&a, &ctx), r.suggest(&a, &ctx));
    let run = || {
        let mut conv = Conversation::new();
        (0..6)
            .map(|_| r.suggest_in(&mut conv, &a, &ctx).text)
            .collect::<Vec<_>>()
    };
    assert_eq!(run(), run());
    assert_eq!(r.suggest(&a, &ctx), Responder::default().suggest(&a, &ctx));
}

#[test]
fn no_template_repeats_until_its_variants_are_used_up() {
    let r = Responder::default();
    // (With only names, no part's choice changes what the others can use.)
    for ctx in [
        Context::new(),
        Context::new().customer_name("Ana").agent_name("Sam"),
    ] {
        for e in Emotion::ALL {
            for i in LEVELS {
                let a = one(e, i);
                let first = r.suggest(&a, &ctx);
                for (k, part) in first.parts.iter().enumerate() {
                    // How many variants this part has with this context.
                    let n = r
                        .templates()
                        .iter()
                        .filter(|t| {
                            t.strategy() == part.strategy
                                && t.fits(i)
                                && match t.audience() {
                                    emocue::respond::Audience::Emotion(x) => x == e,
                                    emocue::respond::Audience::Any => true,
                                    emocue::respond::Audience::Calm => false,
                                }
                                && t.placeholders().all(|p| ctx.get(p).is_some())
                                // Greetings and sign-offs name the person when they can.
                                && match part.strategy {
                                    Strategy::Greet if ctx.get(Placeholder::CustomerName).is_some() => {
                                        t.placeholders().any(|p| p == Placeholder::CustomerName)
                                    }
                                    Strategy::SignOff if ctx.get(Placeholder::AgentName).is_some() => {
                                        t.placeholders().any(|p| p == Placeholder::AgentName)
                                    }
                                    _ => true,
                                }
                        })
                        .count();
                    let mut conv = Conversation::new();
                    let ids: Vec<String> = (0..2 * n)
                        .map(|_| r.suggest_in(&mut conv, &a, &ctx).parts[k].template.clone())
                        .collect();
                    let distinct: HashSet<&String> = ids[..n].iter().collect();
                    assert_eq!(distinct.len(), n, "{e} {i} {}: {ids:?}", part.strategy);
                    assert_eq!(ids[..n], ids[n..], "then the same cycle again");
                }
            }
        }
    }
}

#[test]
fn each_value_is_used_by_one_part_at_most() {
    let r = Responder::default();
    let ctx = full_context();
    for e in Emotion::ALL {
        for i in LEVELS {
            let mut conv = Conversation::new();
            for _ in 0..6 {
                let s = r.suggest_in(&mut conv, &one(e, i), &ctx);
                for v in [
                    "the refund for order 1234",
                    "by 5pm today",
                    "#4821",
                    "Acme",
                    "the mobile app",
                ] {
                    assert!(s.text.matches(v).count() <= 1, "{v} twice: {}", s.text);
                }
            }
        }
    }
}

#[test]
fn a_conversation_remembers_a_bounded_number_of_templates() {
    let r = Responder::default();
    let mut conv = Conversation::new();
    let mut m = EmotionMap::splat(Intensity::None);
    for turn in 0..400 {
        for (k, e) in Emotion::ALL.into_iter().enumerate() {
            m[e] = ALL_LEVELS[(turn + k) % 4];
        }
        r.suggest_in(
            &mut conv,
            &Analysis::from_intensities("x", m),
            &full_context(),
        );
    }
    assert_eq!(conv.turns(), 400);
    let size = format!("{conv:?}").matches('(').count();
    assert!(size <= Conversation::MEMORY, "{size}");
}

#[test]
fn missing_values_select_variants_that_do_not_need_them() {
    let r = Responder::default();
    let ctx = Context::new()
        .customer_name("")
        .agent_name("   ")
        .issue("{ } .");
    assert_eq!(ctx, Context::new());
    for e in Emotion::ALL {
        for i in LEVELS {
            let mut conv = Conversation::new();
            for _ in 0..8 {
                let s = r.suggest_in(&mut conv, &one(e, i), &ctx);
                assert_clean(&s.text, "empty context");
                for p in &s.parts {
                    let t = r.templates().iter().find(|t| t.id() == p.template).unwrap();
                    assert_eq!(t.placeholders().count(), 0, "{}", t.id());
                }
            }
        }
    }
    let s = r.suggest(
        &one(Emotion::Anger, Intensity::High),
        &Context::new().agent_name("Sam"),
    );
    assert!(s.text.ends_with(", Sam"), "{}", s.text);
    let s = r.suggest(
        &one(Emotion::Anger, Intensity::High),
        &Context::new().customer_name("Ana Lucía  "),
    );
    assert!(s.text.contains("Ana Lucía,"), "{}", s.text);
}

fn combos() -> impl proptest::strategy::Strategy<Value = (EmotionMap<Intensity>, [bool; 7], u8)> {
    use proptest::strategy::Strategy as _;
    (
        proptest::array::uniform4(0usize..4),
        proptest::array::uniform7(any::<bool>()),
        1u8..6,
    )
        .prop_map(|(levels, present, turns)| {
            let m = EmotionMap::from_fn(|e| ALL_LEVELS[levels[e.index()]]);
            (m, present, turns)
        })
}

const VALUES: [&str; 7] = [
    "Ana",
    "Sam",
    "Acme",
    "the refund for order 1234",
    "the mobile app",
    "by 5pm today",
    "#4821",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn replies_are_well_formed_for_every_context_and_combination(
        (m, present, turns) in combos(),
        messy in any::<bool>(),
    ) {
        let r = Responder::default();
        let mut ctx = Context::new();
        for (p, on) in Placeholder::ALL.into_iter().zip(present) {
            if on {
                let v = VALUES[p as usize];
                ctx = ctx.set(p, if messy { format!("  {v} .") } else { v.to_owned() });
            }
        }
        let a = Analysis::from_intensities("message", m);
        let mut conv = Conversation::new();
        for _ in 0..turns {
            let s = r.suggest_in(&mut conv, &a, &ctx);
            assert_clean(&s.text, &format!("{m:?} {present:?}"));
            let got = strategies(&s);
            prop_assert_eq!(got.first(), Some(&Strategy::Greet));
            prop_assert_eq!(got.last(), Some(&Strategy::SignOff));
            prop_assert!(got.windows(2).all(|w| w[0] < w[1]), "{:?}", got);
            prop_assert!(s.text.matches('?').count() <= 1);
            if a.is_calm() {
                prop_assert_eq!(s.empathy().count(), 0);
            }
            for (p, on) in Placeholder::ALL.into_iter().zip(present) {
                if on && p == Placeholder::CustomerName {
                    prop_assert!(s.text.starts_with("Hi Ana,") || s.text.starts_with("Hello Ana,") || s.text.starts_with("Dear Ana,"), "{}", s.text);
                }
            }
            let review = r.review(&s.text, &a);
            prop_assert!(review.is_clean(), "{}\n{:?}", s.text, review);
        }
    }
}

// ---- Packs ----------------------------------------------------------------

fn pack_err(text: &str) -> String {
    Responder::builder()
        .pack("mine.tsv", text)
        .map(|_| ())
        .unwrap_err()
        .to_string()
}

#[test]
fn pack_errors_name_file_line_and_entry() {
    assert_eq!(
        pack_err("# mine\n\nx-1\tanger\thigh\tapologise\tI'm sorry, {nam}."),
        "mine.tsv:3: template `x-1`: unknown placeholder `{nam}` (expected {customer_name}, {agent_name}, {company}, {issue}, {product}, {timeframe}, {ticket})"
    );
    assert_eq!(
        pack_err("x-2\tanger\thigh\tapologise\t   "),
        "mine.tsv:1: template `x-2`: empty template text"
    );
    assert!(pack_err("x-3\tanger\thigh\tapologise")
        .starts_with("mine.tsv:1: expected 5 tab-separated fields"));
    assert!(pack_err("x-4\trage\thigh\tapologise\tSorry.")
        .starts_with("mine.tsv:1: template `x-4`: unknown emotion `rage`"));
    assert!(pack_err("x-5\tanger\textreme\tapologise\tSorry.")
        .starts_with("mine.tsv:1: template `x-5`: unknown intensity `extreme`"));
    assert!(pack_err("x-6\tanger\thigh\tgrovel\tSorry.")
        .starts_with("mine.tsv:1: template `x-6`: unknown strategy `grovel`"));
    assert!(pack_err("x-7\tanger\thigh\tapologise\tSorry {issue.").contains("`{` without `}`"));
    assert!(pack_err("x-8\tcalm\thigh\tinform\tOK.").contains("calm customer has no intensity"));
    assert!(pack_err("x-9\tanger\thigh\tinform\tShall I call you?")
        .contains("only clarify templates ask a question"));
    assert!(pack_err("x-10\tconfusion\thigh\tclarify\tI see.").contains("exactly one question"));
    assert!(pack_err("x 11\tanger\thigh\tinform\tOK.").contains("template id `x 11`"));
    assert_eq!(
        pack_err("x-12\tanger\thigh\tinform\tOK.\nx-12\tanger\tlow\tinform\tFine."),
        "mine.tsv:2: template id `x-12` is already used on line 1"
    );
    let e = pack_err(
        "x-13\tany\tany\tapologise\tWe are sorry for any inconvenience this may have caused.",
    );
    assert!(
        e.starts_with(
            "mine.tsv:1: template `x-13`: `sorry for any inconvenience this may have caused` is diluted apology"
        ),
        "{e}"
    );
}

#[test]
fn a_pack_missing_a_required_strategy_is_an_error() {
    // Everything for calm, nothing for the emotions.
    let pack =
        "g\tany\tany\tgreet\tHello,\ns\tany\tany\tsign_off\tBye\nc\tcalm\tany\tinform\tOn it.\n";
    let err = Responder::builder()
        .pack("small.tsv", pack)
        .unwrap()
        .replace_defaults()
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Pack { .. }));
    assert_eq!(
        err.to_string(),
        "small.tsv: missing strategy acknowledge for frustration at low intensity: no template for it without placeholders, which a reply with an empty context needs"
    );
    // A template that needs a value does not cover the empty context.
    let pack = pack.replace("Hello,", "Hello {customer_name},");
    let err = Responder::builder()
        .pack("small.tsv", &pack)
        .unwrap()
        .replace_defaults()
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("missing strategy greet for a calm customer"),
        "{err}"
    );
    // Replacing a default by id with one that needs a value can break it too.
    let err = Responder::builder()
        .pack("mine.tsv", "calm-inform-1\tcalm\tany\tinform\tOn {issue}.\ncalm-inform-4\tcalm\tany\tinform\tOn {issue}.")
        .unwrap()
        .build()
        .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "data/replies/en.tsv, mine.tsv: missing strategy inform for a calm customer"
        ),
        "{err}"
    );
}

/// A complete pack: one placeholder-free template per strategy, for all.
const MINIMAL: &str = "\
g\tany\tany\tgreet\tGreetings,
s\tany\tany\tsign_off\tFarewell
ack\tany\tany\tacknowledge\tI understand.
apo\tany\tany\tapologise\tI apologise.
rea\tany\tany\treassure\tYou are safe.
cla\tany\tany\tclarify\tGood question: which one?
inf\tany\tany\tinform\tI will reply by noon.
fol\tany\tany\tfollow_up\tI will check back.
hum\tany\tany\toffer_human\tA person can call you.
";

#[test]
fn packs_replace_or_extend_the_defaults() {
    let r = Responder::builder()
        .pack("minimal.tsv", MINIMAL)
        .unwrap()
        .replace_defaults()
        .build()
        .unwrap();
    assert_eq!(r.templates().len(), 9);
    let s = r.suggest(&one(Emotion::Anger, Intensity::High), &full_context());
    assert_eq!(
        s.text,
        "Greetings,\n\nI understand. I apologise. I will reply by noon. A person can call you.\n\nFarewell"
    );

    // Extending: a new id joins, an existing id is replaced.
    let r = Responder::builder()
        .pack(
            "mine.tsv",
            "greet-hi\tany\tany\tgreet\tHey,\nnew-1\tcalm\tany\tinform\tNoted.",
        )
        .unwrap()
        .build()
        .unwrap();
    let default = Responder::default();
    assert_eq!(r.templates().len(), default.templates().len() + 1);
    let hi = r.templates().iter().find(|t| t.id() == "greet-hi").unwrap();
    assert_eq!(hi.text(), "Hey,");
}

#[cfg(feature = "serde")]
#[test]
fn json_packs_parse_and_errors_name_the_entry_line() {
    let json = r#"[
  {"id": "g", "emotion": "any", "strategy": "greet", "text": "Greetings,"},
  {"id": "x", "emotion": "anger", "intensity": "high", "strategy": "apologise", "text": "Sorry, {who}."}
]"#;
    let err = Responder::builder()
        .pack_json("mine.json", json)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("mine.json:3: template `x`: unknown placeholder `{who}`"),
        "{err}"
    );
    let err = Responder::builder()
        .pack_json("bad.json", "[{\"id\": 1}]")
        .unwrap_err();
    assert!(err.to_string().starts_with("bad.json:1: "), "{err}");
    let json = r#"[{"id": "e", "emotion": "any", "strategy": "inform", "text": ""}]"#;
    let err = Responder::builder().pack_json("e.json", json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "e.json:1: template `e`: empty template text"
    );

    let as_json: Vec<serde_json::Value> = MINIMAL
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            serde_json::json!({"id": f[0], "emotion": f[1], "intensity": f[2], "strategy": f[3], "text": f[4]})
        })
        .collect();
    let r = Responder::builder()
        .pack_json(
            "minimal.json",
            &serde_json::to_string_pretty(&as_json).unwrap(),
        )
        .unwrap()
        .replace_defaults()
        .build()
        .unwrap();
    assert_eq!(r.templates().len(), 9);
    let s = r.suggest(&one(Emotion::Confusion, Intensity::Low), &Context::new());
    assert_eq!(
        s.text,
        "Greetings,\n\nGood question: which one? I will reply by noon.\n\nFarewell"
    );
    let round: serde_json::Value = serde_json::to_value(&s).unwrap();
    assert_eq!(round["parts"][1]["strategy"], "clarify");
}

#[test]
fn custom_review_phrases_apply_to_reviews_and_later_packs() {
    let r = Responder::builder()
        .review_phrases(
            "extra.tsv",
            "dismissive\tchill\tIt minimises.\tName the feeling.",
        )
        .unwrap();
    let err = r
        .clone()
        .pack("mine.tsv", "x\tany\tany\tinform\tChill, it will be fine.")
        .unwrap_err();
    assert!(err.to_string().contains("`Chill` is dismissive"), "{err}");
    let r = r.build().unwrap();
    let customer = one(Emotion::Anger, Intensity::High);
    let review = r.review("I'm sorry. Chill, it will be fine.", &customer);
    assert_eq!(review.findings.len(), 1);
    assert_eq!(review.findings[0].span, 11..16);
    let err = Responder::builder()
        .review_phrases("extra.tsv", "dismissive\tchill")
        .unwrap_err();
    assert!(
        err.to_string().starts_with("extra.tsv:1: expected 4"),
        "{err}"
    );
}
