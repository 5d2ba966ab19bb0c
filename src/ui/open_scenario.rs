//! An author's or instructor's own scenario file: picked or dropped on the home screen,
//! or named in the address (`?scenario=cases/my-case.mandate`). It goes through the same
//! validator as the built-in scenarios. A valid file plays like a built-in one for this
//! visit; a file with errors is listed problem by problem and never played.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::core::i18n::Messages;
use crate::core::scenario::{self, Diagnostic, ScenarioErrors, Severity};
use crate::core::session::{Action, Entry, Session};
use crate::core::url_param;
use crate::platform::{clock, fetch};
use crate::tr;

use super::i18n::use_messages;

/// What to do with a file's text once it has been read.
enum Outcome {
    /// It plays: open it (and tell about its warnings).
    Open(Vec<Action>),
    /// It is valid but may not be added; the message says why.
    Refused(String),
    /// It has errors.
    Broken(Rc<ScenarioErrors>),
}

/// Validates `text` (named `source` in messages, worded in `t`'s language) and decides
/// what happens to it.
fn outcome(t: &Messages, session: &Session, source: &str, text: &str) -> Outcome {
    // The analysis the loader runs anyway goes into the entry: it is not computed twice.
    let (loaded, analysis) = match scenario::load_analysed(source, text) {
        Ok(loaded) => loaded,
        Err(errors) => return Outcome::Broken(Rc::new(errors)),
    };
    let entry = Entry::authored(loaded.scenario, analysis, source);
    if let Err(e) = session.check_authored(&entry) {
        return Outcome::Refused(tr!(
            t,
            "open.not-opened",
            source = source,
            why = e.message(t)
        ));
    }
    let mut actions = vec![Action::OpenAuthored {
        entry: Box::new(entry),
        now: clock::now_ms(),
    }];
    if let Some(notice) = warnings_notice(t, source, &loaded.warnings) {
        actions.push(Action::Notify(notice));
    }
    Outcome::Open(actions)
}

/// "2 warnings in my-case.mandate (it plays all the same): my-case.mandate:40:1: warning: …"
fn warnings_notice(t: &Messages, source: &str, warnings: &[Diagnostic]) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let listed: Vec<String> = warnings.iter().map(|w| w.render(source)).collect();
    Some(tr!(
        t,
        "open.warnings-notice",
        count = warnings.len(),
        source = source,
        warnings = listed.join("; ")
    ))
}

/// Handles the `?scenario=` parameter once, on startup: a refused parameter or a failed
/// fetch becomes a notice (nothing is fetched for a refused one), a file with errors goes
/// to `on_broken`, a valid file opens. Notices are worded in `t`'s language.
pub fn open_from_address(
    t: &'static Messages,
    session: Rc<Session>,
    dispatch: Callback<Action>,
    on_broken: Callback<Rc<ScenarioErrors>>,
) {
    let path = match fetch::page_query().map(|q| url_param::from_query(&q)) {
        Ok(Ok(Some(path))) => path,
        Ok(Ok(None)) => return,
        Ok(Err(refused)) => {
            let notice = tr!(t, "open.address-refused", why = refused.message(t));
            return dispatch.emit(Action::Notify(notice));
        }
        Err(unreadable) => return dispatch.emit(Action::Notify(unreadable.message(t))),
    };
    spawn_local(async move {
        let text = match fetch::fetch_text(&path).await {
            Ok(text) => text,
            Err(e) => return dispatch.emit(Action::Notify(e.message(t))),
        };
        match outcome(t, &session, path.as_str(), &text) {
            Outcome::Open(actions) => actions.into_iter().for_each(|a| dispatch.emit(a)),
            Outcome::Refused(message) => dispatch.emit(Action::Notify(message)),
            Outcome::Broken(errors) => on_broken.emit(errors),
        }
    });
}

/// What the home screen's file section shows under the drop zone.
#[derive(Clone, PartialEq)]
enum Shown {
    Nothing,
    Reading(String),
    Refused(String),
    Broken(Rc<ScenarioErrors>),
}

#[derive(Properties, PartialEq)]
pub struct OpenScenarioProps {
    pub session: Rc<Session>,
    pub dispatch: Callback<Action>,
}

