//! cargo-fuzz target `url_query`: see `mandate_fuzz::url_query` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::url_query(data));
