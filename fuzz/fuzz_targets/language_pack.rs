//! cargo-fuzz target `language_pack`: see `mandate_fuzz::language_pack` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mandate_fuzz::language_pack(data));