/// "Try your own scenario": a labelled file input (the keyboard way in) inside a drop zone.
#[function_component]
pub fn OpenScenario(props: &OpenScenarioProps) -> Html {
    let t = use_messages();
    let shown = use_state(|| Shown::Nothing);
    let over = use_state_eq(|| false);
    let zone = use_node_ref();

    let open_file = {
        let shown = shown.clone();
        let session = props.session.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |file: web_sys::File| {
            let name = file.name();
            shown.set(Shown::Reading(name.clone()));
            let (shown, session, dispatch) = (shown.clone(), session.clone(), dispatch.clone());
            spawn_local(async move {
                let text = match fetch::read_file(&file).await {
                    Ok(text) => text,
                    Err(e) => return shown.set(Shown::Refused(e.message(t))),
                };
                match outcome(t, &session, &name, &text) {
                    Outcome::Open(actions) => {
                        shown.set(Shown::Nothing);
                        actions.into_iter().for_each(|a| dispatch.emit(a));
                    }
                    Outcome::Refused(message) => shown.set(Shown::Refused(message)),
                    Outcome::Broken(errors) => shown.set(Shown::Broken(errors)),
                }
            });
        })
    };

    let onchange = {
        let open_file = open_file.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|files| files.get(0));
            // Cleared, so that choosing the same file again (after fixing it) reads it again.
            input.set_value("");
            if let Some(file) = file {
                open_file.emit(file);
            }
        })
    };

    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        let zone = zone.clone();
        Callback::from(move |e: DragEvent| {
            // Moving onto a child of the zone is not leaving it.
            let to = e
                .related_target()
                .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let inside = zone
                .cast::<web_sys::Node>()
                .is_some_and(|z| to.is_some_and(|to| z.contains(Some(&to))));
            if !inside {
                over.set(false);
            }
        })
    };
    let ondrop = {
        let over = over.clone();
        let shown = shown.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let files = e.data_transfer().and_then(|d| d.files());
            let count = files.as_ref().map_or(0, |f| f.length());
            match files.and_then(|f| f.get(0)) {
                Some(_) if count > 1 => shown.set(Shown::Refused(tr!(
                    t,
                    "open.dropped-several",
                    count = count
                ))),
                Some(file) if !is_scenario_file_name(&file.name()) => shown.set(Shown::Refused(
                    tr!(t, "open.dropped-not-scenario", name = file.name()),
                )),
                Some(file) => open_file.emit(file),
                None => shown.set(Shown::Refused(tr!(t, "open.dropped-nothing").to_string())),
            }
        })
    };

    let on_close = {
        let shown = shown.clone();
        Callback::from(move |_| shown.set(Shown::Nothing))
    };
    let below = match &*shown {
        Shown::Nothing => html! {},
        Shown::Reading(name) => {
            html! { <p class="open__status" role="status">{ tr!(t, "open.reading", name = name) }</p> }
        }
        Shown::Refused(message) => html! {
            <p class="open__refused" role="alert">{ message.clone() }</p>
        },
        Shown::Broken(errors) => html! {
            <FileProblems id="open-problems" errors={errors.clone()} {on_close} />
        },
    };

    html! {
        <section class="open" aria-labelledby="open-title">
            <h2 id="open-title">{ tr!(t, "open.title") }</h2>
            <p class="open__intro">{ tr!(t, "open.intro") }</p>
            <div ref={zone} class={classes!("dropzone", (*over).then_some("dropzone--over"))}
                {ondragover} {ondragleave} {ondrop}>
                <input id="open-file" class="open__input" type="file" accept=".mandate,.txt" {onchange} />
                <label for="open-file" class="button button--primary open__choose">{ tr!(t, "open.choose") }</label>
                <p class="dropzone__hint" aria-hidden="true">{ tr!(t, "open.drop-hint") }</p>
            </div>
            <p class="open__tip">
                { tr!(t, "open.tip-before") }{ " " }
                <code>{ "?scenario=cases/my-case.mandate" }</code>
                { " " }{ tr!(t, "open.tip-after") }
            </p>
            { below }
        </section>
    }
}

fn is_scenario_file_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    url_param::EXTENSIONS.iter().any(|ext| name.ends_with(ext))
}

#[derive(Properties, PartialEq)]
pub struct FileProblemsProps {
    /// Unique in the page: the heading's id is derived from it.
    pub id: AttrValue,
    pub errors: Rc<ScenarioErrors>,
    pub on_close: Callback<()>,
}

/// Every problem in a file that cannot be played, errors first, each with its location,
/// exactly as `mandate-cli check` prints them. The focus moves to the heading.
#[function_component]
pub fn FileProblems(props: &FileProblemsProps) -> Html {
    let t = use_messages();
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with(props.errors.clone(), move |_| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    let errors = &props.errors;
    let mut listed: Vec<&Diagnostic> = errors.diagnostics.iter().collect();
    listed.sort_by_key(|d| d.severity);
    let error_count = errors.error_count();
    let warning_count = errors.diagnostics.len() - error_count;
    let errors_text = tr!(t, "open.problems-errors", count = error_count);
    let title = if warning_count > 0 {
        tr!(
            t,
            "open.problems-title-with-warnings",
            file = errors.file,
            errors = errors_text,
            warnings = tr!(t, "open.problems-warnings", count = warning_count)
        )
    } else {
        tr!(
            t,
            "open.problems-title",
            file = errors.file,
            errors = errors_text
        )
    };
    let title_id = format!("{}-title", props.id);
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section id={props.id.clone()} class="problems" aria-labelledby={title_id.clone()}>
            <h2 id={title_id} ref={heading} tabindex="-1">{ title }</h2>
            <p>{ tr!(t, "open.problems-lead") }</p>
            <ol class="problems__list">
                { for listed.iter().map(|d| {
                    let class = match d.severity {
                        Severity::Error => "problem problem--error",
                        Severity::Warning => "problem problem--warning",
                    };
                    html! { <li {class}>{ d.render(&errors.file) }</li> }
                }) }
            </ol>
            <div class="actions">
                <button class="button" onclick={on_close}>{ tr!(t, "open.close") }</button>
            </div>
        </section>
    }
}
