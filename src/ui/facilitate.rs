//! Facilitator mode (`?facilitate`): one scenario run for a whole room on a projected
//! screen. The instructor sets it up, records the class's votes, reveals how each option
//! serves the strategy and moves the class on, from the keyboard or a presenter remote.
//! The run itself is [`crate::core::facilitation::Run`]; this module draws it, reads the
//! keys, keeps the run on the device and ticks the timer.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use yew::prelude::*;

use crate::core::engine::Position;
use crate::core::facilitation::{
    self, Action, Followed, Majority, PathStep, Phase, Run, SavedRun, TIMER_CHOICES, clock_text,
};
use crate::core::scenario::{Alignment, Block, StrategyIndex};
use crate::core::session::Catalogue;
use crate::platform::{clock, persistence};

use crate::core::i18n::Messages;
use crate::tr;

use super::i18n::use_messages;
use super::widgets::{
    AlignmentBadge, Bar, Confirm, ScenarioText, alignment_label, arrows, decisions_range,
    speaker_name,
};

/// Where the run is kept on the device, so that a reload of the projector keeps the votes.
pub const RUN_KEY: &str = "mandate.facilitation";

#[derive(Properties, PartialEq)]
pub struct FacilitatorProps {
    pub catalogue: Catalogue,
}

/// What the instructor is asked to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Confirming {
    /// Run the same scenario again from the briefing, clearing every vote.
    Restart,
    /// End this run and set up another.
    Leave,
}

/// The room: the run (none while setting up), the help overlay, a question being
/// confirmed, and a message for the instructor.
#[derive(Clone, Debug, PartialEq)]
struct Room {
    catalogue: Catalogue,
    run: Option<Run>,
    help: bool,
    confirming: Option<Confirming>,
    notice: Option<String>,
}

/// A key the room understands, read from a `keydown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Next,
    Back,
    Enter,
    Reveal,
    Timer,
    Help,
    Close,
    /// A digit: the option (0-based), and +1 or -1 (with Shift).
    Digit(usize, i32),
}

enum RoomAction {
    Start {
        entry: usize,
        strategy: StrategyIndex,
        timer: Option<u32>,
    },
    Run(Action),
    Key {
        key: Key,
        now: u64,
    },
    Help(bool),
    Confirm(Option<Confirming>),
    Confirmed,
    DismissNotice,
}

impl Reducible for Room {
    type Action = RoomAction;

    fn reduce(self: Rc<Self>, action: RoomAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            RoomAction::Start {
                entry,
                strategy,
                timer,
            } => {
                if entry < self.catalogue.len() {
                    next.run = Some(Run::new(self.catalogue.clone(), entry, strategy, timer));
                }
            }
            RoomAction::Run(action) => {
                next.run = self.run.as_ref().map(|r| r.apply(action));
            }
            RoomAction::Key { key, now } => {
                if self.help {
                    if matches!(key, Key::Help | Key::Close | Key::Enter) {
                        next.help = false;
                    }
                } else if key == Key::Help {
                    next.help = true;
                } else if self.confirming.is_none()
                    && let Some(run) = &self.run
                    && let Some(action) = action_for(run, key, now)
                {
                    next.run = Some(run.apply(action));
                }
            }
            RoomAction::Help(open) => next.help = open,
            RoomAction::Confirm(what) => next.confirming = what,
            RoomAction::Confirmed => {
                match (self.confirming, &self.run) {
                    (Some(Confirming::Restart), Some(run)) => {
                        next.run = Some(run.apply(Action::Restart))
                    }
                    (Some(Confirming::Leave), _) => next.run = None,
                    _ => {}
                }
                next.confirming = None;
            }
            RoomAction::DismissNotice => next.notice = None,
        }
        if next == *self { self } else { Rc::new(next) }
    }
}

/// What `key` does where the run stands.
fn action_for(run: &Run, key: Key, now: u64) -> Option<Action> {
    match (run.phase(), key) {
        (Phase::Briefing, Key::Next | Key::Enter) => Some(Action::Begin),
        (Phase::Voting, Key::Digit(option, delta)) => Some(Action::Vote { option, delta }),
        (Phase::Voting, Key::Reveal | Key::Enter | Key::Next) => Some(Action::Reveal),
        (Phase::Voting, Key::Timer) => Some(Action::ToggleTimer { now }),
        (Phase::Revealed, Key::Digit(option, 1)) => Some(Action::Pick { option }),
        (Phase::Revealed, Key::Next | Key::Enter) => Some(Action::Continue { pick: None }),
        (Phase::Voting | Phase::Revealed | Phase::Ended, Key::Back) => Some(Action::Back),
        _ => None,
    }
}

/// Reads a `keydown` as one of the room's keys. Browser shortcuts (Ctrl, Alt, Meta) are
/// left alone.
fn read_key(e: &KeyboardEvent) -> Option<Key> {
    if e.ctrl_key() || e.alt_key() || e.meta_key() {
        return None;
    }
    // The physical key (`Digit1`, `Numpad1`), so that Shift + digit still reads as the digit
    // on every layout; compared in lower case.
    let code = e.code().to_ascii_lowercase();
    let digit = code
        .strip_prefix("digit")
        .or_else(|| code.strip_prefix("numpad"))
        .and_then(|d| d.parse::<usize>().ok())
        .filter(|d| (1..=9).contains(d));
    if let Some(d) = digit {
        return Some(Key::Digit(d - 1, if e.shift_key() { -1 } else { 1 }));
    }
    Some(match e.key().as_str() {
        "ArrowRight" | "PageDown" | " " => Key::Next,
        "ArrowLeft" | "PageUp" => Key::Back,
        "Enter" => Key::Enter,
        "r" | "R" => Key::Reveal,
        "t" | "T" => Key::Timer,
        "?" => Key::Help,
        "Escape" => Key::Close,
        _ => return None,
    })
}

