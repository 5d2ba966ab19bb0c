//! The classroom, without a server: an instructor sets up a *class session* (a link and
//! a QR code learners open on their phones), each learner plays on their own and ends
//! with a short *result code*, and the instructor's *class debrief* reads many codes —
//! or an xAPI statement export from a record store — and aggregates them.
//!
//! - [`session`] — the class session: its code (`K7P2-9QXM`), scenario, strategy and
//!   feedback timing, and the learner link's query parameters;
//! - [`code`] — the learner's result code (`M1-…`): versioned, checksummed, compact,
//!   replayable, with no personal data unless the learner adds a name;
//! - [`aggregate`] — the class report: participation, scores, the choice made at each
//!   decision point, discussion starters, and a CSV export;
//! - [`xapi`] — the same results read from the `answered` statements cmi5 sends.
//!
//! Pure values only: random bits come in as arguments, and nothing here reads a clock.

pub mod aggregate;
pub mod code;
pub mod session;
pub mod xapi;

pub use aggregate::ClassReport;
pub use code::{CodeError, DecodedResult, LearnerName, LearnerResult, ResultCode};
pub use session::{ClassSession, FeedbackTiming, SessionCode, SessionError};
pub use xapi::{XapiError, XapiImport};

/// Crockford's base32 alphabet: the digits and the letters A–Z without I, L, O and U.
pub(crate) const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The value of one base32 character as Crockford reads it: either case, and
/// I and L for 1, O for 0. `None` for anything else (U included).
pub(crate) fn base32_value(c: char) -> Option<u8> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        c => c,
    };
    ALPHABET
        .iter()
        .position(|&a| char::from(a) == c)
        .map(|i| i as u8)
}

/// The character for a 5-bit value.
pub(crate) fn base32_char(value: u8) -> char {
    char::from(ALPHABET[usize::from(value & 31)])
}

pub(crate) use crate::core::crc::crc32;

/// `text` split into groups of four characters joined by dashes: `K7P2-9QXM`.
pub(crate) fn grouped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, c) in text.chars().enumerate() {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_is_the_ieee_one() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn base32_reads_crockford_aliases() {
        assert_eq!(base32_value('o'), Some(0));
        assert_eq!(base32_value('I'), Some(1));
        assert_eq!(base32_value('l'), Some(1));
        assert_eq!(base32_value('z'), Some(31));
        assert_eq!(base32_value('U'), None);
        assert_eq!(base32_value('-'), None);
        for v in 0..32 {
            assert_eq!(base32_value(base32_char(v)), Some(v));
        }
        assert_eq!(grouped("K7P29QXM"), "K7P2-9QXM");
        assert_eq!(grouped("K7P29Q"), "K7P2-9Q");
    }
}
