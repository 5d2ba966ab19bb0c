//! The `?scenario=` parameter: what is accepted, and the exact message for each refusal.
//! Also the size and encoding checks on a scenario file's bytes.
#![cfg(not(target_arch = "wasm32"))]

use mandate::core::url_param::{self, ParamError, ScenarioPath};
use mandate::platform::fetch::{self, FileError};

const MUST: &str = "the scenario parameter must be a relative path like cases/my-case.mandate";

fn refused(value: &str) -> String {
    url_param::parse(value)
        .map(|p| panic!("`{value}` was accepted as {p}"))
        .unwrap_err()
        .to_string()
}

fn from_query(search: &str) -> Result<Option<String>, String> {
    url_param::from_query(search)
        .map(|p| p.map(|p| p.as_str().to_string()))
        .map_err(|e| e.to_string())
}

#[test]
fn relative_paths_to_scenario_files_are_accepted() {
    for value in [
        "my-case.mandate",
        "cases/my-case.mandate",
        "cases/2024/Q3_pricing.v2.mandate",
        "notes.txt",
        "./cases/my-case.mandate",
        "a-b_c/D.E/f.txt",
    ] {
        let path = url_param::parse(value).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(path.as_str(), value);
        assert_eq!(path.to_string(), value);
    }
    let path = url_param::parse("cases/2024/my-case.mandate").unwrap();
    assert_eq!(path.file_name(), "my-case.mandate");
    assert_eq!(
        url_param::parse("my-case.mandate").unwrap().file_name(),
        "my-case.mandate"
    );
}

#[test]
fn the_longest_accepted_path_is_200_characters() {
    let at_limit = format!("{}.mandate", "a".repeat(200 - ".mandate".len()));
    assert_eq!(at_limit.chars().count(), 200);
    assert!(url_param::parse(&at_limit).is_ok());
    let over = format!("a{at_limit}");
    assert_eq!(
        refused(&over),
        format!("{MUST}; it is 201 characters long, and the limit is 200")
    );
}

#[test]
fn a_scheme_is_refused() {
    assert_eq!(
        refused("https://evil.example/x.mandate"),
        "the scenario parameter must be a relative path like cases/my-case.mandate; \
         `https://evil.example/x.mandate` has a scheme"
    );
    for value in [
        "javascript:alert(1)//.mandate",
        "data:text/plain,x.mandate",
        "HTTP://evil.example/x.mandate",
        "c:/cases/x.mandate",
        "blob:x.mandate",
        "view-source+x.y:z.mandate",
    ] {
        assert_eq!(refused(value), format!("{MUST}; `{value}` has a scheme"));
    }
    assert_eq!(
        url_param::parse("https://evil.example/x.mandate"),
        Err(ParamError::Scheme {
            value: "https://evil.example/x.mandate".to_string(),
            scheme: "https".to_string()
        })
    );
}

#[test]
fn another_server_or_an_absolute_path_is_refused() {
    assert_eq!(
        refused("//evil.example/x.mandate"),
        format!("{MUST}; `//evil.example/x.mandate` starts with `//`, which names another server")
    );
    assert_eq!(
        refused("/cases/x.mandate"),
        format!(
            "{MUST}; `/cases/x.mandate` starts with `/`: write the path from the app's folder, \
             without the leading `/`"
        )
    );
}

#[test]
fn a_backslash_is_refused() {
    for value in [
        "\\\\evil.example\\x.mandate",
        "cases\\x.mandate",
        "/\\evil.example/x.mandate",
    ] {
        let message = refused(value);
        if value.starts_with('/') {
            assert!(message.contains("starts with `/`"), "{message}");
        } else {
            assert_eq!(
                message,
                format!("{MUST}; `{value}` contains a backslash: use `/` between folders")
            );
        }
    }
}

#[test]
fn a_parent_segment_is_refused() {
    for value in ["../x.mandate", "cases/../../x.mandate", "cases/..", ".."] {
        assert_eq!(
            refused(value),
            format!("{MUST}; `{value}` has a `..` segment, which would leave the app's folder")
        );
    }
    // Dots inside a name are not a segment.
    assert!(url_param::parse("cases/...mandate").is_ok());
    assert!(url_param::parse("cases/..x/y.mandate").is_ok());
}

