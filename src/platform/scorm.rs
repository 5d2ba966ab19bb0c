//! The SCORM run-time API of the LMS around the page: found by walking the parent
//! frames and then the opener's, called through `js_sys::Reflect` so that every
//! property read and call is a `Result` (a cross-origin frame throws
//! `SecurityError`; an LMS API can throw too). Failures are logged to the console
//! with the LMS's own error code and text, and never stop the learner.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::lms::Standard;
use crate::core::lms::scorm::{Call, Launch};

/// The most windows the discovery walk visits, as in ADL's 2004 sample.
const MAX_HOPS: usize = 500;

/// A connection to an LMS's SCORM API object.
pub struct ScormApi {
    standard: Standard,
    api: JsValue,
    /// Every failed call, worded, oldest first (also sent to the console).
    log: RefCell<Vec<String>>,
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// The API object on `window`, 2004 first: (`API_1484_11`, then `API`).
fn api_on(window: &JsValue) -> Option<(Standard, JsValue)> {
    // `typeof`, not `instanceof`: the API comes from another frame's realm, whose
    // `Function` is not this one's.
    let usable = |api: &JsValue, method: &str| get(api, method).is_some_and(|m| m.is_function());
    if let Some(api) = get(window, "API_1484_11")
        && usable(&api, "Initialize")
    {
        return Some((Standard::Scorm2004, api));
    }
    if let Some(api) = get(window, "API")
        && usable(&api, "LMSInitialize")
    {
        return Some((Standard::Scorm12, api));
    }
    None
}

/// Walks from `start` up through its parents to the top, at most `hops` windows.
fn walk(start: JsValue, hops: &mut usize) -> Option<(Standard, JsValue)> {
    let mut window = start;
    while *hops < MAX_HOPS {
        *hops += 1;
        if let Some(found) = api_on(&window) {
            return Some(found);
        }
        let parent = get(&window, "parent")?;
        // The top window is its own parent.
        if js_sys::Object::is(&parent, &window) {
            return None;
        }
        window = parent;
    }
    None
}

/// Finds the LMS's API: this window and its parents, then the opener and its
/// parents. `None` (standalone) when there is none or it cannot be reached.
pub fn discover() -> Option<ScormApi> {
    let window: JsValue = web_sys::window()?.into();
    let mut hops = 0;
    let found = walk(window.clone(), &mut hops).or_else(|| {
        let opener = get(&window, "opener")?;
        walk(opener, &mut hops)
    })?;
    Some(ScormApi {
        standard: found.0,
        api: found.1,
        log: RefCell::new(Vec::new()),
    })
}

impl ScormApi {
    pub fn standard(&self) -> Standard {
        self.standard
    }

    /// The name of a method in this standard (1.2 names, 2004 names).
    fn method(&self, names: (&'static str, &'static str)) -> &'static str {
        match self.standard {
            Standard::Scorm12 => names.0,
            Standard::Scorm2004 => names.1,
        }
    }

    /// Calls `name` with string arguments; the LMS's answer as a string.
    fn invoke(&self, name: &str, args: &[&str]) -> Result<String, String> {
        let function: Function = get(&self.api, name)
            .filter(JsValue::is_function)
            .map(JsCast::unchecked_into)
            .ok_or_else(|| format!("the LMS's API has no {name}"))?;
        let args: Vec<JsValue> = args.iter().map(|a| JsValue::from_str(a)).collect();
        let result = match args.as_slice() {
            [] => function.call0(&self.api),
            [a] => function.call1(&self.api, a),
            [a, b] => function.call2(&self.api, a, b),
            _ => return Err("too many arguments".into()),
        }
        .map_err(|e| format!("{name} threw {}", describe(&e)))?;
        Ok(match result.as_bool() {
            Some(b) => b.to_string(),
            None => result.as_string().unwrap_or_default(),
        })
    }

    /// The LMS's last error: (code, text, diagnostic).
    fn last_error(&self) -> (String, String, String) {
        let code = self
            .invoke(self.method(("LMSGetLastError", "GetLastError")), &[])
            .unwrap_or_default();
        let text = self
            .invoke(
                self.method(("LMSGetErrorString", "GetErrorString")),
                &[code.as_str()],
            )
            .unwrap_or_default();
        let diagnostic = self
            .invoke(
                self.method(("LMSGetDiagnostic", "GetDiagnostic")),
                &[code.as_str()],
            )
            .unwrap_or_default();
        (code, text, diagnostic)
    }

    fn record(&self, what: String) {
        web_sys::console::warn_1(&JsValue::from_str(&format!("Mandate · LMS: {what}")));
        self.log.borrow_mut().push(what);
    }

    /// A call that answers "true" or "false"; a "false" is logged with the LMS's error.
    fn checked(&self, name: &str, args: &[&str]) -> bool {
        match self.invoke(name, args) {
            Ok(answer) if answer == "true" => true,
            Ok(answer) => {
                let (code, text, diagnostic) = self.last_error();
                self.record(format!(
                    "{name}({}) answered “{answer}”: error {code} {text} {diagnostic}",
                    args.join(", ")
                ));
                false
            }
            Err(e) => {
                self.record(e);
                false
            }
        }
    }

    /// `Initialize("")`; then the launch as the LMS describes it.
    pub fn initialize(&self) -> Result<Launch, String> {
        if !self.checked(self.method(("LMSInitialize", "Initialize")), &[""]) {
            return Err(self
                .log
                .borrow()
                .last()
                .cloned()
                .unwrap_or_else(|| "Initialize failed".into()));
        }
        let getter = self.method(("LMSGetValue", "GetValue"));
        let launch = Launch::read(self.standard, |element| {
            match self.invoke(getter, &[element]) {
                Ok(value) => {
                    if value.is_empty() {
                        let (code, text, _) = self.last_error();
                        // 403 "not initialized" for a 2004 element never set is just empty.
                        if !matches!(code.as_str(), "0" | "" | "403") {
                            self.record(format!("{getter}({element}): error {code} {text}"));
                        }
                    }
                    Some(value)
                }
                Err(e) => {
                    self.record(e);
                    None
                }
            }
        });
        for problem in &launch.problems {
            self.record(problem.clone());
        }
        Ok(launch)
    }

    /// Makes `calls` in order. A failed call is logged and the rest still made.
    pub fn run(&self, calls: &[Call]) {
        for call in calls {
            match call {
                Call::Set(element, value) => {
                    self.checked(
                        self.method(("LMSSetValue", "SetValue")),
                        &[element.as_str(), value.as_str()],
                    );
                }
                Call::Commit => {
                    self.checked(self.method(("LMSCommit", "Commit")), &[""]);
                }
                Call::Terminate => {
                    self.checked(self.method(("LMSFinish", "Terminate")), &[""]);
                }
            }
        }
    }

    /// The failures seen so far.
    pub fn failures(&self) -> Vec<String> {
        self.log.borrow().clone()
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
