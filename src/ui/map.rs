//! The scenario map: the scenario's graph as an inline SVG, laid out by
//! [`crate::core::map`]. Scenes and endings are boxes, choices are arrows; on the
//! outcome screen the learner's own path is highlighted.
//!
//! Everything reads without colour: the path is thick and solid where the other choices
//! are thin and dashed, decisions carry their number, endings carry a symbol and a word.
//! All scenario text is rendered as text.

use yew::prelude::*;

use crate::core::engine::{Playthrough, Position};
use crate::core::i18n::Messages;
use crate::core::map::{self, MapEdge, MapLayout, MapNode, NodeKind, PathMarks};
use crate::core::scenario::{Scenario, SceneIndex, StrategyIndex, Tone};
use crate::core::session::Catalogue;
use crate::tr;

use super::i18n::use_messages;
use super::widgets::use_geometry;

/// Abstract layout units per rem: the map is drawn at 16 units to the root font size, so
/// it grows with the type on large screens and projectors.
const UNITS_PER_REM: f64 = 16.0;
/// A map a little wider than its column shrinks to fit, down to this scale; a wider one
/// scrolls sideways instead, so the labels stay readable.
const MIN_SCALE: f64 = 0.8;

#[derive(Properties, PartialEq)]
pub struct ScenarioMapProps {
    pub catalogue: Catalogue,
    pub index: usize,
    /// The learner's playthrough; its path is highlighted when given.
    #[prop_or_default]
    pub path: Option<Playthrough>,
}

/// The symbol and the words for an ending's tone.
fn tone_caption(t: &Messages, tone: Tone) -> (&'static str, &str) {
    match tone {
        Tone::Good => ("✔", tr!(t, "map.tone-good")),
        Tone::Mixed => ("±", tr!(t, "map.tone-mixed")),
        Tone::Poor => ("✖", tr!(t, "map.tone-poor")),
    }
}

