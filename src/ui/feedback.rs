//! Feedback on the choice just made: its alignment, why, and what it caused.

use yew::prelude::*;

use crate::core::engine::{Playthrough, Position};
use crate::core::scoring;
use crate::core::session::Catalogue;

use super::decision::PlayBar;
use super::widgets::AlignmentBadge;

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
    let alignment = props
        .playthrough
        .taken()
        .last()
        .map(|(_, cursor)| choice.alignment(cursor.strategy))
        .unwrap_or_else(|| choice.alignment(Default::default()));
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
                <h2>{ "Why" }</h2>
                <p>{ choice.why.clone() }</p>
                <h2>{ "What happened" }</h2>
                <p>{ choice.result.clone() }</p>
            </div>
            <div class="actions actions--end">
                <button ref={continue_ref} class="button button--primary button--large" onclick={on_continue}>
                    { if ended { "See the outcome" } else { "Continue" } }
                </button>
            </div>
        </article>
    }
}