#[test]
fn other_characters_are_refused() {
    let only = "use only letters a–z and A–Z, digits, `-`, `_`, `.` and `/`";
    assert_eq!(
        refused("cases/my case.mandate"),
        format!("{MUST}; `cases/my case.mandate` contains a space: {only}")
    );
    assert_eq!(
        refused("cases/x.mandate?raw=1"),
        format!("{MUST}; `cases/x.mandate?raw=1` contains `?`: {only}")
    );
    assert_eq!(
        refused("cases/x.mandate#top"),
        format!("{MUST}; `cases/x.mandate#top` contains `#`: {only}")
    );
    assert_eq!(
        refused("cases/a:b.mandate"),
        format!("{MUST}; `cases/a:b.mandate` contains `:`: {only}")
    );
    assert_eq!(
        refused("cases/é.mandate"),
        format!("{MUST}; `cases/é.mandate` contains `é`: {only}")
    );
    assert_eq!(
        refused("ca\tses/x.mandate"),
        format!("{MUST}; `ca\tses/x.mandate` contains the control character \\u{{9}}: {only}")
    );
    assert_eq!(
        refused("<script>.mandate"),
        format!("{MUST}; `<script>.mandate` contains `<`: {only}")
    );
}

#[test]
fn a_file_that_is_not_a_scenario_is_refused() {
    for value in [
        "cases/",
        "index.html",
        "cases/x.mandate.js",
        "x.MANDATE.exe",
        "x",
    ] {
        assert_eq!(
            refused(value),
            format!("{MUST}; `{value}` does not end in `.mandate` or `.txt`")
        );
    }
}

#[test]
fn an_empty_parameter_is_refused() {
    assert_eq!(refused(""), format!("{MUST}; it is empty"));
    assert_eq!(
        from_query("?scenario="),
        Err(format!("{MUST}; it is empty"))
    );
    assert_eq!(from_query("?scenario"), Err(format!("{MUST}; it is empty")));
}

#[test]
fn a_remaining_percent_escape_is_refused_with_what_it_reads() {
    // The address is decoded once; an escape inside it would be decoded again by the
    // request, so it must not be there at all.
    assert_eq!(
        refused("cases/%2e%2e/x.mandate"),
        format!(
            "{MUST}; `cases/%2e%2e/x.mandate` contains `%` escapes (they read \
             `cases/../x.mandate`): write the path without escapes"
        )
    );
    assert_eq!(
        refused("%2F%2Fevil.example/x.mandate"),
        format!(
            "{MUST}; `%2F%2Fevil.example/x.mandate` contains `%` escapes (they read \
             `//evil.example/x.mandate`): write the path without escapes"
        )
    );
    assert_eq!(
        refused("cases/100%.mandate"),
        format!("{MUST}; `cases/100%.mandate` contains `%`")
    );
}

#[test]
fn the_query_string_is_decoded_once_before_checking() {
    assert_eq!(
        from_query("?scenario=cases/my-case.mandate"),
        Ok(Some("cases/my-case.mandate".to_string()))
    );
    assert_eq!(
        from_query("?lang=en&scenario=cases%2Fmy-case.mandate&x"),
        Ok(Some("cases/my-case.mandate".to_string()))
    );
    assert_eq!(from_query(""), Ok(None));
    assert_eq!(from_query("?"), Ok(None));
    assert_eq!(from_query("?lang=en&scenarios=x.mandate"), Ok(None));
    // Escapes that decode to something refused are refused as what they decode to.
    assert_eq!(
        from_query("?scenario=https%3A%2F%2Fevil.example%2Fx.mandate"),
        Err(format!(
            "{MUST}; `https://evil.example/x.mandate` has a scheme"
        ))
    );
    assert_eq!(
        from_query("?scenario=%2F%2Fevil.example/x.mandate"),
        Err(format!(
            "{MUST}; `//evil.example/x.mandate` starts with `//`, which names another server"
        ))
    );
    assert_eq!(
        from_query("?scenario=cases/%2E%2E/%2E%2E/x.mandate"),
        Err(format!(
            "{MUST}; `cases/../../x.mandate` has a `..` segment, which would leave the app's folder"
        ))
    );
    assert_eq!(
        from_query("?scenario=%5C%5Cevil%5Cx.mandate"),
        Err(format!(
            "{MUST}; `\\\\evil\\x.mandate` contains a backslash: use `/` between folders"
        ))
    );
    // Escaped twice: one `%` escape is left after the address's own decoding.
    assert_eq!(
        from_query("?scenario=cases/%252e%252e/x.mandate"),
        Err(format!(
            "{MUST}; `cases/%2e%2e/x.mandate` contains `%` escapes (they read \
             `cases/../x.mandate`): write the path without escapes"
        ))
    );
    // `+` is a space in a query string.
    assert_eq!(
        from_query("?scenario=my+case.mandate"),
        Err(format!(
            "{MUST}; `my case.mandate` contains a space: use only letters a–z and A–Z, digits, \
             `-`, `_`, `.` and `/`"
        ))
    );
    // Bytes that are not UTF-8 become U+FFFD and are refused as a character.
    assert_eq!(
        from_query("?scenario=%FF.mandate"),
        Err(format!(
            "{MUST}; `\u{fffd}.mandate` contains `\u{fffd}`: use only letters a–z and A–Z, \
             digits, `-`, `_`, `.` and `/`"
        ))
    );
}

