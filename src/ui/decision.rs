//! A decision: the situation, the counterpart's words, and the options.

use yew::prelude::*;

use crate::core::debrief::Confidence;
use crate::core::engine::{Playthrough, Position};
use crate::core::scoring;
use crate::core::session::Catalogue;
use crate::tr;

use super::i18n::use_messages;
use super::widgets::{Bar, LevelMeter, ScenarioText, confidence_label, speaker_name};

#[derive(Properties, PartialEq)]
pub struct TablePanelProps {
    pub catalogue: Catalogue,
    pub index: usize,
    /// The scenario's variables now.
    pub values: Vec<i32>,
}

/// Beside the counterpart: the offer on the table and the relationship meter, where
/// the scenario declares them. Nothing when it declares neither.
#[function_component]
pub fn TablePanel(props: &TablePanelProps) -> Html {
    let t = use_messages();
    let s = &props.catalogue[props.index].scenario;
    if s.economics.is_none() && s.meter.is_none() {
        return html! {};
    }
    let value = |v: usize| props.values.get(v).copied().unwrap_or(0);
    html! {
        <aside class="table-panel" aria-label={tr!(t, "decision.table-panel")}>
            if let Some(e) = &s.economics {
                <p class="label">{ tr!(t, "decision.offer") }</p>
                <p class="table-panel__offer" data-testid="offer">{ e.show(value(e.deal.index())) }</p>
                if let Some(w) = e.walk_away {
                    <p class="meta">{ tr!(t, "decision.walk-away", value = e.show(w)) }</p>
                }
            }
            if let Some(m) = &s.meter {
                <LevelMeter label={m.label.clone()} value={value(m.var.index())}
                    min={s.variables[m.var.index()].min} max={s.variables[m.var.index()].max} />
            }
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub playthrough: Playthrough,
    /// The choice's id, with the confidence rated before it (where the scenario asks).
    pub on_choose: Callback<(String, Option<Confidence>)>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Decision(props: &DecisionProps) -> Html {
    let t = use_messages();
    let entry = &props.catalogue[props.index];
    let s = &entry.scenario;
    let Position::Decision(scene_index) = props.playthrough.position(s) else {
        return html! {};
    };
    let scene = s.scene(scene_index);
    let progress = entry.analysis.progress(&props.playthrough);
    let running = scoring::running_alignment(s, &props.playthrough);
    let on_home = props.on_home.reform(|_: MouseEvent| ());
    let percent = (progress.number.saturating_sub(1) * 100) / progress.about.max(1);
    let confidence = use_state(|| None::<Confidence>);
    {
        // A new decision starts unrated.
        let confidence = confidence.clone();
        use_effect_with(props.playthrough.steps().len(), move |_| {
            confidence.set(None)
        });
    }

    html! {
        <article class="decision">
            <PlayBar
                title={s.title.clone()}
                progress_text={tr!(t, "decision.progress", number = progress.number, about = progress.about)}
                percent={percent.min(100)}
                running={running}
                on_home={on_home}
            />
            <h1 class="scene-title">{ scene.title.clone() }</h1>
            <div class="scene-layout">
                <ScenarioText blocks={scene.body.clone()} speaker={speaker_name(&s.counterpart)} />
                <TablePanel catalogue={props.catalogue.clone()} index={props.index} values={props.playthrough.cursor().values.clone()} />
            </div>
            if s.confidence {
                <fieldset class="confidence" data-testid="confidence">
                    <legend class="label">{ tr!(t, "decision.confidence-legend") }</legend>
                    <div class="confidence__options">
                        { for Confidence::ALL.iter().map(|&level| {
                            let set = confidence.clone();
                            let onchange = Callback::from(move |_: Event| set.set(Some(level)));
                            html! {
                                <label class="confidence__option">
                                    <input type="radio" name="confidence" value={level.code().to_string()}
                                        checked={*confidence == Some(level)} {onchange} />
                                    <span>{ confidence_label(t, level) }</span>
                                </label>
                            }
                        }) }
                    </div>
                </fieldset>
            }
            <section class="options" aria-labelledby="options-heading">
                <h2 id="options-heading">{ tr!(t, "decision.options-heading") }</h2>
                <div class="options__list" role="group" aria-labelledby="options-heading">
                    { for props.playthrough.offered(s).into_iter().map(|(_, c)| {
                        let id = c.id.to_string();
                        let rated = *confidence;
                        let onclick = props.on_choose.reform(move |_: MouseEvent| (id.clone(), rated));
                        html! { <button class="choice" {onclick}>{ c.label.clone() }</button> }
                    }) }
                </div>
            </section>
        </article>
    }
}

#[derive(Properties, PartialEq)]
pub struct PlayBarProps {
    pub title: AttrValue,
    pub progress_text: AttrValue,
    pub percent: u32,
    pub running: Option<u8>,
    pub on_home: Callback<MouseEvent>,
}

/// The strip above every decision and feedback: where you are, how aligned so far.
#[function_component]
pub fn PlayBar(props: &PlayBarProps) -> Html {
    let t = use_messages();
    html! {
        <div class="playbar">
            <div class="playbar__row">
                <span class="playbar__title">{ props.title.clone() }</span>
                <button class="button button--quiet button--small" onclick={props.on_home.clone()}>
                    { tr!(t, "decision.save-exit") }
                </button>
            </div>
            <div class="playbar__row">
                <span data-testid="progress" class="playbar__progress">{ props.progress_text.clone() }</span>
                <span class="playbar__score">
                    { tr!(t, "decision.running-score") }{ " " }
                    <strong data-testid="running-score">
                        { props.running.map(|r| t.percent(f64::from(r), 0)).unwrap_or_else(|| "—".to_string()) }
                    </strong>
                </span>
            </div>
            <div class="meter" role="progressbar" aria-label={tr!(t, "decision.progress-label")}
                aria-valuemin="0" aria-valuemax="100" aria-valuenow={props.percent.to_string()}>
                <Bar class="meter__fill" percent={f64::from(props.percent)} />
            </div>
        </div>
    }
}
