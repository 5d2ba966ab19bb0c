//! Property tests of the saved-progress encoding: any document this build can make
//! encodes and decodes back to itself; decoding never panics on any input (arbitrary
//! bytes, mutated saves); merging is idempotent and never loses a finished attempt.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::progress::{
    self, AttemptRecord, BestResult, ProgressStore, SavedAttempt, SavedProgress, ScenarioRecord,
    merge_stores,
};

/// SplitMix64: small, deterministic randomness.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn id(&mut self) -> String {
        const WORDS: [&str; 8] = [
            "open", "ask", "price", "walk", "trade", "gates", "x1", "a-b",
        ];
        WORDS[self.below(8) as usize].to_string()
    }
    fn hash(&mut self) -> String {
        format!("{:016x}", self.next())
    }
}

fn attempt(rng: &mut Rng) -> SavedAttempt {
    let n = rng.below(9) as usize;
    SavedAttempt {
        hash: rng.hash(),
        strategy: (rng.below(2) == 0).then(|| "cost-leadership".to_string()),
        choices: (0..n).map(|_| rng.id()).collect(),
        confidence: (0..rng.below(n as u64 + 1))
            .map(|_| rng.below(4) as u8)
            .collect(),
        briefed: rng.below(2) == 0,
        feedback: rng.below(2) == 0,
        started: rng.below(1 << 42),
        updated: rng.below(1 << 42),
    }
}

fn record(rng: &mut Rng) -> ScenarioRecord {
    let mut r = ScenarioRecord {
        attempt: (rng.below(3) > 0).then(|| attempt(rng)),
        best: (rng.below(2) == 0).then(|| BestResult {
            score: rng.below(101) as u8,
            passed: rng.below(2) == 0,
            at: rng.below(1 << 42),
        }),
        completions: rng.below(20) as u32,
        practice: (rng.below(4) == 0).then(|| attempt(rng)),
        history: vec![],
    };
    for _ in 0..rng.below(6) {
        let a = attempt(rng);
        let finished = rng.below(3) > 0;
        r.remember(AttemptRecord {
            finished: finished.then(|| a.started + 1),
            score: finished.then(|| rng.below(101) as u8),
            passed: finished.then(|| rng.below(2) == 0),
            ..AttemptRecord::unfinished(&a)
        });
    }
    r
}

fn store(rng: &mut Rng) -> ProgressStore {
    let mut s = ProgressStore::empty();
    for i in 0..rng.below(4) {
        s.scenarios.insert(format!("case-{i}"), record(rng));
    }
    if rng.below(2) == 0 {
        s.active = s.scenarios.keys().next().cloned();
    }
    s
}

fn document(rng: &mut Rng) -> SavedProgress {
    let mut saved: SavedProgress = store(rng).into();
    for i in 0..rng.below(3) {
        let name = format!("Learner “{i}” — Ünïcode");
        saved.add_profile(&name, rng.below(1 << 42)).unwrap();
        *saved.store_mut() = store(rng);
    }
    saved
}

#[test]
fn encode_then_decode_is_the_identity() {
    let mut rng = Rng(7);
    for _ in 0..2_000 {
        let saved = document(&mut rng);
        let text = progress::encode(&saved);
        assert_eq!(progress::decode(&text).as_ref(), Ok(&saved), "{text}");
        assert_eq!(
            progress::decode(&progress::encode_for_export(&saved)).as_ref(),
            Ok(&saved)
        );
    }
}

#[test]
fn decode_never_panics() {
    let mut rng = Rng(11);
    let mut cases = 0;
    for _ in 0..2_000 {
        let text = progress::encode(&document(&mut rng));
        let bytes = text.as_bytes();
        for _ in 0..10 {
            let mut mutated = bytes.to_vec();
            match rng.below(4) {
                0 => {
                    let at = rng.below(mutated.len() as u64) as usize;
                    mutated.truncate(at);
                }
                1 => {
                    let at = rng.below(mutated.len() as u64) as usize;
                    mutated[at] = rng.below(256) as u8;
                }
                2 => {
                    let at = rng.below(mutated.len() as u64) as usize;
                    let insert: &[u8] = match rng.below(5) {
                        0 => b"1e999",
                        1 => b"-1",
                        2 => b"null",
                        3 => b"\"\\u0000\"",
                        _ => b"{\"schema\":",
                    };
                    mutated.splice(at..at, insert.iter().copied());
                }
                _ => mutated = (0..rng.below(64)).map(|_| rng.below(256) as u8).collect(),
            }
            let _ = progress::decode_import(&mutated);
            if let Ok(text) = std::str::from_utf8(&mutated) {
                let _ = progress::decode(text);
            }
            cases += 1;
        }
    }
    assert_eq!(cases, 20_000);
}

#[test]
fn merging_is_idempotent_and_keeps_every_finished_attempt() {
    let mut rng = Rng(13);
    for _ in 0..1_000 {
        let (a, b) = (store(&mut rng), store(&mut rng));
        let merged = merge_stores(&a, &b);
        assert_eq!(merge_stores(&merged, &b), merged);
        assert_eq!(merged.active, a.active);
        for (id, r) in a.scenarios.iter().chain(&b.scenarios) {
            for h in r.history.iter().filter(|h| h.finished.is_some()) {
                assert!(
                    merged.scenarios[id].history.contains(h),
                    "{id}: a finished attempt was lost"
                );
            }
        }
    }
}
