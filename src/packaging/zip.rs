//! A small deterministic zip writer: raw deflate from `miniz_oxide` (or stored, when
//! deflating does not shrink a file), CRC-32, local headers, the central directory and the
//! end record. No zip64: at most 65 534 entries and 4 GiB, far above any package.
//!
//! The same input always gives the same bytes: entries are sorted by name and every one
//! carries the same DOS timestamp ([`DOS_DATE`], [`DOS_TIME`]: 1980-01-01 00:00:00).

use std::fmt;

/// 1980-01-01, the earliest DOS date: `(year - 1980) << 9 | month << 5 | day`.
pub const DOS_DATE: u16 = (1 << 5) | 1;
/// 00:00:00.
pub const DOS_TIME: u16 = 0;

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_RECORD: u32 = 0x0605_4b50;
/// Version 2.0: needed to extract deflate.
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), spec version 2.0, so that unzip restores `rw-r--r--`.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// `-rw-r--r--` in the high half of the external attributes.
const UNIX_FILE_MODE: u32 = 0o100_644 << 16;
/// General purpose flag bit 11: the name is UTF-8.
const UTF8_NAME: u16 = 1 << 11;

pub use crate::core::crc::crc32;

/// How an entry's bytes are kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Stored,
    Deflated,
}

impl Method {
    fn code(self) -> u16 {
        match self {
            Method::Stored => 0,
            Method::Deflated => 8,
        }
    }
}

/// Why a zip could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZipError {
    /// Empty, absolute, with `\`, or with an empty, `.` or `..` segment.
    BadName(String),
    /// Two entries with the same name.
    Duplicate(String),
    /// An entry or the whole archive needs zip64.
    TooLarge(String),
}

impl fmt::Display for ZipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZipError::BadName(name) => write!(
                f,
                "`{name}` cannot be a zip entry: it must be a relative path with `/` separators"
            ),
            ZipError::Duplicate(name) => write!(f, "`{name}` is in the zip twice"),
            ZipError::TooLarge(what) => write!(f, "{what} is too large for a zip without zip64"),
        }
    }
}

impl std::error::Error for ZipError {}

/// One file of a zip, compressed once: the same entry can go into many archives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    name: String,
    crc: u32,
    size: u32,
    method: Method,
    payload: Vec<u8>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= u16::MAX as usize
        && !name.contains('\\')
        && !name.chars().any(char::is_control)
        && name
            .split('/')
            .all(|segment| !matches!(segment, "" | "." | ".."))
}

impl Entry {
    /// Compresses `data` for the entry `name` (a relative path with `/` separators).
    /// Deflate at level 9, or stored when that is not smaller.
    pub fn new(name: impl Into<String>, data: &[u8]) -> Result<Entry, ZipError> {
        let name = name.into();
        if !valid_name(&name) {
            return Err(ZipError::BadName(name));
        }
        let size = u32::try_from(data.len())
            .ok()
            .filter(|&s| s < u32::MAX)
            .ok_or_else(|| ZipError::TooLarge(name.clone()))?;
        let deflated = miniz_oxide::deflate::compress_to_vec(data, 9);
        let (method, payload) = if deflated.len() < data.len() {
            (Method::Deflated, deflated)
        } else {
            (Method::Stored, data.to_vec())
        };
        Ok(Entry {
            crc: crc32(data),
            name,
            size,
            method,
            payload,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn method(&self) -> Method {
        self.method
    }

    /// The file's size before compression.
    pub fn size(&self) -> u32 {
        self.size
    }

    /// The bytes it takes in the archive (without headers).
    pub fn compressed_size(&self) -> u32 {
        self.payload.len() as u32
    }

    pub fn crc(&self) -> u32 {
        self.crc
    }

    fn flags(&self) -> u16 {
        if self.name.is_ascii() { 0 } else { UTF8_NAME }
    }
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The zip archive of `entries`, sorted by name, every one at the path it names.
pub fn write(entries: &[Entry]) -> Result<Vec<u8>, ZipError> {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = sorted.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(ZipError::Duplicate(pair[0].name.clone()));
    }
    if sorted.len() >= u16::MAX as usize {
        return Err(ZipError::TooLarge(format!("{} entries", sorted.len())));
    }
    let too_large = || ZipError::TooLarge("the archive".to_string());
    let mut out = Vec::new();
    let mut offsets = Vec::with_capacity(sorted.len());
    for e in &sorted {
        offsets.push(u32::try_from(out.len()).map_err(|_| too_large())?);
        u32le(&mut out, LOCAL_HEADER);
        u16le(&mut out, VERSION_NEEDED);
        u16le(&mut out, e.flags());
        u16le(&mut out, e.method.code());
        u16le(&mut out, DOS_TIME);
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.compressed_size());
        u32le(&mut out, e.size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0); // extra field length
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.payload);
    }
    let directory_start = u32::try_from(out.len()).map_err(|_| too_large())?;
    for (e, offset) in sorted.iter().zip(offsets) {
        u32le(&mut out, CENTRAL_HEADER);
        u16le(&mut out, VERSION_MADE_BY);
        u16le(&mut out, VERSION_NEEDED);
        u16le(&mut out, e.flags());
        u16le(&mut out, e.method.code());
        u16le(&mut out, DOS_TIME);
        u16le(&mut out, DOS_DATE);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.compressed_size());
        u32le(&mut out, e.size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0); // extra field length
        u16le(&mut out, 0); // comment length
        u16le(&mut out, 0); // disk number start
        u16le(&mut out, 0); // internal attributes
        u32le(&mut out, UNIX_FILE_MODE);
        u32le(&mut out, offset);
        out.extend_from_slice(e.name.as_bytes());
    }
    let directory_end = u32::try_from(out.len()).map_err(|_| too_large())?;
    u32le(&mut out, END_RECORD);
    u16le(&mut out, 0); // this disk
    u16le(&mut out, 0); // disk with the central directory
    u16le(&mut out, sorted.len() as u16);
    u16le(&mut out, sorted.len() as u16);
    u32le(&mut out, directory_end - directory_start);
    u32le(&mut out, directory_start);
    u16le(&mut out, 0); // comment length
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// Reads the archive back through its central directory: (name, method, data).
    fn read_back(zip: &[u8]) -> Vec<(String, u16, Vec<u8>)> {
        let end = zip.len() - 22;
        assert_eq!(u32_at(zip, end), END_RECORD);
        let count = u16_at(zip, end + 10) as usize;
        let mut at = u32_at(zip, end + 16) as usize;
        assert_eq!(
            at + u32_at(zip, end + 12) as usize,
            end,
            "the directory ends where the end record starts"
        );
        let mut files = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(zip, at), CENTRAL_HEADER);
            let method = u16_at(zip, at + 10);
            assert_eq!(
                (u16_at(zip, at + 12), u16_at(zip, at + 14)),
                (DOS_TIME, DOS_DATE)
            );
            let crc = u32_at(zip, at + 16);
            let csize = u32_at(zip, at + 20) as usize;
            let size = u32_at(zip, at + 24) as usize;
            let name_len = u16_at(zip, at + 28) as usize;
            let local = u32_at(zip, at + 42) as usize;
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            at += 46 + name_len;

