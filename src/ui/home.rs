//! The home screen: every scenario with its status, best score and the way in.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::builtin;
use crate::core::session::{Action, Origin, Session, Status};
use crate::platform::clock;

use crate::tr;

use super::app::{Arrival, ArrivalState};
use super::i18n::use_messages;
use super::open_scenario::OpenScenario;
use super::widgets::{Confirm, decisions_range};

#[derive(Properties, PartialEq)]
pub struct HomeProps {
    pub session: Rc<Session>,
    pub dispatch: Callback<Action>,
}

#[function_component]
pub fn Home(props: &HomeProps) -> Html {
    // The scenario whose restart is waiting for confirmation.
    let confirming = use_state(|| None::<usize>);
    let t = use_messages();
    let session = &props.session;
    let catalogue = session.catalogue();
    // The scenarios fetched after the first screen: placeholders while they come (the
    // page does not jump when they arrive), a way to try again if they cannot.
    let arrival = use_context::<Arrival>();
    // Keyed, like the cards: one list whose elements are matched by key.
    let later: Vec<Html> = match arrival.as_ref().map(|a| &a.state) {
        Some(ArrivalState::Pending) => {
            let waiting = builtin::LATER.len() - builtin::LATER_SOURCES.len();
            (0..waiting)
                .map(|i| {
                    html! {
                        <div key={format!("pending-{i}")} class="card scenario-card scenario-card--pending">
                            if i == 0 {
                                <p class="scenarios-loading" role="status">{ tr!(t, "home.scenarios-loading") }</p>
                            }
                        </div>
                    }
                })
                .collect()
        }
        Some(ArrivalState::Failed(why)) => {
            let retry = arrival
                .as_ref()
                .map(|a| a.retry.reform(|_: MouseEvent| ()))
                .unwrap_or_default();
            vec![html! {
                <div key="unavailable" class="card scenarios-unavailable" role="alert">
                    <p>{ tr!(t, "home.scenarios-unavailable", why = why) }</p>
                    <button class="button" onclick={retry}>{ tr!(t, "home.scenarios-retry") }</button>
                </div>
            }]
        }
        _ => Vec::new(),
    };

    let cards = catalogue.iter().enumerate().map(|(i, entry)| {
        let s = &entry.scenario;
        let id = s.id.to_string();
        let status = session.status(i);
        let best = session.best(i);
        let title_id = format!("scenario-{}", s.id);
        let (status_text, status_class) = match &status {
            Status::NotStarted => (tr!(t, "home.status-not-started").to_string(), "pill--idle"),
            Status::InProgress { decision } => (tr!(t, "home.status-in-progress", decision = decision), "pill--active"),
            Status::Completed => (tr!(t, "home.status-completed").to_string(), "pill--done"),
        };
        let start = {
            let id = id.clone();
            props.dispatch.reform(move |_: MouseEvent| Action::StartNewAttempt { scenario: id.clone(), strategy: None, now: clock::now_ms() })
        };
        let resume = {
            let id = id.clone();
            props.dispatch.reform(move |_: MouseEvent| Action::Resume { scenario: id.clone() })
        };
        let ask_restart = {
            let confirming = confirming.clone();
            Callback::from(move |_: MouseEvent| confirming.set(Some(i)))
        };
        let range = decisions_range(t, entry.analysis.path_lengths());
        html! {
            // Keyed: a card keeps its element when the scenarios fetched later join the list.
            <article key={id.clone()} class="card scenario-card" aria-labelledby={title_id.clone()}>
                <div class="scenario-card__head">
                    <h2 id={title_id}>{ s.title.clone() }</h2>
                    <span class={classes!("pill", status_class)}>{ status_text }</span>
                </div>
                if let Origin::Authored { source } = &entry.origin {
                    <p class="origin">{ tr!(t, "home.your-file", source = source) }</p>
                }
                <p class="meta">
                    { tr!(t, "home.meta", department = s.department, minutes = s.minutes, decisions = range) }
                </p>
                <p>{ tr!(t, "home.company-strategy", company = s.briefing.company, strategy = s.strategies.first().map(|x| x.name.as_str()).unwrap_or_default()) }</p>
                if let Some(first) = s.briefing.objectives.first() {
                    <p class="scenario-card__teaser">{ first.clone() }</p>
                }
                if s.strategies.len() > 1 {
                    <p class="meta">{ tr!(t, "home.also-playable", strategies = s.strategies.iter().skip(1).map(|x| x.name.as_str()).collect::<Vec<_>>().join("; ")) }</p>
                }
                <p class="meta">
                    { match best {
                        Some(b) => tr!(t, "home.best-score",
                            score = b.score,
                            verdict = if b.passed { tr!(t, "home.passed") } else { tr!(t, "home.not-passed-yet") },
                            latest = session.store().record(s.id.as_str()).and_then(|r| r.latest()).and_then(|l| l.score)
                                .map(|l| format!(" {}", tr!(t, "home.latest", score = l))).unwrap_or_default(),
                            pass = s.pass_threshold),
                        None => tr!(t, "home.no-score", pass = s.pass_threshold),
                    } }
                </p>
                <div class="actions">
                    { match status {
                        Status::NotStarted => html! {
                            <button class="button button--primary" onclick={start}
                                aria-describedby={format!("scenario-{}", s.id)}>{ tr!(t, "home.start") }</button>
                        },
                        Status::InProgress { .. } => html! {
                            <>
                                <button class="button button--primary" onclick={resume}>{ tr!(t, "home.resume") }</button>
                                <button class="button button--quiet" onclick={ask_restart}>{ tr!(t, "home.restart") }</button>
                            </>
                        },
                        Status::Completed => html! {
                            <>
                                <button class="button button--primary" onclick={start}>{ tr!(t, "home.play-again") }</button>
                                <button class="button button--quiet" onclick={resume}>{ tr!(t, "home.view-result") }</button>
                            </>
                        },
                    } }
                </div>
            </article>
        }
    });

    let dialog = (*confirming).and_then(|i| {
        let entry = catalogue.get(i)?;
        let decision = match session.status(i) {
            Status::InProgress { decision } => decision,
            _ => return None,
        };
        let id = entry.scenario.id.to_string();
        let on_confirm = {
            let confirming = confirming.clone();
            let dispatch = props.dispatch.clone();
            Callback::from(move |_| {
                confirming.set(None);
                dispatch.emit(Action::StartNewAttempt { scenario: id.clone(), strategy: None, now: clock::now_ms() });
            })
        };
        let on_cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_| confirming.set(None))
        };
        Some(html! {
            <Confirm
                title={tr!(t, "home.restart-title")}
                body={tr!(t, "home.restart-body", title = entry.scenario.title, decision = decision)}
                confirm_label={tr!(t, "home.restart-confirm")}
                cancel_label={tr!(t, "home.restart-cancel")}
                {on_confirm}
                {on_cancel}
            />
        })
    });

    html! {
        <>
            <section class="intro">
                <h1>{ tr!(t, "home.title") }</h1>
                <p class="lead">
                    { tr!(t, "home.lead") }
                </p>
            </section>
            <div class="card-list">{ for cards.chain(later) }</div>
            <section class="card run-a-class" aria-labelledby="class-title">
                <h2 id="class-title">{ tr!(t, "home.class-title") }</h2>
                <p>{ tr!(t, "home.class-lead") }</p>
                <ul class="run-a-class__ways">
                    <li><a href="?facilitate">{ tr!(t, "home.class-facilitate") }</a>{ " " }{ tr!(t, "home.class-facilitate-more") }</li>
                    <li><a href="?classroom">{ tr!(t, "home.class-session") }</a>{ " " }{ tr!(t, "home.class-session-more") }</li>
                </ul>
            </section>
            <OpenScenario session={props.session.clone()} dispatch={props.dispatch.clone()} />
            { dialog.unwrap_or_default() }
        </>
    }
}
