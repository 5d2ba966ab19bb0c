//! Everything the first scenario's play needs from the core, behind one export, so that
//! the linker keeps exactly that (bench/floor.sh measures it).
extern crate self as mandate;

#[allow(dead_code)]
#[path = "../../../../src/core/mod.rs"]
pub mod core;

use std::rc::Rc;

use crate::core::debrief::Debrief;
use crate::core::i18n::{Locale, Messages};
use crate::core::progress::{self, SavedProgress};
use crate::core::session::{Action, Screen, Session};
use crate::core::{builtin, scoring};
use wasm_bindgen::prelude::*;

/// Plays the first scenario from `stored` (a stored progress document) through the choice
/// ids in `choices` (comma-separated) and returns the progress document written after it,
/// with the debrief's text and a few interface texts.
#[wasm_bindgen]
pub fn play(stored: &str, choices: &str, now: f64) -> String {
    let now = now as u64;
    let t = Messages::get(Locale::En);
    let Ok(entries) = builtin::load_all() else {
        return t.text("app.stopped-title").to_string();
    };
    let id = entries[0].scenario.id.to_string();
    let saved = progress::decode(stored).unwrap_or_else(|_| SavedProgress::empty());
    let mut session = Session::new(Rc::new(entries), saved);
    session = session.apply(Action::StartNewAttempt {
        scenario: id,
        strategy: None,
        now,
    });
    session = session.apply(Action::Begin { now });
    let mut out = String::new();
    for choice in choices.split(',') {
        if let Screen::Decision {
            entry, playthrough, ..
        } = session.screen()
        {
            let scenario = &session.catalogue()[entry].scenario;
            if let Some(a) = scoring::running_alignment(scenario, &playthrough) {
                out.push_str(&t.format("decision.alignment", &[("percent", a.to_string())]));
            }
        }
        session = session.apply(Action::Choose {
            choice: choice.to_string(),
            confidence: None,
            now,
        });
        session = session.apply(Action::Continue { now });
    }
    if let Screen::Ending {
        entry, playthrough, ..
    } = session.screen()
    {
        let e = &session.catalogue()[entry];
        let debrief = Debrief::of(&e.scenario, &e.analysis, &playthrough, &[]);
        out.push_str(&debrief.to_text(&e.scenario));
        if let Some(c) = debrief.describe_calibration(t) {
            out.push_str(&c);
        }
    }
    out.push_str(t.text("home.title"));
    out.push_str(&progress::encode(session.saved()));
    out
}
