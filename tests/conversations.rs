//! Conversations we wrote, each with the escalation and hand-over turns
//! (or none), the trend, and how it ends that we expect; the agent-review
//! hook; and constant memory over a 10,000-turn conversation.

use emocue::conversation::{
    analyze_transcript, AgentFinding, ConversationSummary, EscalationKind, ResolutionKind, Speaker,
    Tracker, Trend, Turn,
};
use emocue::{Detector, Emotion};
use EscalationKind::*;

/// A transcript and what we expect of it.
struct Case {
    name: &'static str,
    /// Turns, `C: ` for the customer and `A: ` for the agent.
    turns: &'static [&'static str],
    /// The first escalation signal: turn index and kind.
    first_escalation: Option<(usize, EscalationKind)>,
    /// Every kind of escalation that must be raised somewhere.
    kinds: &'static [EscalationKind],
    /// The first turn with a hand-over recommendation.
    handover: Option<usize>,
    /// The trend as the conversation ends.
    trend: Trend,
    /// The last resolution signal: turn index and kind.
    resolution: Option<(usize, ResolutionKind)>,
    ended_calm: bool,
    /// The emotion of the highest score, and its turn.
    peak: Option<(Emotion, usize)>,
}

fn turns(lines: &[&str]) -> Vec<Turn> {
    lines
        .iter()
        .map(|l| match (l.strip_prefix("C: "), l.strip_prefix("A: ")) {
            (Some(t), _) => Turn::customer(t),
            (_, Some(t)) => Turn::agent(t),
            _ => panic!("a turn starts with `C: ` or `A: `: {l}"),
        })
        .collect()
}

const DE_ESCALATED: Case = Case {
    name: "de-escalated: a double charge, acknowledged and refunded",
    turns: &[
        "C: I was charged TWICE for order #4821 and nobody has replied to my email for three days! This is unacceptable.",
        "A: I'm really sorry about the double charge and the silence. Let me fix it now. Could you confirm the last four digits of the card?",
        "C: It's 4417. I hope this gets sorted quickly, I'm a bit worried about my rent.",
        "A: Thank you. I've refunded the duplicate charge; it will show on your card within 3 to 5 days.",
        "C: Okay, I can see the refund pending. Thank you, that's a relief.",
    ],
    // A double charge, three days of silence, CAPS and "unacceptable":
    // high anger at the first turn, which the agent then calms.
    first_escalation: Some((0, AngerHigh)),
    kinds: &[AngerHigh, RepeatedContact],
    handover: None,
    trend: Trend::Improving,
    resolution: Some((4, ResolutionKind::Thanks)),
    ended_calm: true,
    peak: Some((Emotion::Frustration, 0)),
};

const ESCALATED: Case = Case {
    name: "escalated: asked to restart the router again and again",
    turns: &[
        "C: My internet has been down since Monday.",
        "A: Sorry to hear that. Have you tried restarting the router?",
        "C: Yes, I already explained that to the last agent. It still doesn't work.",
        "A: Could you restart it once more and tell me the colour of the lights?",
        "C: This is the THIRD time I'm being asked to restart it!! It's ridiculous.",
        "A: I understand. Please try restarting it one more time.",
        "C: Are you even reading my messages? You people are useless. I want to speak to a manager NOW!!!",
        "A: I'll transfer you to a supervisor.",
    ],
    first_escalation: Some((2, RepeatedContact)),
    // Frustration does not rise: "down since Monday" is frustrated from the
    // first turn (the context model reads the wait).
    kinds: &[RepeatedContact, AngerHigh, HumanRequested],
    handover: Some(6),
    trend: Trend::Worsening,
    resolution: None,
    ended_calm: false,
    peak: Some((Emotion::Anger, 6)),
};

const CONFUSED_THEN_RESOLVED: Case = Case {
    name: "confused, then resolved: setting up two-factor authentication",
    turns: &[
        "C: Hi, I'm trying to set up two-factor authentication.",
        "A: Sure, go to Settings, then Security, and scan the QR code with your authenticator app.",
        "C: I'm confused, what QR code? I don't see any code, which option do I choose???",
        "A: Under Security, choose \"Authenticator app\" rather than \"SMS\". The QR code appears after that.",
        "C: Oh I see now, it's there. Got it working, thanks!",
    ],
    first_escalation: None,
    kinds: &[],
    handover: None,
    trend: Trend::Improving,
    resolution: Some((4, ResolutionKind::Fixed)),
    ended_calm: true,
    peak: Some((Emotion::Confusion, 2)),
};

