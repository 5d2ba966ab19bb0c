//! The home screen: every scenario with its status, best score and the way in.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::session::{Action, Origin, Session, Status};
use crate::platform::clock;

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
    let session = &props.session;
    let catalogue = session.catalogue();

    let cards = catalogue.iter().enumerate().map(|(i, entry)| {
        let s = &entry.scenario;
        let id = s.id.to_string();
        let status = session.status(i);
        let best = session.best(i);
        let title_id = format!("scenario-{}", s.id);
        let (status_text, status_class) = match &status {
            Status::NotStarted => ("Not started".to_string(), "pill--idle"),
            Status::InProgress { decision } => (format!("In progress · decision {decision}"), "pill--active"),
            Status::Completed => ("Completed".to_string(), "pill--done"),
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
        let range = decisions_range(entry.analysis.path_lengths());
        html! {
            <article class="card scenario-card" aria-labelledby={title_id.clone()}>
                <div class="scenario-card__head">
                    <h2 id={title_id}>{ s.title.clone() }</h2>
                    <span class={classes!("pill", status_class)}>{ status_text }</span>
                </div>
                if let Origin::Authored { source } = &entry.origin {
                    <p class="origin">{ format!("Your file: {source}") }</p>
                }
                <p class="meta">
                    { format!("{} · about {} minutes · {}", s.department, s.minutes, range) }
                </p>
                <p>{ format!("{} — {}", s.briefing.company, s.strategies.first().map(|x| x.name.as_str()).unwrap_or_default()) }</p>
                if let Some(first) = s.briefing.objectives.first() {
                    <p class="scenario-card__teaser">{ first.clone() }</p>
                }
                if s.strategies.len() > 1 {
                    <p class="meta">{ format!("Also playable for: {}", s.strategies.iter().skip(1).map(|x| x.name.as_str()).collect::<Vec<_>>().join("; ")) }</p>
                }
                <p class="meta">
                    { match best {
                        Some(b) => format!("Best score {} / 100 · {}{} · pass mark {}",
                            b.score, if b.passed { "passed" } else { "not passed yet" },
                            session.store().record(s.id.as_str()).and_then(|r| r.latest()).and_then(|l| l.score)
                                .map(|l| format!(" · latest {l}")).unwrap_or_default(),
                            s.pass_threshold),
                        None => format!("No score yet · pass mark {}", s.pass_threshold),
                    } }
                </p>
                <div class="actions">
                    { match status {
                        Status::NotStarted => html! {
                            <button class="button button--primary" onclick={start}
                                aria-describedby={format!("scenario-{}", s.id)}>{ "Start" }</button>
                        },
                        Status::InProgress { .. } => html! {
                            <>
                                <button class="button button--primary" onclick={resume}>{ "Resume" }</button>
                                <button class="button button--quiet" onclick={ask_restart}>{ "Restart" }</button>
                            </>
                        },
                        Status::Completed => html! {
                            <>
                                <button class="button button--primary" onclick={start}>{ "Play again" }</button>
                                <button class="button button--quiet" onclick={resume}>{ "View result" }</button>
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
                title="Restart this scenario?"
                body={format!(
                    "Your attempt at “{}” is at decision {}. Restarting discards it and starts again from the briefing. Your best score is kept.",
                    entry.scenario.title, decision
                )}
                confirm_label="Discard and restart"
                cancel_label="Keep my attempt"
                {on_confirm}
                {on_cancel}
            />
        })
    });

    html! {
        <>
            <section class="intro">
                <h1>{ "Scenarios" }</h1>
                <p class="lead">
                    { "Each scenario puts you at a negotiating table on behalf of one department. \
                       Every choice is scored by how well it serves the company’s strategy — \
                       not by how tough or how friendly it is." }
                </p>
            </section>
            <div class="card-list">{ for cards }</div>
            <section class="card run-a-class" aria-labelledby="class-title">
                <h2 id="class-title">{ "Run a class" }</h2>
                <p>{ "For instructors: no accounts and no server; everything runs in the browser." }</p>
                <ul class="run-a-class__ways">
                    <li><a href="?facilitate">{ "Facilitate on a projector" }</a>{ " — the whole room decides together: votes, reveal, discussion." }</li>
                    <li><a href="?classroom">{ "Set up a class session" }</a>{ " — learners play on their own devices from a link or QR code and hand in result codes for the class debrief." }</li>
                </ul>
            </section>
            <OpenScenario session={props.session.clone()} dispatch={props.dispatch.clone()} />
            { dialog.unwrap_or_default() }
        </>
    }
}
