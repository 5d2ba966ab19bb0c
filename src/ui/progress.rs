//! The progress page: the learner in use (and switching or adding one), every
//! scenario's best, latest and past attempts (each can be reviewed), how much the save
//! takes on this device, and export, import and reset.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::progress::{self, IMPORT_LIMIT_BYTES};
use crate::core::session::{Action, Session, Status};
use crate::platform::{clock, files};

use super::widgets::Confirm;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    pub session: Rc<Session>,
    pub dispatch: Callback<Action>,
    /// Whether this visit writes to the device's storage.
    pub saving: bool,
}

#[function_component]
pub fn ProgressPage(props: &ProgressProps) -> Html {
    let session = &props.session;
    let saved = session.saved();
    let profile = saved.profile();
    let store = session.store();
    let confirming = use_state(|| false);
    let import_message = use_state(|| None::<(bool, String)>);
    let new_name = use_state(String::new);
    let footprint = progress::encode(saved).len();

    let on_export = {
        let saved = saved.clone();
        let import_message = import_message.clone();
        Callback::from(move |_: MouseEvent| {
            let name = format!("mandate-progress-{}.json", files::today());
            if let Err(e) = files::download(&name, &progress::encode_for_export(&saved)) {
                import_message.set(Some((
                    false,
                    format!("The file could not be offered: {e}."),
                )));
            }
        })
    };
    let on_import = {
        let dispatch = props.dispatch.clone();
        let import_message = import_message.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let dispatch = dispatch.clone();
            let import_message = import_message.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let outcome = match files::read_bytes(&file, IMPORT_LIMIT_BYTES).await {
                    Err(files::ReadError::TooLarge(bytes)) => {
                        Err(progress::DecodeError::TooLarge { bytes }.to_string())
                    }
                    Err(files::ReadError::Failed(e)) => Err(format!("it could not be read ({e})")),
                    Ok(bytes) => progress::decode_import(&bytes).map_err(|e| e.to_string()),
                };
                match outcome {
                    Ok(saved) => {
                        import_message.set(Some((true, format!("{name} was imported."))));
                        dispatch.emit(Action::Import {
                            saved: Box::new(saved),
                        });
                    }
                    Err(e) => import_message.set(Some((
                        false,
                        format!("{name} was not imported: {e}. Your progress is unchanged."),
                    ))),
                }
            });
        })
    };
    let on_switch = props.dispatch.reform(|e: Event| {
        let id = e
            .target_dyn_into::<web_sys::HtmlSelectElement>()
            .map(|s| s.value())
            .unwrap_or_default();
        Action::SwitchProfile { id }
    });
    let on_name = {
        let new_name = new_name.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                new_name.set(input.value());
            }
        })
    };
    let on_add = {
        let dispatch = props.dispatch.clone();
        let new_name = new_name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            dispatch.emit(Action::AddProfile {
                name: (*new_name).clone(),
                now: clock::now_ms(),
            });
            new_name.set(String::new());
        })
    };
    let on_home = props.dispatch.reform(|_: MouseEvent| Action::GoHome);
    let ask_reset = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };

    let attempts: usize = store.scenarios.values().map(|r| r.history.len()).sum();
    let in_progress = (0..session.catalogue().len())
        .filter(|&i| matches!(session.status(i), Status::InProgress { .. }))
        .count();
    let dialog = (*confirming).then(|| {
        let confirming_cancel = confirming.clone();
        let confirming_done = confirming.clone();
        let dispatch = props.dispatch.clone();
        html! {
            <Confirm
                title={format!("Forget {}’s progress on this device?", profile.name)}
                body={format!("This removes {attempts} past attempt{} and {in_progress} attempt{} in progress in {} scenario{}, \
                    with the best scores. Other learners on this device keep theirs. Export first to keep a copy.",
                    if attempts == 1 { "" } else { "s" }, if in_progress == 1 { "" } else { "s" },
                    store.scenarios.len(), if store.scenarios.len() == 1 { "" } else { "s" })}
                confirm_label="Forget this progress"
                cancel_label="Keep it"
                on_confirm={Callback::from(move |_| { dispatch.emit(Action::ResetProfile); confirming_done.set(false); })}
                on_cancel={Callback::from(move |_| confirming_cancel.set(false))}
            />
        }
    });

    html! {
        <article class="progress-page">
            <p class="eyebrow">{ "Your progress" }</p>
            <h1>{ format!("{}’s progress", profile.name) }</h1>
            <section class="card" aria-labelledby="learner-heading">
                <h2 id="learner-heading">{ "Learner on this device" }</h2>
                <p class="meta">{ "Several people can learn on one computer: each has a name (nothing more is kept) and their own progress." }</p>
                <div class="learner-row">
                    <label class="learner-field">
                        <span class="label">{ "Playing as" }</span>
                        <select onchange={on_switch} data-testid="profile-select">
                            { for saved.profiles.iter().map(|(id, p)| html! {
                                <option value={id.clone()} selected={*id == saved.current}>{ p.name.clone() }</option>
                            }) }
                        </select>
                    </label>
                    <form class="learner-field" onsubmit={on_add}>
                        <label>
                            <span class="label">{ "Add a learner" }</span>
                            <input type="text" maxlength="60" placeholder="Name" value={(*new_name).clone()} oninput={on_name} />
                        </label>
                        <button class="button" type="submit">{ "Add and switch" }</button>
                    </form>
                </div>
            </section>

            <section aria-labelledby="history-heading">
                <h2 id="history-heading">{ "Scenarios" }</h2>
                { for session.catalogue().iter().enumerate().map(|(index, entry)| {
                    let s = &entry.scenario;
                    let in_progress = matches!(session.status(index), Status::InProgress { .. });
                    let record = store.record(s.id.as_str());
                    let history: Vec<_> = record.map(|r| r.history.iter().rev().collect()).unwrap_or_default();
                    html! {
                        <div class="card history" data-testid={format!("history-{}", s.id)}>
                            <h3>{ s.title.clone() }</h3>
                            <p class="meta">
                                { match record.and_then(|r| r.best) {
                                    Some(b) => format!("Best {} / 100 ({}) · ", b.score, if b.passed { "passed" } else { "not passed" }),
                                    None => "No finished attempt yet · ".to_string(),
                                } }
                                { match record.and_then(|r| r.latest()) {
                                    Some(l) => format!("latest {} / 100 · ", l.score.unwrap_or(0)),
                                    None => String::new(),
                                } }
                                { format!("{} finished", record.map(|r| r.completions).unwrap_or(0)) }
                                { if in_progress { " · one in progress" } else { "" } }
                            </p>
                            if !history.is_empty() {
                                <table class="breakdown__table">
                                    <thead><tr>
                                        <th scope="col">{ "Finished" }</th><th scope="col">{ "Strategy" }</th>
                                        <th scope="col">{ "Score" }</th><th scope="col">{ "Result" }</th>
                                        <th scope="col">{ "Decisions" }</th><th scope="col"><span class="visually-hidden">{ "Review" }</span></th>
                                    </tr></thead>
                                    <tbody>
                                        { for history.into_iter().map(|h| {
                                            let strategy = h.strategy.as_deref()
                                                .and_then(|id| s.strategy_by_id(id))
                                                .map(|i| s.strategy(i).name.clone())
                                                .unwrap_or_else(|| s.strategy(Default::default()).name.clone());
                                            let scenario = s.id.to_string();
                                            let started = h.started;
                                            let review = props.dispatch.reform(move |_: MouseEvent| Action::Review { scenario: scenario.clone(), started });
                                            html! {
                                                <tr>
                                                    <td>{ h.finished.map(files::local_time).unwrap_or_else(|| "not finished".into()) }</td>
                                                    <td>{ strategy }</td>
                                                    <td>{ h.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into()) }</td>
                                                    <td>{ match h.passed { Some(true) => "passed", Some(false) => "not passed", None => "—" } }</td>
                                                    <td>{ h.choices.len() }</td>
                                                    <td>
                                                        if h.finished.is_some() {
                                                            <button class="button button--small" onclick={review}>{ "Review" }</button>
                                                        }
                                                    </td>
                                                </tr>
                                            }
                                        }) }
                                    </tbody>
                                </table>
                            }
                        </div>
                    }
                }) }
            </section>

            <section class="card" aria-labelledby="keep-heading">
                <h2 id="keep-heading">{ "Keep, move or reset your progress" }</h2>
                <p class="meta" data-testid="footprint">
                    { format!("Saved progress for every learner on this device takes {:.1} KB{}.",
                        footprint as f64 / 1000.0,
                        if props.saving { "" } else { ", in this page’s memory only: it is not kept when you close the page" }) }
                    { format!(" Up to {} finished attempts per scenario are kept; older ones are removed first.", progress::HISTORY_CAP) }
                </p>
                <div class="actions">
                    <button class="button button--primary" onclick={on_export}>{ "Export progress to a file" }</button>
                    <label class="button">
                        { "Import a progress file" }
                        <input class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} data-testid="import-input" />
                    </label>
                    <button class="button button--danger" onclick={ask_reset}>{ format!("Forget {}’s progress", profile.name) }</button>
                </div>
                if let Some((ok, message)) = &*import_message {
                    <p class={if *ok { "meta" } else { "silo" }} role="status" data-testid="import-message">{ message.clone() }</p>
                }
            </section>
            <div class="actions actions--end">
                <button class="button button--quiet" onclick={on_home}>{ "Back to scenarios" }</button>
            </div>
            { dialog.unwrap_or_default() }
        </article>
    }
}
