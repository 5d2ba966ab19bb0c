//! The classroom's pure core: class session links, learners' result codes, the class
//! report and its CSV, and the same report from an xAPI statement export.
#![cfg(not(target_arch = "wasm32"))]

use std::rc::Rc;

use mandate::core::builtin;
use mandate::core::classroom::aggregate::{CSV_HEADER, DecisionResult, Duplicate};
use mandate::core::classroom::code::{MAX_NAME_BYTES, MIN_CHARS};
use mandate::core::classroom::xapi::{self, MAX_BYTES};
use mandate::core::classroom::{
    ClassReport, ClassSession, CodeError, DecodedResult, FeedbackTiming, LearnerName,
    LearnerResult, ResultCode, SessionCode,
};
use mandate::core::engine::{Playthrough, all_paths};
use mandate::core::lms::cmi5::{Cmi5Launch, Cmi5Session, LaunchData};
use mandate::core::lms::tracker::Observed;
use mandate::core::progress::ProgressStore;
use mandate::core::scenario::{self, Scenario, StrategyIndex};
use mandate::core::session::{Action, Entry, Session};
use mandate::core::url_param::query_pairs;
use serde_json::{Value, json};

const CASE: &str = "purchasing-tech-leader";

fn catalogue() -> Vec<Entry> {
    builtin::load_all().unwrap()
}

fn entry<'c>(catalogue: &'c [Entry], id: &str) -> &'c Entry {
    catalogue
        .iter()
        .find(|e| e.scenario.id.as_str() == id)
        .unwrap()
}

fn code(text: &str) -> SessionCode {
    SessionCode::parse(text).unwrap()
}

fn session(scenario: &str, strategy: Option<&str>) -> ClassSession {
    ClassSession {
        code: code("K7P2-9QXM"),
        scenario: scenario.to_string(),
        strategy: strategy.map(str::to_string),
        feedback: FeedbackTiming::Now,
    }
}

fn strategy_id(scenario: &Scenario, strategy: StrategyIndex) -> Option<String> {
    (strategy != StrategyIndex::default()).then(|| scenario.strategy(strategy).id.to_string())
}

fn replay(scenario: &Scenario, strategy: StrategyIndex, ids: &[&str]) -> Playthrough {
    Playthrough::replay(scenario, strategy, ids).unwrap()
}

fn best_and_worst(entry: &Entry, strategy: StrategyIndex) -> [Playthrough; 2] {
    let report = &entry.analysis.reports[strategy.index()];
    assert_eq!(report.strategy, strategy);
    [&report.best_path, &report.worst_path]
        .map(|path| Playthrough::replay(&entry.scenario, strategy, path).unwrap())
}

/// The code a learner's device shows at the end of `playthrough`.
fn encode(
    session: &ClassSession,
    entry: &Entry,
    playthrough: &Playthrough,
    confidence: &[u8],
    name: Option<&str>,
    tag: u32,
) -> String {
    let score = entry.analysis.score(&entry.scenario, playthrough).score;
    let name = name.map(|n| LearnerName::parse(n).unwrap());
    ResultCode::encode(
        &session.code,
        &entry.scenario,
        playthrough,
        confidence,
        score,
        name.as_ref(),
        tag,
    )
}

