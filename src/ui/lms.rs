//! The LMS connection as the UI holds it: found at launch (a SCORM API in a parent
//! frame or the opener, or a cmi5 launch in the address), fed the session after
//! every change, told when the page hides or goes, and finished by the learner.
//! The core decides every value ([`crate::core::lms`]); the platform carries them.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::core::engine::Playthrough;
use crate::core::i18n::{Locale, Messages};
use crate::core::lms::Standard;
use crate::core::lms::Suspended;
use crate::core::lms::cmi5::{Cmi5Launch, Cmi5Session, LaunchMode};
use crate::core::lms::scorm::{Entry as ScormEntry, Reporter};
use crate::core::lms::tracker::Observed;
use crate::core::session::{Entry, Session};
use crate::platform::cmi5::{self as cmi5_link, Cmi5Link, Connected};
use crate::platform::scorm::ScormApi;
use crate::platform::{clock, navigation, persistence};
use crate::tr;

use super::i18n::use_messages;

/// How this binary reaches an LMS. Only the `mandate-lms` binary has it
/// ([`SUPPORT`], given to [`super::App`] by `src/bin/mandate-lms.rs`): index.html's loader
/// chooses that binary when the page is launched by an LMS (a SCORM API around the page,
/// or a cmi5 launch in the address). The learner's `mandate` has none, so everything
/// below (the SCORM and cmi5 run-times, the xAPI statements, the tracker) is not in
/// its download.
#[derive(Clone, Copy)]
pub struct Support {
    /// Initialises the SCORM API found around the page for the launched scenario.
    /// `None` when `Initialize` fails.
    pub scorm: fn(ScormApi, &Entry, &'static Messages) -> Option<Lms>,
    /// Follows a cmi5 launch for the launched scenario, then tells `done`: the
    /// connection, or why it could not be made (a sentence).
    pub cmi5: fn(Cmi5Launch, Entry, &'static Messages, Callback<Result<Lms, String>>),
}

impl PartialEq for Support {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::fn_addr_eq(self.scorm, other.scorm) && std::ptr::fn_addr_eq(self.cmi5, other.cmi5)
    }
}

/// The LMS support of the `mandate-lms` binary.
pub const SUPPORT: Support = Support {
    scorm: Lms::scorm,
    cmi5: connect_cmi5,
};

fn connect_cmi5(
    launch: Cmi5Launch,
    entry: Entry,
    t: &'static Messages,
    done: Callback<Result<Lms, String>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match cmi5_link::connect(launch.clone()).await {
            Ok(connected) => done.emit(Ok(Lms::cmi5(launch, connected, &entry, t))),
            Err(e) => done.emit(Err(e.message(t))),
        }
    });
}

/// What a connection does with the standard it speaks.
trait Link {
    fn observe(&self, seen: Observed<'_>, now: u64);
    fn checkpoint(&self, now: u64);
    fn leave(&self);
    fn finish(&self, now: u64);
    fn leave_for_return_url(&self);
}

struct Scorm {
    api: ScormApi,
    reporter: RefCell<Reporter>,
}

struct Cmi5 {
    link: Cmi5Link,
    session: RefCell<Cmi5Session>,
    return_url: Option<String>,
}

/// A live LMS connection for one launched scenario.
pub struct Lms {
    /// The scenario the LMS tracks.
    pub case: String,
    /// "SCORM 1.2", "SCORM 2004" or "cmi5", for the learner.
    pub system: &'static str,
    /// Where this learner's local copy of progress lives.
    pub storage_key: String,
    /// The LMS's saved state to resume from.
    pub resume: Option<Suspended>,
    /// A new attempt starts, whatever this device holds.
    pub fresh: bool,
    /// Whether anything is recorded (not browse/review, not no-credit).
    pub records: bool,
    /// Messages for the learner.
    pub notices: Vec<String>,
    /// The learner's language preference in the LMS, if Mandate has that language.
    pub language: Option<Locale>,
    link: Box<dyn Link>,
}

impl PartialEq for Lms {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Lms {
    /// Initializes the SCORM API found around the page for `entry`. `None` when
    /// `Initialize` fails (logged; the learner plays standalone). Its notices are
    /// worded in `t`'s language.
    pub fn scorm(api: ScormApi, entry: &Entry, t: &Messages) -> Option<Lms> {
        let launch = api.initialize().ok()?;
        let now = clock::now_ms();
        let (reporter, calls) = Reporter::start(&launch, entry.scenario.pass_threshold, now);
        api.run(&calls);
        let system = match api.standard() {
            Standard::Scorm12 => "SCORM 1.2",
            Standard::Scorm2004 => "SCORM 2004",
        };
        let mut notices = Vec::new();
        if launch.suspended.is_none() && launch.problems.iter().any(|p| p.contains("saved state")) {
            notices.push(tr!(t, "lms.saved-state-unreadable").to_string());
        }
        if !launch.records() {
            notices.push(tr!(t, "lms.review-notice", system = system));
        }
        Some(Lms {
            case: entry.scenario.id.to_string(),
            system,
            storage_key: persistence::lms_key(system, &launch.learner_id),
            resume: launch.resume_state().cloned(),
            fresh: launch.entry == ScormEntry::AbInitio,
            records: launch.records(),
            notices,
            language: launch.language,
            link: Box::new(Scorm {
                api,
                reporter: RefCell::new(reporter),
            }),
        })
    }