            assert_eq!(u32_at(zip, local), LOCAL_HEADER);
            assert_eq!(u16_at(zip, local + 8), method);
            assert_eq!(u32_at(zip, local + 14), crc);
            let local_name = u16_at(zip, local + 26) as usize;
            let start = local + 30 + local_name + u16_at(zip, local + 28) as usize;
            let payload = &zip[start..start + csize];
            let data = match method {
                0 => payload.to_vec(),
                8 => miniz_oxide::inflate::decompress_to_vec(payload).unwrap(),
                m => panic!("method {m}"),
            };
            assert_eq!(data.len(), size);
            assert_eq!(crc32(&data), crc);
            files.push((name, method, data));
        }
        assert_eq!(at, end);
        files
    }

    #[test]
    fn crc32_matches_the_check_values() {
        assert_eq!(crc32(b""), 0);
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
    }

    #[test]
    fn the_dos_timestamp_is_1980_01_01_midnight() {
        assert_eq!(DOS_DATE >> 9, 0);
        assert_eq!((DOS_DATE >> 5) & 0xF, 1);
        assert_eq!(DOS_DATE & 0x1F, 1);
        assert_eq!(DOS_TIME, 0);
    }

    #[test]
    fn text_is_deflated_and_incompressible_bytes_are_stored() {
        let text = "<p>negotiate</p>\n".repeat(200);
        let e = Entry::new("index.html", text.as_bytes()).unwrap();
        assert_eq!(e.method(), Method::Deflated);
        assert!(e.compressed_size() < e.size() / 10);
        // A short pseudo-random run does not shrink.
        let mut x = 0x1234_5678u32;
        let noise: Vec<u8> = (0..256)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect();
        let e = Entry::new("noise.bin", &noise).unwrap();
        assert_eq!(e.method(), Method::Stored);
        assert_eq!(e.compressed_size(), 256);
        let empty = Entry::new("empty.txt", b"").unwrap();
        assert_eq!(
            (empty.method(), empty.size(), empty.crc()),
            (Method::Stored, 0, 0)
        );
    }

    #[test]
    fn archives_read_back_sorted_and_byte_identical_every_time() {
        let entries = vec![
            Entry::new("index.html", "<!doctype html>".repeat(50).as_bytes()).unwrap(),
            Entry::new("assets/x.svg", b"<svg/>").unwrap(),
            Entry::new("app.js", b"").unwrap(),
            Entry::new("Straße/ü.css", b"p{}").unwrap(),
        ];
        let zip = write(&entries).unwrap();
        let files = read_back(&zip);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            ["Straße/ü.css", "app.js", "assets/x.svg", "index.html"]
        );
        assert_eq!(files[3].1, 8);
        assert_eq!(files[3].2, "<!doctype html>".repeat(50).as_bytes());
        assert_eq!(files[2].2, b"<svg/>");
        // Bit 11 (UTF-8) only on the non-ASCII name.
        assert_eq!(u16_at(&zip, 6), UTF8_NAME);
        let mut reversed = entries.clone();
        reversed.reverse();
        assert_eq!(write(&reversed).unwrap(), zip);
    }

    #[test]
    fn an_empty_archive_is_just_the_end_record() {
        let zip = write(&[]).unwrap();
        assert_eq!(zip.len(), 22);
        assert!(read_back(&zip).is_empty());
    }

    #[test]
    fn bad_names_and_duplicates_are_refused() {
        for bad in ["", "/abs", "a\\b", "a/../b", "./a", "a//b", "dir/", "a\nb"] {
            assert_eq!(
                Entry::new(bad, b"x"),
                Err(ZipError::BadName(bad.to_string())),
                "{bad:?}"
            );
        }
        let twice = [
            Entry::new("a.txt", b"1").unwrap(),
            Entry::new("a.txt", b"2").unwrap(),
        ];
        assert_eq!(write(&twice), Err(ZipError::Duplicate("a.txt".into())));
        assert_eq!(
            ZipError::BadName("/abs".into()).to_string(),
            "`/abs` cannot be a zip entry: it must be a relative path with `/` separators"
        );
    }
}
