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
use crate::core::qr::{Ecl, QrCode, SvgOptions};
use crate::core::session::{Catalogue, Entry};
use crate::core::url_param;
use crate::platform::{cmi5 as random, fetch, files, navigation};

/// A QR code of `text`, drawn by the core as SVG.
fn qr(text: &str, label: &str) -> Html {
    match QrCode::encode(text, Ecl::M) {
        Ok(code) => {
            let svg = code.to_svg(&SvgOptions { label, size: None });
            html! { <div class="qr">{ Html::from_html_unchecked(AttrValue::from(svg)) }</div> }
        }
        Err(e) => html! { <p class="meta">{ format!("No QR code: {e}.") }</p> },
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
                Err(e) => problem(&format!("This debrief link cannot be used: {e}.")),
            },
            Ok(None) => problem(
                "The class debrief opens from a session's set-up page (“Open the class debrief”), which names the session in the address.",
            ),
            Err(e) => problem(&format!("This debrief link cannot be used: {e}.")),
        }
    } else {
        html! { <ClassSetup catalogue={props.catalogue.clone()} /> }
    };
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="masthead">
                <div class="masthead__inner">
                    <span class="brand"><span class="brand__mark" aria-hidden="true">{ "M" }</span>{ "Mandate" }</span>
                    <span class="masthead__tagline">{ "Classroom" }</span>
                    <a class="button button--quiet button--small masthead__progress" href="./">{ "All scenarios" }</a>
                </div>
            </header>
            <main id="main" class="page classroom" tabindex="-1">{ body }</main>
        </>
    }
}

fn problem(text: &str) -> Html {
    html! {
        <section class="card" role="alert">
            <h1>{ "Class debrief" }</h1>
            <p>{ text.to_string() }</p>
            <p><a href="?classroom">{ "Set up a class session" }</a></p>
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
            <p class="eyebrow">{ "Classroom" }</p>
            <h1>{ "Set up a class session" }</h1>
            <p class="lead">{ "Learners open the link on their phones or laptops and play on their own. At the end each gets a short result code; paste the codes into the class debrief to see the class's results. No accounts, no server: nothing leaves a device unless its owner hands in the code." }</p>
            <div class="classroom__grid">
                <section class="card" aria-labelledby="setup-title">
                    <h2 id="setup-title">{ "The session" }</h2>
                    <label class="field">
                        <span class="label">{ "Scenario" }</span>
                        <select onchange={on_scenario} aria-label="Scenario">
                            { for catalogue.iter().enumerate().map(|(i, e)| html! {
                                <option value={i.to_string()} selected={i == *scenario}>{ e.scenario.title.clone() }</option>
                            }) }
                        </select>
                    </label>
                    <fieldset class="field">
                        <legend class="label">{ "Corporate strategy" }</legend>
                        { for strategies }
                    </fieldset>
                    <fieldset class="field">
                        <legend class="label">{ "Feedback on each choice" }</legend>
                        { timing(FeedbackTiming::Now, "After every choice") }
                        { timing(FeedbackTiming::AtEnd, "Only in the debrief at the end (discuss first)") }
                    </fieldset>
                    <p class="field">
                        <span class="label">{ "Session code" }</span>
                        <span class="session-code" data-testid="session-code">{ code.grouped() }</span>
                        <button class="button button--quiet button--small" onclick={regenerate}>{ "New code" }</button>
                    </p>
                </section>
                <section class="card classroom__share" aria-labelledby="share-title">
                    <h2 id="share-title">{ "For the learners" }</h2>
                    { qr(&link, "QR code of the learners' link") }
                    <p class="classroom__link"><a href={link.clone()} data-testid="learner-link">{ link.clone() }</a></p>
                    <p><a class="button button--primary" href={debrief}>{ "Open the class debrief" }</a></p>
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
                <button class="button" onclick={on_click}>{ "Download the code" }</button>
                if let Some(e) = failed_view { <p class="meta" role="alert">{ format!("The download did not start: {e}. Copy the code instead.") }</p> }
            </>
        }
    };
    html! {
        <section class="card result-card" aria-labelledby="result-title">
            <h2 id="result-title">{ format!("Your result code · session {}", props.session.code.grouped()) }</h2>
            <p>{ "Hand this code to your instructor: read it out, show the QR code, or send the file. It holds your choices and score — and your name only if you add it below." }</p>
            <p class="result-code" data-testid="result-code">{ code.clone() }</p>
            { qr(&code, "QR code of your result code") }
            <label class="field">
                <span class="label">{ "Your name (optional, at most 40 characters)" }</span>
                <input type="text" value={(*name).clone()} oninput={on_name} maxlength="40" autocomplete="name" />
            </label>
            if let Err(e) = &parsed { <p class="meta" role="alert">{ format!("The name is left out: {e}.") }</p> }
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
    fn add(&mut self, source: &str, text: &str, session: &ClassSession, catalogue: &[Entry]) {
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') || trimmed.starts_with('{') {
            match crate::core::classroom::xapi::import(text, session, catalogue) {
                Ok(import) => {
                    self.results.extend(import.results);
                    for p in import.problems {
                        self.refused.push((source.to_string(), p.to_string()));
                    }
                }
                Err(e) => self.refused.push((source.to_string(), e.to_string())),
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
                Err(e) => self
                    .refused
                    .push((format!("{source}, line {}", n + 1), e.to_string())),
            }
        }
    }
}