    /// A connected cmi5 launch for `entry`; sends `initialized`. Its notices are worded
    /// in `t`'s language.
    pub fn cmi5(launch: Cmi5Launch, connected: Connected, entry: &Entry, t: &Messages) -> Lms {
        let now = clock::now_ms();
        let scenario = &entry.scenario;
        let (reported, ended) = match &connected.suspended {
            Some(s) => {
                let strategy = s
                    .strategy
                    .as_deref()
                    .and_then(|id| scenario.strategy_by_id(id))
                    .unwrap_or_default();
                let ended = Playthrough::replay(scenario, strategy, &s.choices)
                    .is_ok_and(|p| p.is_ended(scenario));
                (s.choices.len(), ended)
            }
            None => (0, false),
        };
        let return_url = connected.data.return_url.clone();
        let language = connected.language;
        let records = connected.data.launch_mode == LaunchMode::Normal;
        let session = Cmi5Session::new(
            launch.clone(),
            connected.data,
            scenario.id.as_str(),
            scenario.pass_threshold,
            reported,
            ended,
            now,
        );
        // A reload of the same tab continues the session that `initialized` began.
        if !connected.reloaded {
            connected
                .link
                .send(vec![session.initialized(cmi5_link::random_bytes(), now)]);
        }
        let mut notices = Vec::new();
        if !records {
            notices.push(tr!(t, "lms.review-notice", system = "cmi5"));
        }
        Lms {
            case: scenario.id.to_string(),
            system: "cmi5",
            // One cache per registration: a new registration is a new attempt.
            storage_key: persistence::lms_key("cmi5", &launch.registration),
            resume: connected.suspended,
            fresh: false,
            records,
            notices,
            language,
            link: Box::new(Cmi5 {
                link: connected.link,
                session: RefCell::new(session),
                return_url,
            }),
        }
    }

    /// Reports what changed in `session`.
    pub fn observe(&self, session: &Session) {
        let Some(index) = session
            .catalogue()
            .iter()
            .position(|e| e.scenario.id.as_str() == self.case)
        else {
            return;
        };
        let entry = &session.catalogue()[index];
        let attempt = session.playthrough(index);
        let seen = Observed {
            scenario: &entry.scenario,
            analysis: &entry.analysis,
            attempt: attempt.as_ref().map(|(p, a)| (*a, p)),
        };
        self.link.observe(seen, clock::now_ms());
    }

    /// The page was hidden: save what can be saved.
    pub fn checkpoint(&self) {
        self.link.checkpoint(clock::now_ms());
    }