fn checked(text: &str, session: &ClassSession, catalogue: &[Entry]) -> LearnerResult {
    ResultCode::decode(text)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .check(session, catalogue)
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn decode_error(text: &str) -> String {
    ResultCode::decode(text)
        .map(|d| panic!("{text} was read as {d:?}"))
        .unwrap_err()
        .to_string()
}

fn check_error(decoded: &DecodedResult, session: &ClassSession, catalogue: &[Entry]) -> String {
    decoded
        .check(session, catalogue)
        .map(|r| panic!("accepted: {r:?}"))
        .unwrap_err()
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Session codes and links

#[test]
fn session_codes_are_read_as_people_type_them() {
    let c = code("k7p2-9qxm");
    assert_eq!(c.as_str(), "K7P29QXM");
    assert_eq!(c.to_string(), "K7P2-9QXM");
    assert_eq!(c, code(" K7P2 9QXM "));
    assert_eq!(code("IlOo").as_str(), "1100");
    assert_eq!(code("ABCDEFGHJKMN").to_string(), "ABCD-EFGH-JKMN");
    assert_eq!(code("ABCDEF").to_string(), "ABCD-EF");
    assert_eq!("k7p29qxm".parse::<SessionCode>(), Ok(c));

    let refused = |text: &str| SessionCode::parse(text).unwrap_err().to_string();
    assert_eq!(refused(" - "), "the session code is empty");
    assert_eq!(
        refused("K7P"),
        "the session code `K7P` has 3 characters; a session code has 4 to 12"
    );
    assert_eq!(
        refused("K7P2-9QXM-ABCD-E"),
        "the session code `K7P2-9QXM-ABCD-E` has 13 characters; a session code has 4 to 12"
    );
    assert_eq!(
        refused("K7U2"),
        "the session code `K7U2` has `U` at position 3; session codes use the digits and \
         the letters A–Z except U"
    );
    assert_eq!(
        refused("K7P2-9Q*M"),
        "the session code `K7P2-9Q*M` has `*` at position 8; session codes use the digits \
         and the letters A–Z except U"
    );
}

#[test]
fn session_codes_are_generated_from_forty_random_bits() {
    assert_eq!(SessionCode::generate([0; 5]).as_str(), "00000000");
    assert_eq!(SessionCode::generate([0xff; 5]).as_str(), "ZZZZZZZZ");
    // 00001 repeated eight times.
    assert_eq!(
        SessionCode::generate([0x08, 0x42, 0x10, 0x84, 0x21]).as_str(),
        "11111111"
    );
    let c = SessionCode::generate([0x5a, 0x17, 0xc3, 0x99, 0x02]);
    assert_eq!(c.as_str().len(), 8);
    assert_eq!(SessionCode::parse(&c.to_string()), Ok(c));
}

#[test]
fn class_session_links_round_trip_for_every_scenario_strategy_and_feedback() {
    let catalogue = catalogue();
    assert_eq!(catalogue.len(), 6);
    let mut links = 0;
    for entry in &catalogue {
        let scenario = &entry.scenario;
        for strategy in scenario.strategy_indices() {
            for feedback in [FeedbackTiming::Now, FeedbackTiming::AtEnd] {
                let s = ClassSession {
                    code: SessionCode::generate([links as u8, 7, 99, 3, 250]),
                    scenario: scenario.id.to_string(),
                    strategy: strategy_id(scenario, strategy),
                    feedback,
                };
                let query = s.to_query();
                let pairs = query_pairs(&format!("?{query}&embed=1"));
                assert_eq!(
                    ClassSession::from_query(&pairs),
                    Ok(Some(s.clone())),
                    "{query}"
                );
                assert_eq!(s.check(&catalogue), Ok(()));
                assert_eq!(s.strategy_in(scenario), Ok(strategy));
                links += 1;
            }
        }
    }
    let strategies: usize = catalogue.iter().map(|e| e.scenario.strategies.len()).sum();
    assert_eq!(links, 2 * strategies);
    assert!(
        strategies > catalogue.len(),
        "some scenarios have several strategies"
    );

    let s = ClassSession {
        code: code("K7P29QXM"),
        scenario: CASE.into(),
        strategy: Some("cost-leadership".into()),
        feedback: FeedbackTiming::AtEnd,
    };
    assert_eq!(
        s.to_query(),
        "session=K7P2-9QXM&case=purchasing-tech-leader&strategy=cost-leadership&feedback=end"
    );
    assert_eq!(
        session(CASE, None).to_query(),
        "session=K7P2-9QXM&case=purchasing-tech-leader"
    );
    // As a person might type it: lowercase, no dash, the default feedback spelled out.
    let typed = query_pairs("?case=purchasing-tech-leader&session=k7p29qxm&feedback=now");
    assert_eq!(
        ClassSession::from_query(&typed),
        Ok(Some(session(CASE, None)))
    );
}

#[test]
fn class_session_links_are_refused_with_exact_messages() {
    let refused = |search: &str| {
        ClassSession::from_query(&query_pairs(search))
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        ClassSession::from_query(&query_pairs("?case=purchasing-tech-leader")),
        Ok(None),
        "no session: an ordinary link"
    );
    assert_eq!(ClassSession::from_query(&[]), Ok(None));
    assert_eq!(
        refused("?session=K7P2-9QXM"),
        "the link to class session K7P2-9QXM does not say which scenario to play (`case=` \
         is missing)"
    );
    assert_eq!(
        refused("?session=K7P2-9QXM&case=a&session=K7P2-9QXM"),
        "the link gives `session=` 2 times; it needs it once"
    );
    assert_eq!(
        refused("?session=K7P2&case=a&feedback=now&feedback=end&feedback=end"),
        "the link gives `feedback=` 3 times; it needs it once"
    );
    assert_eq!(
        refused("?session=K7P2&case=a&feedback=later"),
        "the feedback parameter `later` is neither `now` nor `end`"
    );
    assert_eq!(
        refused("?session=K7P2&case=a&feedback="),
        "the feedback parameter `` is neither `now` nor `end`"
    );
    assert_eq!(
        refused("?session=K7U2&case=a"),
        "the session code `K7U2` has `U` at position 3; session codes use the digits and \
         the letters A–Z except U"
    );
    assert_eq!(refused("?session=&case=a"), "the session code is empty");
    assert_eq!(
        refused("?session=K7P2&case=Purchasing"),
        "the case parameter `Purchasing` is not an id (lowercase letters, digits and \
         hyphens, like `purchasing-tech-leader`)"
    );
    assert_eq!(
        refused("?session=K7P2&case=a&strategy=cost%20leadership"),
        "the strategy parameter `cost leadership` is not an id (lowercase letters, digits \
         and hyphens, like `cost-leadership`)"
    );

    let catalogue = catalogue();
    assert_eq!(
        session("negotiation-101", None)
            .check(&catalogue)
            .unwrap_err()
            .to_string(),
        "there is no scenario `negotiation-101` here; the scenarios are \
         `purchasing-tech-leader`, `sales-distributor`, `silo-launch-date`, `market-shift`, \
         `purchasing-cost-leader` and `setting-the-mandate`"
    );
    assert_eq!(
        session(CASE, Some("differentiation"))
            .check(&catalogue)
            .unwrap_err()
            .to_string(),
        "the scenario `purchasing-tech-leader` has no strategy `differentiation`; its \
         strategies are `technology-leadership`, `cost-leadership` and `customer-intimacy`"
    );
}

// ---------------------------------------------------------------------------------------
// Result codes

#[test]
fn result_codes_round_trip_on_every_builtin_scenario() {
    let catalogue = catalogue();
    let mut tag = 0;
    for entry in &catalogue {
        let scenario = &entry.scenario;
        for strategy in scenario.strategy_indices() {
            let s = ClassSession {
                code: SessionCode::generate([tag as u8, 1, 2, 3, 4]),
                scenario: scenario.id.to_string(),
                strategy: strategy_id(scenario, strategy),
                feedback: FeedbackTiming::AtEnd,
            };
            for path in best_and_worst(entry, strategy) {
                let card = entry.analysis.score(scenario, &path);
                let n = path.steps().len();
                let ratings: Vec<u8> = (0..n).map(|i| (i % 3) as u8 + 1).collect();
                for (confidence, name) in [
                    (vec![], None),
                    (ratings.clone(), Some("Ana")),
                    (vec![], Some("  Zoë Ødegård-Łukasiewicz  ")),
                    (vec![0, 2], None),
                ] {
                    tag += 1;
                    let text = encode(&s, entry, &path, &confidence, name, tag * 7919);
                    assert!(text.starts_with("M1-"), "{text}");
                    assert!(
                        text[3..].split('-').all(|g| (1..=4).contains(&g.len())),
                        "{text}"
                    );
                    let decoded = ResultCode::decode(&text).unwrap();
                    assert_eq!(decoded.session, s.code);
                    assert_eq!(decoded.tag, tag * 7919);
                    assert_eq!(decoded.scenario_hash, scenario.content_hash.0 as u32);
                    assert_eq!(decoded.strategy, strategy.index());
                    assert_eq!(
                        decoded.choices,
                        path.steps().iter().map(|s| s.choice).collect::<Vec<_>>()
                    );
                    assert_eq!(decoded.score, card.score);
                    let result = decoded.check(&s, &catalogue).unwrap();
                    assert_eq!(result.playthrough, path);
                    assert_eq!((result.score, result.passed), (card.score, card.passed));
                    assert_eq!(result.name.as_deref(), name.map(str::trim));
                    let expected_confidence = if confidence.iter().any(|&c| c > 0) {
                        let mut c = confidence.clone();
                        c.resize(n, 0);
                        c
                    } else {
                        vec![]
                    };
                    assert_eq!(result.confidence, expected_confidence);
                    // Read back however it was copied: lowercase, spaces, line breaks,
                    // without dashes, with the letters Crockford reads as digits.
                    let sloppy = text
                        .to_lowercase()
                        .replace('-', " ")
                        .replacen(' ', "\n", 2)
                        .replace('1', "l")
                        .replace('0', "O");
                    assert_eq!(ResultCode::decode(&sloppy), Ok(decoded.clone()), "{sloppy}");
                    assert_eq!(ResultCode::decode(&text.replace('-', "")), Ok(decoded));
                }
            }
        }
    }
}

#[test]
fn result_codes_for_the_longest_path_of_every_scenario_stay_short() {
    let catalogue = catalogue();
    let twelve = ClassSession {
        code: code("ABCD-EFGH-JKMN"),
        ..session(CASE, None)
    };
    for entry in &catalogue {
        let scenario = &entry.scenario;
        for strategy in scenario.strategy_indices() {
            let paths = all_paths(scenario, strategy, 100_000).unwrap();
            let longest = paths.iter().max_by_key(|p| p.steps().len()).unwrap();
            let n = longest.steps().len();
            assert_eq!(
                Some(n as u32),
                entry.analysis.reports[strategy.index()].longest,
                "{}",
                scenario.id
            );
            for s in [session(scenario.id.as_str(), None), twelve.clone()] {
                let plain = encode(&s, entry, longest, &[], None, 0xFFFFF);
                let rated = encode(&s, entry, longest, &vec![3; n], None, 0xFFFFF);
                assert!(
                    plain.len() <= 80 && rated.len() <= 80,
                    "{}: {n} decisions give {plain} ({}) and {rated} ({})",
                    scenario.id,
                    plain.len(),
                    rated.len()
                );
            }
            // The typical case: an 8-character session code, no name, no ratings.
            let typical = encode(&session(CASE, None), entry, longest, &[], None, 1);
            assert!(typical.len() <= 56, "{typical}");
        }
    }
    // A name makes it longer, but never unreadably so.
    let entry = entry(&catalogue, CASE);
    let [best, _] = best_and_worst(entry, StrategyIndex::default());
    let named = encode(
        &session(CASE, None),
        entry,
        &best,
        &[],
        Some(&"x".repeat(MAX_NAME_BYTES)),
        1,
    );
    assert!(named.len() <= 130, "{named}");
}

#[test]
fn every_single_character_corruption_is_caught() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let s = session(CASE, None);
    let [best, worst] = best_and_worst(entry, StrategyIndex::default());
    let mut checked_cases = 0;
    for text in [
        encode(&s, entry, &best, &[1, 2, 3], Some("Ana"), 12345),
        encode(&s, entry, &worst, &[], None, 0),
    ] {
        let chars: Vec<char> = text.chars().collect();
        let canonical = |c: char| c.to_ascii_uppercase();
        for i in 0..chars.len() {
            if chars[i] == '-' {
                continue;
            }
            let next = mandate_next(chars[i]);
            for sub in ['0', '1', '7', 'A', 'M', 'Z', 'U', '*', '-', ' ', 'é', next] {
                let same = canonical(sub) == canonical(chars[i])
                    || (chars[i] == '1' && matches!(sub, 'I' | 'L'))
                    || (chars[i] == '0' && sub == 'O');
                if same {
                    continue;
                }
                let mut changed = chars.clone();
                changed[i] = sub;
                let changed: String = changed.into_iter().collect();
                assert!(
                    ResultCode::decode(&changed).is_err(),
                    "{changed} (position {i} → {sub}) was read"
                );
                checked_cases += 1;
            }
            // A character left out.
            let mut shorter = chars.clone();
            shorter.remove(i);
            let shorter: String = shorter.into_iter().collect();
            assert!(ResultCode::decode(&shorter).is_err(), "{shorter} was read");
            // Two neighbours swapped.
            if i + 1 < chars.len() && chars[i + 1] != '-' && chars[i] != chars[i + 1] {
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                let swapped: String = swapped.into_iter().collect();
                assert!(ResultCode::decode(&swapped).is_err(), "{swapped} was read");
            }
        }
        // Something added at the end.
        for extra in ['0', 'Q'] {
            assert!(ResultCode::decode(&format!("{text}{extra}")).is_err());
        }
    }
    assert!(checked_cases > 500, "{checked_cases}");

    // A final `0` left out leaves the padded bytes as they were: the length the
    // checksum covers catches it.
    let mut cut = 0;
    for tag in 0..2000 {
        let text = encode(&s, entry, &worst, &[], None, tag);
        if let Some(short) = text.strip_suffix('0') {
            assert_eq!(
                ResultCode::decode(short).unwrap_err(),
                CodeError::Checksum,
                "{text}"
            );
            cut += 1;
        }
    }
    assert!(cut > 10, "{cut}");
}

/// The next character of the code alphabet, wrapping round.
fn mandate_next(c: char) -> char {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let i = ALPHABET.find(c.to_ascii_uppercase()).unwrap_or(0);
    ALPHABET.chars().nth((i + 1) % 32).unwrap()
}

/// The format of ResultCode's documentation, rebuilt bit by bit on the small fixture.
#[test]
fn the_code_is_the_documented_bits_in_base32() {
    let (loaded, analysis) = scenario::load_analysed(
        "tests/fixtures/mini.mandate",
        include_str!("fixtures/mini.mandate"),
    )
    .unwrap();
    let entry = Entry::with_analysis(loaded.scenario, analysis);
    let scenario = &entry.scenario;
    // open: "Ask about the roadmap" (index 1), warm: "Accept with quality gates" (index 0).
    let mut path = Playthrough::new(scenario);
    for index in [1, 0] {
        let id = path.offered(scenario)[index].1.id.to_string();
        path = path.choose(scenario, &id).unwrap();
    }
    assert!(path.is_ended(scenario));
    let s = ClassSession {
        code: code("K7P2-9QXM"),
        ..session("mini", None)
    };
    let catalogue = [entry.clone()];
    let text = encode(&s, &entry, &path, &[], None, 0x12345);

    let bits = |value: u64, width: usize| format!("{value:0width$b}");
    let alphabet: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().collect();
    let mut body = bits(8 - 4, 4);
    for c in "K7P29QXM".chars() {
        body += &bits(alphabet.iter().position(|&a| a == c).unwrap() as u64, 5);
    }
    body += &bits(0x12345, 20); // tag
    body += &bits(scenario.content_hash.0 & 0xFFFF_FFFF, 32);
    body += "000"; // strategy 0
    body += "010"; // 2 decisions
    body += "001"; // choice 1
    body += "000"; // choice 0
    body += "0"; // no confidence ratings
    body += &bits(100, 7); // score
    body += &bits(0, 6); // no name
    while (5 + 32 + body.len()) % 5 != 0 {
        body.push('0');
    }
    let mut message = vec![1u8];
    message.extend((body.len() as u16).to_be_bytes());
    for chunk in body.as_bytes().chunks(8) {
        let byte = u8::from_str_radix(std::str::from_utf8(chunk).unwrap(), 2).unwrap();
        message.push(byte << (8 - chunk.len()));
    }
    let crc = {
        let mut crc = !0u32;
        for b in &message {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    };
    let all = bits(1, 5) + &bits(u64::from(crc), 32) + &body;
    let chars: Vec<char> = all
        .as_bytes()
        .chunks(5)
        .map(|c| alphabet[usize::from_str_radix(std::str::from_utf8(c).unwrap(), 2).unwrap()])
        .collect();
    let groups: Vec<String> = chars[1..].chunks(4).map(|g| g.iter().collect()).collect();
    assert_eq!(text, format!("M{}-{}", chars[0], groups.join("-")));
    assert_eq!(
        text.len(),
        2 + 1 + (chars.len() - 1) + (chars.len() - 2) / 4
    );
    assert_eq!(
        chars.len(),
        (5 + 32 + 4 + 40 + 20 + 32 + 12 + 1 + 7 + 6 + 1) / 5
    );
    assert_eq!(checked(&text, &s, &catalogue).playthrough, path);
}

#[test]
fn codes_of_other_versions_are_refused_with_exact_text() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let [best, _] = best_and_worst(entry, StrategyIndex::default());
    let text = encode(&session(CASE, None), entry, &best, &[], None, 1);
    assert_eq!(
        decode_error(&text.replacen("M1", "M2", 1)),
        "this result code was made by a newer Mandate (format 2); this one reads format 1"
    );
    assert_eq!(
        decode_error(&text.replacen("M1", "m7", 1)),
        "this result code was made by a newer Mandate (format 7); this one reads format 1"
    );
    assert_eq!(
        decode_error("M2"),
        "this result code was made by a newer Mandate (format 2); this one reads format 1"
    );
    assert_eq!(
        decode_error(&text.replacen("M1", "M0", 1)),
        "this result code has format 0, which no Mandate makes; result codes start with `M1`"
    );
}

#[test]
fn unreadable_codes_are_refused_with_exact_texts() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let [best, _] = best_and_worst(entry, StrategyIndex::default());
    let text = encode(&session(CASE, None), entry, &best, &[], None, 1);

    assert_eq!(decode_error(""), "the result code is empty");
    assert_eq!(decode_error(" -\n "), "the result code is empty");
    assert_eq!(
        decode_error("K7P2-9QXM"),
        "this is not a Mandate result code: result codes start with `M1`, and this starts \
         with `K`"
    );
    assert_eq!(
        decode_error(&text.replacen('M', "W", 1)),
        "this is not a Mandate result code: result codes start with `M1`, and this starts \
         with `W`"
    );
    // Position 6 of "M1-XXXX-…" is the third character after the first dash.
    let mut bad: Vec<char> = text.chars().collect();
    bad[5] = 'U';
    assert_eq!(
        decode_error(&bad.iter().collect::<String>()),
        "the result code has `U` at position 6; result codes use the digits and the \
         letters A–Z except U"
    );
    bad[5] = '#';
    assert_eq!(
        decode_error(&bad.iter().collect::<String>()),
        "the result code has `#` at position 6; result codes use the digits and the \
         letters A–Z except U"
    );
    assert_eq!(
        decode_error("M1-ABCD-EFGH"),
        format!(
            "the result code is too short: it has 10 characters, and every result code has \
             at least {MIN_CHARS}; part of it is missing"
        )
    );
    assert_eq!(MIN_CHARS, 28);
    let cut = &text[..text.len() - 1];
    let error = decode_error(cut);
    assert_eq!(
        error,
        "the result code does not add up: a character is wrong or missing"
    );
    let mut wrong: Vec<char> = text.chars().collect();
    let last = wrong.len() - 1;
    wrong[last] = if wrong[last] == '2' { '3' } else { '2' };
    assert_eq!(
        decode_error(&wrong.iter().collect::<String>()),
        "the result code does not add up: a character is wrong or missing"
    );
    assert_eq!(
        decode_error(&"M1".repeat(501)),
        "this is too long to be a result code (1002 characters; the limit is 1000)"
    );

    let name = |text: &str| LearnerName::parse(text).unwrap_err().to_string();
    assert_eq!(name("   "), "the name is empty");
    assert_eq!(
        name(&"é".repeat(21)),
        "the name is 42 bytes long; a result code holds at most 40 (letters with accents \
         take two bytes or more)"
    );
    assert_eq!(
        name("Ana\tB"),
        "the name contains the control character \\u{9}"
    );
    assert_eq!(
        LearnerName::parse(&"é".repeat(20)).unwrap().as_str().len(),
        40
    );
}

