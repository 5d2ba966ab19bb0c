//! cmi5: the launch parameters, the LMS's `LMS.LaunchData` document, and the
//! statements an assignable unit sends, in the order the specification requires:
//! `initialized`, one `answered` per decision, `completed` and exactly one of
//! `passed`/`failed`, `terminated` last. In Browse and Review launches only
//! `initialized` and `terminated`.
//!
//! Ids and timestamps come in as arguments (random bytes and the clock belong to the
//! platform); statements are `serde_json::Value`s ready to POST.

use serde_json::{Map, Value, json};

use super::tracker::{Event, Observed, Tracker};
use super::{Interaction, InteractionResult, duration_2004};
use crate::core::i18n::Messages;
use crate::tr;

pub const CATEGORY_CMI5: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
pub const CATEGORY_MOVEON: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
pub const EXT_MASTERY: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
pub const VERB_ANSWERED: &str = "http://adlnet.gov/expapi/verbs/answered";
pub const INTERACTION_TYPE: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";
/// The State API document Mandate keeps its resume state in.
pub const STATE_ID: &str = "mandate.suspend";
/// The LMS's launch document (cmi5 §10).
pub const LAUNCH_DATA: &str = "LMS.LaunchData";
pub const LEARNER_PREFERENCES: &str = "cmi5LearnerPreferences";

/// Why a cmi5 launch could not be followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cmi5Error {
    /// Some launch parameters are present but not all five.
    Missing(Vec<&'static str>),
    /// A parameter is there but unusable.
    Invalid {
        param: &'static str,
        why: InvalidParam,
    },
    /// The fetch URL did not give a token.
    Fetch(FetchProblem),
    /// `LMS.LaunchData` is missing or malformed.
    LaunchData(LaunchDataProblem),
}

impl Cmi5Error {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            Cmi5Error::Missing(names) => {
                tr!(t, "errors.cmi5-missing", names = names.join(", "))
            }
            Cmi5Error::Invalid { param, why } => tr!(
                t,
                "errors.cmi5-invalid",
                param = param,
                why = why.message(t)
            ),
            Cmi5Error::Fetch(why) => tr!(t, "errors.cmi5-fetch", why = why.message(t)),
            Cmi5Error::LaunchData(why) => {
                tr!(t, "errors.cmi5-launch-data", why = why.message(t))
            }
        }
    }
}

crate::display_in_english!(Cmi5Error);

/// What is wrong with a launch parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvalidParam {
    Repeated,
    NotHttp,
    NotJsonObject,
    NotAgent,
    /// Not exactly one of `account`, `mbox`, `mbox_sha1sum`, `openid`.
    Identifiers,
    /// An `account` without `homePage` and `name`.
    Account,
    NotUuid,
    NotIri,
}

impl InvalidParam {
    /// "is not a UUID", in the interface language.
    pub fn message(self, t: &Messages) -> &str {
        match self {
            InvalidParam::Repeated => tr!(t, "errors.cmi5-repeated"),
            InvalidParam::NotHttp => tr!(t, "errors.cmi5-not-http"),
            InvalidParam::NotJsonObject => tr!(t, "errors.cmi5-not-json-object"),
            InvalidParam::NotAgent => tr!(t, "errors.cmi5-not-agent"),
            InvalidParam::Identifiers => tr!(t, "errors.cmi5-identifiers"),
            InvalidParam::Account => tr!(t, "errors.cmi5-account"),
            InvalidParam::NotUuid => tr!(t, "errors.cmi5-not-uuid"),
            InvalidParam::NotIri => tr!(t, "errors.cmi5-not-iri"),
        }
    }
}

/// Why the fetch URL gave no token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchProblem {
    /// The request did not complete (the browser's words).
    Network(String),
    /// An HTTP status other than 2xx.
    Status(u16),
    NotJson,
    /// The LMS's `error-code` and, when given, its `error-text`.
    Refused {
        code: String,
        text: Option<String>,
    },
    NoToken,
}

impl FetchProblem {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            FetchProblem::Network(why) => why.clone(),
            FetchProblem::Status(status) => tr!(t, "errors.cmi5-fetch-status", status = status),
            FetchProblem::NotJson => tr!(t, "errors.cmi5-fetch-not-json").to_string(),
            FetchProblem::Refused {
                code,
                text: Some(text),
            } => tr!(
                t,
                "errors.cmi5-fetch-refused-text",
                code = code,
                text = text
            ),
            FetchProblem::Refused { code, text: None } => {
                tr!(t, "errors.cmi5-fetch-refused", code = code)
            }
            FetchProblem::NoToken => tr!(t, "errors.cmi5-fetch-no-token").to_string(),
        }
    }
}

