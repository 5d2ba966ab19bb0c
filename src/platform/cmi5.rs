//! The cmi5 conversation with the LMS and its record store: the one-time fetch of the
//! session token (kept in sessionStorage so a reload can carry on), `LMS.LaunchData`,
//! the learner's preferences, Mandate's own resume state, and statements sent in
//! order, one request at a time. Every request can fail; failures are logged and
//! never stop the learner.
//!
//! A reload must lose nothing that was still in the queue. The tab keeps, in
//! sessionStorage beside the token, the newest resume state it queued (written before
//! the request, so it is never older than what the LMS holds from this tab) and, when
//! the page goes away, the statements not yet sent. A reload takes that state rather
//! than the LMS's copy, which may still be on its way, and sends the kept statements
//! first. A request already started when the page goes away completes on its own
//! (`keepalive`) and is not kept, so nothing is sent twice. Once the statements are kept
//! the queue starts no other request: the page can still run between `pagehide` and the
//! next page (a reply arriving then wakes the queue), and a request started there may
//! reach the LMS or not, so the kept statements would go once, twice or be lost. If the
//! page is not unloaded after all (restored from the back-forward cache), the learner's
//! next action reopens the queue and drops what was kept.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::Uint8Array;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, spawn_local};

use crate::core::i18n::Locale;
use crate::core::lms::cmi5::{
    Cmi5Error, Cmi5Launch, FetchProblem, LAUNCH_DATA, LaunchData, LaunchDataProblem, STATE_ID,
};
use crate::core::lms::{Suspended, decode_suspend};

use super::storage::{BrowserStorage, describe};

/// What the launch found.
pub struct Connected {
    pub link: Cmi5Link,
    pub data: LaunchData,
    /// The resume state stored in an earlier session of this registration.
    pub suspended: Option<Suspended>,
    /// What was odd but not fatal, for the log.
    pub problems: Vec<String>,
    /// This tab already began this session (a reload): `initialized` went out before.
    pub reloaded: bool,
    /// The learner's language preference in the LMS, if Mandate has that language.
    pub language: Option<Locale>,
}

/// Talks to the record store for one launch.
#[derive(Clone)]
pub struct Cmi5Link {
    launch: Rc<Cmi5Launch>,
    token: Rc<String>,
    queue: Rc<RefCell<Queue>>,
}

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    busy: bool,
    /// The page is going away and the statements queued are kept for a reload: start
    /// nothing more.
    leaving: bool,
    failures: Vec<String>,
}

enum Job {
    Statements(Vec<Value>),
    State(String),
}

fn log(what: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("Mandate · cmi5: {what}")));
}

/// One request. `auth`: an xAPI call with the session token (and the version header);
/// without it, a plain request (the fetch URL: no custom header, so no CORS preflight).
async fn request(
    method: &str,
    url: &str,
    auth: Option<&str>,
    body: Option<(&str, &str)>,
    keepalive: bool,
) -> Result<(u16, String), String> {
    let window = web_sys::window().ok_or("no window object")?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_cache(web_sys::RequestCache::NoStore);
    if keepalive {
        // `RequestInit.keepalive` (not in this web-sys's generated bindings).
        let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    }
    let headers = web_sys::Headers::new().map_err(|e| describe(&e))?;
    if let Some(token) = auth {
        headers
            .append("X-Experience-API-Version", "1.0.3")
            .map_err(|e| describe(&e))?;
        headers
            .append("Authorization", &format!("Basic {token}"))
            .map_err(|e| describe(&e))?;
    }
    if let Some((content_type, text)) = body {
        headers
            .append("Content-Type", content_type)
            .map_err(|e| describe(&e))?;
        init.set_body(&JsValue::from_str(text));
    }
    init.set_headers(&headers);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| format!("{method} {url}: {}", describe(&e)))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| describe(&e))?;
    let status = response.status();
    let text = match response.array_buffer() {
        Ok(promise) => match JsFuture::from(promise).await {
            Ok(buffer) => String::from_utf8_lossy(&Uint8Array::new(&buffer).to_vec()).into_owned(),
            Err(_) => String::new(),
        },
        Err(_) => String::new(),
    };
    Ok((status, text))
}

fn token_key(launch: &Cmi5Launch) -> String {
    format!("mandate.cmi5.token.{}", launch.registration)
}

/// This tab's newest resume state for the registration.
fn state_key(launch: &Cmi5Launch) -> String {
    format!("mandate.cmi5.state.{}", launch.registration)
}

/// Statements this tab had queued but not sent when the page went away.
fn outbox_key(launch: &Cmi5Launch) -> String {
    format!("mandate.cmi5.outbox.{}", launch.registration)
}

