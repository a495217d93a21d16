//! Reviewing draft replies: bad drafts are flagged with the right kinds,
//! good replies with nothing.

use emocue::respond::{review, FindingKind, Responder};
use emocue::{Analysis, Detector, Emotion, EmotionMap, Intensity};
use proptest::prelude::*;

use FindingKind::*;

fn upset() -> Analysis {
    let a = Detector::default()
        .analyze("This is the THIRD time I've asked and it still doesn't work!!");
    assert!(!a.is_calm());
    a
}

fn calm() -> Analysis {
    let a = Detector::default().analyze("Please can you tell me how to change my billing address.");
    assert!(a.is_calm());
    a
}

/// Drafts to an upset customer, with the kinds each must be flagged with
/// (in order).
const BAD: &[(&str, &[FindingKind])] = &[
    (
        "Please calm down, we are looking into it.",
        &[NoAcknowledgement, Dismissive],
    ),
    ("I understand. Relax, it will be fixed soon.", &[Dismissive]),
    (
        "I'm sorry about this. You should have read the setup guide first.",
        &[Blame],
    ),
    (
        "Sorry to hear that. You didn't read the instructions, which explain it.",
        &[Blame],
    ),
    (
        "I can see the problem. If you had read the email, you would know the date.",
        &[Blame],
    ),
    (
        "That's not what I see in our system; the order shipped on time.",
        &[NoAcknowledgement, Defensive],
    ),
    (
        "As I already told you, the refund takes ten days.",
        &[NoAcknowledgement, Defensive],
    ),
    (
        "Like I said, we need the order number.",
        &[NoAcknowledgement, Defensive],
    ),
    (
        "It's our policy not to refund opened items.",
        &[NoAcknowledgement, PolicyFirst],
    ),
    (
        "Unfortunately company policy does not allow that.",
        &[NoAcknowledgement, PolicyFirst],
    ),
    (
        "I'm sorry, but you will have to wait like everyone else.",
        &[NoAcknowledgement, DilutedApology],
    ),
    (
        "We apologise for any inconvenience this may have caused.",
        &[NoAcknowledgement, DilutedApology],
    ),
    (
        "Apologies for the delay, which may have caused problems.",
        &[DilutedApology],
    ),
    (
        "I'm sorry you feel that way about our service.",
        &[NoAcknowledgement, DilutedApology],
    ),
    (
        "I understand, but the charge is correct.",
        &[NoAcknowledgement, DilutedApology],
    ),
    (
        "I don't know why it does that.",
        &[NoAcknowledgement, DeadEnd],
    ),
    (
        "Sorry this happened. There's nothing I can do, it's not my department.",
        &[DeadEnd, DeadEnd],
    ),
    (
        "Your ticket has been updated. The engineer will review it.",
        &[NoAcknowledgement],
    ),
    // Curly apostrophes, odd case, no apostrophe, line breaks.
    (
        "I’m sorry, BUT it’s OUR POLICY.",
        &[NoAcknowledgement, DilutedApology, PolicyFirst],
    ),
    (
        "i dont know\nas i already told you",
        &[NoAcknowledgement, DeadEnd, Defensive],
    ),
    (
        "That sounds frustrating. Calm\u{00A0}down though.",
        &[Dismissive],
    ),
];

/// Replies to an upset customer that must pass as they are.
const GOOD: &[&str] = &[
    "I'm sorry we've made you ask three times; that's on us. I've fixed the setting on your account and it works now. I'll check in tomorrow to make sure it stays that way.",
    "I can see why this is frustrating. I've refunded the duplicate charge, and you'll see it within 3 working days.",
    "You're right, and I apologise. The order shipped late because of a mistake on our side. I've upgraded it to next-day delivery at no cost.",
    "That sounds really stressful. Your data is safe: it is backed up every night, and I'll send you a confirmation as soon as your account is restored, by 5pm today.",
    "Good question. The export button is at the top right of the Reports page. Which format do you need?",
    "I understand how annoying this is. I'll find out what happened and get back to you by noon.",
    "Thank you for your patience with this. I've passed it to our billing team and I'll update you by the end of today.",
    "I hear you. If you'd like to talk it through, a team lead can call you this afternoon.",
    "Our refund policy allows returns within 30 days, and I'm sorry it wasn't clearer. I've started your return now.",
    "I'm sorry for the trouble with your order. I know how much you were counting on it, so I've sent a replacement today.",
    "I'm so relaxed about... no. I'm sorry: the relaxed-fit jeans were out of stock, and I've reserved your size.",
];