const ANXIOUS: Case = Case {
    name: "anxious: a hacked account and a deadline",
    turns: &[
        "C: I think my account was hacked, there are logins from another country. Is my data safe?",
        "A: I understand how worrying that is. I've locked the account and signed out every session.",
        "C: Will I lose my files? I have a deadline tomorrow and everything is in there, please help.",
        "A: Your files are safe; nothing was deleted. Please set a new password with the link I just sent.",
        "C: Done, I changed it. Phew, that's a relief, thank you.",
    ],
    first_escalation: None,
    kinds: &[],
    handover: None,
    trend: Trend::Improving,
    resolution: Some((4, ResolutionKind::Thanks)),
    ended_calm: true,
    peak: Some((Emotion::Anxiety, 2)),
};

const POLITE_BUT_ANGRY: Case = Case {
    name: "polite but angry: a missed delivery, in measured words",
    turns: &[
        "C: Good afternoon. With all due respect, this is the second time my delivery has been missed.",
        "A: I'm sorry about that. I've rescheduled it for Thursday.",
        "C: I appreciate that, but I took a day off work for Thursday last week and nobody came either.",
        "A: I understand. The courier has been notified.",
        "C: Frankly, I find it unacceptable that nobody has replied to my emails for two weeks. Kindly stop telling me it has been \"notified\".",
        "A: I'm sorry, there's nothing more I can do from here.",
        "C: Then I would like to file a formal complaint and cancel my subscription. Disgraceful service.",
    ],
    first_escalation: Some((0, RepeatedContact)),
    kinds: &[RepeatedContact, AngerHigh, CancelThreatened],
    // "I find it unacceptable … Kindly stop telling me": anger is high
    // already at turn 4, before the complaint.
    handover: Some(4),
    trend: Trend::Worsening,
    resolution: None,
    ended_calm: false,
    peak: Some((Emotion::Frustration, 4)),
};

const LONG: Case = Case {
    name: "long: a plan change, a confusing invoice, a supervisor and a refund",
    turns: &[
        "C: Hello, I'd like to change my plan from Basic to Family.",
        "A: Happy to help! You can switch under Account > Plan > Change plan.",
        "C: I only see \"Upgrade to Pro\" there. Where do I find the Family option?",
        "A: Family is listed under \"More plans\" at the bottom of that page.",
        "C: Got it, I switched. Thanks.",
        "A: Great! Anything else I can help with?",
        "C: Actually yes, my invoice now shows two charges for this month, is that right?",
        "A: The first is the prorated Basic fee and the second is the Family fee.",
        "C: I don't understand, why would I pay for Basic if I switched? That makes no sense.",
        "A: Basic was active from the 1st to the 12th, so it's charged for those days.",
        "C: But the total is higher than a full month of Family. I'm confused, what am I paying for???",
        "A: Let me check your account.",
        "C: Ok.",
        "A: I'm sorry for the wait, I'm still checking with billing.",
        "C: I've been waiting for 40 minutes now. This is getting frustrating.",
        "A: Billing says the charges are correct.",
        "C: They are not correct! I was charged twice and nobody is explaining why. This is ridiculous!!",
        "A: As I said, the charges are correct according to billing.",
        "C: Are you even listening? I'm fed up with this. If this is not fixed today I will cancel my subscription.",
        "A: I understand your frustration.",
        "C: No you don't. This is the third time I'm explaining the same thing. I want to speak to a supervisor.",
        "A: Of course. I'm handing you over to my supervisor, Dana, now.",
        "A: Hi, this is Dana. I've reviewed the invoice: the Family fee was charged twice by mistake. I've refunded it.",
        "C: Finally. So what will I see on my card?",
        "A: One refund of $14.99 within 3 business days, and next month only the Family fee.",
        "C: Ok, I see the refund pending. Thank you, that fixed it.",
        "A: You're welcome, and sorry for the trouble.",
        "C: No problem, have a good day.",
    ],
    // Anger creeps up over three customer turns (a little in "why would I
    // pay for Basic", more in "what am I paying for???", labelled there).
    first_escalation: Some((10, AngerRising)),
    // Frustration is high from turn 14 on and climbs too little by turn 18
    // to count as rising again.
    kinds: &[
        RepeatedContact,
        CancelThreatened,
        AngerHigh,
        AngerRising,
        EscalationKind::AgentFinding,
        HumanRequested,
    ],
    // Forty minutes' wait (turn 14) after anger rose at turn 10: two kinds
    // of signal, time for a human.
    handover: Some(14),
    trend: Trend::Improving,
    resolution: Some((25, ResolutionKind::Fixed)),
    ended_calm: true,
    // "No you don't. This is the third time… I want to speak to a
    // supervisor": anger at 0.999, a hair above turn 8's confusion.
    peak: Some((Emotion::Anger, 20)),
};

