//! cargo-fuzz target `facilitation_run`: see `mandate_fuzz::facilitation_run` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::facilitation_run(data));
