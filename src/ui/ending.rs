//! The ending and its debrief: the outcome, the score against the pass mark, the
//! deal, pivots, the per-dimension chart, every decision reviewed, the path beside
//! the optimal one (with practice runs from any decision), the same path under the
//! other strategies, confidence, and the key takeaways.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::debrief::{Confidence, Debrief};
use crate::core::engine::{Playthrough, Position};
use crate::core::i18n::civil_date::Date;
use crate::core::session::Catalogue;
use crate::tr;

use crate::platform::{clock, locale, print};

use super::certificate::Certificate;
use super::debrief::{
    Calibration, DealCard, DimensionChart, OtherStrategies, Pivots, Takeaways, WhatIf,
};
use super::i18n::use_messages;
use super::map::ScenarioMap;
use super::widgets::{AlignmentBadge, ScenarioText, confidence_label, speaker_name};

#[derive(Properties, PartialEq)]
pub struct EndingProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub playthrough: Playthrough,
    /// A practice run's ending: not the attempt, not counted.
    pub practice: bool,
    /// A past attempt reviewed from the progress page: nothing to play from here.
    #[prop_or_default]
    pub review: bool,
    /// The confidence rated before each decision (empty when none was asked).
    pub confidence: Vec<Option<Confidence>>,
    /// A new attempt, under the given strategy id (`None`: the same one as this attempt).
    pub on_again: Callback<Option<String>>,
    /// A practice run keeping the first `n` decisions.
    pub on_practice: Callback<usize>,
    pub on_end_practice: Callback<()>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Ending(props: &EndingProps) -> Html {
    let t = use_messages();
    // Computed once per path, not on every render: it replays the path under every
    // strategy and the optimal path.
    let debrief = {
        let catalogue = props.catalogue.clone();
        let index = props.index;
        use_memo(
            (
                Rc::as_ptr(&props.catalogue) as usize,
                index,
                props.playthrough.clone(),
                props.confidence.clone(),
            ),
            move |(_, _, playthrough, confidence)| {
                let entry = &catalogue[index];
                Debrief::of(&entry.scenario, &entry.analysis, playthrough, confidence)
            },
        )
    };
    let entry = &props.catalogue[props.index];
    let s = &entry.scenario;
    let Position::Ended(ending_index) = props.playthrough.position(s) else {
        return html! {};
    };
    let ending = s.ending(ending_index);
    let card = debrief.scorecard;
    let strategy = s.strategy(debrief.strategy);
    let same_strategy = (debrief.strategy.index() > 0).then(|| strategy.id.to_string());
    let on_again = props
        .on_again
        .reform(move |_: MouseEvent| same_strategy.clone());
    let on_home = props.on_home.reform(|_: MouseEvent| ());
    let on_end_practice = props.on_end_practice.reform(|_: MouseEvent| ());
    let printed = use_state(|| None::<String>);
    let on_print = {
        let printed = printed.clone();
        Callback::from(move |_: MouseEvent| printed.set(print::print_page().err()))
    };
    let print_button = html! {
        <button class="button button--quiet" onclick={on_print} data-testid="print-debrief">{ tr!(t, "ending.print") }</button>
    };
    let print_failed = (*printed).clone().map(|e| {
        html! {
            <p class="meta" role="alert">{ tr!(t, "ending.print-failed", error = e) }</p>
        }
    });
    let certificate = (card.passed && !props.practice).then(|| html! {
        <Certificate scenario={AttrValue::from(s.title.clone())} strategy={AttrValue::from(strategy.name.clone())}
            score={card.score} pass_mark={s.pass_threshold} />
    });
    let today = Date::from_unix_ms(clock::now_ms() as i64, locale::utc_offset_minutes());
    let catalogue = props.catalogue.clone();
    let index = props.index;
    let decisions = tr!(
        t,
        "ending.decisions",
        count = props.playthrough.steps().len()
    );
    html! {
        <article class="ending">
            <header class="print-only print-record" data-testid="print-record">
                <p class="print-record__brand">{ tr!(t, "ending.print-record") }</p>
                <p class="print-record__scenario">{ s.title.clone() }</p>
                <p class="meta">{ tr!(t, "ending.printed", date = t.date(today)) }</p>
            </header>
            if props.practice {
                <div class="practice-banner" role="status" data-testid="practice-banner">
                    <p>
                        <strong>{ tr!(t, "ending.practice-finished") }</strong>
                        { " " }
                        { tr!(t, "ending.practice-not-saved") }
                    </p>
                </div>
            }
            <p class="eyebrow">{ if props.practice {
                tr!(t, "ending.eyebrow-practice")
            } else if props.review {
                tr!(t, "ending.eyebrow-review")
            } else {
                tr!(t, "ending.eyebrow")
            } }</p>
            <h1>{ ending.title.clone() }</h1>
            <section class={classes!("scorecard", if card.passed { "scorecard--pass" } else { "scorecard--fail" })}
                aria-label={tr!(t, "ending.result-label")}>
                <div class="scorecard__score">
                    <span class="scorecard__number" data-testid="final-score">{ card.score }</span>
                    <span class="scorecard__of">{ "/ 100" }</span>
                </div>
                <div>
                    <p class="scorecard__verdict" data-testid="verdict">
                        <span aria-hidden="true">{ if card.passed { "✔ " } else { "✖ " } }</span>
                        { if card.passed { tr!(t, "ending.passed") } else { tr!(t, "ending.not-passed") } }
                    </p>
                    <p class="meta" data-testid="played-under">{ tr!(t, "ending.played-under", strategy = &strategy.name) }</p>
                    <p class="meta">{ tr!(t, "ending.summary", pass = s.pass_threshold, decisions = decisions,
                        points = format!("{:+}", card.raw), best = format!("{:+}", card.best),
                        worst = format!("{:+}", card.worst)) }</p>
                    if debrief.silo_moves > 0 {
                        <p class="meta" data-testid="silo-count">
                            { tr!(t, "ending.silo-count", count = debrief.silo_moves, department = &s.department) }
                        </p>
                    }
                </div>
            </section>
            <section aria-labelledby="outcome-heading">
                <h2 id="outcome-heading">{ tr!(t, "ending.what-happened") }</h2>
                <ScenarioText blocks={ending.body.clone()} speaker={speaker_name(&s.counterpart)} />
                if let Some(verdict) = ending.verdict(debrief.final_strategy) {
                    <div class={classes!("verdict", format!("verdict--{}", ending.tone(debrief.final_strategy).slug()))} data-testid="verdict-text">
                        <p class="label">{ tr!(t, "ending.verdict-for", strategy = &s.strategy(debrief.final_strategy).name) }</p>
                        <p>{ verdict.to_string() }</p>
                    </div>
                }
            </section>
            if props.practice {
                <div class="actions actions--end">
                    <button class="button button--primary" onclick={on_end_practice}>{ tr!(t, "ending.back-to-results") }</button>
                </div>
            } else {
                <div class="debrief-grid">
                    <DealCard catalogue={catalogue.clone()} {index} debrief={debrief.clone()} />
                    <Pivots catalogue={catalogue.clone()} {index} debrief={debrief.clone()} />
                </div>
                <section aria-labelledby="chart-heading">
                    <h2 id="chart-heading">{ tr!(t, "ending.chart-heading") }</h2>
                    <DimensionChart catalogue={catalogue.clone()} {index} debrief={debrief.clone()} />
                </section>
                <section aria-labelledby="review-heading">
                    <h2 id="review-heading">{ tr!(t, "ending.review-heading") }</h2>
                    <ol class="review">
                        { for debrief.decisions.iter().map(|d| {
                            let choice = d.step.choice(s);
                            let scene = d.step.scene(s);
                            html! {
                                <li class="review__item">
                                    <p class="review__scene">{ scene.title.clone() }</p>
                                    <p class="review__choice">{ choice.label.clone() }</p>
                                    <AlignmentBadge alignment={d.alignment} />
                                    if d.silo {
                                        <span class="silo-tag">{ tr!(t, "ending.silo-tag") }</span>
                                    }
                                    if let Some(c) = d.confidence {
                                        <span class="meta review__confidence">{ tr!(t, "ending.you-said", confidence = confidence_label(t, c)) }</span>
                                    }
                                    <p>{ choice.why(d.strategy).to_string() }</p>
                                    if let Some(b) = d.better {
                                        <p class="review__better">
                                            <span class="label">{ tr!(t, "ending.better-aligned") }</span>
                                            { " " }
                                            { scene.choices[b].label.clone() }
                                            { format!(" ({:+})", scene.choices[b].alignment(d.strategy).value()) }
                                        </p>
                                    }
                                </li>
                            }
                        }) }
                    </ol>
                </section>
                <WhatIf catalogue={catalogue.clone()} {index} debrief={debrief.clone()}
                    on_practice={(!props.review).then(|| props.on_practice.clone())} />
                if !props.review {
                    <OtherStrategies catalogue={catalogue.clone()} {index} debrief={debrief.clone()} on_play_under={props.on_again.clone()} />
                }
                <Calibration catalogue={catalogue.clone()} {index} debrief={debrief.clone()} />
                <Takeaways catalogue={catalogue.clone()} {index} debrief={debrief.clone()} />
                <section aria-labelledby="map-heading">
                    <h2 id="map-heading">{ tr!(t, "ending.map-heading") }</h2>
                    <p class="meta">{ tr!(t, "ending.map-note") }</p>
                    <ScenarioMap catalogue={props.catalogue.clone()} index={props.index} path={Some(props.playthrough.clone())} />
                </section>
                { certificate }
                { print_failed }
                if props.review {
                    <div class="actions actions--end">
                        { print_button }
                        <button class="button button--primary" onclick={on_home}>{ tr!(t, "ending.back-to-progress") }</button>
                    </div>
                } else {
                    <div class="actions actions--end">
                        { print_button }
                        <button class="button button--quiet" onclick={on_home}>{ tr!(t, "ending.back-to-scenarios") }</button>
                        <button class="button button--primary" onclick={on_again}>{ tr!(t, "ending.play-again") }</button>
                    </div>
                }
            }
        </article>
    }
}