#[test]
fn codes_from_elsewhere_or_with_paths_that_do_not_replay_are_refused() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let scenario = &entry.scenario;
    let ours = session(CASE, None);
    let [best, worst] = best_and_worst(entry, StrategyIndex::default());
    let text = encode(&ours, entry, &best, &[], None, 1);
    let decoded = ResultCode::decode(&text).unwrap();

    let other = ClassSession {
        code: code("ABCD-EFGH"),
        ..ours.clone()
    };
    assert_eq!(
        check_error(&decoded, &other, &catalogue),
        "this code is from session K7P2-9QXM, not ABCD-EFGH"
    );

    // The same scenario, edited: its content hash differs.
    let (file, source) = builtin::sources()
        .into_iter()
        .find(|(f, _)| f.contains(CASE))
        .unwrap();
    let edited = source.replacen("minutes: 15", "minutes: 16", 1);
    assert_ne!(edited.as_str(), source);
    let (loaded, analysis) = scenario::load_analysed(file, &edited).unwrap();
    let edited_catalogue = vec![Entry::with_analysis(loaded.scenario, analysis)];
    assert_eq!(
        check_error(&decoded, &ours, &edited_catalogue),
        "this code was played on another version of the scenario `purchasing-tech-leader`, \
         so its path cannot be shown; it says the score was 100"
    );
    assert_eq!(
        check_error(&decoded, &ours, &catalogue[1..]),
        "there is no scenario `purchasing-tech-leader` here; the scenarios are \
         `sales-distributor`, `silo-launch-date`, `market-shift`, `purchasing-cost-leader` \
         and `setting-the-mandate`"
    );

    // Played under the default strategy; the session plays cost leadership.
    let cost = session(CASE, Some("cost-leadership"));
    assert_eq!(
        check_error(&decoded, &cost, &catalogue),
        "this code was played under the strategy `technology-leadership`, and the session \
         plays `cost-leadership`"
    );
    let mut strange = decoded.clone();
    strange.strategy = 7;
    assert_eq!(
        check_error(&strange, &ours, &catalogue),
        "this code was played under a strategy the scenario does not have; the session \
         plays `technology-leadership`"
    );

    // Paths that do not replay.
    let mut out_of_range = decoded.clone();
    out_of_range.choices[2] = 9;
    assert_eq!(
        check_error(&out_of_range, &ours, &catalogue),
        format!(
            "the path in this code does not replay: decision 3 takes option 10 in `{}`, \
             which has {}",
            best.steps()[2].scene(scenario).id,
            best.steps()[2].scene(scenario).choices.len()
        )
    );
    let mut too_long = decoded.clone();
    too_long.choices.push(0);
    assert_eq!(
        check_error(&too_long, &ours, &catalogue),
        format!(
            "the path in this code does not replay: it has reached an ending before \
             decision {}",
            best.steps().len() + 1
        )
    );
    let mut unfinished = decoded.clone();
    unfinished.choices.truncate(3);
    assert_eq!(
        check_error(&unfinished, &ours, &catalogue),
        "the path in this code stops after 3 decisions, before an ending"
    );
    // An unfinished attempt encoded as it stands is refused the same way.
    let partial = replay(
        scenario,
        StrategyIndex::default(),
        &worst.choice_ids(scenario)[..2]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let partial = encode(&ours, entry, &partial, &[], None, 1);
    assert_eq!(
        ResultCode::decode(&partial)
            .unwrap()
            .check(&ours, &catalogue)
            .unwrap_err()
            .to_string(),
        "the path in this code stops after 2 decisions, before an ending"
    );
    // A choice that exists but is not offered at that point (its `if:` fails).
    let (prefix, scene, index) = not_offered(entry);
    let mut not_offered = decoded.clone();
    not_offered.choices = prefix.clone();
    not_offered.choices.push(index);
    let choice = &scenario.scene(scene).choices[index];
    assert_eq!(
        check_error(&not_offered, &ours, &catalogue),
        format!(
            "the path in this code does not replay: decision {} takes `{}` in `{}`, which \
             is not offered at that point",
            prefix.len() + 1,
            choice.id,
            scenario.scene(scene).id
        )
    );
}

