//! The briefing: the company and its strategy, your department's mandate, the
//! counterpart and the stakes — everything the learner needs before deciding.

use yew::prelude::*;

use crate::core::scenario::{Block, StrategyIndex};
use crate::core::session::Catalogue;
use crate::tr;

use super::i18n::use_messages;
use super::map::ScenarioMapToggle;
use super::widgets::{ScenarioText, decisions_range, speaker_name};

#[derive(Properties, PartialEq)]
pub struct PickerProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub strategy: StrategyIndex,
    pub on_strategy: Callback<String>,
}

/// Play the scenario under another of its strategies: the same situation, scored
/// against a different idea of what the company needs.
#[function_component]
pub fn StrategyPicker(props: &PickerProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    html! {
        <fieldset class="card picker" data-testid="strategy-picker">
            <legend class="picker__legend">{ tr!(t, "briefing.picker-legend") }</legend>
            <p class="meta">
                { tr!(t, "briefing.picker-note") }
            </p>
            <div class="picker__options">
                { for s.strategy_indices().map(|i| {
                    let st = s.strategy(i);
                    let id = st.id.to_string();
                    let onchange = props.on_strategy.reform(move |_: Event| id.clone());
                    html! {
                        <label class="picker__option">
                            <input type="radio" name="strategy" value={st.id.to_string()}
                                checked={i == props.strategy} {onchange} />
                            <span>{ st.name.clone() }</span>
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}

#[derive(Properties, PartialEq)]
pub struct ProfileProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub strategy: StrategyIndex,
}

/// The strategy's profile: each dimension it weighs, with its weight as filled
/// squares and in words (readable without colour).
#[function_component]
pub fn ProfileChart(props: &ProfileProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    let strategy = s.strategy(props.strategy);
    let mut rows: Vec<_> = s
        .dimension_indices()
        .map(|d| (d, strategy.weight(d)))
        .filter(|(_, w)| *w > 0)
        .collect();
    rows.sort_by_key(|(d, w)| (std::cmp::Reverse(*w), *d));
    let words = |w: u8| match w {
        3 => tr!(t, "briefing.weight-most"),
        2 => tr!(t, "briefing.weight-matters"),
        _ => tr!(t, "briefing.weight-little"),
    };
    html! {
        <ul class="profile" data-testid="profile">
            { for rows.into_iter().map(|(d, w)| {
                let filled = str::repeat("■", usize::from(w));
                let empty = str::repeat("□", 3 - usize::from(w.min(3)));
                html! {
                <li class="profile__row">
                    <span class="profile__name">{ s.dimension(d).name.clone() }</span>
                    <span class="profile__weight" aria-hidden="true">
                        { filled }<span class="profile__empty">{ empty }</span>
                    </span>
                    <span class="profile__words">{ words(w) }</span>
                </li>
                }
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct BriefingProps {
    pub entry: Catalogue,
    pub index: usize,
    /// The strategy the attempt will be played under.
    pub strategy: StrategyIndex,
    /// Play under another strategy (its id).
    pub on_strategy: Callback<String>,
    pub on_begin: Callback<()>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Briefing(props: &BriefingProps) -> Html {
    let t = use_messages();
    let entry = &props.entry[props.index];
    let s = &entry.scenario;
    let b = &s.briefing;
    let range = decisions_range(t, entry.analysis.path_lengths());
    let strategy = s.strategy(props.strategy);
    let on_begin = props.on_begin.reform(|_: MouseEvent| ());
    let on_home = props.on_home.reform(|_: MouseEvent| ());
    html! {
        <article class="briefing">
            <p class="eyebrow">{ tr!(t, "briefing.eyebrow") }</p>
            <h1>{ s.title.clone() }</h1>
            <p class="meta">
                { tr!(t, "briefing.meta", department = &s.department, minutes = s.minutes,
                    decisions = range, pass = s.pass_threshold) }
            </p>
            if s.strategies.len() > 1 {
                <StrategyPicker catalogue={props.entry.clone()} index={props.index}
                    strategy={props.strategy} on_strategy={props.on_strategy.clone()} />
            }
            <div class="briefing__grid">
                <section class="card card--strategy" aria-labelledby="b-company">
                    <h2 id="b-company">{ tr!(t, "briefing.company") }</h2>
                    <p class="strong">{ b.company.clone() }</p>
                    <p class="label">{ tr!(t, "briefing.corporate-strategy") }</p>
                    <p class="strategy-name" data-testid="strategy-name">{ strategy.name.clone() }</p>
                    <ScenarioText blocks={strategy.summary.clone()} speaker={speaker_name(&s.counterpart)} />
                </section>
                <section class="card" aria-labelledby="b-mandate">
                    <h2 id="b-mandate">{ tr!(t, "briefing.department", department = &s.department) }</h2>
                    if let Some(role) = &s.role {
                        <p class="label">{ role.clone() }</p>
                    }
                    <p class="label">{ tr!(t, "briefing.mandate") }</p>
                    <p data-testid="mandate">{ s.mandate(props.strategy).to_string() }</p>
                </section>
                <section class="card" aria-labelledby="b-counterpart">
                    <h2 id="b-counterpart">{ tr!(t, "briefing.counterpart") }</h2>
                    <p class="strong">{ s.counterpart.clone() }</p>
                    <p>{ b.counterpart_brief.clone() }</p>
                </section>
                <section class="card" aria-labelledby="b-stakes">
                    <h2 id="b-stakes">{ tr!(t, "briefing.stakes") }</h2>
                    <p>{ b.stakes.clone() }</p>
                    if let Some(e) = &s.economics {
                        <dl class="terms">
                            <dt>{ tr!(t, "briefing.offer") }</dt>
                            <dd>{ e.show(s.variables[e.deal.index()].start) }</dd>
                            if let Some(w) = e.walk_away {
                                <dt>{ tr!(t, "briefing.walk-away") }</dt>
                                <dd>{ e.show(w) }</dd>
                            }
                            if let Some(batna) = &e.batna {
                                <dt>{ tr!(t, "briefing.batna") }</dt>
                                <dd>{ batna.clone() }</dd>
                            }
                        </dl>
                    }
                </section>
            </div>
            if strategy.weights.is_some() {
                <section class="card" aria-labelledby="b-profile">
                    <h2 id="b-profile">{ tr!(t, "briefing.profile-heading", strategy = &strategy.name) }</h2>
                    <ProfileChart catalogue={props.entry.clone()} index={props.index} strategy={props.strategy} />
                    <div class="story">
                        { for strategy.profile.iter().map(|b| match b {
                            Block::Paragraph(text) | Block::Speech(text) => html! { <p class="meta">{ text.clone() }</p> },
                        }) }
                    </div>
                    <p class="meta">
                        { tr!(t, "briefing.profile-note") }
                    </p>
                </section>
            }
            <section class="card" aria-labelledby="b-objectives">
                <h2 id="b-objectives">{ tr!(t, "briefing.objectives") }</h2>
                <ul class="objectives">{ for b.objectives.iter().map(|o| html! { <li>{ o.clone() }</li> }) }</ul>
                <p class="meta">
                    { tr!(t, "briefing.scoring-note") }
                </p>
            </section>
            <ScenarioMapToggle catalogue={props.entry.clone()} index={props.index} />
            <div class="actions actions--end">
                <button class="button button--quiet" onclick={on_home}>{ tr!(t, "briefing.back") }</button>
                <button class="button button--primary button--large" onclick={on_begin}>{ tr!(t, "briefing.begin") }</button>
            </div>
        </article>
    }
}