/// The map of one scenario, with the learner's path when `path` is given.
#[function_component]
pub fn ScenarioMap(props: &ScenarioMapProps) -> Html {
    let t = use_messages();
    let layout = use_memo(
        (props.catalogue.clone(), props.index),
        |(catalogue, index)| {
            catalogue
                .get(*index)
                .map(|entry| map::layout(&entry.scenario))
        },
    );
    let marks = {
        let layout = layout.clone();
        use_memo(
            (props.catalogue.clone(), props.index, props.path.clone()),
            move |(catalogue, index, path)| {
                let (Some(layout), Some(entry), Some(path)) =
                    (layout.as_ref(), catalogue.get(*index), path)
                else {
                    return None;
                };
                let steps: Vec<(SceneIndex, usize)> =
                    path.steps().iter().map(|s| (s.scene, s.choice)).collect();
                let ending = match path.position(&entry.scenario) {
                    Position::Ended(e) => Some(e),
                    Position::Decision(_) => None,
                };
                Some(layout.mark_path(&steps, ending))
            },
        )
    };
    // Where a wide map opens, as a fraction of its width: the middle of the learner's
    // path, or the start.
    let focus = layout.as_ref().as_ref().and_then(|layout| {
        let xs: Vec<f64> = match marks.as_ref() {
            Some(m) => (0..layout.nodes.len())
                .filter(|&i| m.nodes[i])
                .map(|i| layout.nodes[i].center().x)
                .collect(),
            None => props
                .catalogue
                .get(props.index)
                .and_then(|e| layout.scene_node(e.scenario.start()))
                .map(|i| layout.nodes[i].center().x)
                .into_iter()
                .collect(),
        };
        (!xs.is_empty() && layout.width > 0.0)
            .then(|| xs.iter().sum::<f64>() / xs.len() as f64 / layout.width)
    });
    let scroll_ref = use_node_ref();
    {
        let scroll_ref = scroll_ref.clone();
        use_effect_with(focus.map(|f| (f * 1000.0).round() as i32), move |focus| {
            if let (Some(el), Some(focus)) = (scroll_ref.cast::<web_sys::Element>(), focus) {
                let (total, visible) = (el.scroll_width(), el.client_width());
                if total > visible {
                    let left =
                        f64::from(*focus) / 1000.0 * f64::from(total) - f64::from(visible) / 2.0;
                    el.set_scroll_left(left.max(0.0).round() as i32);
                }
            }
        });
    }
    // The drawing's size in rem, so that it scales with the text; never narrower than
    // MIN_SCALE of it, beyond which the scroll region scrolls.
    let svg_ref = use_geometry(
        layout
            .as_ref()
            .as_ref()
            .map(|layout| {
                vec![
                    ("width", format!("{:.3}rem", layout.width / UNITS_PER_REM)),
                    (
                        "min-width",
                        format!("{:.3}rem", MIN_SCALE * layout.width / UNITS_PER_REM),
                    ),
                ]
            })
            .unwrap_or_default(),
    );
    let (Some(layout), Some(entry)) = (layout.as_ref(), props.catalogue.get(props.index)) else {
        return html! {};
    };
    let marks = marks.as_ref().as_ref();

    let mut summary = tr!(
        t,
        "map.summary",
        scenes = tr!(t, "map.scenes", count = layout.scene_count()),
        endings = tr!(t, "map.endings", count = layout.ending_count())
    );
    if let Some(p) = &props.path {
        summary.push_str(&tr!(
            t,
            "map.summary-path",
            decisions = tr!(t, "map.decisions", count = p.steps().len())
        ));
    }
    let start = layout.scene_node(entry.scenario.start());
    // Endings show the tone they have for the strategy the learner ended under.
    let strategy = props.path.as_ref().map(|p| p.cursor().strategy);

    html! {
        <figure class="map">
            <div class="map__scroll" ref={scroll_ref} tabindex="0" role="region" aria-label={tr!(t, "map.region-label")}>
                <svg
                    class={classes!("map__svg", marks.is_some().then_some("map__svg--path"))}
                    viewBox={format!("0 0 {:.0} {:.0}", layout.width, layout.height)}
                    width={format!("{:.0}", layout.width)}
                    height={format!("{:.0}", layout.height)}
                    ref={svg_ref}
                    role="img"
                    aria-label={summary}
                    xmlns="http://www.w3.org/2000/svg"
                >
                    <defs>
                        // Labels never spill out of their boxes, whatever the font.
                        <clipPath id="map-clip-scene">
                            <rect x="3" width={format!("{:.0}", map::NODE_WIDTH - 6.0)} height={format!("{:.0}", map::SCENE_HEIGHT)} />
                        </clipPath>
                        <clipPath id="map-clip-ending">
                            <rect x="3" width={format!("{:.0}", map::NODE_WIDTH - 6.0)} height={format!("{:.0}", map::ENDING_HEIGHT)} />
                        </clipPath>
                        { arrow_marker("map-arrow", "map__arrow", 9.0) }
                        { arrow_marker("map-arrow-path", "map__arrow map__arrow--path", 11.0) }
                        { arrow_marker("map-arrow-off", "map__arrow map__arrow--off", 8.0) }
                    </defs>
                    <g class="map__edges">
                        // Edges off the path first, so the path is drawn over them.
                        { for layout.edges.iter().enumerate()
                            .filter(|(i, _)| !marks.is_some_and(|m| m.edges[*i]))
                            .map(|(_, e)| edge(entry, e, marks.is_some(), false)) }
                        { for layout.edges.iter().enumerate()
                            .filter(|(i, _)| marks.is_some_and(|m| m.edges[*i]))
                            .map(|(_, e)| edge(entry, e, true, true)) }
                    </g>
                    <g class="map__nodes">
                        { for layout.nodes.iter().enumerate().map(|(i, n)| node(t, &entry.scenario, n, marks.map(|m| m.nodes[i]), strategy)) }
                    </g>
                    if let Some(start) = start {
                        { start_caption(t, &layout.nodes[start]) }
                    }
                    if let Some(m) = marks {
                        { step_badges(layout, m) }
                    }
                </svg>
            </div>
            { legend(t, marks.is_some()) }
        </figure>
    }
}

fn arrow_marker(id: &'static str, class: &'static str, size: f64) -> Html {
    html! {
        <marker id={id} class={class} viewBox="0 0 10 10" refX="9" refY="5"
            markerUnits="userSpaceOnUse" markerWidth={size.to_string()} markerHeight={size.to_string()}
            orient="auto">
            <path d="M0 0.5 L10 5 L0 9.5 z" />
        </marker>
    }
}

fn edge(entry: &crate::core::session::Entry, e: &MapEdge, with_path: bool, on_path: bool) -> Html {
    let choice = &entry.scenario.scene(e.scene).choices[e.choice];
    let (class, marker) = match (with_path, on_path) {
        (_, true) => ("map__edge map__edge--path", "url(#map-arrow-path)"),
        (true, false) => ("map__edge map__edge--off", "url(#map-arrow-off)"),
        (false, false) => ("map__edge", "url(#map-arrow)"),
    };
    html! {
        <path class={classes!(class, e.back.then_some("map__edge--back"))} d={e.path_data()} marker-end={marker}>
            <title>{ choice.label.clone() }</title>
        </path>
    }
}

