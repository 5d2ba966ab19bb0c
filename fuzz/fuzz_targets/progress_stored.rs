//! cargo-fuzz target `progress_stored`: see `mandate_fuzz::progress_stored` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::progress_stored(data));
