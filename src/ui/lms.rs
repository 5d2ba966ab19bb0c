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

enum Kind {
    Scorm {
        api: ScormApi,
        reporter: RefCell<Reporter>,
    },
    Cmi5 {
        link: Cmi5Link,
        session: Box<RefCell<Cmi5Session>>,
        return_url: Option<String>,
    },
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
    kind: Kind,
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
            kind: Kind::Scorm {
                api,
                reporter: RefCell::new(reporter),
            },
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
            kind: Kind::Cmi5 {
                link: connected.link,
                session: Box::new(RefCell::new(session)),
                return_url,
            },
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
        let now = clock::now_ms();
        match &self.kind {
            Kind::Scorm { api, reporter } => {
                let calls = reporter.borrow_mut().observe(seen, now);
                api.run(&calls);
            }
            Kind::Cmi5 { link, session, .. } => {
                let out = session
                    .borrow_mut()
                    .observe(seen, now, &mut cmi5_link::random_bytes);
                link.send(out.statements);
                if let Some(state) = out.state {
                    link.save_state(state);
                }
            }
        }
    }

    /// The page was hidden: save what can be saved.
    pub fn checkpoint(&self) {
        if let Kind::Scorm { api, reporter } = &self.kind {
            let calls = reporter.borrow_mut().checkpoint(clock::now_ms());
            api.run(&calls);
        }
    }

    /// The page is going away (`pagehide`: closed, navigated, or reloaded). SCORM: the
    /// last commit and the one `Terminate`. cmi5: the session stays open so that a
    /// reload can carry on with the same token (a session closed without Finish is the
    /// LMS's to mark abandoned, cmi5 §9.3.7); the request under way completes on its
    /// own (`keepalive`), and the statements still queued are kept for that reload.
    pub fn leave(&self) {
        match &self.kind {
            Kind::Scorm { .. } => self.finish(),
            Kind::Cmi5 { link, .. } => link.keep_unsent(),
        }
    }

    /// Ends the session with the LMS (once; later calls do nothing).
    pub fn finish(&self) {
        let now = clock::now_ms();
        match &self.kind {
            Kind::Scorm { api, reporter } => {
                let calls = reporter.borrow_mut().finish(now);
                api.run(&calls);
            }
            Kind::Cmi5 { link, session, .. } => {
                if let Some(statement) = session
                    .borrow_mut()
                    .terminate(cmi5_link::random_bytes(), now)
                {
                    link.send(vec![statement]);
                    link.forget_token();
                }
            }
        }
    }

    /// cmi5: where the LMS wants the learner after the session, once everything is
    /// sent. Waits (at most about five seconds) for the queue to empty, then goes.
    pub fn leave_for_return_url(&self) {
        let Kind::Cmi5 {
            link, return_url, ..
        } = &self.kind
        else {
            return;
        };
        let Some(url) = return_url.clone() else {
            return;
        };
        let link = link.clone();
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