/// Whether the key belongs to the element it was typed in: any key in a text field,
/// Enter and Space on a button (which press it).
fn belongs_to_target(e: &KeyboardEvent, key: Key) -> bool {
    let Some(element) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let space = e.key() == " ";
    match element.tag_name().to_ascii_lowercase().as_str() {
        "input" => match element.get_attribute("type").as_deref() {
            // Radio buttons keep their arrows, Space and Enter; other keys still work.
            Some("radio" | "checkbox") => matches!(key, Key::Next | Key::Back | Key::Enter),
            _ => true,
        },
        "textarea" | "select" => true,
        "button" | "a" | "summary" => key == Key::Enter || (key == Key::Next && space),
        _ => false,
    }
}

/// Reads the saved run, if any, against the catalogue. A run this build cannot read is
/// copied aside first, so that the next save never destroys it.
fn restore(t: &Messages, catalogue: &Catalogue) -> (Option<Run>, Option<String>) {
    let Ok(Some(text)) = persistence::read_document(RUN_KEY) else {
        return (None, None);
    };
    match facilitation::decode(&text)
        .and_then(|saved| Run::restore_in(catalogue.clone(), &saved, t))
    {
        Ok(restored) => (Some(restored.run), restored.notice),
        Err(e) => {
            let notice = match persistence::keep_document_aside(RUN_KEY, &text) {
                Ok(aside) => tr!(
                    t,
                    "facilitate.notice.resume-failed-kept",
                    error = e.message(t),
                    copy = aside
                ),
                Err(_) => tr!(t, "facilitate.notice.resume-failed", error = e.message(t)),
            };
            (None, Some(notice))
        }
    }
}

/// Keeps the run (or its absence) on the device. Returns a message when that fails.
fn keep(t: &Messages, saved: Option<&SavedRun>) -> Option<String> {
    let text = saved.map(facilitation::encode);
    persistence::write_document(RUN_KEY, text.as_deref())
        .err()
        .map(|e| tr!(t, "facilitate.notice.keep-failed", error = e.message(t)))
}

#[function_component]
pub fn Facilitator(props: &FacilitatorProps) -> Html {
    let t = use_messages();
    let room = {
        let catalogue = props.catalogue.clone();
        use_reducer(move || {
            let (run, notice) = restore(t, &catalogue);
            Room {
                catalogue,
                run,
                help: false,
                confirming: None,
                notice,
            }
        })
    };
    let root = use_node_ref();
    let main = use_node_ref();
    let heading = use_node_ref();
    let write_failed = use_state(|| None::<String>);

    // Keep the run after every change (and forget it when the instructor ends it).
    {
        let write_failed = write_failed.clone();
        let saved = room.run.as_ref().map(Run::save);
        use_effect_with(saved, move |saved| {
            let failed = keep(t, saved.as_ref());
            if *write_failed != failed {
                write_failed.set(failed);
            }
        });
    }

    // Keys anywhere on the page: a presenter remote sends them to whatever has focus.
    let modal = use_mut_ref(|| (false, false));
    *modal.borrow_mut() = (room.run.is_some() || room.help, room.confirming.is_some());
    {
        let dispatcher = room.dispatcher();
        let root = root.clone();
        let modal = modal.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                let (active, confirming) = *modal.borrow();
                let Some(key) = read_key(&e) else {
                    return;
                };
                if confirming || (!active && key != Key::Help) || belongs_to_target(&e, key) {
                    return;
                }
                e.prevent_default();
                dispatcher.dispatch(RoomAction::Key {
                    key,
                    now: clock::now_ms(),
                });
            });
            let document = root.get().and_then(|node| node.owner_document());
            if let Some(document) = &document {
                let _ = document
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(document) = document {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        listener.as_ref().unchecked_ref(),
                    );
                }
                drop(listener);
            }
        });
    }

    // The countdown: a redraw four times a second while the timer runs.
    let tick = use_state(|| 0u32);
    let now = clock::now_ms();
    let timer = room
        .run
        .as_ref()
        .filter(|r| r.phase() == Phase::Voting)
        .and_then(Run::timer);
    let ticking = timer.is_some_and(|t| t.is_running() && !t.is_up(now));
    {
        let tick = tick.clone();
        use_effect_with(ticking, move |&ticking| {
            let alive = Rc::new(Cell::new(ticking));
            if ticking {
                let alive = Rc::clone(&alive);
                wasm_bindgen_futures::spawn_local(async move {
                    let mut n = 0u32;
                    while alive.get() {
                        clock::sleep(250).await;
                        if !alive.get() {
                            break;
                        }
                        n = n.wrapping_add(1);
                        tick.set(n);
                    }
                });
            }
            move || alive.set(false)
        });
    }

    // A new screen starts at its top and takes the focus to its heading, so a screen
    // reader announces it.
    let screen_key = room.run.as_ref().map(|r| (r.phase(), r.decision_number()));
    {
        let heading = heading.clone();
        let main = main.clone();
        use_effect_with(screen_key, move |_| {
            if let Some(m) = main.cast::<web_sys::Element>() {
                m.set_scroll_top(0);
            }
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }

    let dispatch = {
        let room = room.clone();
        Callback::from(move |a: RoomAction| room.dispatch(a))
    };
    let run_action = dispatch.reform(RoomAction::Run);

    let notices: Vec<String> = room
        .notice
        .iter()
        .chain(write_failed.iter())
        .cloned()
        .collect();
    let screen = match &room.run {
        None => {
            let on_start = dispatch.reform(
                |(entry, strategy, timer): (usize, StrategyIndex, Option<u32>)| RoomAction::Start {
                    entry,
                    strategy,
                    timer,
                },
            );
            html! { <Setup catalogue={props.catalogue.clone()} {on_start} heading={heading.clone()} /> }
        }
        Some(run) => match run.phase() {
            Phase::Briefing => {
                html! { <RoomBriefing run={run.clone()} heading={heading.clone()} on_action={run_action.clone()} /> }
            }
            Phase::Voting | Phase::Revealed => html! {
                <RoomDecision run={run.clone()} heading={heading.clone()} on_action={run_action.clone()} />
            },
            Phase::Ended => html! {
                <RoomEnding run={run.clone()} heading={heading.clone()} on_action={run_action.clone()}
                    on_restart={dispatch.reform(|_: ()| RoomAction::Confirm(Some(Confirming::Restart)))} />
            },
        },
    };

    let on_help = dispatch.reform(|_: MouseEvent| RoomAction::Help(true));
    let on_leave = dispatch.reform(|_: MouseEvent| RoomAction::Confirm(Some(Confirming::Leave)));
    let on_timer = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(RoomAction::Run(Action::ToggleTimer {
                now: clock::now_ms(),
            }))
        })
    };
    let phase = room.run.as_ref().map(Run::phase);
    html! {
        <div class="room" ref={root} data-phase={phase.map(phase_slug).unwrap_or("setup")}>
            <header class="room-bar">
                <span class="room-bar__brand"><span class="brand__mark" aria-hidden="true">{ "M" }</span>{ "Mandate" }<span class="room-bar__mode">{ tr!(t, "facilitate.bar.mode") }</span></span>
                if let Some(run) = &room.run {
                    <span class="room-bar__title">{ run.scenario().title.clone() }</span>
                    <span class="room-bar__where" data-testid="room-where">{ where_text(t, run) }</span>
                    if let Some(countdown) = timer {
                        <TimerView seconds={countdown.seconds} remaining={countdown.remaining_secs(now)}
                            running={countdown.is_running()} started={countdown.is_started()} on_toggle={on_timer} />
                    }
                }
                <span class="room-bar__tools">
                    if room.run.is_none() {
                        <super::i18n::LanguageSwitch />
                    }
                    if room.run.is_some() {
                        <button class="room-button room-button--quiet" onclick={on_leave}>{ tr!(t, "facilitate.bar.new-session") }</button>
                    }
                    <button class="room-button room-button--quiet" onclick={on_help} aria-keyshortcuts="?" aria-haspopup="dialog">
                        { tr!(t, "facilitate.bar.keys") }{ " " }<kbd aria-hidden="true">{ "?" }</kbd>
                    </button>
                </span>
            </header>
            if !notices.is_empty() {
                <div class="room-notices" role="status">
                    { for notices.iter().map(|n| html! { <p class="room-notice">{ n.clone() }</p> }) }
                    if room.notice.is_some() {
                        <button class="room-button room-button--quiet" onclick={dispatch.reform(|_: MouseEvent| RoomAction::DismissNotice)}>{ tr!(t, "facilitate.notice.dismiss") }</button>
                    }
                </div>
            }
            <main id="main" class="room-main" ref={main}>{ screen }</main>
            <KeyLegend phase={phase} />
            if room.help {
                <HelpOverlay on_close={dispatch.reform(|_: ()| RoomAction::Help(false))} />
            }
            if let Some(what) = room.confirming {
                { confirm_dialog(t, what, &dispatch) }
            }
        </div>
    }
}

