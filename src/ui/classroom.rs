//! The classroom without a server: the instructor's session set-up (a learner link and
//! its QR code to project), the learner's result card at the end of a class session
//! (a checksummed code, its QR, a download), and the instructor's class debrief
//! (paste codes or drop files — result files or an xAPI export — and read the class's
//! results, with a CSV export). The core decides everything ([`crate::core::classroom`]).

use std::rc::Rc;

use yew::prelude::*;

use crate::core::classroom::{
    ClassReport, ClassSession, FeedbackTiming, LearnerName, LearnerResult, ResultCode, SessionCode,
};
use crate::core::engine::Playthrough;
use crate::core::i18n::Messages;
use crate::core::qr::{Ecl, QrCode, SvgOptions};
use crate::core::session::{Catalogue, Entry};
use crate::core::url_param;
use crate::platform::{cmi5 as random, fetch, files, navigation};
use crate::tr;

use super::i18n::use_messages;
use super::widgets::Bar;

/// A QR code of `text`, drawn by the core as SVG.
fn qr(t: &Messages, text: &str, label: &str) -> Html {
    match QrCode::encode(text, Ecl::M) {
        Ok(code) => {
            let svg = code.to_svg(&SvgOptions { label, size: None });
            html! { <div class="qr">{ Html::from_html_unchecked(AttrValue::from(svg)) }</div> }
        }
        Err(e) => {
            html! { <p class="meta">{ tr!(t, "classroom.no-qr-code", why = e.message(t)) }</p> }
        }
    }
}

fn new_code() -> SessionCode {
    let bytes = random::random_bytes();
    SessionCode::generate([bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]])
}

#[derive(Properties, PartialEq)]
pub struct ClassroomProps {
    pub catalogue: Catalogue,
}

/// `?classroom`: the set-up; `?classroom=debrief&session=…`: the class debrief.
#[function_component]
pub fn Classroom(props: &ClassroomProps) -> Html {
    let t = use_messages();
    let pairs = use_memo((), |_| {
        url_param::query_pairs(&fetch::page_query().unwrap_or_default())
    });
    let debrief = pairs
        .iter()
        .any(|(k, v)| k == "classroom" && v == "debrief");
    let body = if debrief {
        match ClassSession::from_query(&pairs) {
            Ok(Some(session)) => match session.check(props.catalogue.as_slice()) {
                Ok(()) => {
                    html! { <ClassDebrief catalogue={props.catalogue.clone()} session={Rc::new(session)} /> }
                }
                Err(e) => problem(
                    t,
                    &tr!(t, "classroom.debrief-link-unusable", why = e.message(t)),
                ),
            },
            Ok(None) => problem(t, tr!(t, "classroom.debrief-needs-session")),
            Err(e) => problem(
                t,
                &tr!(t, "classroom.debrief-link-unusable", why = e.message(t)),
            ),
        }
    } else {
        html! { <ClassSetup catalogue={props.catalogue.clone()} /> }
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ tr!(t, "classroom.skip-to-content") }</a>
            <header class="masthead">
                <div class="masthead__inner">
                    <span class="brand"><span class="brand__mark" aria-hidden="true">{ "M" }</span>{ "Mandate" }</span>
                    <span class="masthead__tagline">{ tr!(t, "classroom.classroom") }</span>
                    <a class="button button--quiet button--small masthead__progress" href="./">{ tr!(t, "classroom.all-scenarios") }</a>
                    <super::i18n::LanguageSwitch />
                </div>
            </header>
            <main id="main" class="page classroom" tabindex="-1">{ body }</main>
        </>
    }
}

