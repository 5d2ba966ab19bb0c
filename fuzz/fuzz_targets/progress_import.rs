//! cargo-fuzz target `progress_import`: see `mandate_fuzz::progress_import` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::progress_import(data));
