//! cargo-fuzz target `lms_launch`: see `mandate_fuzz::lms_launch` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::lms_launch(data));
