//! cargo-fuzz target `scenario`: see `mandate_fuzz::scenario` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::scenario(data));