fn phase_slug(phase: Phase) -> &'static str {
    match phase {
        Phase::Briefing => "briefing",
        Phase::Voting => "voting",
        Phase::Revealed => "revealed",
        Phase::Ended => "ended",
    }
}

/// "Briefing", "Decision 3 of about 7", "Outcome".
fn where_text(t: &Messages, run: &Run) -> String {
    match run.phase() {
        Phase::Briefing => tr!(t, "facilitate.where.briefing").to_string(),
        Phase::Ended => tr!(
            t,
            "facilitate.where.outcome",
            count = run.playthrough().steps().len()
        ),
        Phase::Voting | Phase::Revealed => {
            let entry = &run.catalogue()[run.entry()];
            let progress = entry.analysis.progress(run.playthrough());
            tr!(
                t,
                "facilitate.where.decision",
                number = progress.number,
                about = progress.about
            )
        }
    }
}

fn confirm_dialog(t: &'static Messages, what: Confirming, dispatch: &Callback<RoomAction>) -> Html {
    let cancel = tr!(t, "facilitate.confirm.keep-run");
    let (title, body, confirm) = match what {
        Confirming::Restart => (
            tr!(t, "facilitate.confirm.restart-title"),
            tr!(t, "facilitate.confirm.restart-body"),
            tr!(t, "facilitate.confirm.restart-confirm"),
        ),
        Confirming::Leave => (
            tr!(t, "facilitate.confirm.leave-title"),
            tr!(t, "facilitate.confirm.leave-body"),
            tr!(t, "facilitate.confirm.leave-confirm"),
        ),
    };
    html! {
        <Confirm title={title} body={body} confirm_label={confirm} cancel_label={cancel}
            on_confirm={dispatch.reform(|_: ()| RoomAction::Confirmed)}
            on_cancel={dispatch.reform(|_: ()| RoomAction::Confirm(None))} />
    }
}

#[derive(Properties, PartialEq)]
struct TimerProps {
    seconds: u32,
    remaining: u32,
    running: bool,
    started: bool,
    on_toggle: Callback<MouseEvent>,
}

/// The countdown, with its start/stop button. Only running out is announced.
#[function_component]
fn TimerView(props: &TimerProps) -> Html {
    let t = use_messages();
    let up = props.remaining == 0;
    let state = if up {
        tr!(t, "facilitate.timer.up")
    } else if props.running {
        tr!(t, "facilitate.timer.running")
    } else if props.started {
        tr!(t, "facilitate.timer.paused")
    } else {
        tr!(t, "facilitate.timer.ready")
    };
    let (word, label) = if props.running {
        (
            tr!(t, "facilitate.timer.pause"),
            tr!(t, "facilitate.timer.pause-label"),
        )
    } else {
        (
            tr!(t, "facilitate.timer.start"),
            tr!(t, "facilitate.timer.start-label"),
        )
    };
    html! {
        <span class={classes!("room-timer", up.then_some("room-timer--up"), props.running.then_some("room-timer--running"))} data-testid="timer">
            <span class="room-timer__time">{ clock_text(props.remaining) }</span>
            <span class="room-timer__state">{ state }</span>
            if !up {
                <button class="room-button room-button--quiet room-button--small" onclick={props.on_toggle.clone()}
                    aria-label={label} aria-keyshortcuts="T">
                    { word }<kbd aria-hidden="true">{ "T" }</kbd>
                </button>
            }
            <span class="visually-hidden" aria-live="polite">{ if up { tr!(t, "facilitate.timer.up-announcement") } else { "" } }</span>
        </span>
    }
}

