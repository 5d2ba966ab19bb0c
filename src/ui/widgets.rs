//! Small shared pieces: scenario text, alignment badges, notices, confirmation.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::debrief::Confidence;
use crate::core::i18n::Messages;
use crate::core::scenario::{Alignment, Block};
use crate::platform::style;
use crate::tr;

use super::i18n::use_messages;

/// Geometry that depends on data, for the element the returned ref is put on: each
/// `(property, value)` is set through the CSSOM after every render that changes it
/// ([`crate::platform::style`]), since a `style` attribute would break the
/// Content-Security-Policy. Yew runs the effect before the browser paints.
#[hook]
pub fn use_geometry(properties: Vec<(&'static str, String)>) -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(properties, move |properties| {
            if let Some(element) = node
                .get()
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                style::apply(&element, properties);
            }
        });
    }
    node
}

/// An alignment's name in the interface language ("Aligned", "Auf Strategie").
pub fn alignment_label(t: &'static Messages, a: Alignment) -> &'static str {
    match a.value() {
        2.. => tr!(t, "common.alignment-strongly-aligned"),
        1 => tr!(t, "common.alignment-aligned"),
        0 => tr!(t, "common.alignment-neutral"),
        -1 => tr!(t, "common.alignment-misaligned"),
        _ => tr!(t, "common.alignment-strongly-misaligned"),
    }
}

/// A confidence rating's name in the interface language.
pub fn confidence_label(t: &'static Messages, c: Confidence) -> &'static str {
    match c {
        Confidence::Unsure => tr!(t, "common.confidence-unsure"),
        Confidence::FairlySure => tr!(t, "common.confidence-fairly-sure"),
        Confidence::Certain => tr!(t, "common.confidence-certain"),
    }
}

#[derive(Properties, PartialEq)]
pub struct TextProps {
    pub blocks: Vec<Block>,
    /// Who speaks in `>` lines.
    pub speaker: AttrValue,
}

/// Narrative paragraphs and the counterpart's words. Text is always text: nothing an
/// author writes is interpreted as HTML.
#[function_component]
pub fn ScenarioText(props: &TextProps) -> Html {
    let t = use_messages();
    html! {
        <div class="story">
            { for props.blocks.iter().map(|b| match b {
                Block::Paragraph(text) => html! { <p>{ text.clone() }</p> },
                Block::Speech(text) => html! {
                    <figure class="speech">
                        <figcaption class="speech__who">{ props.speaker.clone() }</figcaption>
                        <blockquote class="speech__words"><p>{ tr!(t, "common.quote", text = text) }</p></blockquote>
                    </figure>
                },
            }) }
        </div>
    }
}

/// The counterpart's name: the `counterpart:` line up to its first comma.
pub fn speaker_name(counterpart: &str) -> AttrValue {
    AttrValue::from(
        counterpart
            .split(',')
            .next()
            .unwrap_or(counterpart)
            .trim()
            .to_string(),
    )
}

#[derive(Properties, PartialEq)]
pub struct BadgeProps {
    pub alignment: Alignment,
}

/// "Aligned (+1)" with a shape as well as a colour, so it reads without colour.
#[function_component]
pub fn AlignmentBadge(props: &BadgeProps) -> Html {
    let t = use_messages();
    let a = props.alignment;
    let symbol = match a.value() {
        2 => "▲▲",
        1 => "▲",
        0 => "●",
        -1 => "▼",
        _ => "▼▼",
    };
    html! {
        <span class={classes!("badge", format!("badge--{}", a.slug()))}>
            <span aria-hidden="true" class="badge__symbol">{ symbol }</span>
            { tr!(t, "common.alignment-badge", label = alignment_label(t, a), value = format!("{:+}", a.value())) }
        </span>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub notices: Vec<String>,
    pub on_dismiss: Callback<usize>,
}

#[function_component]
pub fn Notices(props: &NoticesProps) -> Html {
    let t = use_messages();
    if props.notices.is_empty() {
        return html! {};
    }
    html! {
        <div class="notices" role="status">
            { for props.notices.iter().enumerate().map(|(i, n)| {
                let on_dismiss = props.on_dismiss.reform(move |_: MouseEvent| i);
                html! {
                    <div class="notice">
                        <p>{ n.clone() }</p>
                        <button class="button button--quiet" onclick={on_dismiss}>{ tr!(t, "common.dismiss") }</button>
                    </div>
                }
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ConfirmProps {
    pub title: AttrValue,
    pub body: AttrValue,
    pub confirm_label: AttrValue,
    pub cancel_label: AttrValue,
    pub on_confirm: Callback<()>,
    pub on_cancel: Callback<()>,
}

/// A modal question. The safe answer has the focus; Escape cancels.
#[function_component]
pub fn Confirm(props: &ConfirmProps) -> Html {
    let cancel_ref = use_node_ref();
    {
        let cancel_ref = cancel_ref.clone();
        use_effect_with((), move |_| {
            if let Some(button) = cancel_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        });
    }
    let on_cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let on_confirm = props.on_confirm.reform(|_: MouseEvent| ());
    let on_key = {
        let cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                cancel.emit(());
            }
        })
    };
    html! {
        <div class="overlay" onkeydown={on_key}>
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-body">
                <h2 id="confirm-title">{ props.title.clone() }</h2>
                <p id="confirm-body">{ props.body.clone() }</p>
                <div class="actions">
                    <button ref={cancel_ref} class="button button--primary" onclick={on_cancel}>{ props.cancel_label.clone() }</button>
                    <button class="button button--danger" onclick={on_confirm}>{ props.confirm_label.clone() }</button>
                </div>
            </div>
        </div>
    }
}

/// "6–8 decisions", "7 decisions", or "6 or more decisions" when loops allow any number.
pub fn decisions_range(t: &Messages, (shortest, longest): (u32, Option<u32>)) -> String {
    match longest {
        Some(l) if l == shortest => tr!(t, "common.decisions-exactly", count = l),
        Some(l) => tr!(
            t,
            "common.decisions-range",
            shortest = shortest,
            longest = l
        ),
        None => tr!(t, "common.decisions-or-more", count = shortest),
    }
}

#[derive(Properties, PartialEq)]
pub struct PracticeBannerProps {
    pub on_leave: Callback<()>,
}

/// Above every screen of a practice run: it is not the attempt, and the way back.
#[function_component]
pub fn PracticeBanner(props: &PracticeBannerProps) -> Html {
    let t = use_messages();
    let on_leave = props.on_leave.reform(|_: MouseEvent| ());
    html! {
        <div class="practice-banner" role="status" data-testid="practice-banner">
            <p>
                <strong>{ tr!(t, "common.practice-run") }</strong>{ " " }
                { tr!(t, "common.practice-explain") }
            </p>
            <button class="button button--small" onclick={on_leave}>{ tr!(t, "common.practice-back") }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct LevelMeterProps {
    pub label: AttrValue,
    pub value: i32,
    pub min: i32,
    pub max: i32,
}

#[derive(Properties, PartialEq)]
pub struct BarProps {
    /// The bar's classes (its colour, its thickness).
    pub class: Classes,
    /// The length, 0 to 100, as a share of the track the bar sits in.
    pub percent: f64,
    /// Along the height instead of the width (a column chart's bars).
    #[prop_or_default]
    pub vertical: bool,
}

/// A bar whose length shows a share: a meter's fill, a chart's bar.
#[function_component]
pub fn Bar(props: &BarProps) -> Html {
    let property = if props.vertical { "height" } else { "width" };
    let node = use_geometry(vec![(
        property,
        format!("{:.1}%", props.percent.clamp(0.0, 100.0)),
    )]);
    html! { <span class={props.class.clone()} ref={node}></span> }
}

/// A labelled meter (trust, for example) that also states its value in words.
#[function_component]
pub fn LevelMeter(props: &LevelMeterProps) -> Html {
    let t = use_messages();
    let span = (props.max - props.min).max(1);
    let percent = ((props.value - props.min) * 100 / span).clamp(0, 100);
    html! {
        <div class="level" data-testid="meter">
            <div class="level__row">
                <span class="level__label">{ props.label.clone() }</span>
                <span class="level__value">{ tr!(t, "common.out-of", value = t.integer(props.value.into()), max = t.integer(props.max.into())) }</span>
            </div>
            <div class="meter" role="meter" aria-label={props.label.clone()}
                aria-valuemin={props.min.to_string()} aria-valuemax={props.max.to_string()}
                aria-valuenow={props.value.to_string()}>
                <Bar class={classes!("meter__fill", "meter__fill--level")} percent={f64::from(percent)} />
            </div>
        </div>
    }
}

/// ▲▲ / ▲ / ● / ▼ / ▼▼ for an effect or alignment from -2 to +2.
pub fn arrows(value: i32) -> &'static str {
    match value {
        2.. => "▲▲",
        1 => "▲",
        0 => "●",
        -1 => "▼",
        _ => "▼▼",
    }
}