fn kinds(draft: &str, customer: &Analysis) -> Vec<FindingKind> {
    review(draft, customer).kinds().collect()
}

#[test]
fn bad_drafts_are_flagged_with_the_expected_kinds() {
    let customer = upset();
    for (draft, expected) in BAD {
        assert_eq!(kinds(draft, &customer), *expected, "{draft}");
    }
}

#[test]
fn good_replies_are_flagged_with_nothing() {
    let customer = upset();
    for draft in GOOD {
        let r = review(draft, &customer);
        assert!(r.is_clean(), "{draft}: {r:#?}");
    }
}

#[test]
fn a_calm_customer_needs_no_acknowledgement() {
    let customer = calm();
    assert!(review("Your new address is saved.", &customer).is_clean());
    assert_eq!(
        kinds("Relax, your new address is saved.", &customer),
        [Dismissive]
    );
}

#[test]
fn findings_point_at_the_phrase_and_say_why_and_what_instead() {
    let customer = upset();
    let draft = "Hello! I’m sorry, but as I already said — it’s our policy. Calm down.";
    let r = review(draft, &customer);
    let spans: Vec<(&str, FindingKind)> = r
        .findings
        .iter()
        .map(|f| (&draft[f.span.clone()], f.kind))
        .collect();
    assert_eq!(
        spans,
        [
            ("", NoAcknowledgement),
            ("sorry, but", DilutedApology),
            ("as I already said", Defensive),
            ("it’s our policy", PolicyFirst),
            ("Calm down", Dismissive),
        ]
    );
    for f in &r.findings {
        assert!(!f.why.is_empty() && !f.alternative.is_empty(), "{f:?}");
        assert!(draft.is_char_boundary(f.span.start) && draft.is_char_boundary(f.span.end));
    }
    // The missing acknowledgement suggests one for the customer's feeling.
    assert_eq!(r.findings[0].span, 0..0);
    assert!(r.findings[0].why.contains("frustration"));
    assert!(
        review(&r.findings[0].alternative, &customer).is_clean(),
        "{}",
        r.findings[0].alternative
    );
}

#[test]
fn the_acknowledgement_suggested_fits_the_emotion() {
    for e in Emotion::ALL {
        let mut m = EmotionMap::splat(Intensity::None);
        m[e] = Intensity::Medium;
        let customer = Analysis::from_intensities("x", m);
        let r = review("Your order has shipped.", &customer);
        assert_eq!(r.kinds().collect::<Vec<_>>(), [NoAcknowledgement]);
        let alt = &r.findings[0].alternative;
        assert!(!alt.is_empty() && !alt.contains('{'), "{e}: {alt}");
        assert!(review(alt, &customer).is_clean(), "{e}: {alt}");
    }
}

#[test]
fn phrases_match_whole_words_only() {
    let customer = calm();
    for draft in [
        "The relaxation setting is on.",
        "Your policy number is 1234.",
        "I know the answer: it's the blue button.",
        "We'll see the results soon; calmness helps.",
    ] {
        assert!(review(draft, &customer).is_clean(), "{draft}");
    }
}

#[test]
fn the_method_and_the_function_agree() {
    let r = Responder::default();
    let customer = upset();
    for (draft, _) in BAD {
        assert_eq!(r.review(draft, &customer), review(draft, &customer));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reviewing_any_text_is_safe_and_spans_are_on_char_boundaries(
        draft in "(\\PC|[’'\u{200B} \n.!?,]|calm down|sorry but|I don't know|policy){0,40}"
    ) {
        for customer in [upset(), calm()] {
            let r = review(&draft, &customer);
            let mut last_end = 0;
            for f in &r.findings {
                prop_assert!(f.span.start <= f.span.end && f.span.end <= draft.len());
                prop_assert!(draft.is_char_boundary(f.span.start) && draft.is_char_boundary(f.span.end));
                if f.kind != NoAcknowledgement {
                    prop_assert!(f.span.start >= last_end, "overlapping findings");
                    prop_assert!(!f.span.is_empty());
                    last_end = f.span.end;
                }
            }
        }
    }
}
