//! Talking with the page that frames Mandate, without an LMS: which origins a host
//! page may be at (`?embed=1&host=https://intranet.example.com`), which of its
//! messages are accepted, and what Mandate answers.
//!
//! A message is accepted only when it comes from the parent window and from an
//! allow-listed origin; the one request understood is `{subject: "mandate.status"}`,
//! answered with the learner's standing in each scenario (no names, no ids of the
//! learner: only what a host page needs to show progress).

use serde_json::{Value, json};

use super::i18n::Messages;
use super::session::{Session, Status};
use super::url_param::query_pairs;
use crate::tr;

/// An origin, `scheme://host[:port]`, as browsers report `MessageEvent.origin`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    /// Checks one `host=` value: http or https, a host of letters, digits, dots and
    /// hyphens (or an IPv4 address), an optional port, nothing after.
    pub fn parse(text: &str) -> Result<Origin, OriginError> {
        let bad = || OriginError(text.chars().take(100).collect());
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(bad)?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
            && !host.starts_with(['.', '-']);
        let port_ok = port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
        if host_ok && port_ok {
            Ok(Origin(text.to_ascii_lowercase()))
        } else {
            Err(bad())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A `host=` value that is not an origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginError(pub String);

impl OriginError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        tr!(t, "errors.origin", value = self.0)
    }
}

crate::display_in_english!(OriginError);

/// The allow-listed host origins of the page's query, and the values refused.
pub fn host_origins(search: &str) -> (Vec<Origin>, Vec<OriginError>) {
    let mut origins = Vec::new();
    let mut refused = Vec::new();
    for (name, value) in query_pairs(search) {
        if name == "host" {
            match Origin::parse(&value) {
                Ok(origin) if !origins.contains(&origin) => origins.push(origin),
                Ok(_) => {}
                Err(e) => refused.push(e),
            }
        }
    }
    (origins, refused)
}

/// What a host may ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// The learner's standing in each scenario.
    Status,
}

/// The longest message read, as JSON (a status request is 28 bytes): anything longer is
/// ignored without being parsed.
pub const MAX_REQUEST_BYTES: usize = 256;

/// Whether a message's sender may be heard at all: the parent window, at an
/// allow-listed origin. Checked before the message's data is read.
pub fn from_allowed_parent(origin: &str, from_parent: bool, allowed: &[Origin]) -> bool {
    from_parent && allowed.iter().any(|o| o.as_str() == origin)
}

/// The request in a message, if it is one to answer: from the parent window, from an
/// allow-listed origin, a JSON object whose only key is a `subject` Mandate knows.
/// Anything else is ignored (and never echoed back).
pub fn accept(
    origin: &str,
    from_parent: bool,
    allowed: &[Origin],
    data: &Value,
) -> Option<Request> {
    if !from_allowed_parent(origin, from_parent, allowed) {
        return None;
    }
    let fields = data.as_object().filter(|o| o.len() == 1)?;
    match fields.get("subject").and_then(Value::as_str) {
        Some("mandate.status") => Some(Request::Status),
        _ => None,
    }
}

/// The answer to [`Request::Status`].
pub fn status_reply(session: &Session) -> Value {
    let scenarios: Vec<Value> = session
        .catalogue()
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let (status, decision) = match session.status(i) {
                Status::NotStarted => ("not-started", None),
                Status::InProgress { decision } => ("in-progress", Some(decision)),
                Status::Completed => ("completed", None),
            };
            let best = session.best(i);
            json!({
                "id": entry.scenario.id.as_str(),
                "title": entry.scenario.title,
                "status": status,
                "decision": decision,
                "bestScore": best.map(|b| b.score),
                "passed": best.map(|b| b.passed),
                "completions": session.completions(i),
            })
        })
        .collect();
    json!({
        "subject": "mandate.status.response",
        "active": session.store().active,
        "scenarios": scenarios,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_origins_are_checked_and_listed_once() {
        let (ok, refused) = host_origins(
            "?embed=1&host=https%3A%2F%2Fintranet.example.com&host=http://127.0.0.1:8080\
             &host=https://intranet.example.com&host=javascript:alert(1)&host=https://a.example/path",
        );
        assert_eq!(
            ok.iter().map(Origin::as_str).collect::<Vec<_>>(),
            ["https://intranet.example.com", "http://127.0.0.1:8080"]
        );
        assert_eq!(refused.len(), 2);
        assert_eq!(
            refused[0].to_string(),
            "the host parameter `javascript:alert(1)` is not an origin like \
             https://intranet.example.com (scheme, host and port only); messages from it are not accepted"
        );
        assert_eq!(refused[1].0, "https://a.example/path");
    }

    #[test]
    fn only_the_parent_at_an_allowed_origin_is_answered() {
        let allowed = [Origin::parse("https://lms.example").unwrap()];
        let ask = json!({ "subject": "mandate.status" });
        assert_eq!(
            accept("https://lms.example", true, &allowed, &ask),
            Some(Request::Status)
        );
        assert_eq!(accept("https://lms.example", false, &allowed, &ask), None);
        assert_eq!(accept("https://evil.example", true, &allowed, &ask), None);
        assert_eq!(accept("https://lms.example", true, &[], &ask), None);
        assert_eq!(
            accept(
                "https://lms.example",
                true,
                &allowed,
                &json!({ "subject": "other" })
            ),
            None
        );
        assert_eq!(
            accept(
                "https://lms.example",
                true,
                &allowed,
                &json!("mandate.status")
            ),
            None
        );
        // A request and anything else: not a request.
        for other in [
            json!({ "subject": "mandate.status", "extra": 1 }),
            json!({ "subject": "mandate.status", "__proto__": { "polluted": true } }),
            json!([{ "subject": "mandate.status" }]),
            json!({ "subject": ["mandate.status"] }),
            json!({ "subject": "mandate.status " }),
            json!({ "subject": "Mandate.Status" }),
            json!(null),
        ] {
            assert_eq!(
                accept("https://lms.example", true, &allowed, &other),
                None,
                "{other}"
            );
        }
        assert!(from_allowed_parent("https://lms.example", true, &allowed));
        assert!(!from_allowed_parent("https://lms.example", false, &allowed));
        assert!(!from_allowed_parent(
            "https://lms.example.evil",
            true,
            &allowed
        ));
    }
}