const CASES: [&Case; 6] = [
    &DE_ESCALATED,
    &ESCALATED,
    &CONFUSED_THEN_RESOLVED,
    &ANXIOUS,
    &POLITE_BUT_ANGRY,
    &LONG,
];

fn check(case: &Case, s: &ConversationSummary) {
    let name = case.name;
    assert_eq!(s.turns, case.turns.len(), "{name}");
    let first = s.first_escalation().map(|e| (e.turn, e.kind));
    assert_eq!(first, case.first_escalation, "{name}: first escalation");
    for kind in case.kinds {
        assert!(
            s.escalations.iter().any(|e| e.kind == *kind),
            "{name}: no {kind:?} in {:#?}",
            s.escalations
        );
    }
    if case.kinds.is_empty() {
        assert!(s.escalations.is_empty(), "{name}: {:#?}", s.escalations);
    }
    assert_eq!(s.handover_turn, case.handover, "{name}: hand-over turn");
    assert_eq!(
        s.handover_reasons.is_empty(),
        case.handover.is_none(),
        "{name}"
    );
    assert_eq!(s.trend, case.trend, "{name}: trend");
    assert_eq!(
        s.resolution.as_ref().map(|r| (r.turn, r.kind)),
        case.resolution,
        "{name}: resolution"
    );
    assert_eq!(s.ended_calm, case.ended_calm, "{name}: ended calm");
    assert_eq!(
        s.peak.map(|p| (p.emotion, p.turn)),
        case.peak,
        "{name}: peak"
    );
    for e in &s.escalations {
        assert!(!e.reason.is_empty(), "{name}: {e:?}");
        let text = &case.turns[e.turn][3..];
        if let Some(span) = &e.span {
            assert!(text.get(span.clone()).is_some(), "{name}: {e:?}");
        }
    }
}

#[test]
fn transcripts_escalate_hand_over_and_trend_as_expected() {
    let d = Detector::default();
    for case in CASES {
        let summary = analyze_transcript(&d, &turns(case.turns));
        check(case, &summary);
    }
}

#[test]
fn signals_quote_the_customer() {
    let s = analyze_transcript(&Detector::default(), &turns(ESCALATED.turns));
    let human = s
        .escalations
        .iter()
        .find(|e| e.kind == HumanRequested)
        .unwrap();
    assert_eq!(human.turn, 6);
    let text = &ESCALATED.turns[6][3..];
    assert_eq!(&text[human.span.clone().unwrap()], "speak to a manager");
    assert!(
        human.reason.contains("speak to a manager"),
        "{}",
        human.reason
    );
    assert!(s
        .handover_reasons
        .contains(&"the customer asked for a human".to_owned()));
}

/// The support patterns added for threats, requests for a manager and
/// repeated contact raise their conversation signals, each quoting the
/// customer's words.
#[test]
fn threats_and_repeats_in_other_words_raise_their_signals() {
    let d = Detector::default();
    for (text, kind, quoted) in [
        (
            "Fix it today or I'll cancel my plan.",
            CancelThreatened,
            "or I'll cancel",
        ),
        (
            "I'm taking my business elsewhere.",
            CancelThreatened,
            "taking my business elsewhere",
        ),
        (
            "I will be disputing the charge with my bank.",
            CancelThreatened,
            "disputing the charge",
        ),
        ("Get me a manager.", HumanRequested, "Get me a manager"),
        (
            "I have called four times about this.",
            RepeatedContact,
            "called four times",
        ),
        ("This is my third email.", RepeatedContact, "third email"),
        (
            "I keep going in circles with your team.",
            RepeatedContact,
            "going in circles",
        ),
        (
            "you said that last week",
            RepeatedContact,
            "you said that last week",
        ),
        (
            "I explained this already",
            RepeatedContact,
            "explained this already",
        ),
        (
            "you keep transferring me",
            RepeatedContact,
            "keep transferring",
        ),
    ] {
        let s = analyze_transcript(&d, &[Turn::customer(text)]);
        let e = s.escalations.iter().find(|e| e.kind == kind);
        let e = e.unwrap_or_else(|| panic!("{text:?}: no {kind:?} in {:?}", s.escalations));
        assert_eq!(&text[e.span.clone().unwrap()], quoted, "{text:?}");
    }
    // A plain request to cancel is a cue, weak, but still a churn signal.
    let s = analyze_transcript(&d, &[Turn::customer("Please cancel my subscription.")]);
    assert!(s.escalations.iter().any(|e| e.kind == CancelThreatened));
    assert_eq!(s.handover_turn, None, "{:?}", s.handover_reasons);
}

