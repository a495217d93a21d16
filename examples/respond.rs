//! Suggest a reply to a customer message and review a draft.
//!
//! `cargo run --example respond`

use emocue::respond::{review, Context, Conversation, Responder};
use emocue::Detector;

fn main() {
    let customer = Detector::default()
        .analyze("This is the THIRD time I've asked and my refund still hasn't arrived!!");
    let ctx = Context::new()
        .customer_name("Ana")
        .agent_name("Sam")
        .issue("the refund for order 1234")
        .timeframe("by 5pm today");
    let responder = Responder::default();
    let mut conversation = Conversation::new(); // keep one per conversation
    for turn in 1..=2 {
        let reply = responder.suggest_in(&mut conversation, &customer, &ctx);
        println!("--- turn {turn}\n{}\n", reply.text);
        for part in &reply.parts {
            println!("  {:<12} {}", part.strategy.name(), part.template);
        }
        println!();
    }
    for finding in review("Please calm down, it's our policy.", &customer).findings {
        println!(
            "{} {:?}: {}",
            finding.kind, finding.span, finding.alternative
        );
    }
}
