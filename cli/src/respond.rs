//! `emocue suggest` and `emocue review`: reply suggestions and draft review.

use std::path::PathBuf;

use emocue::respond::{Context, Responder};
use emocue::Analysis;

use crate::{detector_from, read, render, DetectorArgs, Result};

/// Arguments of `emocue suggest`.
#[derive(clap::Args)]
pub struct SuggestArgs {
    /// The customer's message.
    text: String,
    /// The customer's name, for the greeting.
    #[arg(long, value_name = "N")]
    name: Option<String>,
    /// The agent's name, for the sign-off.
    #[arg(long, value_name = "A")]
    agent: Option<String>,
    /// The issue, as a noun phrase ("the refund for order 1234").
    #[arg(long, value_name = "I")]
    issue: Option<String>,
    /// The company or team name.
    #[arg(long)]
    company: Option<String>,
    /// The product concerned ("the mobile app").
    #[arg(long)]
    product: Option<String>,
    /// When the next step happens, as it follows a verb ("by 5pm today").
    #[arg(long, value_name = "WHEN")]
    timeframe: Option<String>,
    /// The ticket reference ("#4821").
    #[arg(long)]
    ticket: Option<String>,
    /// Suggest this many turns of one conversation (each worded differently).
    #[arg(long, default_value_t = 1, value_name = "N")]
    turns: usize,
    /// Also show the message's cues and each part's strategy and template.
    #[arg(long)]
    explain: bool,
    /// Print JSON: {"analysis", "suggestions": [{"text", "parts"}]}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pack: PackArgs,
    #[command(flatten)]
    detector: DetectorArgs,
}

/// Arguments of `emocue review`.
#[derive(clap::Args)]
pub struct ReviewArgs {
    /// The draft reply.
    draft: String,
    /// The customer's message the draft answers.
    #[arg(long, value_name = "TEXT")]
    customer: String,
    /// Print JSON: {"customer", "findings": [{"kind", "start", "end", "phrase", "why", "alternative"}]}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    pack: PackArgs,
    #[command(flatten)]
    detector: DetectorArgs,
}

#[derive(clap::Args)]
struct PackArgs {
    /// Reply template pack(s) (id<TAB>emotion<TAB>intensity<TAB>strategy<TAB>text, or JSON when the name ends in .json), added to the default.
    #[arg(long, value_name = "FILE")]
    pack: Vec<PathBuf>,
    /// Use only the --pack files, not the embedded templates.
    #[arg(long, requires = "pack")]
    replace_defaults: bool,
    /// Extra review phrases (kind<TAB>phrase<TAB>why<TAB>alternative).
    #[arg(long, value_name = "FILE")]
    review_phrases: Vec<PathBuf>,
}

fn responder_from(args: &PackArgs) -> Result<Responder> {
    if args.pack.is_empty() && args.review_phrases.is_empty() {
        return Ok(Responder::default());
    }
    let mut b = Responder::builder();
    for path in &args.review_phrases {
        b = b
            .review_phrases(&path.display().to_string(), &read(path)?)
            .map_err(|e| e.to_string())?;
    }
    for path in &args.pack {
        let name = path.display().to_string();
        let text = read(path)?;
        b = if path
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("json"))
        {
            b.pack_json(&name, &text)
        } else {
            b.pack(&name, &text)
        }
        .map_err(|e| e.to_string())?;
    }
    if args.replace_defaults {
        b = b.replace_defaults();
    }
    b.build().map_err(|e| e.to_string())
}

fn labels(a: &Analysis) -> String {
    let labels: Vec<String> = a
        .labels()
        .map(|e| format!("{e} ({})", a.intensity(e)))
        .collect();
    if labels.is_empty() {
        "calm".to_owned()
    } else {
        labels.join(", ")
    }
}

/// `emocue suggest`.
pub fn suggest(args: SuggestArgs) -> Result<()> {
    let analysis = detector_from(&args.detector)?.analyze(&args.text);
    let responder = responder_from(&args.pack)?;
    let mut ctx = Context::new();
    let values = [
        (&args.name, emocue::respond::Placeholder::CustomerName),
        (&args.agent, emocue::respond::Placeholder::AgentName),
        (&args.issue, emocue::respond::Placeholder::Issue),
        (&args.company, emocue::respond::Placeholder::Company),
        (&args.product, emocue::respond::Placeholder::Product),
        (&args.timeframe, emocue::respond::Placeholder::Timeframe),
        (&args.ticket, emocue::respond::Placeholder::Ticket),
    ];
    for (value, placeholder) in values {
        if let Some(v) = value {
            ctx = ctx.set(placeholder, v);
        }
    }
    let mut conversation = emocue::respond::Conversation::new();
    let suggestions: Vec<_> = (0..args.turns.max(1))
        .map(|_| responder.suggest_in(&mut conversation, &analysis, &ctx))
        .collect();
    if args.json {
        let json = serde_json::json!({"analysis": analysis, "suggestions": suggestions});
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?
        )?;
        return Ok(());
    }
    if args.explain {
        outln!("{}\n", render(&analysis, false))?;
    }
    for (i, s) in suggestions.iter().enumerate() {
        if i > 0 {
            outln!("\n---\n")?;
        }
        outln!("{}", s.text)?;
        if args.explain {
            outln!()?;
            for p in &s.parts {
                let who = match p.emotion {
                    Some(e) => format!("{e} {}", p.intensity),
                    None if analysis.is_calm() => "calm".to_owned(),
                    None => String::new(),
                };
                outln!("  {:<12} {:<22} {who}", p.strategy.name(), p.template)?;
            }
        }
    }
    Ok(())
}

/// `emocue review`.
pub fn review(args: ReviewArgs) -> Result<()> {
    let customer = detector_from(&args.detector)?.analyze(&args.customer);
    let responder = responder_from(&args.pack)?;
    let review = responder.review(&args.draft, &customer);
    if args.json {
        let findings: Vec<_> = review
            .findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "kind": f.kind,
                    "start": f.span.start,
                    "end": f.span.end,
                    "phrase": &args.draft[f.span.clone()],
                    "why": f.why,
                    "alternative": f.alternative,
                })
            })
            .collect();
        let json = serde_json::json!({"customer": customer, "findings": findings});
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?
        )?;
        return Ok(());
    }
    outln!("customer: {}", labels(&customer))?;
    if review.is_clean() {
        outln!("no findings")?;
        return Ok(());
    }
    let n = review.findings.len();
    outln!("{n} finding{}:", if n == 1 { "" } else { "s" })?;
    for f in &review.findings {
        let at = if f.span.is_empty() {
            "(whole draft)".to_owned()
        } else {
            format!(
                "{}..{} {:?}",
                f.span.start,
                f.span.end,
                &args.draft[f.span.clone()]
            )
        };
        outln!("  {} {at}", f.kind)?;
        outln!("    why: {}", f.why)?;
        outln!("    instead: {}", f.alternative)?;
    }
    Ok(())
}