fn problem(t: &Messages, text: &str) -> Html {
    html! {
        <section class="card" role="alert">
            <h1>{ tr!(t, "classroom.class-debrief") }</h1>
            <p>{ text.to_string() }</p>
            <p><a href="?classroom">{ tr!(t, "classroom.set-up-title") }</a></p>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct SetupProps {
    catalogue: Catalogue,
}

/// The instructor picks a scenario, a strategy and when feedback comes, and gets the
/// learners' link with its QR code to project.
#[function_component]
fn ClassSetup(props: &SetupProps) -> Html {
    let t = use_messages();
    let catalogue = &props.catalogue;
    let scenario = use_state(|| 0usize);
    let strategy = use_state(|| None::<String>);
    let feedback = use_state(|| FeedbackTiming::Now);
    let code = use_state(new_code);
    let entry = &catalogue[*scenario];
    let session = ClassSession {
        code: (*code).clone(),
        scenario: entry.scenario.id.to_string(),
        strategy: (*strategy).clone(),
        feedback: *feedback,
    };
    let base = navigation::page_address().unwrap_or_default();
    let link = format!("{base}?{}", session.to_query());
    let debrief = format!("{base}?classroom=debrief&{}", session.to_query());

    let on_scenario = {
        let scenario = scenario.clone();
        let strategy = strategy.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            scenario.set(select.value().parse().unwrap_or(0));
            strategy.set(None);
        })
    };
    let strategies = entry.scenario.strategy_indices().map(|i| {
        let s = entry.scenario.strategy(i);
        let id = (i.index() > 0).then(|| s.id.to_string());
        let checked = *strategy == id;
        let strategy = strategy.clone();
        let onchange = Callback::from(move |_: Event| strategy.set(id.clone()));
        html! {
            <label class="choice-radio">
                <input type="radio" name="strategy" {checked} {onchange} />
                { s.name.clone() }
            </label>
        }
    });
    let timing = |value: FeedbackTiming, text: &'static str| {
        let feedback = feedback.clone();
        let checked = *feedback == value;
        let onchange = Callback::from(move |_: Event| feedback.set(value));
        html! {
            <label class="choice-radio">
                <input type="radio" name="feedback" {checked} {onchange} />{ text }
            </label>
        }
    };
    let regenerate = {
        let code = code.clone();
        Callback::from(move |_: MouseEvent| code.set(new_code()))
    };
    html! {
        <>
            <p class="eyebrow">{ tr!(t, "classroom.classroom") }</p>
            <h1>{ tr!(t, "classroom.set-up-title") }</h1>
            <p class="lead">{ tr!(t, "classroom.set-up-lead") }</p>
            <div class="classroom__grid">
                <section class="card" aria-labelledby="setup-title">
                    <h2 id="setup-title">{ tr!(t, "classroom.the-session") }</h2>
                    <label class="field">
                        <span class="label">{ tr!(t, "classroom.scenario") }</span>
                        <select onchange={on_scenario} aria-label={tr!(t, "classroom.scenario")}>
                            { for catalogue.iter().enumerate().map(|(i, e)| html! {
                                <option value={i.to_string()} selected={i == *scenario}>{ e.scenario.title.clone() }</option>
                            }) }
                        </select>
                    </label>
                    <fieldset class="field">
                        <legend class="label">{ tr!(t, "classroom.corporate-strategy") }</legend>
                        { for strategies }
                    </fieldset>
                    <fieldset class="field">
                        <legend class="label">{ tr!(t, "classroom.feedback-timing") }</legend>
                        { timing(FeedbackTiming::Now, tr!(t, "classroom.feedback-now")) }
                        { timing(FeedbackTiming::AtEnd, tr!(t, "classroom.feedback-at-end")) }
                    </fieldset>
                    <p class="field">
                        <span class="label">{ tr!(t, "classroom.session-code") }</span>
                        <span class="session-code" data-testid="session-code">{ code.grouped() }</span>
                        <button class="button button--quiet button--small" onclick={regenerate}>{ tr!(t, "classroom.new-code") }</button>
                    </p>
                </section>
                <section class="card classroom__share" aria-labelledby="share-title">
                    <h2 id="share-title">{ tr!(t, "classroom.for-the-learners") }</h2>
                    { qr(t, &link, tr!(t, "classroom.learner-link-qr")) }
                    <p class="classroom__link"><a href={link.clone()} data-testid="learner-link">{ link.clone() }</a></p>
                    <p><a class="button button--primary" href={debrief}>{ tr!(t, "classroom.open-debrief") }</a></p>
                </section>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultCardProps {
    pub session: Rc<ClassSession>,
    pub entry: Rc<Entry>,
    pub playthrough: Playthrough,
    pub confidence: Vec<u8>,
    pub score: u8,
    /// Stable per attempt, so the same attempt always shows the same code.
    pub tag: u32,
}

/// The learner's result at the end of a class session: the code to hand in.
#[function_component]
pub fn ResultCard(props: &ResultCardProps) -> Html {
    let t = use_messages();
    let name = use_state(String::new);
    let parsed = if name.trim().is_empty() {
        Ok(None)
    } else {
        LearnerName::parse(name.trim()).map(Some)
    };
    let code = ResultCode::encode(
        &props.session.code,
        &props.entry.scenario,
        &props.playthrough,
        &props.confidence,
        props.score,
        parsed.as_ref().ok().and_then(Option::as_ref),
        props.tag,
    );
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            name.set(input.value());
        })
    };
    let download = {
        let code = code.clone();
        let file = format!("mandate-result-{}.txt", props.session.code.as_str());
        let failed = use_state(|| None::<String>);
        let failed_view = (*failed).clone();
        let on_click = Callback::from(move |_: MouseEvent| {
            if let Err(e) = files::download_as(&file, "text/plain", &format!("{code}\n")) {
                failed.set(Some(e));
            }
        });
        html! {
            <>
                <button class="button" onclick={on_click}>{ tr!(t, "classroom.download-code") }</button>
                if let Some(e) = failed_view { <p class="meta" role="alert">{ tr!(t, "classroom.download-failed", why = e) }</p> }
            </>
        }
    };
    html! {
        <section class="card result-card" aria-labelledby="result-title">
            <h2 id="result-title">{ tr!(t, "classroom.result-title", code = props.session.code.grouped()) }</h2>
            <p>{ tr!(t, "classroom.result-lead") }</p>
            <p class="result-code" data-testid="result-code">{ code.clone() }</p>
            { qr(t, &code, tr!(t, "classroom.result-code-qr")) }
            <label class="field">
                <span class="label">{ tr!(t, "classroom.your-name") }</span>
                <input type="text" value={(*name).clone()} oninput={on_name} maxlength="40" autocomplete="name" />
            </label>
            if let Err(e) = &parsed { <p class="meta" role="alert">{ tr!(t, "classroom.name-left-out", why = e.message(t)) }</p> }
            { download }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct DebriefProps {
    catalogue: Catalogue,
    session: Rc<ClassSession>,
}

/// What was handed in so far.
#[derive(Clone, Default, PartialEq)]
struct Collected {
    results: Vec<LearnerResult>,
    /// (where it came from, why it was refused)
    refused: Vec<(String, String)>,
}

impl Collected {
    /// Reads one text: an xAPI export (JSON) or result codes, one per line.
    fn add(
        &mut self,
        t: &Messages,
        source: &str,
        text: &str,
        session: &ClassSession,
        catalogue: &[Entry],
    ) {
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') || trimmed.starts_with('{') {
            match crate::core::classroom::xapi::import(text, session, catalogue) {
                Ok(import) => {
                    self.results.extend(import.results);
                    for p in import.problems {
                        self.refused.push((source.to_string(), p.message(t)));
                    }
                }
                Err(e) => self.refused.push((source.to_string(), e.message(t))),
            }
            return;
        }
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let result = ResultCode::decode(line).and_then(|d| d.check(session, catalogue));
            match result {
                Ok(r) => self.results.push(r),
                Err(e) => self.refused.push((
                    tr!(t, "classroom.refused-line", source = source, line = n + 1),
                    e.message(t),
                )),
            }
        }
    }
}