/// The instructor's class debrief.
#[function_component]
fn ClassDebrief(props: &DebriefProps) -> Html {
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
            next.add("pasted", &pasted, &session, &catalogue);
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
                            Ok(text) => next.add(&name, &text, &session, &catalogue),
                            Err(_) => next
                                .refused
                                .push((name, "the file is not text (UTF-8)".into())),
                        },
                        Err(files::ReadError::TooLarge(bytes)) => next.refused.push((
                            name,
                            format!("the file is {bytes} bytes; at most 5 MB is read"),
                        )),
                        Err(files::ReadError::Failed(why)) => next
                            .refused
                            .push((name, format!("the file could not be read: {why}"))),
                    }
                }
                collected.set(next);
            });
        })
    };
    let report = ClassReport::of(&entry, session, &collected.results);
    let csv = {
        let text = report.to_csv();
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
            <p class="eyebrow">{ format!("Class debrief · session {}", session.code.grouped()) }</p>
            <h1>{ entry.scenario.title.clone() }</h1>
            <p class="meta">{ format!("Strategy: {strategy} · pass mark {} / 100", entry.scenario.pass_threshold) }</p>
            <p class="meta">{ "Codes carry a checksum that catches typos; they are not signed, so they guard against accidents, not against a learner set on forging a score." }</p>
            <section class="card" aria-labelledby="collect-title">
                <h2 id="collect-title">{ "Hand in results" }</h2>
                <label class="field">
                    <span class="label">{ "Paste result codes, one per line" }</span>
                    <textarea rows="5" value={(*pasted).clone()} oninput={on_paste} spellcheck="false" />
                </label>
                <p class="actions">
                    <button class="button button--primary" onclick={add_pasted}>{ "Add the codes" }</button>
                    <label class="button">
                        { "Add files (result codes or an xAPI export)" }
                        <input type="file" multiple=true accept=".txt,.json,text/plain,application/json" class="visually-hidden" onchange={on_files} />
                    </label>
                </p>
                if !collected.refused.is_empty() {
                    <div class="refused" role="alert">
                        <h3>{ format!("Not counted ({})", collected.refused.len()) }</h3>
                        <ul>{ for collected.refused.iter().map(|(from, why)| html! { <li>{ format!("{from}: {why}") }</li> }) }</ul>
                    </div>
                }
            </section>
            { report_view(&report, entry.scenario.pass_threshold) }
            if report.count() > 0 {
                <p><button class="button" onclick={csv}>{ "Download CSV" }</button></p>
            }
        </>
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

fn alignment_text(a: i8) -> String {
    match a {
        2 => "Strongly aligned (+2)".into(),
        1 => "Aligned (+1)".into(),
        0 => "Neutral (0)".into(),
        -1 => "Misaligned (−1)".into(),
        _ => "Strongly misaligned (−2)".into(),
    }
}

fn report_view(report: &ClassReport, pass_mark: u8) -> Html {
    if report.count() == 0 {
        return html! { <p class="meta" data-testid="participation">{ "No results yet." }</p> };
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
                <div class="bands__bar" style={format!("height: {height:.0}%")}></div>
                <span class="bands__count">{ n }</span>
                <span class="bands__label">{ label }</span>
            </div>
        }
    });
    html! {
        <>
            <section class="card" aria-labelledby="class-title">
                <h2 id="class-title">{ "The class" }</h2>
                <dl class="figures">
                    <div><dt>{ "Learners" }</dt><dd data-testid="participation">{ report.count() }</dd></div>
                    <div><dt>{ "Mean score" }</dt><dd data-testid="mean">{ report.mean.map(|m| format!("{m:.1}")).unwrap_or_default() }</dd></div>
                    <div><dt>{ "Median" }</dt><dd>{ report.median.map(|m| format!("{m:.1}")).unwrap_or_default() }</dd></div>
                    <div><dt>{ format!("Passed ({pass_mark}+)") }</dt><dd data-testid="pass-rate">{ format!("{} of {} · {}", report.passed, report.count(), report.pass_rate.map(percent).unwrap_or_default()) }</dd></div>
                </dl>
                if !report.duplicates.is_empty() {
                    <p class="meta">{ format!("{} result(s) handed in twice were counted once.", report.duplicates.len()) }</p>
                }
                <h3>{ "Scores" }</h3>
                <div class="bands" role="img" aria-label={format!("Scores: {}", report.scores.iter().map(u8::to_string).collect::<Vec<_>>().join(", "))}>{ for bands }</div>
            </section>
            if !report.discussion.is_empty() {
                <section class="card" aria-labelledby="discuss-title">
                    <h2 id="discuss-title">{ "Discussion starters" }</h2>
                    <p class="meta">{ "The misaligned choices the class made most often." }</p>
                    <ol class="discussion">
                        { for report.discussion.iter().map(|m| html! {
                            <li>
                                <strong>{ format!("{} · {}", m.scene_title, m.label) }</strong>
                                <span class="meta">{ format!(" — {} · {} learner(s), {}", alignment_text(m.alignment), m.count, percent(m.share)) }</span>
                            </li>
                        }) }
                    </ol>
                </section>
            }
            <section class="card" aria-labelledby="decisions-title">
                <h2 id="decisions-title">{ "Each decision" }</h2>
                { for report.decisions.iter().map(|d| html! {
                    <div class="decision-share">
                        <h3>{ format!("{} · {} decision(s)", d.title, d.decisions) }</h3>
                        <table class="shares">
                            <thead><tr><th scope="col">{ "Option" }</th><th scope="col">{ "Alignment" }</th><th scope="col">{ "Learners" }</th></tr></thead>
                            <tbody>
                                { for d.options.iter().map(|o| html! {
                                    <tr class={classes!((o.alignment < 0).then_some("shares__row--misaligned"))}>
                                        <td>{ o.label.clone() }</td>
                                        <td>{ alignment_text(o.alignment) }</td>
                                        <td>
                                            <span class="shares__bar" style={format!("width: {:.0}%", o.share * 100.0)}></span>
                                            { format!("{} · {}", o.count, percent(o.share)) }
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