/// What a reload of this tab takes over from the page before it: the statements it
/// had not sent (in order) and its newest resume state. Both are removed from
/// sessionStorage as they are read; damaged entries are logged and dropped.
fn take_over(launch: &Cmi5Launch, problems: &mut Vec<String>) -> (Vec<Value>, Option<String>) {
    let Ok(session) = BrowserStorage::session() else {
        return (Vec::new(), None);
    };
    let statements = match session.read(&outbox_key(launch)) {
        Ok(Some(text)) => {
            let _ = session.remove(&outbox_key(launch));
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Array(statements)) => statements,
                _ => {
                    problems.push("the statements kept for a reload were unreadable".into());
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    };
    let state = session.read(&state_key(launch)).ok().flatten();
    (statements, state)
}

/// The token for this launch, and whether it was kept from an earlier load of this tab
/// (a reload) rather than fetched now (the fetch URL answers once).
async fn token(launch: &Cmi5Launch) -> Result<(String, bool), Cmi5Error> {
    let session = BrowserStorage::session().ok();
    if let Some(token) = session
        .as_ref()
        .and_then(|s| s.read(&token_key(launch)).ok().flatten())
    {
        return Ok((token, true));
    }
    let (status, body) = request("POST", &launch.fetch, None, None, false)
        .await
        .map_err(|why| Cmi5Error::Fetch(FetchProblem::Network(why)))?;
    if !(200..300).contains(&status) {
        return Err(Cmi5Error::Fetch(FetchProblem::Status(status)));
    }
    let token = crate::core::lms::cmi5::token_from_fetch(&body)?;
    if let Some(session) = session {
        // Without sessionStorage a reload cannot reuse the token; the learner is told
        // to relaunch from the LMS if that happens.
        let _ = session.write(&token_key(launch), &token);
    }
    Ok((token, false))
}

/// Follows a cmi5 launch: token, launch data, preferences, stored resume state.
pub async fn connect(launch: Cmi5Launch) -> Result<Connected, Cmi5Error> {
    let (token, reloaded) = token(&launch).await?;
    let mut problems = Vec::new();
    let url = format!(
        "{}activities/state?{}",
        launch.endpoint,
        launch.state_query(LAUNCH_DATA)
    );
    let (status, body) = request("GET", &url, Some(&token), None, false)
        .await
        .map_err(|why| Cmi5Error::LaunchData(LaunchDataProblem::Network(why)))?;
    if status != 200 {
        return Err(Cmi5Error::LaunchData(LaunchDataProblem::Status(status)));
    }
    let data = LaunchData::parse(&body)?;
    // The learner's preferences (language, audio): read as the spec asks; Mandate
    // has no audio, and takes the language when it has it.
    let prefs = format!(
        "{}agents/profile?{}",
        launch.endpoint,
        launch.preferences_query()
    );
    let mut language = None;
    match request("GET", &prefs, Some(&token), None, false).await {
        Ok((200, body)) => language = crate::core::lms::cmi5::preferences_language(&body),
        Ok((404, _)) => {}
        Ok((status, _)) => problems.push(format!("learner preferences: the LMS answered {status}")),
        Err(e) => problems.push(format!("learner preferences: {e}")),
    }
    let state = format!(
        "{}activities/state?{}",
        launch.endpoint,
        launch.state_query(STATE_ID)
    );
    let suspended = match request("GET", &state, Some(&token), None, false).await {
        Ok((200, body)) => {
            let text = serde_json::from_str::<Value>(&body)
                .ok()
                .and_then(|v| v.get("suspend").and_then(Value::as_str).map(String::from))
                .unwrap_or_default();
            match decode_suspend(&text) {
                Ok(s) => Some(s),
                Err(e) => {
                    problems.push(format!("{e}; the attempt starts afresh"));
                    None
                }
            }
        }
        Ok((404, _)) => None,
        Ok((status, _)) => {
            problems.push(format!("resume state: the LMS answered {status}"));
            None
        }
        Err(e) => {
            problems.push(format!("resume state: {e}"));
            None
        }
    };
    let mut jobs = VecDeque::new();
    let mut suspended = suspended;
    if reloaded {
        let (statements, state) = take_over(&launch, &mut problems);
        if !statements.is_empty() {
            jobs.push_back(Job::Statements(statements));
        }
        // This tab's newest state is at least as new as the LMS's copy, whose last
        // update may not have arrived yet; it is sent again to make sure it does.
        if let Some(state) = state {
            match decode_suspend(&state) {
                Ok(s) => {
                    suspended = Some(s);
                    jobs.push_back(Job::State(state));
                }
                Err(e) => problems.push(format!("this tab's resume state: {e}")),
            }
        }
    }
    for p in &problems {
        log(p);
    }
    let link = Cmi5Link {
        launch: Rc::new(launch),
        token: Rc::new(token),
        queue: Rc::new(RefCell::new(Queue {
            jobs,
            ..Queue::default()
        })),
    };
    link.pump();
    Ok(Connected {
        link,
        data,
        suspended,
        problems,
        language,
        reloaded,
    })
}

impl Cmi5Link {
    /// Queues statements; they are sent in order, after everything queued before.
    pub fn send(&self, statements: Vec<Value>) {
        if statements.is_empty() {
            return;
        }
        self.stay();
        self.queue
            .borrow_mut()
            .jobs
            .push_back(Job::Statements(statements));
        self.pump();
    }

    /// Queues the resume state, and keeps it in this tab for a reload.
    pub fn save_state(&self, suspend: String) {
        self.stay();
        if let Ok(session) = BrowserStorage::session() {
            let _ = session.write(&state_key(&self.launch), &suspend);
        }
        self.queue.borrow_mut().jobs.push_back(Job::State(suspend));
        self.pump();
    }

    /// The page is going away: keeps the statements not yet sent, in order, for a
    /// reload of this tab to send. (A request already started completes on its own;
    /// the newest state is already kept.)
    pub fn keep_unsent(&self) {
        let statements: Vec<Value> = self
            .queue
            .borrow()
            .jobs
            .iter()
            .flat_map(|job| match job {
                Job::Statements(s) => s.clone(),
                Job::State(_) => Vec::new(),
            })
            .collect();
        let Ok(session) = BrowserStorage::session() else {
            return;
        };
        if !matches!(session.read(&token_key(&self.launch)), Ok(Some(_))) {
            // The session was terminated: there is no reload to carry on.
            return;
        }
        let key = outbox_key(&self.launch);
        let kept = if statements.is_empty() {
            session.remove(&key)
        } else {
            session.write(&key, &Value::Array(statements).to_string())
        };
        match kept {
            // The reload sends them: this page must not start them too.
            Ok(()) => self.queue.borrow_mut().leaving = true,
            Err(e) => log(&format!("statements not yet sent could not be kept: {e}")),
        }
    }

    /// The page is still here after `pagehide` (restored from the back-forward cache):
    /// it sends its queue itself again (the caller queues and pumps), and what was kept
    /// for a reload is dropped.
    fn stay(&self) {
        if !std::mem::replace(&mut self.queue.borrow_mut().leaving, false) {
            return;
        }
        if let Ok(session) = BrowserStorage::session() {
            let _ = session.remove(&outbox_key(&self.launch));
        }
    }

    /// Whether everything queued has been sent (or has failed).
    pub fn is_idle(&self) -> bool {
        let q = self.queue.borrow();
        !q.busy && q.jobs.is_empty()
    }

    /// The token is spent: forget it (and what was kept for a reload), so that a
    /// reload does not try to reuse it.
    pub fn forget_token(&self) {
        if let Ok(session) = BrowserStorage::session() {
            for key in [
                token_key(&self.launch),
                state_key(&self.launch),
                outbox_key(&self.launch),
            ] {
                let _ = session.remove(&key);
            }
        }
    }

    fn pump(&self) {
        if self.queue.borrow().busy {
            return;
        }
        self.queue.borrow_mut().busy = true;
        let link = self.clone();
        spawn_local(async move {
            loop {
                let job = {
                    let mut queue = link.queue.borrow_mut();
                    if queue.leaving {
                        None
                    } else {
                        queue.jobs.pop_front()
                    }
                };
                let Some(job) = job else { break };
                if let Err(e) = link.run(job).await {
                    log(&e);
                    link.queue.borrow_mut().failures.push(e);
                }
            }
            link.queue.borrow_mut().busy = false;
        });
    }

    async fn run(&self, job: Job) -> Result<(), String> {
        let (method, url, body) = match &job {
            Job::Statements(statements) => (
                "POST",
                format!("{}statements", self.launch.endpoint),
                Value::Array(statements.clone()).to_string(),
            ),
            Job::State(suspend) => (
                "PUT",
                format!(
                    "{}activities/state?{}",
                    self.launch.endpoint,
                    self.launch.state_query(STATE_ID)
                ),
                serde_json::json!({ "suspend": suspend }).to_string(),
            ),
        };
        // keepalive: a request queued as the page goes away still completes.
        let (status, text) = request(
            method,
            &url,
            Some(&self.token),
            Some(("application/json", &body)),
            true,
        )
        .await?;
        if (200..300).contains(&status) {
            Ok(())
        } else {
            Err(format!(
                "{method} {url} answered {status}: {}",
                text.chars().take(300).collect::<String>()
            ))
        }
    }
}

/// 16 random bytes for an id (the platform's randomness, never the core's).
pub fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}
