//! The parts of the debrief: the dimension chart, the deal, pivots, the path
//! beside the optimal one, other strategies, confidence and takeaways. Each takes
//! the [`Debrief`] the core computed; none computes anything of its own.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::debrief::Debrief;
use crate::core::scenario::Better;
use crate::core::session::Catalogue;
use crate::tr;

use super::i18n::use_messages;
use super::widgets::{AlignmentBadge, confidence_label};

#[derive(Properties, PartialEq)]
pub struct DebriefProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub debrief: Rc<Debrief>,
}

const CHART_WIDTH: i32 = 640;
const ROW_HEIGHT: i32 = 46;
const BARS_FROM: i32 = 320;
const BARS_TO: i32 = 600;

/// Stands in a text for an element placed inside it (the score in “this path would
/// have scored 72 (a pass)”), so that each language puts the element where it belongs.
const SLOT: &str = "\u{1}";

/// The parts of a text before and after its [`SLOT`].
fn around_slot(text: &str) -> (String, String) {
    match text.split_once(SLOT) {
        Some((before, after)) => (before.to_string(), after.to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// The learner's choices against the strategy's profile, per dimension: the
/// strategy's weight as squares, then two bars from a zero line — the learner's
/// path (solid) and the best path (outlined) — each with its number. Reads without
/// colour: fill against outline, and every value written out.
#[function_component]
pub fn DimensionChart(props: &DebriefProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    let d = &props.debrief;
    if d.dimensions.is_empty() {
        return html! {};
    }
    let top = 34;
    let height = top + ROW_HEIGHT * d.dimensions.len() as i32 + 8;
    let extent = d
        .dimensions
        .iter()
        .flat_map(|r| [r.yours.abs(), r.optimal.abs()])
        .max()
        .unwrap_or(0)
        .max(4);
    let zero = (BARS_FROM + BARS_TO) / 2;
    let half = (BARS_TO - BARS_FROM) / 2;
    let x_of = |v: i32| zero + v * half / extent;
    let bar = |v: i32, y: i32, class: &'static str| {
        let (x0, x1) = (x_of(0.min(v)), x_of(0.max(v)));
        let width = (x1 - x0).max(if v == 0 { 0 } else { 2 });
        let label_x = if v < 0 { x0 - 6 } else { x1 + 6 };
        let anchor = if v < 0 { "end" } else { "start" };
        html! {
            <>
                <rect class={class} x={x0.to_string()} y={y.to_string()} width={width.to_string()} height="12" rx="2" />
                <text class="chart__value" x={label_x.to_string()} y={(y + 11).to_string()} text-anchor={anchor}>
                    { format!("{v:+}") }
                </text>
            </>
        }
    };
    let summary: Vec<String> = d
        .dimensions
        .iter()
        .map(|r| {
            tr!(
                t,
                "debrief.chart-row",
                dimension = &s.dimension(r.dimension).name,
                weight = r.weight,
                yours = format!("{:+}", r.yours),
                best = format!("{:+}", r.optimal)
            )
        })
        .collect();
    html! {
        <figure class="chart" data-testid="dimension-chart">
            // On a phone the chart keeps a readable size and scrolls sideways in its frame,
            // which the keyboard can reach.
            <div class="chart__scroll" tabindex="0" role="group" aria-labelledby="chart-title">
            <svg viewBox={format!("0 0 {CHART_WIDTH} {height}")} role="img" aria-labelledby="chart-title chart-desc"
                xmlns="http://www.w3.org/2000/svg">
                <title id="chart-title">{ tr!(t, "debrief.chart-title", strategy = &s.strategy(d.final_strategy).name) }</title>
                <desc id="chart-desc">{ summary.join("; ") }</desc>
                <text class="chart__head" x="0" y="16">{ tr!(t, "debrief.chart-dimension") }</text>
                <text class="chart__head" x="236" y="16">{ tr!(t, "debrief.chart-weight") }</text>
                <rect class="bar--yours" x={BARS_FROM.to_string()} y="6" width="14" height="10" rx="2" />
                <text class="chart__head" x={(BARS_FROM + 20).to_string()} y="16">{ tr!(t, "debrief.chart-yours") }</text>
                <rect class="bar--optimal" x={(BARS_FROM + 120).to_string()} y="6" width="14" height="10" rx="2" />
                <text class="chart__head" x={(BARS_FROM + 140).to_string()} y="16">{ tr!(t, "debrief.chart-best") }</text>
                <line class="chart__zero" x1={zero.to_string()} x2={zero.to_string()} y1={(top - 6).to_string()} y2={(height - 4).to_string()} />
                { for d.dimensions.iter().enumerate().map(|(i, row)| {
                    let y = top + ROW_HEIGHT * i as i32;
                    let weight = format!("{}{}", str::repeat("■", usize::from(row.weight)), str::repeat("□", 3 - usize::from(row.weight.min(3))));
                    html! {
                        <g class="chart__row">
                            <text class="chart__label" x="0" y={(y + 20).to_string()}>{ s.dimension(row.dimension).name.clone() }</text>
                            <text class="chart__weight" x="236" y={(y + 20).to_string()}>{ weight }</text>
                            { bar(row.yours, y + 2, "bar--yours") }
                            { bar(row.optimal, y + 18, "bar--optimal") }
                        </g>
                    }
                }) }
            </svg>
            </div>
            <figcaption class="meta">
                { tr!(t, "debrief.chart-caption", strategy = &s.strategy(d.final_strategy).name) }
            </figcaption>
        </figure>
    }
}

/// The deal against the walk-away points, the zone of possible agreement and the
/// best the scenario allows.
#[function_component]
pub fn DealCard(props: &DebriefProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    let (Some(deal), Some(e)) = (&props.debrief.deal, &s.economics) else {
        return html! {};
    };
    let headline = if deal.agreed {
        tr!(t, "debrief.deal-agreed", value = e.show(deal.value))
    } else {
        tr!(t, "debrief.deal-none").to_string()
    };
    let score_note = match e.better {
        Better::Lower => tr!(t, "debrief.deal-note-lower"),
        Better::Higher => tr!(t, "debrief.deal-note-higher"),
    };
    html! {
        <section class="card deal" aria-labelledby="deal-heading" data-testid="deal">
            <h2 id="deal-heading">{ tr!(t, "debrief.deal-heading") }</h2>
            <p class="deal__headline">{ headline }</p>
            <dl class="terms">
                if let Some(best) = deal.best_achievable {
                    <dt>{ tr!(t, "debrief.deal-best") }</dt><dd>{ e.show(best) }</dd>
                }
                if let Some(w) = e.walk_away {
                    <dt>{ tr!(t, "debrief.deal-walk-away") }</dt><dd>{ e.show(w) }</dd>
                }
                if let Some(w) = e.their_walk_away {
                    <dt>{ tr!(t, "debrief.deal-their-walk-away") }</dt><dd>{ e.show(w) }</dd>
                }
                if let Some((a, b)) = deal.zopa {
                    <dt>{ tr!(t, "debrief.deal-zone") }</dt>
                    <dd>{ tr!(t, "debrief.deal-zone-range", from = e.show(a), to = e.show(b)) }</dd>
                }
                if let Some(share) = deal.share_of_zone {
                    <dt>{ tr!(t, "debrief.deal-share") }</dt><dd>{ t.percent(f64::from(share), 0) }</dd>
                }
                if !deal.agreed && e.batna.is_some() {
                    <dt class="terms__alt">{ tr!(t, "debrief.deal-your-alternative") }</dt><dd class="terms__alt">{ e.batna.clone().unwrap_or_default() }</dd>
                }
                if let Some(theirs) = &e.their_batna {
                    <dt class="terms__alt">{ tr!(t, "debrief.deal-their-alternative") }</dt><dd class="terms__alt">{ theirs.clone() }</dd>
                }
            </dl>
            if deal.agreed && e.walk_away.is_some_and(|w| e.better.prefers(w, deal.value)) {
                <p class="silo" data-testid="beyond-walk-away">
                    { tr!(t, "debrief.deal-beyond-walk-away") }
                </p>
            }
            <p class="meta">
                { score_note }
            </p>
        </section>
    }
}

/// Each pivot met, and how quickly the learner adapted.
#[function_component]
pub fn Pivots(props: &DebriefProps) -> Html {
    let t = use_messages();
    if props.debrief.pivots.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" aria-labelledby="pivots-heading" data-testid="pivots">
            <h2 id="pivots-heading">{ tr!(t, "debrief.pivots-heading") }</h2>
            <ul>
                { for props.debrief.pivots.iter().map(|p| html! {
                    <li>{ Debrief::describe_pivot(t, &props.catalogue[props.index].scenario, p) }</li>
                }) }
            </ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub debrief: Rc<Debrief>,
    /// Practice from decision `n` (0-based): keep the decisions before it.
    pub on_practice: Option<Callback<usize>>,
}

/// The learner's path beside the strategy-optimal path, decision by decision, with
/// a way to practise another branch from any decision.
#[function_component]
pub fn WhatIf(props: &WhatIfProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    let d = &props.debrief;
    let rows = d.decisions.len().max(d.optimal.len());
    html! {
        <section aria-labelledby="whatif-heading" data-testid="what-if">
            <h2 id="whatif-heading">{ tr!(t, "debrief.whatif-heading") }</h2>
            <p class="meta">
                { match d.on_optimal_path {
                    0 => tr!(t, "debrief.whatif-left-at-first").to_string(),
                    n if n == d.decisions.len() && n == d.optimal.len() => tr!(t, "debrief.whatif-all-the-way").to_string(),
                    n => tr!(t, "debrief.whatif-followed", count = n),
                } }
            </p>
            <div class="whatif" role="table" aria-label={tr!(t, "debrief.whatif-label")}>
                <div class="whatif__row whatif__row--head" role="row">
                    <span role="columnheader">{ tr!(t, "debrief.whatif-number") }</span>
                    <span role="columnheader">{ tr!(t, "debrief.whatif-yours") }</span>
                    <span role="columnheader">{ tr!(t, "debrief.whatif-best") }</span>
                </div>
                { for (0..rows).map(|i| {
                    let mine = d.decisions.get(i);
                    let best = d.optimal.get(i);
                    let same = matches!((mine, best), (Some(m), Some(b)) if m.step == b.step) && i < d.on_optimal_path;
                    html! {
                        <div class={classes!("whatif__row", same.then_some("whatif__row--same"))} role="row">
                            <span role="cell" class="whatif__n">{ i + 1 }</span>
                            <span role="cell">
                                if let Some(m) = mine {
                                    <span class="whatif__label">{ m.step.choice(s).label.clone() }</span>
                                    <AlignmentBadge alignment={m.alignment} />
                                    if let Some(on_practice) = &props.on_practice {
                                        <button class="button button--small whatif__try" data-testid="practice-from"
                                            onclick={on_practice.reform(move |_: MouseEvent| i)}>
                                            { tr!(t, "debrief.whatif-try") }
                                        </button>
                                    }
                                }
                            </span>
                            <span role="cell">
                                if let Some(b) = best {
                                    if same {
                                        <span class="meta">{ tr!(t, "debrief.whatif-same") }</span>
                                    } else {
                                        <span class="whatif__label">{ b.step.choice(s).label.clone() }</span>
                                        <AlignmentBadge alignment={b.alignment} />
                                    }
                                }
                            </span>
                        </div>
                    }
                }) }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct OthersProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub debrief: Rc<Debrief>,
    /// Start a new attempt under a strategy (its id).
    pub on_play_under: Callback<Option<String>>,
}

/// The same path scored under the scenario's other strategies, and a way to play
/// under each.
#[function_component]
pub fn OtherStrategies(props: &OthersProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    if props.debrief.other_strategies.is_empty() {
        return html! {};
    }
    html! {
        <section class="card" aria-labelledby="others-heading" data-testid="other-strategies">
            <h2 id="others-heading">{ tr!(t, "debrief.others-heading") }</h2>
            <ul class="others">
                { for props.debrief.other_strategies.iter().map(|o| {
                    let st = s.strategy(o.strategy);
                    let id = st.id.to_string();
                    let on_click = props.on_play_under.reform(move |_: MouseEvent| Some(id.clone()));
                    let verdict = if o.passed { tr!(t, "debrief.others-pass") } else { tr!(t, "debrief.others-fail") };
                    let (before, after) = around_slot(&tr!(t, "debrief.others-score",
                        strategy = &st.name, score = SLOT, verdict = verdict));
                    html! {
                        <li class="others__row">
                            <span>
                                { before }
                                <strong data-testid="rescored">{ o.score }</strong>
                                { after }
                            </span>
                            <button class="button button--small" onclick={on_click}>
                                { tr!(t, "debrief.others-play", strategy = &st.name) }
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// How sure the learner was against how aligned the choices were.
#[function_component]
pub fn Calibration(props: &DebriefProps) -> Html {
    let t = use_messages();
    let d = &props.debrief;
    let Some(summary) = d.describe_calibration(t) else {
        return html! {};
    };
    html! {
        <section class="card" aria-labelledby="calibration-heading" data-testid="calibration">
            <h2 id="calibration-heading">{ tr!(t, "debrief.calibration-heading") }</h2>
            <table class="breakdown__table" tabindex="0">
                <thead><tr>
                    <th scope="col">{ tr!(t, "debrief.calibration-said") }</th>
                    <th scope="col">{ tr!(t, "debrief.calibration-choices") }</th>
                    <th scope="col">{ tr!(t, "debrief.calibration-aligned") }</th>
                </tr></thead>
                <tbody>
                    { for d.calibration.iter().map(|r| html! {
                        <tr><th scope="row">{ confidence_label(t, r.confidence) }</th><td>{ r.rated }</td><td>{ r.aligned }</td></tr>
                    }) }
                </tbody>
            </table>
            <p>{ summary }</p>
        </section>
    }
}

/// The scenario's key takeaways.
#[function_component]
pub fn Takeaways(props: &DebriefProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    if s.takeaways.is_empty() {
        return html! {};
    }
    html! {
        <section class="card card--strategy" aria-labelledby="takeaways-heading" data-testid="takeaways">
            <h2 id="takeaways-heading">{ tr!(t, "debrief.takeaways-heading") }</h2>
            <ul class="objectives">
                { for s.takeaways.iter().map(|takeaway| html! { <li>{ takeaway.clone() }</li> }) }
            </ul>
        </section>
    }
}
