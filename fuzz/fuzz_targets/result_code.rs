//! cargo-fuzz target `result_code`: see `mandate_fuzz::result_code` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::result_code(data));