/// A path prefix (choice indices), a scene it reaches and a choice of that scene not
/// offered there.
fn not_offered(entry: &Entry) -> (Vec<usize>, mandate::core::scenario::SceneIndex, usize) {
    let scenario = &entry.scenario;
    for path in all_paths(scenario, StrategyIndex::default(), 100_000).unwrap() {
        for (k, (step, cursor)) in path.taken().enumerate() {
            let offered = cursor.available(scenario);
            let all = scenario.scene(step.scene).choices.len();
            if let Some(missing) = (0..all).find(|i| !offered.contains(i)) {
                let prefix = path.steps()[..k].iter().map(|s| s.choice).collect();
                return (prefix, step.scene, missing);
            }
        }
    }
    panic!("{} offers every choice everywhere", scenario.id);
}

// ---------------------------------------------------------------------------------------
// The class report

/// Three learners on the purchasing case under technology leadership (best total +16,
/// worst -13, so a score is (raw + 13) / 29, rounded; pass at 70):
/// 1. the best path: raw +16, score 100, passed;
/// 2. the worst path: raw -13, score 0;
/// 3. a price-first start that recovers: savings-first (-2), rfq-threat (-2), then
///    reframe-question (+1), yield-curve (+2), window-for-commitment (+2),
///    gates-in-parallel (+2), secured-supply (+2), trade-nre (+2): raw +7, score
///    20 / 29 = 68.97 → 69, just short of a pass.
const MIXED: [&str; 8] = [
    "savings-first",
    "rfq-threat",
    "reframe-question",
    "yield-curve",
    "window-for-commitment",
    "gates-in-parallel",
    "secured-supply",
    "trade-nre",
];

