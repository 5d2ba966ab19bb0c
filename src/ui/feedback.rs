//! Feedback on the choice just made: its alignment, why, and what it caused.

use yew::prelude::*;

use crate::core::engine::{Playthrough, Position};
use crate::core::scoring;
use crate::core::session::Catalogue;

use super::decision::PlayBar;
use super::widgets::{AlignmentBadge, arrows};

#[derive(Properties, PartialEq)]
pub struct ConsequencesProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub before: Vec<i32>,
    pub after: Vec<i32>,
}

/// How the offer on the table and the relationship moved with the choice.
#[function_component]
pub fn Consequences(props: &ConsequencesProps) -> Html {
    let s = &props.catalogue[props.index].scenario;
    let mut lines = Vec::new();
    let at = |values: &[i32], v: usize| values.get(v).copied().unwrap_or(0);
    if let Some(e) = &s.economics {
        let (was, now) = (
            at(&props.before, e.deal.index()),
            at(&props.after, e.deal.index()),
        );
        lines.push(if was == now {
            format!("Offer on the table: {} (unchanged)", e.show(now))
        } else {
            format!("Offer on the table: {} → {}", e.show(was), e.show(now))
        });
    }
    if let Some(m) = &s.meter {
        let (was, now) = (
            at(&props.before, m.var.index()),
            at(&props.after, m.var.index()),
        );
        lines.push(match now.cmp(&was) {
            std::cmp::Ordering::Greater => format!("{}: {was} → {now} ▲", m.label),
            std::cmp::Ordering::Less => format!("{}: {was} → {now} ▼", m.label),
            std::cmp::Ordering::Equal => format!("{}: {now} (unchanged)", m.label),
        });
    }
    if lines.is_empty() {
        return html! {};
    }
    html! {
        <ul class="consequences" data-testid="consequences">
            { for lines.into_iter().map(|l| html! { <li>{ l }</li> }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct FeedbackProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub playthrough: Playthrough,
    pub on_continue: Callback<()>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Feedback(props: &FeedbackProps) -> Html {
    let entry = &props.catalogue[props.index];
    let s = &entry.scenario;
    let Some(step) = props.playthrough.steps().last() else {
        return html! {};
    };
    let choice = step.choice(s);
    let Some((_, before)) = props.playthrough.taken().last() else {
        return html! {};
    };
    let strategy = before.strategy;
    let alignment = choice.alignment(strategy);
    let silo = s.is_silo(choice, strategy);
    let after = props.playthrough.cursor();
    let taken = props.playthrough.steps().len() as u32;
    let about = match props.playthrough.position(s) {
        Position::Ended(_) => taken,
        Position::Decision(_) => entry.analysis.progress(&props.playthrough).about,
    };
    let ended = props.playthrough.is_ended(s);
    let running = scoring::running_alignment(s, &props.playthrough);
    let on_continue = props.on_continue.reform(|_: MouseEvent| ());
    let on_home = props.on_home.reform(|_: MouseEvent| ());
    let continue_ref = use_node_ref();
    {
        // Move focus to the way on, so keyboard users land in the right place.
        let continue_ref = continue_ref.clone();
        use_effect_with(taken, move |_| {
            if let Some(button) = continue_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    html! {
        <article class={classes!("feedback", format!("feedback--{}", alignment.slug()))}>
            <PlayBar
                title={s.title.clone()}
                progress_text={format!("Decision {} of about {}", taken, about)}
                percent={(taken * 100 / about.max(1)).min(100)}
                running={running}
                on_home={on_home}
            />
            <p class="eyebrow">{ "Feedback" }</p>
            <h1>{ "How that served the strategy" }</h1>
            <div class="card feedback__card">
                <p class="label">{ "You chose" }</p>
                <p class="feedback__choice">{ choice.label.clone() }</p>
                <p data-testid="alignment"><AlignmentBadge {alignment} /></p>
                if silo {
                    <p class="silo" data-testid="silo">
                        <strong>{ "⚑ Silo move. " }</strong>
                        { format!("This serves {}’s own scorecard ({}) at the company’s expense.",
                            s.department,
                            s.scorecard.map(|d| s.dimension(d).name.to_lowercase()).unwrap_or_default()) }
                    </p>
                }
                <h2>{ "Why" }</h2>
                if s.strategies.len() > 1 {
                    <p class="meta">{ format!("Scored for {}", s.strategy(strategy).name) }</p>
                }
                <p data-testid="why">{ choice.why(strategy).to_string() }</p>
                <h2>{ "What happened" }</h2>
                <p>{ choice.result.clone() }</p>
                <Consequences catalogue={props.catalogue.clone()} index={props.index}
                    before={before.values.clone()} after={after.values.clone()} />
            </div>
            if s.points(choice, strategy).is_some() && !choice.effects.is_empty() {
                <details class="card breakdown">
                    <summary>{ "How this choice was scored" }</summary>
                    <table class="breakdown__table">
                        <caption class="meta">{ format!("What the choice does on each dimension, times how much {} values it (0–3).", s.strategy(strategy).name) }</caption>
                        <thead><tr><th scope="col">{ "Dimension" }</th><th scope="col">{ "Effect" }</th><th scope="col">{ "Weight" }</th><th scope="col">{ "Points" }</th></tr></thead>
                        <tbody>
                            { for choice.effects.iter().map(|e| {
                                let w = s.strategy(strategy).weight(e.dimension);
                                html! {
                                    <tr>
                                        <th scope="row">{ s.dimension(e.dimension).name.clone() }</th>
                                        <td>{ format!("{} {:+}", arrows(i32::from(e.amount)), e.amount) }</td>
                                        <td>{ w }</td>
                                        <td>{ format!("{:+}", i32::from(w) * i32::from(e.amount)) }</td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                        <tfoot><tr><th scope="row" colspan="3">{ "Total (every 3 points is one step of alignment, at most ±2)" }</th>
                            <td>{ format!("{:+}", s.points(choice, strategy).unwrap_or(0)) }</td></tr></tfoot>
                    </table>
                </details>
            }
            <div class="actions actions--end">
                <button ref={continue_ref} class="button button--primary button--large" onclick={on_continue}>
                    { if ended { "See the outcome" } else { "Continue" } }
                </button>
            </div>
        </article>
    }
}
