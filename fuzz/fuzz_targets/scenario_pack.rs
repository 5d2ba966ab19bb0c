//! cargo-fuzz target `scenario_pack`: see `mandate_fuzz::scenario_pack` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::scenario_pack(data));