fn three_learners(catalogue: &[Entry]) -> (ClassSession, Vec<String>) {
    let entry = entry(catalogue, CASE);
    let s = session(CASE, None);
    let [best, worst] = best_and_worst(entry, StrategyIndex::default());
    let mixed = replay(&entry.scenario, StrategyIndex::default(), &MIXED);
    let codes = vec![
        encode(&s, entry, &best, &[3; 8], Some("Ana"), 11),
        encode(&s, entry, &worst, &[], None, 22),
        encode(&s, entry, &mixed, &[], None, 33),
    ];
    (s, codes)
}

#[test]
fn three_learners_aggregate_to_hand_checked_figures() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let (s, codes) = three_learners(&catalogue);
    let results: Vec<LearnerResult> = codes.iter().map(|c| checked(c, &s, &catalogue)).collect();
    assert_eq!(
        results
            .iter()
            .map(|r| (r.score, r.passed))
            .collect::<Vec<_>>(),
        [(100, true), (0, false), (69, false)]
    );
    let report = ClassReport::of(entry, &s, &results);
    assert_eq!(report.count(), 3);
    assert_eq!(report.submitted, 3);
    assert_eq!(report.duplicates, []);
    assert_eq!(report.session, "K7P2-9QXM");
    assert_eq!(report.strategy, "technology-leadership");
    assert_eq!(report.scores, [0, 69, 100]);
    assert_eq!(report.mean, Some(169.0 / 3.0));
    assert_eq!(report.median, Some(69.0));
    assert_eq!(report.distribution, [1, 0, 0, 0, 0, 0, 1, 0, 0, 1]);
    assert_eq!(report.passed, 1);
    assert_eq!(report.pass_rate, Some(1.0 / 3.0));
    assert_eq!(
        report
            .learners
            .iter()
            .map(|l| (l.number, l.label(), l.decisions.len()))
            .collect::<Vec<_>>(),
        [
            (1, "Ana".to_string(), 8),
            (2, "2".to_string(), 7),
            (3, "3".to_string(), 8)
        ]
    );

    // Decision points: the best path's scenes first, in its order, then the others.
    let scenes: Vec<&str> = report.decisions.iter().map(|d| d.scene.as_str()).collect();
    assert_eq!(
        scenes[..8],
        [
            "prep",
            "opening",
            "interests",
            "price-curve",
            "exclusivity",
            "quality-gates",
            "supply-security",
            "final-close"
        ]
    );
    let mut rest = scenes[8..].to_vec();
    rest.sort();
    assert_eq!(
        rest,
        [
            "escalation",
            "price-opening",
            "programme-review",
            "sentrix-deal",
            "standoff",
            "walk-away"
        ]
    );
    let prep = &report.decisions[0];
    assert_eq!(prep.decisions, 3);
    assert_eq!(
        prep.options
            .iter()
            .map(|o| (o.choice.as_str(), o.alignment, o.count))
            .collect::<Vec<_>>(),
        [
            ("savings-first", -2, 2),
            (
                "whatever-it-takes",
                alignment_of(entry, "prep", "whatever-it-takes"),
                0
            ),
            ("mandate-from-strategy", 2, 1),
        ]
    );
    assert_eq!(prep.options[0].share, 2.0 / 3.0);
    // Both learners who reached the money talk took the yield curve.
    let price = report
        .decisions
        .iter()
        .find(|d| d.scene == "price-curve")
        .unwrap();
    assert_eq!(price.decisions, 2);
    let curve = price
        .options
        .iter()
        .find(|o| o.choice == "yield-curve")
        .unwrap();
    assert_eq!((curve.count, curve.share, curve.alignment), (2, 1.0, 2));
    let standoff = report
        .decisions
        .iter()
        .find(|d| d.scene == "standoff")
        .unwrap();
    assert_eq!(standoff.decisions, 2);
    assert!(standoff.options.iter().all(|o| o.count <= 1));

    // Discussion starters: the two price-first openings were taken twice each; then
    // the worst path's misaligned choices once each, in the decision points' order.
    let top: Vec<(&str, &str, i8, usize)> = report
        .discussion
        .iter()
        .map(|m| (m.scene.as_str(), m.choice.as_str(), m.alignment, m.count))
        .collect();
    assert_eq!(top.len(), 5);
    assert_eq!(top[0], ("prep", "savings-first", -2, 2));
    assert_eq!(top[1], ("price-opening", "rfq-threat", -2, 2));
    assert_eq!(report.discussion[1].share, 1.0);
    assert!(top[2..].iter().all(|m| m.3 == 1 && m.2 < 0));
    let worst_misaligned = report.learners[1]
        .decisions
        .iter()
        .filter(|d| d.alignment < 0)
        .count();
    assert!(worst_misaligned >= 5, "{worst_misaligned}");
    assert!(
        report.learners[0]
            .decisions
            .iter()
            .all(|d| d.result == DecisionResult::Correct && d.confidence == Some(3))
    );
    assert_eq!(
        report.learners[2].decisions[0].result,
        DecisionResult::Misaligned
    );
    assert_eq!(report.learners[2].decisions[0].confidence, None);
}