fn node(
    t: &Messages,
    scenario: &Scenario,
    n: &MapNode,
    visited: Option<bool>,
    strategy: Option<StrategyIndex>,
) -> Html {
    let state = match visited {
        None => None,
        Some(true) => Some("map__node--visited"),
        Some(false) => Some("map__node--dim"),
    };
    let (kind_class, tone, tooltip, clip) = match n.kind {
        NodeKind::Scene(_) => (
            "map__node--scene",
            None,
            n.title.clone(),
            "url(#map-clip-scene)",
        ),
        NodeKind::Ending(ending, tone) => {
            let tone = strategy.map_or(tone, |s| scenario.ending(ending).tone(s));
            let (symbol, words) = tone_caption(t, tone);
            (
                "map__node--ending",
                Some(tone),
                format!("{} — {symbol} {words}", n.title),
                "url(#map-clip-ending)",
            )
        }
    };
    // Title lines: 18 units apart, centred in the part of the box below the tone caption.
    let top = if tone.is_some() { 24.0 } else { 0.0 };
    let lines = n.label.len() as f64;
    let first_baseline = top + (n.h - top) / 2.0 - (lines - 1.0) * 9.0 + 5.0;
    html! {
        <g class={classes!("map__node", kind_class, tone.map(|t| format!("map__node--{}", t.slug())), state)}
            transform={format!("translate({:.1} {:.1})", n.x, n.y)}>
            <title>{ tooltip }</title>
            <rect class="map__box" width={format!("{:.0}", n.w)} height={format!("{:.0}", n.h)} rx="8" />
            if let Some(tone) = tone {
                <path class="map__band" d={format!("M0 8 a8 8 0 0 1 8 -8 h{:.0} a8 8 0 0 1 8 8 v16 h-{:.0} z", n.w - 16.0, n.w)} />
                <text class="map__tone" x={format!("{:.0}", n.w / 2.0)} y="17" text-anchor="middle">
                    { format!("{} {}", tone_caption(t, tone).0, tone_caption(t, tone).1) }
                </text>
            }
            <text class="map__label" text-anchor="middle" clip-path={clip}>
                { for n.label.iter().enumerate().map(|(k, line)| html! {
                    <tspan x={format!("{:.0}", n.w / 2.0)} y={format!("{:.1}", first_baseline + 18.0 * k as f64)}>
                        { line.clone() }
                    </tspan>
                }) }
            </text>
        </g>
    }
}

fn start_caption(t: &Messages, n: &MapNode) -> Html {
    html! {
        <text class="map__start" x={format!("{:.1}", n.x + n.w / 2.0)} y={format!("{:.1}", n.y - 10.0)}
            text-anchor="middle">{ tr!(t, "map.start") }</text>
    }
}

/// The number of each decision on the edge it took, as in the review list.
fn step_badges(layout: &MapLayout, marks: &PathMarks) -> Html {
    html! {
        <g class="map__badges" aria-hidden="true">
            { for marks.step_edges.iter().enumerate().filter_map(|(k, e)| {
                let p = layout.edges.get((*e)?)?.first_midpoint();
                Some(html! {
                    <g class="map__badge" transform={format!("translate({:.1} {:.1})", p.x, p.y)}>
                        <circle r="11" />
                        <text y="4.5" text-anchor="middle">{ k + 1 }</text>
                    </g>
                })
            }) }
        </g>
    }
}

fn legend(t: &Messages, with_path: bool) -> Html {
    let sample = |class: &'static str| {
        html! {
            <svg class="map-legend__sample" viewBox="0 0 36 12" width="36" height="12" aria-hidden="true">
                <path class={class} d="M1 6 H35" />
            </svg>
        }
    };
    html! {
        <figcaption class="map-legend">
            if with_path {
                <span class="map-legend__item">{ sample("map__edge map__edge--path") }{ tr!(t, "map.legend-path") }</span>
                <span class="map-legend__item">{ sample("map__edge map__edge--off") }{ tr!(t, "map.legend-off") }</span>
                <span class="map-legend__item"><span class="map-legend__badge" aria-hidden="true">{ "1" }</span>{ tr!(t, "map.legend-number") }</span>
            } else {
                <span class="map-legend__item">{ tr!(t, "map.legend-plain") }</span>
            }
            <span class="map-legend__item">{ tr!(t, "map.legend-endings") }</span>
        </figcaption>
    }
}

#[derive(Properties, PartialEq)]
pub struct MapToggleProps {
    pub catalogue: Catalogue,
    pub index: usize,
}

/// The briefing's map, collapsed until the learner asks for it: it shows every branch.
#[function_component]
pub fn ScenarioMapToggle(props: &MapToggleProps) -> Html {
    let t = use_messages();
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <section class="card map-card" aria-labelledby="b-map">
            <div class="map-card__head">
                <div>
                    <h2 id="b-map">{ tr!(t, "map.heading") }</h2>
                    <p class="meta map-card__note">{ tr!(t, "map.note") }</p>
                </div>
                <button class="button button--small" aria-expanded={(*open).to_string()}
                    aria-controls="b-map-body" onclick={toggle}>
                    { if *open { tr!(t, "map.hide") } else { tr!(t, "map.show") } }
                </button>
            </div>
            <div id="b-map-body">
                if *open {
                    <ScenarioMap catalogue={props.catalogue.clone()} index={props.index} />
                }
            </div>
        </section>
    }
}