/// The instructor's class debrief.
#[function_component]
fn ClassDebrief(props: &DebriefProps) -> Html {
    let t = use_messages();
    let session = &props.session;
    let entry = session
        .entry(props.catalogue.as_slice())
        .expect("checked before the debrief is shown")
        .clone();
    let collected = use_state(Collected::default);
    let pasted = use_state(String::new);
    let on_paste = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            pasted.set(area.value());
        })
    };
    let add_pasted = {
        let collected = collected.clone();
        let pasted = pasted.clone();
        let session = Rc::clone(session);
        let catalogue = props.catalogue.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*collected).clone();
            next.add(t, tr!(t, "classroom.pasted"), &pasted, &session, &catalogue);
            collected.set(next);
            pasted.set(String::new());
        })
    };
    let on_files = {
        let collected = collected.clone();
        let session = Rc::clone(session);
        let catalogue = props.catalogue.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else { return };
            let chosen: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            input.set_value("");
            let collected = collected.clone();
            let session = Rc::clone(&session);
            let catalogue = catalogue.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut next = (*collected).clone();
                for file in chosen {
                    let name = file.name();
                    match files::read_bytes(&file, crate::core::classroom::xapi::MAX_BYTES).await {
                        Ok(bytes) => match String::from_utf8(bytes) {
                            Ok(text) => next.add(t, &name, &text, &session, &catalogue),
                            Err(_) => next
                                .refused
                                .push((name, tr!(t, "classroom.file-not-text").to_string())),
                        },
                        Err(files::ReadError::TooLarge(bytes)) => next.refused.push((
                            name,
                            tr!(
                                t,
                                "classroom.file-too-large",
                                bytes = t.integer(bytes as i64)
                            ),
                        )),
                        Err(files::ReadError::Failed(why)) => next
                            .refused
                            .push((name, tr!(t, "classroom.file-unreadable", why = why))),
                    }
                }
                collected.set(next);
            });
        })
    };
    let report = ClassReport::of(&entry, session, &collected.results);
    let csv = {
        let text = report.to_csv_in(t);
        let file = format!(
            "mandate-class-{}-{}.csv",
            session.code.as_str(),
            files::today()
        );
        Callback::from(move |_: MouseEvent| {
            let _ = files::download_as(&file, "text/csv", &text);
        })
    };
    let strategy = session
        .strategy_in(&entry.scenario)
        .map(|i| entry.scenario.strategy(i).name.clone())
        .unwrap_or_default();
    html! {
        <>
            <p class="eyebrow">{ tr!(t, "classroom.debrief-eyebrow", code = session.code.grouped()) }</p>
            <h1>{ entry.scenario.title.clone() }</h1>
            <p class="meta">{ tr!(t, "classroom.debrief-meta", strategy = strategy, pass = entry.scenario.pass_threshold) }</p>
            <p class="meta">{ tr!(t, "classroom.checksum-note") }</p>
            <section class="card" aria-labelledby="collect-title">
                <h2 id="collect-title">{ tr!(t, "classroom.hand-in") }</h2>
                <label class="field">
                    <span class="label">{ tr!(t, "classroom.paste-codes") }</span>
                    <textarea rows="5" value={(*pasted).clone()} oninput={on_paste} spellcheck="false" />
                </label>
                <p class="actions">
                    <button class="button button--primary" onclick={add_pasted}>{ tr!(t, "classroom.add-codes") }</button>
                    <label class="button">
                        { tr!(t, "classroom.add-files") }
                        <input type="file" multiple=true accept=".txt,.json,text/plain,application/json" class="visually-hidden" onchange={on_files} />
                    </label>
                </p>
                if !collected.refused.is_empty() {
                    <div class="refused" role="alert">
                        <h3>{ tr!(t, "classroom.not-counted", count = collected.refused.len()) }</h3>
                        <ul>{ for collected.refused.iter().map(|(from, why)| html! { <li>{ format!("{from}: {why}") }</li> }) }</ul>
                    </div>
                }
            </section>
            { report_view(t, &report, entry.scenario.pass_threshold) }
            if report.count() > 0 {
                <p><button class="button" onclick={csv}>{ tr!(t, "classroom.download-csv") }</button></p>
            }
        </>
    }
}