/// Why `LMS.LaunchData` cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaunchDataProblem {
    /// The request did not complete (the browser's words).
    Network(String),
    /// An HTTP status other than 200.
    Status(u16),
    NotJson,
    NotObject,
    NoContextTemplate,
    /// A `launchMode` other than `Normal`, `Browse` and `Review`.
    LaunchMode(String),
    NoLaunchMode,
    MasteryScore,
    ReturnUrl,
}

impl LaunchDataProblem {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            LaunchDataProblem::Network(why) => why.clone(),
            LaunchDataProblem::Status(status) => {
                tr!(t, "errors.cmi5-data-status", status = status)
            }
            LaunchDataProblem::NotJson => tr!(t, "errors.cmi5-data-not-json").to_string(),
            LaunchDataProblem::NotObject => tr!(t, "errors.cmi5-data-not-object").to_string(),
            LaunchDataProblem::NoContextTemplate => {
                tr!(t, "errors.cmi5-data-no-context").to_string()
            }
            LaunchDataProblem::LaunchMode(mode) => {
                tr!(t, "errors.cmi5-data-launch-mode", mode = mode)
            }
            LaunchDataProblem::NoLaunchMode => {
                tr!(t, "errors.cmi5-data-no-launch-mode").to_string()
            }
            LaunchDataProblem::MasteryScore => tr!(t, "errors.cmi5-data-mastery").to_string(),
            LaunchDataProblem::ReturnUrl => tr!(t, "errors.cmi5-data-return-url").to_string(),
        }
    }
}

impl std::error::Error for Cmi5Error {}

/// The five launch parameters, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Cmi5Launch {
    /// The xAPI endpoint, with a trailing `/`.
    pub endpoint: String,
    pub fetch: String,
    /// The learner's Agent, as the LMS gave it.
    pub actor: Value,
    pub registration: String,
    pub activity_id: String,
}

const PARAMS: [&str; 5] = ["endpoint", "fetch", "actor", "registration", "activityId"];

impl Cmi5Launch {
    /// Reads the launch from the page's query parameters (already percent-decoded).
    /// `Ok(None)`: none of the five is there, so this is not a cmi5 launch.
    pub fn from_query(pairs: &[(String, String)]) -> Result<Option<Cmi5Launch>, Cmi5Error> {
        let get = |name: &str| {
            let mut values = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
            match (values.next(), values.next()) {
                (Some(v), None) => Ok(Some(v.as_str())),
                (None, _) => Ok(None),
                (Some(_), Some(_)) => Err(Cmi5Error::Invalid {
                    param: PARAMS.iter().find(|p| **p == name).copied().unwrap_or("?"),
                    why: InvalidParam::Repeated,
                }),
            }
        };
        let mut found = Vec::new();
        for name in PARAMS {
            found.push(get(name)?);
        }
        if found.iter().all(Option::is_none) {
            return Ok(None);
        }
        let missing: Vec<&'static str> = PARAMS
            .iter()
            .zip(&found)
            .filter(|(_, v)| v.is_none())
            .map(|(p, _)| *p)
            .collect();
        if !missing.is_empty() {
            return Err(Cmi5Error::Missing(missing));
        }
        let [endpoint, fetch, actor, registration, activity_id] =
            [0, 1, 2, 3, 4].map(|i| found[i].unwrap_or_default());
        let invalid = |param, why| Cmi5Error::Invalid { param, why };
        if !is_http_url(endpoint) {
            return Err(invalid("endpoint", InvalidParam::NotHttp));
        }
        if !is_http_url(fetch) {
            return Err(invalid("fetch", InvalidParam::NotHttp));
        }
        let actor: Value = serde_json::from_str(actor)
            .map_err(|_| invalid("actor", InvalidParam::NotJsonObject))?;
        check_agent(&actor).map_err(|why| invalid("actor", why))?;
        if !is_uuid(registration) {
            return Err(invalid("registration", InvalidParam::NotUuid));
        }
        if !is_iri(activity_id) {
            return Err(invalid("activityId", InvalidParam::NotIri));
        }
        let mut endpoint = endpoint.to_string();
        if !endpoint.ends_with('/') {
            endpoint.push('/');
        }
        Ok(Some(Cmi5Launch {
            endpoint,
            fetch: fetch.to_string(),
            actor,
            registration: registration.to_ascii_lowercase(),
            activity_id: activity_id.to_string(),
        }))
    }

