//! The briefing: the company and its strategy, your department's mandate, the
//! counterpart and the stakes — everything the learner needs before deciding.

use yew::prelude::*;

use crate::core::scenario::StrategyIndex;
use crate::core::session::Catalogue;

use super::map::ScenarioMapToggle;
use super::widgets::{ScenarioText, decisions_range, speaker_name};

#[derive(Properties, PartialEq)]
pub struct BriefingProps {
    pub entry: Catalogue,
    pub index: usize,
    pub on_begin: Callback<()>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Briefing(props: &BriefingProps) -> Html {
    let entry = &props.entry[props.index];
    let s = &entry.scenario;
    let b = &s.briefing;
    let range = decisions_range(entry.analysis.path_lengths());
    let strategy = s.strategy(StrategyIndex::default());
    let others: Vec<&str> = s
        .strategies
        .iter()
        .skip(1)
        .map(|x| x.name.as_str())
        .collect();
    let on_begin = props.on_begin.reform(|_: MouseEvent| ());
    let on_home = props.on_home.reform(|_: MouseEvent| ());
    html! {
        <article class="briefing">
            <p class="eyebrow">{ "Briefing" }</p>
            <h1>{ s.title.clone() }</h1>
            <p class="meta">
                { format!("{} · about {} minutes · {} · pass mark {} / 100",
                    s.department, s.minutes, range, s.pass_threshold) }
            </p>
            <div class="briefing__grid">
                <section class="card card--strategy" aria-labelledby="b-company">
                    <h2 id="b-company">{ "The company" }</h2>
                    <p class="strong">{ b.company.clone() }</p>
                    <p class="label">{ "Corporate strategy" }</p>
                    <p class="strategy-name">{ strategy.name.clone() }</p>
                    <ScenarioText blocks={strategy.summary.clone()} speaker={speaker_name(&s.counterpart)} />
                    if !others.is_empty() {
                        <p class="meta">{ format!("This scenario can also be played under: {}.", others.join("; ")) }</p>
                    }
                </section>
                <section class="card" aria-labelledby="b-mandate">
                    <h2 id="b-mandate">{ format!("Your department: {}", s.department) }</h2>
                    if let Some(role) = &s.role {
                        <p class="label">{ role.clone() }</p>
                    }
                    <p class="label">{ "Your negotiation mandate" }</p>
                    <p>{ b.mandate.clone() }</p>
                </section>
                <section class="card" aria-labelledby="b-counterpart">
                    <h2 id="b-counterpart">{ "Across the table" }</h2>
                    <p class="strong">{ s.counterpart.clone() }</p>
                    <p>{ b.counterpart_brief.clone() }</p>
                </section>
                <section class="card" aria-labelledby="b-stakes">
                    <h2 id="b-stakes">{ "What is at stake" }</h2>
                    <p>{ b.stakes.clone() }</p>
                </section>
            </div>
            <section class="card" aria-labelledby="b-objectives">
                <h2 id="b-objectives">{ "What you will practise" }</h2>
                <ul class="objectives">{ for b.objectives.iter().map(|o| html! { <li>{ o.clone() }</li> }) }</ul>
                <p class="meta">
                    { "Each choice is scored by how well it serves the corporate strategy. \
                       Your final score runs from 0 (the worst play the scenario allows) to 100 (the best)." }
                </p>
            </section>
            <ScenarioMapToggle catalogue={props.entry.clone()} index={props.index} />
            <div class="actions actions--end">
                <button class="button button--quiet" onclick={on_home}>{ "Back to scenarios" }</button>
                <button class="button button--primary button--large" onclick={on_begin}>{ "Begin the negotiation" }</button>
            </div>
        </article>
    }
}