    /// The page is going away (`pagehide`: closed, navigated, or reloaded). SCORM: the
    /// last commit and the one `Terminate`. cmi5: the session stays open so that a
    /// reload can carry on with the same token (a session closed without Finish is the
    /// LMS's to mark abandoned, cmi5 §9.3.7); the request under way completes on its
    /// own (`keepalive`), and the statements still queued are kept for that reload.
    pub fn leave(&self) {
        self.link.leave();
    }

    /// Ends the session with the LMS (once; later calls do nothing).
    pub fn finish(&self) {
        self.link.finish(clock::now_ms());
    }

    /// cmi5: where the LMS wants the learner after the session, once everything is
    /// sent. Waits (at most about five seconds) for the queue to empty, then goes.
    pub fn leave_for_return_url(&self) {
        self.link.leave_for_return_url();
    }
}

impl Link for Scorm {
    fn observe(&self, seen: Observed<'_>, now: u64) {
        let calls = self.reporter.borrow_mut().observe(seen, now);
        self.api.run(&calls);
    }

    fn checkpoint(&self, now: u64) {
        let calls = self.reporter.borrow_mut().checkpoint(now);
        self.api.run(&calls);
    }

    fn leave(&self) {
        self.finish(clock::now_ms());
    }

    fn finish(&self, now: u64) {
        let calls = self.reporter.borrow_mut().finish(now);
        self.api.run(&calls);
    }

    fn leave_for_return_url(&self) {}
}

impl Link for Cmi5 {
    fn observe(&self, seen: Observed<'_>, now: u64) {
        let out = self
            .session
            .borrow_mut()
            .observe(seen, now, &mut cmi5_link::random_bytes);
        self.link.send(out.statements);
        if let Some(state) = out.state {
            self.link.save_state(state);
        }
    }

    fn checkpoint(&self, _now: u64) {}

    fn leave(&self) {
        self.link.keep_unsent();
    }

    fn finish(&self, now: u64) {
        if let Some(statement) = self
            .session
            .borrow_mut()
            .terminate(cmi5_link::random_bytes(), now)
        {
            self.link.send(vec![statement]);
            self.link.forget_token();
        }
    }

    fn leave_for_return_url(&self) {
        let Some(url) = self.return_url.clone() else {
            return;
        };
        let link = self.link.clone();
        wasm_bindgen_futures::spawn_local(async move {
            for _ in 0..50 {
                if link.is_idle() {
                    break;
                }
                clock::sleep(100).await;
            }
            navigation::go_to(&url);
        });
    }
}

#[derive(Properties, PartialEq)]
pub struct LmsStatusProps {
    pub lms: Rc<Lms>,
    /// The attempt has reached an ending.
    pub ended: bool,
    pub on_finish: Callback<()>,
}

/// The LMS's part of the bar: where results go, and the way out.
#[function_component]
pub fn LmsStatus(props: &LmsStatusProps) -> Html {
    let t = use_messages();
    let lms = &props.lms;
    let label = if props.ended {
        tr!(t, "lms.finish")
    } else {
        tr!(t, "lms.exit")
    };
    html! {
        <>
            if lms.records {
                <span class="pill pill--ok">{ tr!(t, "lms.recording", system = lms.system) }</span>
            } else {
                <span class="pill">{ tr!(t, "lms.reviewing", system = lms.system) }</span>
            }
            <button class="button button--primary button--small lms-finish" onclick={props.on_finish.reform(|_| ())}>
                { label }
            </button>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct FinishedProps {
    pub lms: Rc<Lms>,
}

/// After the learner finished: the session with the LMS is closed.
#[function_component]
pub fn Finished(props: &FinishedProps) -> Html {
    let t = use_messages();
    let lms = &props.lms;
    html! {
        <main id="main" class="page page--embedded finished" tabindex="-1">
            <section class="card finished__card">
                <h1>{ tr!(t, "lms.close-window") }</h1>
                if lms.records {
                    <p>{ tr!(t, "lms.saved", system = lms.system) }</p>
                } else {
                    <p>{ tr!(t, "lms.review-done") }</p>
                }
                <p class="muted">{ tr!(t, "lms.carry-on-later") }</p>
            </section>
        </main>
    }
}