fn alignment_of(entry: &Entry, scene: &str, choice: &str) -> i8 {
    let scenario = &entry.scenario;
    let scene = scenario.scene(scenario.scene_by_id(scene).unwrap());
    scene
        .choice(choice)
        .unwrap()
        .1
        .alignment(StrategyIndex::default())
        .value()
}

#[test]
fn the_same_code_twice_is_counted_once_and_reported() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let (s, codes) = three_learners(&catalogue);
    // The worst path's code again, typed differently; and a second learner on the same
    // path, whose code differs by its tag.
    let [_, worst] = best_and_worst(entry, StrategyIndex::default());
    let again = codes[1].to_lowercase().replace('-', " ");
    let twin = encode(&s, entry, &worst, &[], None, 23);
    assert_ne!(twin, codes[1]);
    let texts = [&codes[0], &codes[1], &again, &codes[2], &twin, &codes[0]];
    let results: Vec<LearnerResult> = texts.iter().map(|c| checked(c, &s, &catalogue)).collect();
    let report = ClassReport::of(entry, &s, &results);
    assert_eq!(report.submitted, 6);
    assert_eq!(report.count(), 4);
    assert_eq!(
        report.duplicates,
        [
            Duplicate {
                first: 2,
                repeat: 3
            },
            Duplicate {
                first: 1,
                repeat: 6
            }
        ]
    );
    assert_eq!(report.scores, [0, 0, 69, 100]);
    assert_eq!(report.median, Some(34.5));
    assert_eq!(report.pass_rate, Some(0.25));

    let empty = ClassReport::of(entry, &s, &[]);
    assert_eq!(
        (empty.count(), empty.mean, empty.median, empty.pass_rate),
        (0, None, None, None)
    );
    assert_eq!(empty.decisions, []);
    assert_eq!(empty.to_csv(), format!("{CSV_HEADER}\r\n"));
}

#[test]
fn the_csv_export_has_one_row_per_decision_and_a_summary_per_learner() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let (s, codes) = three_learners(&catalogue);
    let results: Vec<LearnerResult> = codes.iter().map(|c| checked(c, &s, &catalogue)).collect();
    let csv = ClassReport::of(entry, &s, &results).to_csv();
    assert_eq!(
        CSV_HEADER,
        "learner,decision,scene,scene_title,choice,choice_label,alignment,result,confidence,\
         score,passed"
    );
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(lines.len(), 1 + (8 + 1) + (7 + 1) + (8 + 1) + 1, "{csv}");
    assert_eq!(lines.last(), Some(&""), "every row ends in CRLF");
    assert_eq!(
        lines[1],
        "Ana,1,prep,The brief before the brief,mandate-from-strategy,\"Agree a mandate with \
         Tomás and Maren first: access, co-development, quality and supply, a price band, \
         and a walk-away.\",+2,correct,3,,"
    );
    assert_eq!(lines[9], "Ana,,,,,,,,,100,yes");
    assert_eq!(
        lines[10],
        "2,1,prep,The brief before the brief,savings-first,Go in with the scorecard Maren \
         will judge you on: open with a 15% cut on Korrin's quote and make price the first \
         topic.,-2,misaligned,,,"
    );
    assert_eq!(lines[17], "2,,,,,,,,,0,no");
    assert!(lines[18].starts_with("3,1,prep,"), "{}", lines[18]);
    assert_eq!(lines[26], "3,,,,,,,,,69,no");
    assert!(
        lines[20].contains(",+1,"),
        "reframe-question: {}",
        lines[20]
    );
}

