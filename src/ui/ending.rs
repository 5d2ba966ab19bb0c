//! The ending: the outcome, the score against the pass mark, and a review of every decision.

use yew::prelude::*;

use crate::core::engine::{Playthrough, Position};
use crate::core::scoring;
use crate::core::session::Catalogue;

use super::map::ScenarioMap;
use super::widgets::{AlignmentBadge, ScenarioText, speaker_name};

#[derive(Properties, PartialEq)]
pub struct EndingProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub playthrough: Playthrough,
    pub on_again: Callback<()>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Ending(props: &EndingProps) -> Html {
    let entry = &props.catalogue[props.index];
    let s = &entry.scenario;
    let Position::Ended(ending_index) = props.playthrough.position(s) else {
        return html! {};
    };
    let ending = s.ending(ending_index);
    let card = entry.analysis.score(s, &props.playthrough);
    let on_again = props.on_again.reform(|_: MouseEvent| ());
    let on_home = props.on_home.reform(|_: MouseEvent| ());
    html! {
        <article class="ending">
            <p class="eyebrow">{ "Outcome" }</p>
            <h1>{ ending.title.clone() }</h1>
            <section class={classes!("scorecard", if card.passed { "scorecard--pass" } else { "scorecard--fail" })}
                aria-label="Your result">
                <div class="scorecard__score">
                    <span class="scorecard__number" data-testid="final-score">{ card.score }</span>
                    <span class="scorecard__of">{ "/ 100" }</span>
                </div>
                <div>
                    <p class="scorecard__verdict" data-testid="verdict">
                        <span aria-hidden="true">{ if card.passed { "✔ " } else { "✖ " } }</span>
                        { if card.passed { "Passed" } else { "Not passed" } }
                    </p>
                    <p class="meta">{ format!("Pass mark {} · {} decisions · alignment points {:+} (best possible {:+}, worst {:+})",
                        s.pass_threshold, props.playthrough.steps().len(), card.raw, card.best, card.worst) }</p>
                </div>
            </section>
            <section aria-labelledby="outcome-heading">
                <h2 id="outcome-heading">{ "What happened next" }</h2>
                <ScenarioText blocks={ending.body.clone()} speaker={speaker_name(&s.counterpart)} />
            </section>
            <section aria-labelledby="review-heading">
                <h2 id="review-heading">{ "Your decisions, reviewed" }</h2>
                <ol class="review">
                    { for props.playthrough.taken().map(|(step, cursor)| {
                        let choice = step.choice(s);
                        let alignment = choice.alignment(cursor.strategy);
                        let better = scoring::better_option(s, step, cursor);
                        html! {
                            <li class="review__item">
                                <p class="review__scene">{ step.scene(s).title.clone() }</p>
                                <p class="review__choice">{ choice.label.clone() }</p>
                                <AlignmentBadge {alignment} />
                                <p>{ choice.why.clone() }</p>
                                if let Some(b) = better {
                                    <p class="review__better">
                                        <span class="label">{ "Better aligned: " }</span>
                                        { b.label.clone() }
                                        { format!(" ({:+})", b.alignment(cursor.strategy).value()) }
                                    </p>
                                }
                            </li>
                        }
                    }) }
                </ol>
            </section>
            <section aria-labelledby="map-heading">
                <h2 id="map-heading">{ "Scenario map" }</h2>
                <p class="meta">{ "Your path is highlighted: the scenes you visited, the choices you made (numbered as in the review) and your outcome." }</p>
                <ScenarioMap catalogue={props.catalogue.clone()} index={props.index} path={Some(props.playthrough.clone())} />
            </section>
            <div class="actions actions--end">
                <button class="button button--quiet" onclick={on_home}>{ "Back to scenarios" }</button>
                <button class="button button--primary" onclick={on_again}>{ "Play again" }</button>
            </div>
        </article>
    }
}