    /// The query string (without `?`) identifying this AU's state documents:
    /// `stateId`, `activityId`, `agent`, `registration`.
    pub fn state_query(&self, state_id: &str) -> String {
        format!(
            "stateId={}&activityId={}&agent={}&registration={}",
            percent_encode(state_id),
            percent_encode(&self.activity_id),
            percent_encode(&self.actor.to_string()),
            percent_encode(&self.registration)
        )
    }

    /// The query string for the learner's preferences (an Agent Profile).
    pub fn preferences_query(&self) -> String {
        format!(
            "profileId={}&agent={}",
            LEARNER_PREFERENCES,
            percent_encode(&self.actor.to_string())
        )
    }
}

fn is_http_url(s: &str) -> bool {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| {
        !r.is_empty() && !r.starts_with('/') && r.bytes().all(|b| b.is_ascii_graphic())
    })
}

/// An absolute IRI: a scheme, a colon, no spaces.
fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    !scheme.is_empty()
        && scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        && !rest.is_empty()
        && s.len() <= 2048
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// An xAPI Agent with exactly one usable identifier (cmi5 launches use an account).
fn check_agent(actor: &Value) -> Result<(), InvalidParam> {
    let Some(obj) = actor.as_object() else {
        return Err(InvalidParam::NotJsonObject);
    };
    if obj.get("objectType").is_some_and(|t| t != "Agent") {
        return Err(InvalidParam::NotAgent);
    }
    let ids = ["mbox", "mbox_sha1sum", "openid", "account"]
        .iter()
        .filter(|k| obj.contains_key(**k))
        .count();
    if ids != 1 {
        return Err(InvalidParam::Identifiers);
    }
    if let Some(account) = obj.get("account") {
        let ok = account.get("homePage").and_then(Value::as_str).is_some()
            && account.get("name").and_then(Value::as_str).is_some();
        if !ok {
            return Err(InvalidParam::Account);
        }
    }
    Ok(())
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The fetch URL's answer: the token, or the LMS's error (cmi5 §8.2).
pub fn token_from_fetch(body: &str) -> Result<String, Cmi5Error> {
    let value: Value =
        serde_json::from_str(body).map_err(|_| Cmi5Error::Fetch(FetchProblem::NotJson))?;
    if let Some(token) = value.get("auth-token").and_then(Value::as_str)
        && !token.is_empty()
    {
        return Ok(token.to_string());
    }
    let code = value
        .get("error-code")
        .map(|c| c.to_string().trim_matches('"').to_string());
    let text = value.get("error-text").and_then(Value::as_str);
    Err(Cmi5Error::Fetch(match code {
        Some(code) => FetchProblem::Refused {
            code,
            text: text.map(str::to_string),
        },
        None => FetchProblem::NoToken,
    }))
}

/// cmi5 launch modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaunchMode {
    Normal,
    Browse,
    Review,
}

/// `LMS.LaunchData`, checked.
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchData {
    pub context_template: Map<String, Value>,
    pub launch_mode: LaunchMode,
    /// 0..=1.
    pub mastery_score: Option<f64>,
    pub move_on: String,
    /// Where to send the learner after `terminated`; only http(s) or a relative path.
    pub return_url: Option<String>,
}

impl LaunchData {
    pub fn parse(body: &str) -> Result<LaunchData, Cmi5Error> {
        let bad = Cmi5Error::LaunchData;
        let value: Value =
            serde_json::from_str(body).map_err(|_| bad(LaunchDataProblem::NotJson))?;
        let Some(obj) = value.as_object() else {
            return Err(bad(LaunchDataProblem::NotObject));
        };
        let context_template = obj
            .get("contextTemplate")
            .and_then(Value::as_object)
            .cloned()
            .ok_or_else(|| bad(LaunchDataProblem::NoContextTemplate))?;
        let launch_mode = match obj.get("launchMode").and_then(Value::as_str) {
            Some("Normal") => LaunchMode::Normal,
            Some("Browse") => LaunchMode::Browse,
            Some("Review") => LaunchMode::Review,
            Some(other) => return Err(bad(LaunchDataProblem::LaunchMode(other.to_string()))),
            None => return Err(bad(LaunchDataProblem::NoLaunchMode)),
        };
        let mastery_score = match obj.get("masteryScore") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_f64() {
                Some(m) if (0.0..=1.0).contains(&m) => Some(m),
                _ => return Err(bad(LaunchDataProblem::MasteryScore)),
            },
        };
        let move_on = obj
            .get("moveOn")
            .and_then(Value::as_str)
            .unwrap_or("NotApplicable")
            .to_string();
        let return_url = match obj.get("returnURL").and_then(Value::as_str) {
            None | Some("") => None,
            Some(url) if is_http_url(url) || is_relative_url(url) => Some(url.to_string()),
            Some(_) => return Err(bad(LaunchDataProblem::ReturnUrl)),
        };
        Ok(LaunchData {
            context_template,
            launch_mode,
            mastery_score,
            move_on,
            return_url,
        })
    }
}