#[test]
fn streaming_matches_the_batch_form() {
    let d = Detector::default();
    let mut tracker = Tracker::new(&d);
    let mut summary = ConversationSummary::new();
    let all = turns(LONG.turns);
    for (i, turn) in all.iter().enumerate() {
        let r = tracker.push(turn);
        assert_eq!(r.index, i);
        assert_eq!(r.speaker, turn.speaker);
        assert_eq!(r.analysis.text(), turn.text);
        if turn.speaker == Speaker::Agent {
            assert!(r.resolution.is_none());
            assert!(r
                .escalations
                .iter()
                .all(|e| e.kind == EscalationKind::AgentFinding));
        }
        summary.record(&r);
    }
    assert_eq!(summary, analyze_transcript(&d, &all));
    assert_eq!(tracker.turns(), all.len());
    assert_eq!(tracker.smoothed(), summary.smoothed);
}

#[test]
fn a_reviewed_agent_reply_escalates_and_can_tip_the_handover() {
    // What wiring a draft review looks like: the review's findings, mapped
    // to `AgentFinding`s, go in with the agent's turn.
    let mut t = Tracker::default();
    let r = t.push(&Turn::customer(
        "I've been waiting for two weeks for my refund.",
    ));
    assert_eq!(r.escalations[0].kind, RepeatedContact);
    assert!(!r.handover.recommended);
    let draft = "As I already said, refunds take time. Please calm down.";
    let calm = draft.find("calm down").unwrap();
    let findings = vec![
        AgentFinding::new("repeats \"as I already said\"").at(0..17),
        AgentFinding::new("tells the customer to calm down").at(calm..calm + 9),
    ];
    let r = t.push_agent(draft, findings);
    assert_eq!(r.speaker, Speaker::Agent);
    assert_eq!(r.escalations.len(), 2);
    assert!(r
        .escalations
        .iter()
        .all(|e| e.kind == AgentFinding && e.turn == 1));
    assert_eq!(&draft[r.escalations[1].span.clone().unwrap()], "calm down");
    assert!(r.handover.recommended, "{:?}", r.handover);
    assert!(r.handover.reasons[0].contains("agent reply flagged"));

    // Without findings, the same reply does not escalate.
    let mut t = Tracker::default();
    t.push(&Turn::customer(
        "I've been waiting for two weeks for my refund.",
    ));
    let r = t.push_agent(draft, []);
    assert!(r.escalations.is_empty() && !r.handover.recommended);
}

#[test]
fn ten_thousand_turns_stream_in_constant_memory() {
    let cycle = [
        Turn::customer("Where is my order? It's been a week."),
        Turn::agent("Let me check that for you."),
        Turn::customer("This is the third time I ask, it's ridiculous!!"),
        Turn::agent("I'm sorry, it ships tomorrow."),
        Turn::customer("I want to speak to a manager."),
        Turn::agent("Of course."),
        Turn::customer("Ok, thanks, that works."),
    ];
    let mut t = Tracker::default();
    let mut at_100 = None;
    let mut handovers = 0;
    for i in 0..10_000 {
        let r = t.push(&cycle[i % cycle.len()]);
        handovers += usize::from(r.handover.recommended);
        if i + 1 == 100 {
            at_100 = Some((t.retained_len(), t.heap_bytes()));
        }
    }
    let at_100 = at_100.unwrap();
    assert_eq!(t.turns(), 10_000);
    assert_eq!((t.retained_len(), t.heap_bytes()), at_100);
    assert!(handovers > 1000, "the signals kept firing: {handovers}");
}
