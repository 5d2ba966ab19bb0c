//! The root: loads the built-in scenarios, opens storage, owns the reducer,
//! saves after every change, and shows the screen the session is on.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::builtin;
use crate::core::debrief::Confidence;
use crate::core::scenario::ScenarioErrors;
use crate::core::session::{Action, Catalogue, Screen, Session};
use crate::platform::{clock, embed, persistence};

use super::briefing::Briefing;
use super::decision::Decision;
use super::ending::Ending;
use super::feedback::Feedback;
use super::home::Home;
use super::open_scenario::{FileProblems, open_from_address};
use super::progress::ProgressPage;
use super::state::SessionState;
use super::widgets::{Notices, PracticeBanner};

#[function_component]
pub fn App() -> Html {
    let catalogue = use_memo((), |_| builtin::load_all().map(Rc::new));
    match &*catalogue {
        Ok(catalogue) => html! { <Player catalogue={Rc::clone(catalogue)} /> },
        Err(errors) => html! { <BrokenContent errors={errors.clone()} /> },
    }
}

#[derive(Properties, PartialEq)]
struct PlayerProps {
    catalogue: Catalogue,
}

#[function_component]
fn Player(props: &PlayerProps) -> Html {
    let opened = use_memo((), |_| Rc::new(persistence::open()));
    let state = {
        let catalogue = props.catalogue.clone();
        let opened = opened.clone();
        use_reducer(move || {
            let mut session = Session::new(catalogue, opened.saved.clone());
            for notice in &opened.notices {
                session = session.apply(Action::Notify(notice.clone()));
            }
            SessionState(session)
        })
    };

    // Save after every change to what is stored. The first run also writes back
    // any repair made while loading (for example a replayed attempt).
    {
        let dispatcher = state.dispatcher();
        let persistence = opened.persistence.clone();
        use_effect_with(state.0.saved().clone(), move |saved| {
            if let Err(e) = persistence.save(saved) {
                dispatcher.dispatch(Action::Notify(persistence::write_failed_notice(&e)));
            }
        });
    }

    // A scenario file named in the address (`?scenario=cases/my-case.mandate`) opens once,
    // on startup. A file with errors is listed above the screen until closed.
    let address_problems = use_state(|| None::<Rc<ScenarioErrors>>);
    {
        let state = state.clone();
        let address_problems = address_problems.clone();
        use_effect_with((), move |_| {
            let session = Rc::new(state.0.clone());
            let dispatcher = state.dispatcher();
            let dispatch = Callback::from(move |action: Action| dispatcher.dispatch(action));
            let on_broken = Callback::from(move |errors| address_problems.set(Some(errors)));
            open_from_address(session, dispatch, on_broken);
        });
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let session = &state.0;
    let catalogue = session.catalogue();
    let go_home = dispatch.reform(|_: ()| Action::GoHome);

    // Another tab saved: take its progress in (this tab keeps its place).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let guard = persistence::watch_other_tabs(move |saved| {
                dispatcher.dispatch(Action::FromOtherTab {
                    saved: Box::new(saved),
                })
            });
            move || drop(guard)
        });
    }

    let screen = match session.screen() {
        Screen::Progress => html! {
            <ProgressPage session={Rc::new(session.clone())} dispatch={dispatch.clone()}
                saving={opened.persistence.is_saving()} />
        },
        Screen::Review {
            entry,
            playthrough,
            confidence,
        } => {
            let back = dispatch.reform(|_: ()| Action::ShowProgress);
            html! {
                <Ending catalogue={Rc::clone(catalogue)} index={entry} {playthrough} practice={false} review={true} {confidence}
                    on_again={Callback::noop()} on_practice={Callback::noop()} on_end_practice={back.clone()} on_home={back} />
            }
        }
        Screen::Home => {
            html! { <Home session={Rc::new(session.clone())} dispatch={dispatch.clone()} /> }
        }
        Screen::Briefing { entry } => {
            let on_begin = dispatch.reform(|_: ()| Action::Begin {
                now: clock::now_ms(),
            });
            let on_strategy = dispatch.reform(|strategy: String| Action::ChooseStrategy {
                strategy,
                now: clock::now_ms(),
            });
            let strategy = session
                .attempt(entry)
                .map(|(p, _)| p.strategy())
                .unwrap_or_default();
            html! {
                <Briefing entry={Rc::clone(catalogue)} index={entry} {strategy} {on_strategy} {on_begin} on_home={go_home.clone()} />
            }
        }
        Screen::Decision {
            entry,
            playthrough,
            practice,
        } => {
            let on_choose =
                dispatch.reform(|(choice, confidence): (String, Option<Confidence>)| {
                    Action::Choose {
                        choice,
                        confidence,
                        now: clock::now_ms(),
                    }
                });
            let on_end_practice = dispatch.reform(|_: ()| Action::EndPractice);
            html! {
                <>
                    if practice { <PracticeBanner on_leave={on_end_practice} /> }
                    <Decision catalogue={Rc::clone(catalogue)} index={entry} {playthrough} {on_choose} on_home={go_home.clone()} />
                </>
            }
        }
        Screen::Feedback {
            entry,
            playthrough,
            practice,
        } => {
            let on_continue = dispatch.reform(|_: ()| Action::Continue {
                now: clock::now_ms(),
            });
            let on_end_practice = dispatch.reform(|_: ()| Action::EndPractice);
            html! {
                <>
                    if practice { <PracticeBanner on_leave={on_end_practice} /> }
                    <Feedback catalogue={Rc::clone(catalogue)} index={entry} {playthrough} {on_continue} on_home={go_home.clone()} />
                </>
            }
        }
        Screen::Ending {
            entry,
            playthrough,
            practice,
        } => {
            let id = catalogue[entry].scenario.id.to_string();
            let on_again =
                dispatch.reform(move |strategy: Option<String>| Action::StartNewAttempt {
                    scenario: id.clone(),
                    strategy,
                    now: clock::now_ms(),
                });
            let on_practice = dispatch.reform(|keep: usize| Action::Practice {
                keep,
                now: clock::now_ms(),
            });
            let on_end_practice = dispatch.reform(|_: ()| Action::EndPractice);
            let confidence = if practice {
                Vec::new()
            } else {
                session.attempt(entry).map(|(_, c)| c).unwrap_or_default()
            };
            html! {
                <Ending catalogue={Rc::clone(catalogue)} index={entry} {playthrough} {practice} {confidence}
                    {on_again} {on_practice} {on_end_practice} on_home={go_home.clone()} />
            }
        }
    };

    let on_dismiss = dispatch.reform(Action::DismissNotice);
    // Embed mode: no site chrome, and the parent hears the page's height.
    let embedded = use_memo((), |_| embed::requested());
    {
        let embedded = *embedded;
        use_effect_with((), move |_| {
            let reporter = embedded.then(embed::report_height).flatten();
            move || drop(reporter)
        });
    }
    let problems = (*address_problems).clone().map(|errors| {
        let address_problems = address_problems.clone();
        let on_close = Callback::from(move |_| address_problems.set(None));
        html! { <FileProblems id="address-problems" {errors} {on_close} /> }
    });
    // Whether progress is kept, and the way to the progress page: in the masthead, or in
    // the small bar that replaces it in embed mode.
    let progress_link = html! {
        <>
            if !opened.persistence.is_saving() {
                <span class="pill pill--warn">{ "Progress not saved" }</span>
            }
            <button class="button button--quiet button--small masthead__progress" onclick={dispatch.reform(|_: MouseEvent| Action::ShowProgress)}>
                { format!("Your progress · {}", session.saved().profile().name) }
            </button>
        </>
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            if !*embedded {
            <header class="masthead">
                <div class="masthead__inner">
                    <span class="brand"><span class="brand__mark" aria-hidden="true">{ "M" }</span>{ "Mandate" }</span>
                    <span class="masthead__tagline">{ "Negotiate for your company’s strategy" }</span>
                    { progress_link.clone() }
                </div>
            </header>
            }
            <Notices notices={session.notices().to_vec()} {on_dismiss} />
            if *embedded {
                <div class="embed-bar">{ progress_link }</div>
            }
            <main id="main" class={classes!("page", embedded.then_some("page--embedded"))} tabindex="-1">{ problems.unwrap_or_default() }{ screen }</main>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BrokenContentProps {
    errors: Vec<ScenarioErrors>,
}

/// Shown only if a built-in scenario fails validation: a bug, never hidden.
#[function_component]
fn BrokenContent(props: &BrokenContentProps) -> Html {
    html! {
        <main id="main" class="page">
            <h1>{ "A built-in scenario could not be loaded" }</h1>
            <p>{ "This is a bug in this release of Mandate. The problems found:" }</p>
            <pre class="diagnostics">{ for props.errors.iter().map(|e| e.to_string()) }</pre>
        </main>
    }
}
