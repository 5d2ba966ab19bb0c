//! A decision: the situation, the counterpart's words, and the options.

use yew::prelude::*;

use crate::core::engine::{Playthrough, Position};
use crate::core::scoring;
use crate::core::session::Catalogue;

use super::widgets::{ScenarioText, speaker_name};

#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    pub catalogue: Catalogue,
    pub index: usize,
    pub playthrough: Playthrough,
    pub on_choose: Callback<String>,
    pub on_home: Callback<()>,
}

#[function_component]
pub fn Decision(props: &DecisionProps) -> Html {
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

    html! {
        <article class="decision">
            <PlayBar
                title={s.title.clone()}
                progress_text={format!("Decision {} of about {}", progress.number, progress.about)}
                percent={percent.min(100)}
                running={running}
                on_home={on_home}
            />
            <h1 class="scene-title">{ scene.title.clone() }</h1>
            <ScenarioText blocks={scene.body.clone()} speaker={speaker_name(&s.counterpart)} />
            <section class="options" aria-labelledby="options-heading">
                <h2 id="options-heading">{ "What do you do?" }</h2>
                <div class="options__list" role="group" aria-labelledby="options-heading">
                    { for props.playthrough.offered(s).into_iter().map(|(_, c)| {
                        let id = c.id.to_string();
                        let onclick = props.on_choose.reform(move |_: MouseEvent| id.clone());
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
    html! {
        <div class="playbar">
            <div class="playbar__row">
                <span class="playbar__title">{ props.title.clone() }</span>
                <button class="button button--quiet button--small" onclick={props.on_home.clone()}>
                    { "Save and exit" }
                </button>
            </div>
            <div class="playbar__row">
                <span data-testid="progress" class="playbar__progress">{ props.progress_text.clone() }</span>
                <span class="playbar__score">
                    { "Strategic alignment so far: " }
                    <strong data-testid="running-score">
                        { props.running.map(|r| format!("{r}%")).unwrap_or_else(|| "—".to_string()) }
                    </strong>
                </span>
            </div>
            <div class="meter" role="progressbar" aria-label="Progress through the scenario"
                aria-valuemin="0" aria-valuemax="100" aria-valuenow={props.percent.to_string()}>
                <div class="meter__fill" style={format!("width: {}%", props.percent)}></div>
            </div>
        </div>
    }
}