#[derive(Properties, PartialEq)]
struct SetupProps {
    catalogue: Catalogue,
    on_start: Callback<(usize, StrategyIndex, Option<u32>)>,
    heading: NodeRef,
}

/// Choosing the scenario, the strategy the class plays under, and the timer.
#[function_component]
fn Setup(props: &SetupProps) -> Html {
    let t = use_messages();
    let entry = use_state(|| 0usize);
    let strategy = use_state(StrategyIndex::default);
    let timer = use_state(|| None::<u32>);
    let s = &props.catalogue[(*entry).min(props.catalogue.len().saturating_sub(1))].scenario;
    let on_start = {
        let (entry, strategy, timer) = (*entry, *strategy, *timer);
        props
            .on_start
            .reform(move |_: MouseEvent| (entry, strategy, timer))
    };
    html! {
        <article class="room-setup">
            <p class="room-eyebrow">{ tr!(t, "facilitate.setup.eyebrow") }</p>
            <h1 ref={props.heading.clone()} tabindex="-1">{ tr!(t, "facilitate.setup.title") }</h1>
            <p class="room-lead">{ tr!(t, "facilitate.setup.lead") }</p>
            <div class="room-setup__grid">
                <fieldset class="room-field room-field--wide">
                    <legend>{ tr!(t, "facilitate.setup.scenario") }</legend>
                    { for props.catalogue.iter().enumerate().map(|(i, e)| {
                        let set = entry.clone();
                        let reset = strategy.clone();
                        let onchange = Callback::from(move |_: Event| { set.set(i); reset.set(StrategyIndex::default()); });
                        let (short, long) = e.analysis.path_lengths();
                        html! {
                            <label class="room-choice">
                                <input type="radio" name="scenario" value={e.scenario.id.to_string()} checked={i == *entry} {onchange} />
                                <span class="room-choice__text">
                                    <span class="room-choice__title">{ e.scenario.title.clone() }</span>
                                    <span class="room-choice__meta">{ format!("{} · {}", e.scenario.department, decisions_range(t, (short, long))) }</span>
                                </span>
                            </label>
                        }
                    }) }
                </fieldset>
                <div class="room-setup__side">
                    <fieldset class="room-field">
                        <legend>{ tr!(t, "facilitate.corporate-strategy") }</legend>
                        { for s.strategy_indices().map(|i| {
                            let set = strategy.clone();
                            let onchange = Callback::from(move |_: Event| set.set(i));
                            html! {
                                <label class="room-choice">
                                    <input type="radio" name="strategy" value={s.strategy(i).id.to_string()} checked={i == *strategy} {onchange} />
                                    <span class="room-choice__title">{ s.strategy(i).name.clone() }</span>
                                </label>
                            }
                        }) }
                    </fieldset>
                    <fieldset class="room-field">
                        <legend>{ tr!(t, "facilitate.setup.timer") }</legend>
                        <div class="room-field__row">
                            { for std::iter::once(None).chain(TIMER_CHOICES.iter().copied().map(Some)).map(|choice| {
                                let set = timer.clone();
                                let onchange = Callback::from(move |_: Event| set.set(choice));
                                let label = choice.map_or(tr!(t, "facilitate.setup.timer-off").to_string(), |s| tr!(t, "facilitate.setup.timer-seconds", seconds = s));
                                html! {
                                    <label class="room-choice room-choice--inline">
                                        <input type="radio" name="timer" value={choice.map_or("off".to_string(), |s| s.to_string())} checked={choice == *timer} {onchange} />
                                        <span class="room-choice__title">{ label }</span>
                                    </label>
                                }
                            }) }
                        </div>
                    </fieldset>
                    <div class="room-setup__go">
                        <button class="room-button room-button--primary" onclick={on_start}>{ tr!(t, "facilitate.setup.start") }</button>
                        <p class="room-hint">{ tr!(t, "facilitate.setup.hint-before") }{ " " }<kbd>{ "?" }</kbd>{ " " }{ tr!(t, "facilitate.setup.hint-after") }</p>
                    </div>
                </div>
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ScreenProps {
    run: Run,
    heading: NodeRef,
    on_action: Callback<Action>,
}

/// The briefing, large: company and strategy, the department's mandate, the counterpart.
#[function_component]
fn RoomBriefing(props: &ScreenProps) -> Html {
    let t = use_messages();
    let run = &props.run;
    let s = run.scenario();
    let b = &s.briefing;
    let strategy = run.playthrough().strategy();
    let on_begin = props.on_action.reform(|_: MouseEvent| Action::Begin);
    html! {
        <article class="room-briefing">
            <div class="room-headrow">
                <div>
                    <p class="room-eyebrow">{ tr!(t, "facilitate.where.briefing") }</p>
                    <h1 ref={props.heading.clone()} tabindex="-1">{ s.title.clone() }</h1>
                </div>
                <button class="room-button room-button--primary" onclick={on_begin} aria-keyshortcuts="ArrowRight">
                    { tr!(t, "facilitate.briefing.first-decision") }<span aria-hidden="true">{ " →" }</span>
                </button>
            </div>
            <div class="room-briefing__grid">
                <section class="room-card room-card--strategy" aria-labelledby="rb-company">
                    <h2 id="rb-company">{ b.company.clone() }</h2>
                    <p class="room-label">{ tr!(t, "facilitate.corporate-strategy") }</p>
                    <p class="room-strategy" data-testid="room-strategy">{ s.strategy(strategy).name.clone() }</p>
                    { for s.strategy(strategy).summary.iter().map(text_block) }
                </section>
                <section class="room-card" aria-labelledby="rb-mandate">
                    <h2 id="rb-mandate">{ tr!(t, "facilitate.briefing.department", department = s.department) }</h2>
                    if let Some(role) = &s.role {
                        <p class="room-label">{ role.clone() }</p>
                    }
                    <p class="room-label">{ tr!(t, "facilitate.briefing.mandate") }</p>
                    <p>{ s.mandate(strategy).to_string() }</p>
                </section>
                <section class="room-card" aria-labelledby="rb-counterpart">
                    <h2 id="rb-counterpart">{ tr!(t, "facilitate.briefing.counterpart") }</h2>
                    <p class="room-strong">{ s.counterpart.clone() }</p>
                    <p>{ b.counterpart_brief.clone() }</p>
                </section>
                <section class="room-card" aria-labelledby="rb-stakes">
                    <h2 id="rb-stakes">{ tr!(t, "facilitate.briefing.stakes") }</h2>
                    <p>{ b.stakes.clone() }</p>
                    if let Some(e) = &s.economics {
                        <p class="room-terms">
                            { tr!(t, "facilitate.briefing.offer", offer = e.show(s.variables[e.deal.index()].start)) }
                            if let Some(w) = e.walk_away {
                                { " · " }{ tr!(t, "facilitate.briefing.walk-away", value = e.show(w)) }
                            }
                        </p>
                    }
                </section>
            </div>
        </article>
    }
}

fn text_block(block: &Block) -> Html {
    match block {
        Block::Paragraph(t) | Block::Speech(t) => html! { <p>{ t.clone() }</p> },
    }
}

/// A decision: the situation, the question for the room and the options with their
/// votes; once revealed, each option's alignment and why, and the way the class goes.
#[function_component]
fn RoomDecision(props: &ScreenProps) -> Html {
    let t = use_messages();
    let run = &props.run;
    let s = run.scenario();
    let Some(scene) = run.scene() else {
        return html! {};
    };
    let revealed = run.phase() == Phase::Revealed;
    let strategy = run.strategy();
    let options = run.options();
    let votes = run.votes();
    let total = run.total_votes();
    let followed = run.followed();
    let majority = run.majority();
    let prompt = scene.discussion_prompt(t, &s.strategy(strategy).name);
    // What the class's last choice led to, as a reminder at the top of the next decision.
    let last = run
        .playthrough()
        .steps()
        .last()
        .map(|step| step.choice(s).result.clone());

    let status = if revealed {
        Some(match (followed, &majority) {
            (Some(i), _) if run.pick() == Some(i) && majority != Majority::Clear(i) => {
                tr!(t, "facilitate.status.picked", option = i + 1)
            }
            (Some(i), _) => tr!(
                t,
                "facilitate.status.majority",
                option = i + 1,
                votes = votes.get(i).copied().unwrap_or(0),
                count = total
            ),
            (None, Majority::Tie(tied)) => {
                tr!(t, "facilitate.status.tie", options = or_list(t, tied))
            }
            (None, _) => tr!(t, "facilitate.status.no-votes").to_string(),
        })
    } else {
        None
    };
    let on_reveal = props.on_action.reform(|_: MouseEvent| Action::Reveal);
    let on_continue = props
        .on_action
        .reform(|_: MouseEvent| Action::Continue { pick: None });
    let on_back = props.on_action.reform(|_: MouseEvent| Action::Back);
    let ends = followed
        .and_then(|i| options.get(i))
        .and_then(|c| run.playthrough().choose(s, c.id.as_str()).ok())
        .is_some_and(|after| after.is_ended(s));
    let continue_label = if ends {
        tr!(t, "facilitate.decision.see-outcome")
    } else {
        tr!(t, "facilitate.decision.next")
    };

    html! {
        <article class={classes!("room-decision", revealed.then_some("room-decision--revealed"))}>
            <div class="room-decision__situation">
                <p class="room-eyebrow">{ tr!(t, "facilitate.decision.eyebrow", number = run.decision_number()) }</p>
                <h1 ref={props.heading.clone()} tabindex="-1" class="room-scene-title">{ scene.title.clone() }</h1>
                if !revealed {
                    if let Some(result) = last {
                        <p class="room-last"><span class="room-label">{ tr!(t, "facilitate.decision.last-time") }{ " " }</span>{ result }</p>
                    }
                    <div class="room-story">
                        <ScenarioText blocks={scene.body.clone()} speaker={speaker_name(&s.counterpart)} />
                    </div>
                }
                if let Some(status) = &status {
                    <p class={classes!("room-status", followed.is_none().then_some("room-status--wait"))} role="status" data-testid="room-status">{ status.clone() }</p>
                }
            </div>
            <section class="room-options" aria-labelledby="room-options-heading">
                if revealed {
                    <h2 id="room-options-heading" class="visually-hidden">
                        { tr!(t, "facilitate.decision.options-revealed", strategy = s.strategy(strategy).name) }
                    </h2>
                } else {
                    <h2 id="room-options-heading" class="visually-hidden">{ tr!(t, "facilitate.decision.options") }</h2>
                    <aside class="room-prompt" aria-label={tr!(t, "facilitate.decision.prompt-label")} data-testid="prompt">
                        <p class="room-label">{ tr!(t, "facilitate.decision.discuss") }</p>
                        <p class="room-prompt__text">{ prompt }</p>
                    </aside>
                }
                <ol class="room-options__list" data-count={options.len().to_string()}>
                    { for options.iter().enumerate().map(|(i, choice)| {
                        let count = votes.get(i).copied().unwrap_or(0);
                        let percent = (count * 100).checked_div(total).unwrap_or(0);
                        html! {
                            <OptionCard number={i + 1} label={choice.label.clone()} {count} {percent}
                                alignment={run.alignment(i)} why={run.why(i).map(str::to_string)}
                                followed={followed == Some(i)} picked={run.pick() == Some(i)}
                                on_action={props.on_action.clone()} />
                        }
                    }) }
                </ol>
            </section>
            <div class="room-actions room-actions--split">
                <button class="room-button" onclick={on_back} aria-keyshortcuts="ArrowLeft">
                    <span aria-hidden="true">{ "← " }</span>{ tr!(t, "facilitate.decision.back") }
                </button>
                <p class="room-total" data-testid="total-votes">
                    { tr!(t, "facilitate.decision.total", count = total) }
                    if revealed {
                        <span class="room-total__strategy">{ " · " }{ tr!(t, "facilitate.decision.alignment-under", strategy = s.strategy(strategy).name) }</span>
                    }
                </p>
                if revealed {
                    <button class="room-button room-button--primary" onclick={on_continue} disabled={followed.is_none()} aria-keyshortcuts="ArrowRight">
                        { continue_label }<span aria-hidden="true">{ " →" }</span>
                    </button>
                } else {
                    <button class="room-button room-button--primary" onclick={on_reveal} aria-keyshortcuts="R">
                        { tr!(t, "facilitate.decision.reveal") }<kbd aria-hidden="true">{ "R" }</kbd>
                    </button>
                }
            </div>
        </article>
    }
}

/// "1 and 3", "1, 2 and 4" (1-based).
fn or_list(t: &Messages, options: &[usize]) -> String {
    let numbers: Vec<String> = options.iter().map(|i| (i + 1).to_string()).collect();
    match numbers.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            tr!(
                t,
                "facilitate.status.and-list",
                first = rest.join(", "),
                last = last
            )
        }
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[derive(Properties, PartialEq)]
struct OptionProps {
    number: usize,
    label: String,
    count: u32,
    percent: u32,
    /// Once revealed.
    alignment: Option<Alignment>,
    why: Option<String>,
    followed: bool,
    picked: bool,
    on_action: Callback<Action>,
}

/// One option: its number, its words, the class's votes (with + and − while voting) and,
/// once revealed, its alignment and why.
#[function_component]
fn OptionCard(props: &OptionProps) -> Html {
    let t = use_messages();
    let n = props.number;
    let option = n - 1;
    let add = props
        .on_action
        .reform(move |_: MouseEvent| Action::Vote { option, delta: 1 });
    let remove = props
        .on_action
        .reform(move |_: MouseEvent| Action::Vote { option, delta: -1 });
    let current = props.count;
    let typed = props.on_action.reform(move |e: Event| {
        let count = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value().trim().to_string())
            .map_or(Some(current), |text| {
                if text.is_empty() {
                    Some(0)
                } else {
                    text.parse::<u32>().ok()
                }
            })
            .unwrap_or(current);
        Action::SetVotes { option, count }
    });
    let pick = props
        .on_action
        .reform(move |_: MouseEvent| Action::Pick { option });
    let slug = props.alignment.map(|a| a.slug());
    html! {
        <li class={classes!("room-option", slug.map(|s| format!("room-option--{s}")), props.followed.then_some("room-option--followed"))}
            data-testid="room-option">
            <div class="room-option__head">
                <span class="room-option__number"><span class="visually-hidden">{ tr!(t, "facilitate.option.number") }{ " " }</span>{ n }</span>
                <p class="room-option__label">{ props.label.clone() }</p>
                if props.alignment.is_none() {
                    <div class="room-option__tally">
                        <button class="room-button room-button--icon" onclick={remove} aria-label={tr!(t, "facilitate.option.vote-fewer", option = n)} aria-keyshortcuts={format!("Shift+{n}")}>{ "−" }</button>
                        <input class="room-option__input" type="number" min="0" max={facilitation::MAX_VOTES.to_string()} inputmode="numeric"
                            value={props.count.to_string()} onchange={typed} aria-label={tr!(t, "facilitate.option.votes", option = n)} data-testid="votes" />
                        <button class="room-button room-button--icon" onclick={add} aria-label={tr!(t, "facilitate.option.vote-more", option = n)} aria-keyshortcuts={n.to_string()}>{ "+" }</button>
                    </div>
                }
            </div>
            <div class="room-option__votes">
                if let Some(alignment) = props.alignment {
                    <span class="room-option__badge" data-testid="alignment"><AlignmentBadge {alignment} /></span>
                    <span class="room-option__count" data-testid="votes">{ props.count }</span>
                }
                <span class="room-option__bar" aria-hidden="true"><Bar class="room-option__fill" percent={f64::from(props.percent)} /></span>
                <span class="room-option__share">{ t.percent(f64::from(props.percent), 0) }</span>
                if props.alignment.is_some() {
                    if props.followed {
                        <span class="room-option__followed">{ "▶ " }{ if props.picked { tr!(t, "facilitate.option.followed-pick") } else { tr!(t, "facilitate.option.followed") } }</span>
                    } else {
                        <button class="room-button room-button--quiet room-button--small room-option__pick" onclick={pick} aria-keyshortcuts={n.to_string()}>
                            { tr!(t, "facilitate.option.follow", option = n) }
                        </button>
                    }
                }
            </div>
            if let Some(why) = &props.why {
                <div class="room-option__reveal" data-testid="reveal">
                    <p class="room-option__why">{ why.clone() }</p>
                </div>
            }
        </li>
    }
}

#[derive(Properties, PartialEq)]
struct EndingProps {
    run: Run,
    heading: NodeRef,
    on_action: Callback<Action>,
    on_restart: Callback<()>,
}

/// The outcome: the ending, the class's score, the votes as a chart, and the path.
#[function_component]
fn RoomEnding(props: &EndingProps) -> Html {
    let t = use_messages();
    let run = &props.run;
    let s = run.scenario();
    let Position::Ended(ending) = run.playthrough().cursor().position else {
        return html! {};
    };
    let ending = s.ending(ending);
    let strategy = run.playthrough().cursor().strategy;
    let Some(card) = run.scorecard() else {
        return html! {};
    };
    let path = run.path();
    let on_back = props.on_action.reform(|_: MouseEvent| Action::Back);
    let on_restart = props.on_restart.reform(|_: MouseEvent| ());
    let verdict_class = if card.passed {
        "room-score--pass"
    } else {
        "room-score--fail"
    };
    html! {
        <article class="room-ending">
            <p class="room-eyebrow">{ tr!(t, "facilitate.ending.eyebrow") }</p>
            <h1 ref={props.heading.clone()} tabindex="-1">{ ending.title.clone() }</h1>
            <div class="room-ending__top">
                <section class={classes!("room-score", verdict_class)} aria-label={tr!(t, "facilitate.ending.score-label")}>
                    <p class="room-score__number"><span data-testid="room-score">{ card.score }</span><span class="room-score__of">{ " / 100" }</span></p>
                    <p class="room-score__verdict" data-testid="room-verdict">
                        { if card.passed { "✔ " } else { "✖ " } }{ if card.passed { tr!(t, "facilitate.ending.passed") } else { tr!(t, "facilitate.ending.not-passed") } }
                    </p>
                    <p class="room-score__mark">{ tr!(t, "facilitate.ending.pass-mark", pass = s.pass_threshold) }</p>
                    <p class="room-score__mark">{ tr!(t, "facilitate.ending.played-for", strategy = s.strategy(run.playthrough().strategy()).name) }</p>
                    if let Some(verdict) = ending.verdict(strategy) {
                        <p class="room-score__verdict-text">{ verdict.to_string() }</p>
                    }
                </section>
                <VoteChart path={path.clone()} />
            </div>
            <section class="room-ending__story" aria-label={tr!(t, "facilitate.ending.story-label")}>
                { for ending.body.iter().map(text_block) }
            </section>
            <section class="room-path" aria-labelledby="room-path-heading">
                <h2 id="room-path-heading">{ tr!(t, "facilitate.ending.path") }</h2>
                <ol class="room-path__list" data-testid="room-path">
                    { for path.iter().enumerate().map(|(i, step)| {
                        let chosen = step.chosen();
                        let of = tr!(t, "facilitate.ending.votes-of", votes = chosen.votes, count = step.total_votes);
                        let how = match step.followed {
                            Followed::Majority => of,
                            Followed::Overruled => format!("{of} · {}", tr!(t, "facilitate.ending.overruled")),
                            Followed::Decided if step.total_votes == 0 => tr!(t, "facilitate.ending.no-votes-picked").to_string(),
                            Followed::Decided => format!("{of} · {}", tr!(t, "facilitate.ending.tie-decided")),
                        };
                        let split: Vec<String> = step.options.iter().enumerate()
                            .map(|(k, o)| format!("{}: {}", k + 1, o.votes)).collect();
                        html! {
                            <li class={classes!("room-path__item", format!("room-path__item--{}", chosen.alignment.slug()))}>
                                <p class="room-path__scene">{ format!("{}. {}", i + 1, step.scene_title) }</p>
                                <p class="room-path__choice">{ tr!(t, "facilitate.ending.choice", option = step.chosen + 1, label = chosen.label) }</p>
                                <p class="room-path__meta">
                                    <AlignmentBadge alignment={chosen.alignment} />
                                    <span>{ how }</span>
                                    <span class="room-path__split">{ tr!(t, "facilitate.ending.split", votes = split.join(" · ")) }</span>
                                </p>
                            </li>
                        }
                    }) }
                </ol>
            </section>
            <div class="room-actions room-actions--split">
                <button class="room-button" onclick={on_back} aria-keyshortcuts="ArrowLeft">
                    <span aria-hidden="true">{ "← " }</span>{ tr!(t, "facilitate.ending.back") }
                </button>
                <button class="room-button room-button--primary" onclick={on_restart}>{ tr!(t, "facilitate.ending.restart") }</button>
            </div>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ChartProps {
    path: Vec<PathStep>,
}

const CHART_W: i32 = 1000;
const LABEL_W: i32 = 360;
const BAR_W: i32 = 630;
const ROW_H: i32 = 46;

/// The votes at each decision as one bar split among its options (coloured, and
/// labelled, by each option's alignment; the class's choice outlined), with every
/// number also in a table for screen readers.
#[function_component]
fn VoteChart(props: &ChartProps) -> Html {
    let t = use_messages();
    let top = 8;
    let height = top + ROW_H * props.path.len() as i32 + 4;
    html! {
        <figure class="room-chart" data-testid="vote-chart">
            <figcaption class="room-chart__caption">
                <h2 id="room-chart-title">{ tr!(t, "facilitate.chart.title") }</h2>
                <p class="room-chart__legend" aria-hidden="true">
                    { tr!(t, "facilitate.chart.legend") }{ " " }
                    { for [2i8, 1, 0, -1, -2].into_iter().filter_map(Alignment::new).map(|a| html! {
                        <span class={classes!("room-key", format!("room-key--{}", a.slug()))}>{ format!("{} {}", arrows(i32::from(a.value())), alignment_label(t, a)) }</span>
                    }) }
                    <span class="room-key room-key--chosen">{ tr!(t, "facilitate.chart.chosen") }</span>
                </p>
            </figcaption>
            <svg viewBox={format!("0 0 {CHART_W} {height}")} role="img" aria-labelledby="room-chart-title room-chart-desc"
                xmlns="http://www.w3.org/2000/svg" focusable="false">
                <desc id="room-chart-desc">{ tr!(t, "facilitate.chart.desc") }</desc>
                { for props.path.iter().enumerate().map(|(i, step)| {
                    let y = top + ROW_H * i as i32;
                    let mut x = LABEL_W;
                    let total = step.total_votes;
                    let title = short(&step.scene_title, 28);
                    let segments: Html = if total == 0 {
                        html! {
                            <>
                                <rect class="room-chart__empty" x={x.to_string()} y={(y + 5).to_string()} width={BAR_W.to_string()} height="34" rx="4" />
                                <text class="room-chart__none" x={(x + 14).to_string()} y={(y + 29).to_string()}>
                                    { tr!(t, "facilitate.chart.no-votes", option = step.chosen + 1) }
                                </text>
                            </>
                        }
                    } else {
                        step.options.iter().enumerate().filter(|(_, o)| o.votes > 0).map(|(k, o)| {
                            let w = (i64::from(o.votes) * i64::from(BAR_W) / i64::from(total)) as i32;
                            let at = x;
                            x += w;
                            let chosen = k == step.chosen;
                            let text = if w >= 150 {
                                tr!(t, "facilitate.chart.segment", option = k + 1, count = o.votes)
                            } else if w >= 70 {
                                format!("{}: {}", k + 1, o.votes)
                            } else if w >= 30 {
                                format!("{}", k + 1)
                            } else {
                                String::new()
                            };
                            html! {
                                <g>
                                    <rect class={classes!("room-chart__seg", format!("room-chart__seg--{}", o.alignment.slug()), chosen.then_some("room-chart__seg--chosen"))}
                                        x={at.to_string()} y={(y + 5).to_string()} width={w.max(1).to_string()} height="34" />
                                    <text class="room-chart__seg-text" x={(at + w / 2).to_string()} y={(y + 29).to_string()} text-anchor="middle">{ text }</text>
                                </g>
                            }
                        }).collect()
                    };
                    html! {
                        <g class="room-chart__row">
                            <text class="room-chart__label" x="0" y={(y + 29).to_string()}>{ format!("{}. {}", i + 1, title) }</text>
                            { segments }
                        </g>
                    }
                }) }
            </svg>
            <table class="visually-hidden" data-testid="vote-table">
                <caption>{ tr!(t, "facilitate.chart.table") }</caption>
                <thead><tr><th scope="col">{ tr!(t, "facilitate.chart.decision") }</th><th scope="col">{ tr!(t, "facilitate.chart.votes") }</th><th scope="col">{ tr!(t, "facilitate.chart.chose") }</th></tr></thead>
                <tbody>
                    { for props.path.iter().enumerate().map(|(i, step)| {
                        let votes: Vec<String> = step.options.iter().enumerate().map(|(k, o)| {
                            tr!(t, "facilitate.chart.cell", option = k + 1, count = o.votes, alignment = alignment_label(t, o.alignment))
                        }).collect();
                        html! {
                            <tr>
                                <th scope="row">{ format!("{}. {}", i + 1, step.scene_title) }</th>
                                <td>{ votes.join("; ") }</td>
                                <td>{ tr!(t, "facilitate.chart.chosen-option", option = step.chosen + 1) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </figure>
    }
}

/// `text` cut to `max` characters with an ellipsis.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[derive(Properties, PartialEq)]
struct LegendProps {
    phase: Option<Phase>,
}

/// The keys for the screen on show, at the foot of every screen.
#[function_component]
fn KeyLegend(props: &LegendProps) -> Html {
    let t = use_messages();
    let all = ("?", tr!(t, "facilitate.legend.all-keys"));
    let keys: Vec<(&str, &str)> = match props.phase {
        None => vec![
            (
                tr!(t, "facilitate.key.tab"),
                tr!(t, "facilitate.legend.next-group"),
            ),
            ("↑ ↓", tr!(t, "facilitate.legend.choose")),
            (
                tr!(t, "facilitate.key.enter"),
                tr!(t, "facilitate.legend.start"),
            ),
            all,
        ],
        Some(Phase::Briefing) => vec![("→", tr!(t, "facilitate.legend.first-decision")), all],
        Some(Phase::Voting) => vec![
            ("1–9", tr!(t, "facilitate.legend.add-vote")),
            (
                tr!(t, "facilitate.key.shift-digits"),
                tr!(t, "facilitate.legend.remove-vote"),
            ),
            ("R", tr!(t, "facilitate.legend.reveal")),
            ("T", tr!(t, "facilitate.legend.timer")),
            ("←", tr!(t, "facilitate.legend.back")),
            all,
        ],
        Some(Phase::Revealed) => vec![
            ("1–9", tr!(t, "facilitate.legend.pick")),
            ("→", tr!(t, "facilitate.legend.continue")),
            ("←", tr!(t, "facilitate.legend.back-to-vote")),
            all,
        ],
        Some(Phase::Ended) => vec![
            ("←", tr!(t, "facilitate.legend.last-decision")),
            ("↑ ↓", tr!(t, "facilitate.legend.scroll")),
            all,
        ],
    };
    html! {
        <footer class="room-legend" aria-label={tr!(t, "facilitate.keyboard-shortcuts")}>
            <ul>
                { for keys.iter().map(|(k, what)| html! { <li><kbd>{ *k }</kbd>{ " " }{ *what }</li> }) }
            </ul>
        </footer>
    }
}

#[derive(Properties, PartialEq)]
struct HelpProps {
    on_close: Callback<()>,
}

/// Every key, in a dialog (`?` opens and closes it; so do Escape and Enter).
#[function_component]
fn HelpOverlay(props: &HelpProps) -> Html {
    let t = use_messages();
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let rows: [(&str, &str); 7] = [
        ("1 … 9", tr!(t, "facilitate.help.digits")),
        (
            tr!(t, "facilitate.key.shift-digits-long"),
            tr!(t, "facilitate.help.shift-digits"),
        ),
        (
            tr!(t, "facilitate.key.reveal"),
            tr!(t, "facilitate.help.reveal"),
        ),
        (
            tr!(t, "facilitate.key.next"),
            tr!(t, "facilitate.help.next"),
        ),
        (
            tr!(t, "facilitate.key.back"),
            tr!(t, "facilitate.help.back"),
        ),
        ("T", tr!(t, "facilitate.help.timer")),
        ("?", tr!(t, "facilitate.help.help")),
    ];
    html! {
        <div class="overlay room-overlay">
            <div class="dialog room-help" role="dialog" aria-modal="true" aria-labelledby="room-help-title">
                <h2 id="room-help-title">{ tr!(t, "facilitate.keyboard-shortcuts") }</h2>
                <p>{ tr!(t, "facilitate.help.remote") }</p>
                <table class="room-help__table">
                    <tbody>
                        { for rows.iter().map(|(k, what)| html! {
                            <tr><th scope="row"><kbd>{ *k }</kbd></th><td>{ *what }</td></tr>
                        }) }
                    </tbody>
                </table>
                <p>{ tr!(t, "facilitate.help.tie") }</p>
                <div class="room-actions">
                    <button ref={close_ref} class="room-button room-button--primary" onclick={on_close}>{ tr!(t, "facilitate.help.close") }</button>
                </div>
            </div>
        </div>
    }
}
