//! cargo-fuzz target `translation`: see `mandate_fuzz::translation` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::translation(data));