/// A path-relative or root-relative URL: no scheme, no `//host`.
fn is_relative_url(url: &str) -> bool {
    !url.starts_with("//")
        && !url.contains(':')
        && url.bytes().all(|b| b.is_ascii_graphic())
        && !url.contains('\\')
}

/// An xAPI timestamp, `2026-11-27T08:00:00.123Z`.
pub fn timestamp(ms_since_epoch: u64) -> String {
    format!(
        "{}.{:03}Z",
        super::timestamp_2004(ms_since_epoch),
        ms_since_epoch % 1000
    )
}

/// A version 4 UUID from 16 random bytes.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// What a cmi5 session sends: statements, and the resume state to store.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Output {
    pub statements: Vec<Value>,
    /// The new resume state (the suspend encoding) for the [`STATE_ID`] document.
    pub state: Option<String>,
}

/// Builds one session's statements.
#[derive(Clone, Debug)]
pub struct Cmi5Session {
    launch: Cmi5Launch,
    data: LaunchData,
    scenario_id: String,
    /// Pass mark, 0..=1: LaunchData's masteryScore, else the scenario's threshold.
    mastery: f64,
    started_ms: u64,
    tracker: Tracker,
    /// `completed` and `passed`/`failed` were sent in this registration (they are
    /// sent once per registration, cmi5 §9.3).
    verdict_sent: bool,
    terminated: bool,
}

impl Cmi5Session {
    /// A session for `scenario_id`; `reported` decisions of the attempt were restored
    /// from the state document, and `verdict_sent` when that attempt had ended (its
    /// `passed`/`failed` went out in an earlier session).
    pub fn new(
        launch: Cmi5Launch,
        data: LaunchData,
        scenario_id: &str,
        pass_threshold: u8,
        reported: usize,
        verdict_sent: bool,
        now: u64,
    ) -> Cmi5Session {
        let mastery = data
            .mastery_score
            .unwrap_or(f64::from(pass_threshold.min(100)) / 100.0);
        Cmi5Session {
            launch,
            data,
            scenario_id: scenario_id.to_string(),
            mastery,
            started_ms: now,
            tracker: Tracker::new(reported, verdict_sent),
            verdict_sent,
            terminated: false,
        }
    }

    pub fn launch(&self) -> &Cmi5Launch {
        &self.launch
    }

    pub fn launch_data(&self) -> &LaunchData {
        &self.data
    }

    /// Whether this launch records the learner's work (Normal mode).
    pub fn records(&self) -> bool {
        self.data.launch_mode == LaunchMode::Normal
    }

    pub fn is_open(&self) -> bool {
        !self.terminated
    }

    fn context(&self, cmi5: bool, moveon: bool, parent: bool) -> Value {
        let mut context = self.data.context_template.clone();
        context.insert(
            "registration".into(),
            Value::String(self.launch.registration.clone()),
        );
        let activities = context
            .entry("contextActivities")
            .or_insert_with(|| json!({}));
        if !activities.is_object() {
            *activities = json!({});
        }
        let activities = activities.as_object_mut().expect("made an object above");
        let mut categories: Vec<Value> = Vec::new();
        if cmi5 {
            categories.push(json!({ "id": CATEGORY_CMI5 }));
        }
        if moveon {
            categories.push(json!({ "id": CATEGORY_MOVEON }));
        }
        if categories.is_empty() {
            activities.remove("category");
        } else {
            activities.insert("category".into(), Value::Array(categories));
        }
        if parent {
            activities.insert(
                "parent".into(),
                json!([{ "id": self.launch.activity_id, "objectType": "Activity" }]),
            );
        }
        Value::Object(context)
    }