#[test]
fn csv_fields_are_quoted_as_rfc_4180_says() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let s = session(CASE, None);
    let [best, _] = best_and_worst(entry, StrategyIndex::default());
    let rows = |name: &str| {
        let text = encode(&s, entry, &best, &[], Some(name), 5);
        let results = [checked(&text, &s, &catalogue)];
        let csv = ClassReport::of(entry, &s, &results).to_csv();
        csv.split("\r\n").nth(9).unwrap().to_string()
    };
    assert_eq!(rows("Plain"), "Plain,,,,,,,,,100,yes");
    assert_eq!(
        rows("Ana \"the closer\", Jr."),
        "\"Ana \"\"the closer\"\", Jr.\",,,,,,,,,100,yes"
    );
    assert_eq!(rows("=HYPERLINK(1)"), "'=HYPERLINK(1),,,,,,,,,100,yes");
    assert_eq!(rows("@Ana"), "'@Ana,,,,,,,,,100,yes");
    assert_eq!(rows("-1"), "'-1,,,,,,,,,100,yes");
    assert_eq!(rows("\"quoted\""), "\"\"\"quoted\"\"\",,,,,,,,,100,yes");
}

// ---------------------------------------------------------------------------------------
// xAPI

const ACTIVITY: &str = "https://lms.example/au/7";

fn cmi5_launch(registration: &str, learner: &str) -> (Cmi5Launch, LaunchData) {
    let q: Vec<(String, String)> = [
        ("endpoint", "http://127.0.0.1:9/xapi/"),
        ("fetch", "http://127.0.0.1:9/fetch"),
        (
            "actor",
            &format!(
                r#"{{"objectType":"Agent","name":"{learner}","account":{{"homePage":"https://lms.example","name":"{learner}"}}}}"#
            ),
        ),
        ("registration", registration),
        ("activityId", ACTIVITY),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let launch = Cmi5Launch::from_query(&q).unwrap().unwrap();
    let data = LaunchData::parse(
        r#"{"contextTemplate":{"extensions":{"https://w3id.org/xapi/cmi5/context/extensions/sessionid":"s-1"}},"launchMode":"Normal","moveOn":"CompletedAndPassed"}"#,
    )
    .unwrap();
    (launch, data)
}

/// Every statement a cmi5 session sends while a learner plays `path` from `start`
/// (milliseconds), one decision every 5 seconds.
fn statements_of(
    entry: &Entry,
    registration: &str,
    learner: &str,
    path: &[String],
    start: u64,
) -> Vec<Value> {
    let catalogue = Rc::new(vec![entry.clone()]);
    let (launch, data) = cmi5_launch(registration, learner);
    // Statement ids: the learner's start time and a counter, so none repeats.
    let mut counter = 0u32;
    let mut ids = || {
        counter += 1;
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(&start.to_be_bytes());
        id[8..12].copy_from_slice(&counter.to_be_bytes());
        id[12..].copy_from_slice(&registration.as_bytes()[..4]);
        id
    };
    let mut now = start;
    let mut cmi5 = Cmi5Session::new(launch, data, CASE, 70, 0, false, now);
    let mut sent = vec![cmi5.initialized(ids(), now)];
    let mut s = Session::new(catalogue, ProgressStore::empty()).apply(Action::StartNewAttempt {
        scenario: CASE.into(),
        strategy: None,
        now,
    });
    let mut observe = |s: &Session, now: u64, sent: &mut Vec<Value>| {
        let e = &s.catalogue()[0];
        let attempt = s.playthrough(0);
        let seen = Observed {
            scenario: &e.scenario,
            analysis: &e.analysis,
            attempt: attempt.as_ref().map(|(p, a)| (*a, p)),
        };
        sent.extend(cmi5.observe(seen, now, &mut ids).statements);
    };
    s = s.apply(Action::Begin { now });
    observe(&s, now, &mut sent);
    for choice in path {
        now += 4_000;
        s = s.apply(Action::Choose {
            choice: choice.clone(),
            confidence: None,
            now,
        });
        observe(&s, now, &mut sent);
        now += 1_000;
        s = s.apply(Action::Continue { now });
        observe(&s, now, &mut sent);
    }
    sent
}

const REG_A: &str = "11111111-1111-4111-8111-111111111111";
const REG_B: &str = "22222222-2222-4222-8222-222222222222";

#[test]
fn an_xapi_export_of_cmi5_statements_gives_the_same_report_as_the_result_codes() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let scenario = &entry.scenario;
    let s = session(CASE, None);
    let [best, _] = best_and_worst(entry, StrategyIndex::default());
    let mixed = replay(scenario, StrategyIndex::default(), &MIXED);
    let t0 = 1_795_741_200_000;
    let a = statements_of(entry, REG_A, "Ana", &best.choice_ids(scenario), t0);
    let b = statements_of(entry, REG_B, "Ben", &mixed.choice_ids(scenario), t0 + 2_500);
    assert!(a.len() > 8 && b.len() > 8);

    // As an LRS returns them: everyone's statements, newest first, with others mixed in.
    let mut all: Vec<Value> = a.iter().chain(&b).cloned().collect();
    all.sort_by_key(|st| std::cmp::Reverse(st["timestamp"].as_str().unwrap().to_string()));
    let answered: Vec<usize> = (0..all.len())
        .filter(|&i| all[i]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered")
        .collect();
    assert_eq!(answered.len(), 16);
    let mut other = all[answered[0]].clone();
    other["object"]["id"] = json!(format!("{ACTIVITY}/scenario/market-shift/node/term-sheet"));
    let again = all[answered[5]].clone(); // the same statement twice (same id)
    all.insert(3, other);
    all.insert(5, again);
    let export = json!({ "statements": all, "more": "" }).to_string();

    let imported = xapi::import(&export, &s, &catalogue).unwrap();
    assert_eq!(imported.learners, 2);
    assert_eq!(imported.problems, []);
    assert_eq!(imported.statements, 8 + 8);
    assert_eq!(imported.ignored, all.len() - 16);
    assert!(!imported.partial);
    assert_eq!(
        imported.results.iter().map(|r| r.score).collect::<Vec<_>>(),
        [100, 69]
    );
    assert!(imported.results.iter().all(|r| r.name.is_none()));
    assert!(
        !format!("{imported:?}").contains("Ana") && !format!("{imported:?}").contains("Ben"),
        "no personal data is kept"
    );

    let codes = [
        encode(&s, entry, &best, &[], None, 1),
        encode(&s, entry, &mixed, &[], None, 2),
    ];
    let from_codes: Vec<LearnerResult> = codes.iter().map(|c| checked(c, &s, &catalogue)).collect();
    let by_codes = ClassReport::of(entry, &s, &from_codes);
    let by_xapi = ClassReport::of(entry, &s, &imported.results);
    assert_eq!(by_xapi, by_codes);
    assert_eq!(by_xapi.to_csv(), by_codes.to_csv());
    assert_eq!(by_xapi.count(), 2);

    // A plain array works too, and `more` marks a partial export.
    let array = Value::Array(a.clone()).to_string();
    let only_a = xapi::import(&array, &s, &catalogue).unwrap();
    assert_eq!(only_a.results.len(), 1);
    let partial = json!({ "statements": a, "more": "/xapi/statements?more=abc" }).to_string();
    assert!(xapi::import(&partial, &s, &catalogue).unwrap().partial);
}

#[test]
fn xapi_learners_whose_statements_do_not_replay_are_reported_one_by_one() {
    let catalogue = catalogue();
    let entry = entry(&catalogue, CASE);
    let scenario = &entry.scenario;
    let s = session(CASE, None);
    let [best, worst] = best_and_worst(entry, StrategyIndex::default());
    let t0 = 1_795_741_200_000;
    let best_ids = best.choice_ids(scenario);
    let worst_ids = worst.choice_ids(scenario);

    // Learner 1 stops half-way; learner 2 answers in a scene the path never reached;
    // learner 3 gives a response the scene does not have; learner 4 abandons an attempt
    // and finishes a new one (the start scene again), which counts.
    let unfinished = statements_of(entry, REG_A, "a", &best_ids[..3], t0);
    let mut wrong_scene = statements_of(entry, REG_B, "b", &best_ids, t0 + 1);
    let mut unknown = statements_of(
        entry,
        "33333333-3333-4333-8333-333333333333",
        "c",
        &best_ids,
        t0 + 2,
    );
    let answered = |sts: &mut Vec<Value>| -> Vec<usize> {
        (0..sts.len())
            .filter(|&i| sts[i]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered")
            .collect()
    };
    let i = answered(&mut wrong_scene)[1];
    wrong_scene[i]["object"]["id"] = json!(format!("{ACTIVITY}/scenario/{CASE}/node/standoff"));
    let i = answered(&mut unknown)[2];
    unknown[i]["result"]["response"] = json!("sing-a-song");
    let restart_first = statements_of(
        entry,
        "44444444-4444-4444-8444-444444444444",
        "d",
        &worst_ids[..2],
        t0 + 3,
    );
    let restart_then = statements_of(
        entry,
        "44444444-4444-4444-8444-444444444444",
        "d",
        &worst_ids,
        t0 + 600_000,
    );
    let all: Vec<Value> = [
        unfinished,
        wrong_scene,
        unknown,
        restart_first,
        restart_then,
    ]
    .concat();
    let imported = xapi::import(&Value::Array(all).to_string(), &s, &catalogue).unwrap();
    assert_eq!(imported.learners, 4);
    let problems: Vec<String> = imported.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "learner 1: the statements stop after 3 decisions, before an ending",
            "learner 2: decision 2 is answered in `standoff`, but the path had reached `opening`",
            "learner 3: decision 3: the scene `interests` has no choice `sing-a-song`",
        ]
    );
    assert_eq!(imported.results.len(), 1);
    assert_eq!(imported.results[0].score, 0);
    assert_eq!(
        imported.results[0].playthrough.choice_ids(scenario),
        worst_ids
    );
}

