//! cargo-fuzz target `suspend_data`: see `mandate_fuzz::suspend_data` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::suspend_data(data));