    fn statement(
        &self,
        id: String,
        now: u64,
        verb: &str,
        object: Value,
        result: Option<Value>,
        context: Value,
    ) -> Value {
        let mut s = json!({
            "id": id,
            "timestamp": timestamp(now),
            "actor": self.launch.actor,
            "verb": { "id": format!("http://adlnet.gov/expapi/verbs/{verb}"), "display": { "en-US": verb } },
            "object": object,
            "context": context,
        });
        if let Some(result) = result {
            s["result"] = result;
        }
        s
    }

    fn au(&self) -> Value {
        json!({ "id": self.launch.activity_id, "objectType": "Activity" })
    }

    fn duration(&self, now: u64) -> String {
        duration_2004(now.saturating_sub(self.started_ms))
    }

    /// `initialized`: the first statement of the session.
    pub fn initialized(&self, id: [u8; 16], now: u64) -> Value {
        self.statement(
            uuid_v4(id),
            now,
            "initialized",
            self.au(),
            None,
            self.context(true, false, false),
        )
    }

    /// What changed in the session: `answered` per decision, and at the first ending
    /// of the registration `completed` and `passed` or `failed`.
    pub fn observe(
        &mut self,
        seen: Observed<'_>,
        now: u64,
        ids: &mut dyn FnMut() -> [u8; 16],
    ) -> Output {
        let mut out = Output::default();
        if self.terminated || !self.records() {
            return out;
        }
        for event in self.tracker.observe(seen, now) {
            match event {
                Event::Answered {
                    interaction,
                    latency_ms,
                    ..
                } => {
                    // After the verdict, replays are the learner's practice: the
                    // record is complete (and cmi5 wants nothing after it but
                    // `terminated`).
                    if self.verdict_sent {
                        continue;
                    }
                    out.statements.push(self.answered(
                        &interaction,
                        latency_ms,
                        uuid_v4(ids()),
                        now,
                    ));
                }
                Event::Moved { suspend, .. } => out.state = Some(suspend),
                Event::Finished { score } => {
                    if self.verdict_sent {
                        continue;
                    }
                    self.verdict_sent = true;
                    let duration = self.duration(now);
                    out.statements.push(self.statement(
                        uuid_v4(ids()),
                        now,
                        "completed",
                        self.au(),
                        Some(json!({ "completion": true, "duration": duration })),
                        self.context(true, true, false),
                    ));
                    let scaled = f64::from(score.min(100)) / 100.0;
                    let passed = scaled >= self.mastery;
                    let mut context = self.context(true, true, false);
                    if self.data.mastery_score.is_some() {
                        context
                            .as_object_mut()
                            .expect("context is an object")
                            .entry("extensions")
                            .or_insert_with(|| json!({}))
                            .as_object_mut()
                            .map(|e| e.insert(EXT_MASTERY.into(), json!(self.mastery)));
                    }
                    out.statements.push(self.statement(
                        uuid_v4(ids()),
                        now,
                        if passed { "passed" } else { "failed" },
                        self.au(),
                        Some(json!({
                            "score": { "scaled": scaled, "raw": score, "min": 0, "max": 100 },
                            "success": passed,
                            "duration": duration,
                        })),
                        context,
                    ));
                }
                Event::NewAttempt => {}
            }
        }
        out
    }

    fn answered(&self, i: &Interaction, latency_ms: u64, id: String, now: u64) -> Value {
        let choices: Vec<Value> = i
            .options
            .iter()
            .map(|(id, label)| json!({ "id": id, "description": { "en-US": label } }))
            .collect();
        let object = json!({
            "id": format!("{}/scenario/{}/node/{}", self.launch.activity_id, self.scenario_id, i.scene),
            "objectType": "Activity",
            "definition": {
                "name": { "en-US": i.question },
                "type": INTERACTION_TYPE,
                "interactionType": "choice",
                "choices": choices,
                "correctResponsesPattern": [i.correct],
            }
        });
        let result = json!({
            "response": i.response,
            "success": i.result == InteractionResult::Correct,
            "duration": duration_2004(latency_ms),
        });
        self.statement(
            id,
            now,
            "answered",
            object,
            Some(result),
            self.context(false, false, true),
        )
    }

    /// `terminated`, the last statement; nothing is sent after it.
    pub fn terminate(&mut self, id: [u8; 16], now: u64) -> Option<Value> {
        if self.terminated {
            return None;
        }
        self.terminated = true;
        let duration = self.duration(now);
        Some(self.statement(
            uuid_v4(id),
            now,
            "terminated",
            self.au(),
            Some(json!({ "duration": duration })),
            self.context(true, false, false),
        ))
    }
}