#[test]
fn a_repeated_parameter_is_refused() {
    assert_eq!(
        from_query("?scenario=a.mandate&scenario=https://evil.example/x.mandate"),
        Err(
            "the scenario parameter is given 2 times; give it once, like \
             ?scenario=cases/my-case.mandate"
                .to_string()
        )
    );
}

#[test]
fn a_long_parameter_is_not_echoed() {
    let long = format!("https://evil.example/{}.mandate", "x".repeat(500));
    let message = refused(&long);
    assert_eq!(
        message,
        format!("{MUST}; it is 529 characters long, and the limit is 200")
    );
    assert!(!message.contains("evil"));
}

#[test]
fn only_a_validated_path_can_be_fetched() {
    // `fetch_text` takes a `ScenarioPath`, and the only way to get one is `parse`.
    fn fetchable(_: &ScenarioPath) {}
    fetchable(&url_param::parse("cases/ok.mandate").unwrap());
}

#[test]
fn file_text_is_at_most_1_mb_of_utf8() {
    assert_eq!(
        fetch::text_of("ok.mandate", "scenario: x\n".as_bytes().to_vec()),
        Ok("scenario: x\n".to_string())
    );
    // A byte-order mark is dropped.
    assert_eq!(
        fetch::text_of("bom.mandate", b"\xEF\xBB\xBFscenario: x".to_vec()),
        Ok("scenario: x".to_string())
    );
    assert_eq!(
        fetch::text_of("exact.mandate", vec![b'#'; fetch::MAX_BYTES]).map(|t| t.len()),
        Ok(fetch::MAX_BYTES)
    );
    let big = fetch::text_of("big.mandate", vec![b'#'; fetch::MAX_BYTES + 1]).unwrap_err();
    assert_eq!(
        big.to_string(),
        "`big.mandate` is not opened: it is 1,048,577 bytes, and a scenario file can be at most \
         1 MB (1,048,576 bytes)"
    );
    let cut = FileError::TooLarge {
        source: "cases/big.mandate".to_string(),
        bytes: None,
    };
    assert_eq!(
        cut.to_string(),
        "`cases/big.mandate` is not opened: it is larger than 1 MB (1,048,576 bytes), the most a \
         scenario file can be"
    );
    let latin1 = fetch::text_of("latin1.mandate", b"title: ok\nprice: 5\xA0\xE9\n".to_vec());
    assert_eq!(
        latin1,
        Err(FileError::NotUtf8 {
            source: "latin1.mandate".to_string(),
            line: 2
        })
    );
    assert_eq!(
        latin1.unwrap_err().to_string(),
        "`latin1.mandate` is not opened: it is not UTF-8 text (line 2 has bytes that are not \
         UTF-8); save it as UTF-8 and open it again"
    );
}

#[test]
fn fetch_failures_say_what_happened() {
    let status = FileError::Status {
        source: "cases/missing.mandate".to_string(),
        status: 404,
        text: "Not Found".to_string(),
    };
    assert_eq!(
        status.to_string(),
        "`cases/missing.mandate` could not be fetched: the server answered 404 Not Found"
    );
    let bare = FileError::Status {
        source: "cases/missing.mandate".to_string(),
        status: 404,
        text: String::new(),
    };
    assert_eq!(
        bare.to_string(),
        "`cases/missing.mandate` could not be fetched: the server answered 404"
    );
    let network = FileError::Network {
        source: "cases/ok.mandate".to_string(),
        why: "TypeError: Failed to fetch".to_string(),
    };
    assert_eq!(
        network.to_string(),
        "`cases/ok.mandate` could not be fetched (TypeError: Failed to fetch); check the address \
         and your connection"
    );
}

#[test]
fn embed_mode_is_asked_for_with_embed_1() {
    use mandate::core::url_param::embed_mode;
    assert!(embed_mode("?embed=1"));
    assert!(embed_mode("?scenario=cases/a.mandate&embed=true"));
    assert!(!embed_mode(""));
    assert!(!embed_mode("?embed=0"));
    assert!(!embed_mode("?embed"));
    assert!(!embed_mode("?embedded=1"));
    assert!(!embed_mode("?embed=%3Cscript%3E"));
}
