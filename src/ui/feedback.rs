//! Feedback on the choice just made: its alignment, why, and what it caused.

use yew::prelude::*;

use crate::core::engine::{Playthrough, Position};
use crate::core::scoring;
use crate::core::session::Catalogue;
use crate::tr;

use super::decision::PlayBar;
use super::i18n::use_messages;
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
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    let mut lines = Vec::new();
    let at = |values: &[i32], v: usize| values.get(v).copied().unwrap_or(0);
    if let Some(e) = &s.economics {
        let (was, now) = (
            at(&props.before, e.deal.index()),
            at(&props.after, e.deal.index()),
        );
        lines.push(if was == now {
            tr!(t, "feedback.offer-unchanged", value = e.show(now))
        } else {
            tr!(
                t,
                "feedback.offer-changed",
                was = e.show(was),
                now = e.show(now)
            )
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
            std::cmp::Ordering::Equal => {
                tr!(t, "feedback.meter-unchanged", label = &m.label, value = now)
            }
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
    let t = use_messages();
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
    html! {
        <article class={classes!("feedback", format!("feedback--{}", alignment.slug()))}>
            <PlayBar
                title={s.title.clone()}
                progress_text={tr!(t, "feedback.progress", number = taken, about = about)}
                percent={(taken * 100 / about.max(1)).min(100)}
                running={running}
                on_home={on_home}
            />
            <p class="eyebrow">{ tr!(t, "feedback.eyebrow") }</p>
            <h1>{ tr!(t, "feedback.title") }</h1>
            <div class="card feedback__card">
                <p class="label">{ tr!(t, "feedback.you-chose") }</p>
                <p class="feedback__choice">{ choice.label.clone() }</p>
                <p data-testid="alignment"><AlignmentBadge {alignment} /></p>
                if silo {
                    <p class="silo" data-testid="silo">
                        <strong>{ tr!(t, "feedback.silo") }</strong>
                        { " " }
                        { tr!(t, "feedback.silo-explain",
                            department = &s.department,
                            scorecard = s.scorecard.map(|d| s.dimension(d).name.to_lowercase()).unwrap_or_default()) }
                    </p>
                }
                <h2>{ tr!(t, "feedback.why") }</h2>
                if s.strategies.len() > 1 {
                    <p class="meta">{ tr!(t, "feedback.scored-for", strategy = &s.strategy(strategy).name) }</p>
                }
                <p data-testid="why">{ choice.why(strategy).to_string() }</p>
                <h2>{ tr!(t, "feedback.what-happened") }</h2>
                <p>{ choice.result.clone() }</p>
                <Consequences catalogue={props.catalogue.clone()} index={props.index}
                    before={before.values.clone()} after={after.values.clone()} />
            </div>
            if s.points(choice, strategy).is_some() && !choice.effects.is_empty() {
                <details class="card breakdown">
                    <summary>{ tr!(t, "feedback.breakdown") }</summary>
                    <table class="breakdown__table" tabindex="0">
                        <caption class="meta">{ tr!(t, "feedback.breakdown-caption", strategy = &s.strategy(strategy).name) }</caption>
                        <thead><tr>
                            <th scope="col">{ tr!(t, "feedback.column-dimension") }</th>
                            <th scope="col">{ tr!(t, "feedback.column-effect") }</th>
                            <th scope="col">{ tr!(t, "feedback.column-weight") }</th>
                            <th scope="col">{ tr!(t, "feedback.column-points") }</th>
                        </tr></thead>
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
                        <tfoot><tr><th scope="row" colspan="3">{ tr!(t, "feedback.total") }</th>
                            <td>{ format!("{:+}", s.points(choice, strategy).unwrap_or(0)) }</td></tr></tfoot>
                    </table>
                </details>
            }
            <div class="actions actions--end">
                <button ref={continue_ref} class="button button--primary button--large" onclick={on_continue}>
                    { if ended { tr!(t, "feedback.see-outcome") } else { tr!(t, "feedback.continue") } }
                </button>
            </div>
        </article>
    }
}