#[test]
fn xapi_exports_that_cannot_be_read_are_refused_with_exact_texts() {
    let catalogue = catalogue();
    let s = session(CASE, None);
    let refused = |text: &str| xapi::import(text, &s, &catalogue).unwrap_err().to_string();
    assert_eq!(
        refused("{\"statements\": ["),
        "the file is not JSON (EOF while parsing a list at line 1 column 16)"
    );
    assert_eq!(
        refused("42"),
        "the file is not an xAPI statement export: it is a number; an export is a list of \
         statements, or an object with a `statements` list"
    );
    assert_eq!(
        refused("{\"id\": \"x\"}"),
        "the file is not an xAPI statement export: it is an object without `statements`; an \
         export is a list of statements, or an object with a `statements` list"
    );
    assert_eq!(
        refused("{\"statements\": {}}"),
        "the file is not an xAPI statement export: its `statements` is an object; an export \
         is a list of statements, or an object with a `statements` list"
    );
    assert_eq!(
        refused("[{}, \"x\"]"),
        "the file is not an xAPI statement export: item 2 of its list is a string; an \
         export is a list of statements, or an object with a `statements` list"
    );
    assert_eq!(
        refused("[]"),
        "the export has no answer to the scenario `purchasing-tech-leader`: none of its 0 \
         statements answers a Mandate decision"
    );
    let answer = |scenario: &str| {
        json!({
            "actor": { "mbox": "mailto:a@example.com" },
            "verb": { "id": "http://adlnet.gov/expapi/verbs/answered" },
            "object": { "id": format!("{ACTIVITY}/scenario/{scenario}/node/x") },
            "result": { "response": "y" },
            "timestamp": "2026-11-27T01:00:00Z",
        })
    };
    let others = json!([
        answer("market-shift"),
        answer("silo-launch-date"),
        answer("market-shift")
    ]);
    assert_eq!(
        refused(&others.to_string()),
        "the export has no answer to the scenario `purchasing-tech-leader`: its 3 answers \
         are to `market-shift` and `silo-launch-date`"
    );
    let big = format!("[{}]", " ".repeat(MAX_BYTES));
    assert_eq!(
        refused(&big),
        "the file is 5.0 MB; a statement export is read up to 5 MB (export one class at a \
         time)"
    );
    let other_session = session("negotiation-101", None);
    assert_eq!(
        xapi::import("[]", &other_session, &catalogue)
            .unwrap_err()
            .to_string(),
        "there is no scenario `negotiation-101` here; the scenarios are \
         `purchasing-tech-leader`, `sales-distributor`, `silo-launch-date`, `market-shift`, \
         `purchasing-cost-leader` and `setting-the-mandate`"
    );

    // Without a registration, statements are grouped by actor; without a timestamp
    // the learner's order is unknown.
    let mut one = answer(CASE);
    one["object"]["id"] = json!(format!("{ACTIVITY}/scenario/{CASE}/node/prep"));
    one["result"]["response"] = json!("savings-first");
    one.as_object_mut().unwrap().remove("timestamp");
    let imported = xapi::import(&json!([one]).to_string(), &s, &catalogue).unwrap();
    assert_eq!(
        imported.problems[0].to_string(),
        "learner 1: statement 1 has no readable timestamp, so the order of the decisions is \
         unknown"
    );
}