/// A share of 0–1 as a whole percentage (`33%` / `33 %`).
fn percent(t: &Messages, share: f64) -> String {
    t.percent(share * 100.0, 0)
}

fn alignment_text(t: &Messages, a: i8) -> &str {
    match a {
        2 => tr!(t, "classroom.alignment-strongly-aligned"),
        1 => tr!(t, "classroom.alignment-aligned"),
        0 => tr!(t, "classroom.alignment-neutral"),
        -1 => tr!(t, "classroom.alignment-misaligned"),
        _ => tr!(t, "classroom.alignment-strongly-misaligned"),
    }
}

fn report_view(t: &Messages, report: &ClassReport, pass_mark: u8) -> Html {
    if report.count() == 0 {
        return html! { <p class="meta" data-testid="participation">{ tr!(t, "classroom.no-results") }</p> };
    }
    let max = report
        .distribution
        .iter()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let bands = report.distribution.iter().enumerate().map(|(i, &n)| {
        let label = if i == 9 {
            "90–100".to_string()
        } else {
            format!("{}–{}", i * 10, i * 10 + 9)
        };
        let height = 100.0 * n as f64 / max as f64;
        html! {
            <div class="bands__band">
                <Bar class="bands__bar" percent={height} vertical=true />
                <span class="bands__count">{ n }</span>
                <span class="bands__label">{ label }</span>
            </div>
        }
    });
    html! {
        <>
            <section class="card" aria-labelledby="class-title">
                <h2 id="class-title">{ tr!(t, "classroom.the-class") }</h2>
                <dl class="figures">
                    <div><dt>{ tr!(t, "classroom.learners") }</dt><dd data-testid="participation">{ report.count() }</dd></div>
                    <div><dt>{ tr!(t, "classroom.mean-score") }</dt><dd data-testid="mean">{ report.mean.map(|m| t.decimal(m, 1)).unwrap_or_default() }</dd></div>
                    <div><dt>{ tr!(t, "classroom.median") }</dt><dd>{ report.median.map(|m| t.decimal(m, 1)).unwrap_or_default() }</dd></div>
                    <div><dt>{ tr!(t, "classroom.passed-heading", pass = pass_mark) }</dt><dd data-testid="pass-rate">{ tr!(t, "classroom.pass-rate", passed = report.passed, count = report.count(), rate = report.pass_rate.map(|r| percent(t, r)).unwrap_or_default()) }</dd></div>
                </dl>
                if !report.duplicates.is_empty() {
                    <p class="meta">{ tr!(t, "classroom.duplicates", count = report.duplicates.len()) }</p>
                }
                <h3>{ tr!(t, "classroom.scores") }</h3>
                <div class="bands" role="img" aria-label={tr!(t, "classroom.scores-label", scores = report.scores.iter().map(u8::to_string).collect::<Vec<_>>().join(", "))}>{ for bands }</div>
            </section>
            if !report.discussion.is_empty() {
                <section class="card" aria-labelledby="discuss-title">
                    <h2 id="discuss-title">{ tr!(t, "classroom.discussion-title") }</h2>
                    <p class="meta">{ tr!(t, "classroom.discussion-lead") }</p>
                    <ol class="discussion">
                        { for report.discussion.iter().map(|m| html! {
                            <li>
                                <strong>{ format!("{} · {}", m.scene_title, m.label) }</strong>
                                <span class="meta">{ format!(" {}", tr!(t, "classroom.discussion-detail", alignment = alignment_text(t, m.alignment), count = m.count, share = percent(t, m.share))) }</span>
                            </li>
                        }) }
                    </ol>
                </section>
            }
            <section class="card" aria-labelledby="decisions-title">
                <h2 id="decisions-title">{ tr!(t, "classroom.each-decision") }</h2>
                { for report.decisions.iter().map(|d| html! {
                    <div class="decision-share">
                        <h3>{ tr!(t, "classroom.decision-title", title = d.title, count = d.decisions) }</h3>
                        <table class="shares">
                            <thead><tr><th scope="col">{ tr!(t, "classroom.option") }</th><th scope="col">{ tr!(t, "classroom.alignment") }</th><th scope="col">{ tr!(t, "classroom.learners") }</th></tr></thead>
                            <tbody>
                                { for d.options.iter().map(|o| html! {
                                    <tr class={classes!((o.alignment < 0).then_some("shares__row--misaligned"))}>
                                        <td>{ o.label.clone() }</td>
                                        <td>{ alignment_text(t, o.alignment) }</td>
                                        <td>
                                            <Bar class="shares__bar" percent={o.share * 100.0} />
                                            { format!("{} · {}", o.count, percent(t, o.share)) }
                                        </td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }) }
            </section>
        </>
    }
}