/// The language in a cmi5 learner preferences document (`cmi5LearnerPreferences`:
/// `{"languagePreference": "de-DE,en-US", "audioPreference": "on"}`), if it names one
/// Mandate has. Anything unreadable is no preference.
pub fn preferences_language(body: &str) -> Option<crate::core::i18n::Locale> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    super::preferred_language(value.get("languagePreference")?.as_str()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const ACTOR: &str =
        r#"{"objectType":"Agent","account":{"homePage":"https://lms.example","name":"learner-7"}}"#;

    fn full() -> Vec<(String, String)> {
        q(&[
            ("endpoint", "http://127.0.0.1:8100/xapi"),
            ("fetch", "http://127.0.0.1:8100/fetch?k=1"),
            ("actor", ACTOR),
            ("registration", "760E3480-BA55-4991-94B0-01820DBD23A2"),
            ("activityId", "urn:mandate:au:purchasing"),
        ])
    }

    #[test]
    fn a_launch_needs_all_five_parameters_valid() {
        assert_eq!(Cmi5Launch::from_query(&q(&[("case", "x")])), Ok(None));
        let launch = Cmi5Launch::from_query(&full()).unwrap().unwrap();
        assert_eq!(launch.endpoint, "http://127.0.0.1:8100/xapi/");
        assert_eq!(launch.registration, "760e3480-ba55-4991-94b0-01820dbd23a2");
        let mut partial = full();
        partial.retain(|(k, _)| k != "fetch" && k != "actor");
        assert_eq!(
            Cmi5Launch::from_query(&partial).unwrap_err().to_string(),
            "this looks like a cmi5 launch, but the address lacks fetch, actor"
        );
        let mut bad = full();
        bad[0].1 = "javascript:alert(1)".into();
        assert_eq!(
            Cmi5Launch::from_query(&bad).unwrap_err().to_string(),
            "the cmi5 launch parameter `endpoint` is not an http(s) address"
        );
        let mut bad = full();
        bad[2].1 = r#"{"mbox":"mailto:a@b","account":{"homePage":"h","name":"n"}}"#.into();
        assert_eq!(
            Cmi5Launch::from_query(&bad).unwrap_err().to_string(),
            "the cmi5 launch parameter `actor` must have exactly one identifier (account, mbox, …)"
        );
        let mut bad = full();
        bad[3].1 = "not-a-uuid".into();
        assert_eq!(
            Cmi5Launch::from_query(&bad).unwrap_err().to_string(),
            "the cmi5 launch parameter `registration` is not a UUID"
        );
        let mut twice = full();
        twice.push(("activityId".into(), "urn:x:y".into()));
        assert_eq!(
            Cmi5Launch::from_query(&twice).unwrap_err().to_string(),
            "the cmi5 launch parameter `activityId` is given more than once"
        );
    }

    #[test]
    fn fetch_answers_and_launch_data_are_checked() {
        assert_eq!(
            token_from_fetch(r#"{"auth-token":"dGVzdA=="}"#),
            Ok("dGVzdA==".into())
        );
        assert_eq!(
            token_from_fetch(r#"{"error-code":"1","error-text":"already used"}"#)
                .unwrap_err()
                .to_string(),
            "the LMS did not hand over a session (error 1: already used)"
        );
        let data = LaunchData::parse(
            r#"{"contextTemplate":{"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s1"}},
                "launchMode":"Normal","masteryScore":0.7,"moveOn":"CompletedAndPassed","returnURL":"https://lms.example/back"}"#,
        )
        .unwrap();
        assert_eq!(data.launch_mode, LaunchMode::Normal);
        assert_eq!(data.mastery_score, Some(0.7));
        assert_eq!(data.return_url.as_deref(), Some("https://lms.example/back"));
        assert_eq!(
            LaunchData::parse(
                r#"{"contextTemplate":{},"launchMode":"Normal","returnURL":"javascript:alert(1)"}"#
            )
            .unwrap_err()
            .to_string(),
            "the LMS's launch data is unusable (its returnURL is neither http(s) nor relative)"
        );
        assert_eq!(
            LaunchData::parse(r#"{"contextTemplate":{},"launchMode":"Normal","masteryScore":7}"#)
                .unwrap_err()
                .to_string(),
            "the LMS's launch data is unusable (its masteryScore is not a number from 0 to 1)"
        );
    }

    #[test]
    fn uuids_and_timestamps_have_their_standard_shape() {
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(timestamp(1_795_741_200_123), "2026-11-27T01:00:00.123Z");
        assert_eq!(percent_encode("a b/é"), "a%20b%2F%C3%A9");
    }
}
