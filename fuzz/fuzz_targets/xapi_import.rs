//! cargo-fuzz target `xapi_import`: see `mandate_fuzz::xapi_import` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::xapi_import(data));
