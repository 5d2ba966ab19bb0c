//! The progress page: the learner in use (and switching or adding one), every
//! scenario's best, latest and past attempts (each can be reviewed), how much the save
//! takes on this device, and export, import and reset.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::i18n::Messages;
use crate::core::i18n::civil_date::{Date, Time};
use crate::core::progress::{self, IMPORT_LIMIT_BYTES};
use crate::core::session::{Action, Session, Status};
use crate::platform::{clock, files, locale};
use crate::tr;

use super::i18n::use_messages;
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
    let t = use_messages();
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
                import_message.set(Some((false, tr!(t, "progress.export-failed", why = e))));
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
                        Err(progress::DecodeError::TooLarge { bytes }.message(t))
                    }
                    Err(files::ReadError::Failed(e)) => {
                        Err(tr!(t, "progress.import-unreadable", why = e))
                    }
                    Ok(bytes) => progress::decode_import(&bytes).map_err(|e| e.message(t)),
                };
                match outcome {
                    Ok(saved) => {
                        import_message.set(Some((true, tr!(t, "progress.imported", name = name))));
                        dispatch.emit(Action::Import {
                            saved: Box::new(saved),
                        });
                    }
                    Err(e) => import_message.set(Some((
                        false,
                        tr!(t, "progress.not-imported", name = name, why = e),
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
                title={tr!(t, "progress.reset-title", name = profile.display_name(t))}
                body={tr!(t, "progress.reset-body",
                    attempts = tr!(t, "progress.reset-attempts", count = attempts),
                    in_progress = tr!(t, "progress.reset-in-progress", count = in_progress),
                    scenarios = tr!(t, "progress.reset-scenarios", count = store.scenarios.len()))}
                confirm_label={tr!(t, "progress.reset-confirm")}
                cancel_label={tr!(t, "progress.reset-cancel")}
                on_confirm={Callback::from(move |_| { dispatch.emit(Action::ResetProfile); confirming_done.set(false); })}
                on_cancel={Callback::from(move |_| confirming_cancel.set(false))}
            />
        }
    });

    html! {
        <article class="progress-page">
            <p class="eyebrow">{ tr!(t, "progress.eyebrow") }</p>
            <h1>{ tr!(t, "progress.title", name = profile.display_name(t)) }</h1>
            <section class="card" aria-labelledby="learner-heading">
                <h2 id="learner-heading">{ tr!(t, "progress.learner-title") }</h2>
                <p class="meta">{ tr!(t, "progress.learner-lead") }</p>
                <div class="learner-row">
                    <label class="learner-field">
                        <span class="label">{ tr!(t, "progress.playing-as") }</span>
                        <select onchange={on_switch} data-testid="profile-select">
                            { for saved.profiles.iter().map(|(id, p)| html! {
                                <option value={id.clone()} selected={*id == saved.current}>{ p.display_name(t) }</option>
                            }) }
                        </select>
                    </label>
                    <form class="learner-field" onsubmit={on_add}>
                        <label>
                            <span class="label">{ tr!(t, "progress.add-learner") }</span>
                            <input type="text" maxlength="60" placeholder={tr!(t, "progress.name-placeholder")} value={(*new_name).clone()} oninput={on_name} />
                        </label>
                        <button class="button" type="submit">{ tr!(t, "progress.add-and-switch") }</button>
                    </form>
                </div>
            </section>

            <section aria-labelledby="history-heading">
                <h2 id="history-heading">{ tr!(t, "progress.scenarios") }</h2>
                { for session.catalogue().iter().enumerate().map(|(index, entry)| {
                    let s = &entry.scenario;
                    let in_progress = matches!(session.status(index), Status::InProgress { .. });
                    let record = store.record(s.id.as_str());
                    let history: Vec<_> = record.map(|r| r.history.iter().rev().collect()).unwrap_or_default();
                    let mut summary = vec![match record.and_then(|r| r.best) {
                        Some(b) if b.passed => tr!(t, "progress.best-passed", score = b.score),
                        Some(b) => tr!(t, "progress.best-not-passed", score = b.score),
                        None => tr!(t, "progress.no-finished-attempt").to_string(),
                    }];
                    if let Some(l) = record.and_then(|r| r.latest()) {
                        summary.push(tr!(t, "progress.latest", score = l.score.unwrap_or(0)));
                    }
                    summary.push(tr!(t, "progress.finished-count", count = record.map(|r| r.completions).unwrap_or(0)));
                    if in_progress {
                        summary.push(tr!(t, "progress.one-in-progress").to_string());
                    }
                    html! {
                        <div class="card history" data-testid={format!("history-{}", s.id)}>
                            <h3>{ s.title.clone() }</h3>
                            <p class="meta">{ summary.join(" · ") }</p>
                            if !history.is_empty() {
                                <table class="breakdown__table" tabindex="0">
                                    <thead><tr>
                                        <th scope="col">{ tr!(t, "progress.col-finished") }</th><th scope="col">{ tr!(t, "progress.col-strategy") }</th>
                                        <th scope="col">{ tr!(t, "progress.col-score") }</th><th scope="col">{ tr!(t, "progress.col-result") }</th>
                                        <th scope="col">{ tr!(t, "progress.col-decisions") }</th><th scope="col"><span class="visually-hidden">{ tr!(t, "progress.review") }</span></th>
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
                                                    <td>{ h.finished.map(|ms| finished_at(t, ms)).unwrap_or_else(|| tr!(t, "progress.not-finished").into()) }</td>
                                                    <td>{ strategy }</td>
                                                    <td>{ h.score.map(|s| s.to_string()).unwrap_or_else(|| "—".into()) }</td>
                                                    <td>{ match h.passed { Some(true) => tr!(t, "progress.passed"), Some(false) => tr!(t, "progress.not-passed"), None => "—" } }</td>
                                                    <td>{ h.choices.len() }</td>
                                                    <td>
                                                        if h.finished.is_some() {
                                                            <button class="button button--small" onclick={review}>{ tr!(t, "progress.review") }</button>
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
                <h2 id="keep-heading">{ tr!(t, "progress.keep-title") }</h2>
                <p class="meta" data-testid="footprint">
                    { if props.saving {
                        tr!(t, "progress.footprint-saved", size = t.decimal(footprint as f64 / 1000.0, 1))
                    } else {
                        tr!(t, "progress.footprint-memory", size = t.decimal(footprint as f64 / 1000.0, 1))
                    } }
                    { " " }{ tr!(t, "progress.history-cap", count = progress::HISTORY_CAP) }
                </p>
                <div class="actions">
                    <button class="button button--primary" onclick={on_export}>{ tr!(t, "progress.export") }</button>
                    <label class="button">
                        { tr!(t, "progress.import") }
                        <input class="visually-hidden" type="file" accept=".json,application/json" onchange={on_import} data-testid="import-input" />
                    </label>
                    <button class="button button--danger" onclick={ask_reset}>{ tr!(t, "progress.reset-button", name = profile.display_name(t)) }</button>
                </div>
                if let Some((ok, message)) = &*import_message {
                    <p class={if *ok { "meta" } else { "silo" }} role="status" data-testid="import-message">{ message.clone() }</p>
                }
            </section>
            <div class="actions actions--end">
                <button class="button button--quiet" onclick={on_home}>{ tr!(t, "progress.back") }</button>
            </div>
            { dialog.unwrap_or_default() }
        </article>
    }
}

/// When an attempt finished, as the interface's language writes a date and a time of
/// day on this device's clock.
fn finished_at(t: &Messages, ms: u64) -> String {
    let ms = ms as i64;
    let offset = locale::utc_offset_minutes_at(ms);
    t.date_time(
        Date::from_unix_ms(ms, offset),
        Time::from_unix_ms(ms, offset),
    )
}
