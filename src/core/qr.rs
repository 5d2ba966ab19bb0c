//! QR codes (Model 2, ISO/IEC 18004), made here and drawn as SVG: a session link or a
//! learner's result code becomes a picture a phone can scan, with no network and no
//! JavaScript library.
//!
//! One segment per code: numeric mode for digits only, alphanumeric mode when every
//! character is in the 45-character set (`0–9 A–Z space $ % * + - . / :`), byte mode
//! (UTF-8) otherwise. The smallest version (1–40) that holds the text at the requested
//! error-correction level is chosen; [`QrCode::encode`] then raises the level while the
//! text still fits that version. Data and Reed–Solomon codewords (GF(256), polynomial
//! 0x11D) are interleaved by block, placed in the zigzag order around the function
//! patterns, and each of the eight masks is scored with the standard's four penalty
//! rules; the lowest wins (the first of equals).
//!
//! Pure: no I/O, no clock, no randomness — the same text always gives the same code.

use std::fmt;
use std::fmt::Write as _;

use crate::core::i18n::Messages;
use crate::tr;

/// The smallest version: 21 × 21 modules.
pub const MIN_VERSION: u8 = 1;
/// The largest version: 177 × 177 modules.
pub const MAX_VERSION: u8 = 40;
/// Light modules around the code on every side, as the standard requires.
pub const QUIET_ZONE: usize = 4;

/// The error-correction level: the share of damaged codewords a reader can repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ecl {
    /// About 7 %.
    L,
    /// About 15 %.
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

impl Ecl {
    /// Every level, from the lowest.
    pub const ALL: [Ecl; 4] = [Ecl::L, Ecl::M, Ecl::Q, Ecl::H];

    /// `L`, `M`, `Q` or `H`.
    pub fn letter(self) -> char {
        match self {
            Ecl::L => 'L',
            Ecl::M => 'M',
            Ecl::Q => 'Q',
            Ecl::H => 'H',
        }
    }

    /// The level named by its letter, either case.
    pub fn from_letter(text: &str) -> Option<Ecl> {
        Ecl::ALL
            .into_iter()
            .find(|e| text.len() == 1 && text.eq_ignore_ascii_case(&e.letter().to_string()))
    }

    /// About how many percent of the codewords can be restored.
    pub fn recovers_percent(self) -> u8 {
        match self {
            Ecl::L => 7,
            Ecl::M => 15,
            Ecl::Q => 25,
            Ecl::H => 30,
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The two bits the format information carries for the level.
    fn format_bits(self) -> u32 {
        match self {
            Ecl::L => 0b01,
            Ecl::M => 0b00,
            Ecl::Q => 0b11,
            Ecl::H => 0b10,
        }
    }
}

impl fmt::Display for Ecl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char(self.letter())
    }
}

/// How the text's characters become bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Digits, three to 10 bits.
    Numeric,
    /// The 45-character set, two to 11 bits.
    Alphanumeric,
    /// UTF-8 bytes, 8 bits each.
    Byte,
}

/// The alphanumeric mode's characters; a character's value is its index.
const ALPHANUMERIC: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

impl Mode {
    /// The most compact single mode for `text`: numeric for digits only, alphanumeric
    /// when every character is in the 45-character set, byte otherwise (and for "").
    pub fn of(text: &str) -> Mode {
        if text.is_empty() {
            Mode::Byte
        } else if text.bytes().all(|b| b.is_ascii_digit()) {
            Mode::Numeric
        } else if text.bytes().all(|b| ALPHANUMERIC.contains(&b)) {
            Mode::Alphanumeric
        } else {
            Mode::Byte
        }
    }

    /// `numeric`, `alphanumeric` or `byte`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Numeric => "numeric",
            Mode::Alphanumeric => "alphanumeric",
            Mode::Byte => "byte",
        }
    }

    /// What the mode counts: digits, characters or bytes.
    fn unit(self, t: &Messages) -> &str {
        match self {
            Mode::Numeric => tr!(t, "errors.qr-digits"),
            Mode::Alphanumeric => tr!(t, "errors.qr-characters"),
            Mode::Byte => tr!(t, "errors.qr-bytes"),
        }
    }

    fn indicator(self) -> u32 {
        match self {
            Mode::Numeric => 0b0001,
            Mode::Alphanumeric => 0b0010,
            Mode::Byte => 0b0100,
        }
    }

    /// Width of the character count field at `version`.
    fn count_bits(self, version: u8) -> usize {
        let band = match version {
            ..=9 => 0,
            10..=26 => 1,
            _ => 2,
        };
        match self {
            Mode::Numeric => [10, 12, 14][band],
            Mode::Alphanumeric => [9, 11, 13][band],
            Mode::Byte => [8, 16, 16][band],
        }
    }

    /// Bits for `length` characters (bytes in byte mode), without header.
    fn data_bits(self, length: usize) -> usize {
        match self {
            Mode::Numeric => length / 3 * 10 + [0, 4, 7][length % 3],
            Mode::Alphanumeric => length / 2 * 11 + length % 2 * 6,
            Mode::Byte => length * 8,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a text has no QR code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QrError {
    /// More than version 40 holds at the level: `length` in the mode's unit (digits,
    /// characters or UTF-8 bytes), `max` the most it holds.
    TooLong {
        length: usize,
        mode: Mode,
        ecl: Ecl,
        max: usize,
    },
}

impl QrError {
    /// Why, in the interface language.
    pub fn message(&self, t: &Messages) -> String {
        match self {
            QrError::TooLong {
                length,
                mode,
                ecl,
                max,
            } => tr!(
                t,
                "errors.qr-too-long",
                length = t.integer(*length as i64),
                unit = mode.unit(t),
                max = t.integer(*max as i64),
                level = ecl
            ),
        }
    }
}

crate::display_in_english!(QrError);

impl std::error::Error for QrError {}

/// Error-correction codewords per block, by level and version (index 0 unused).
const ECC_PER_BLOCK: [[u8; 41]; 4] = [
    [
        0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28,
        30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ],
    [
        0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30,
        30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
];

/// Error-correction blocks, by level and version (index 0 unused).
const BLOCKS: [[u8; 41]; 4] = [
    [
        0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13,
        14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
    ],
    [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
        23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ],
    [
        0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29,
        34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
    ],
    [
        0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32,
        35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
    ],
];

/// Modules per side at `version`.
fn side(version: u8) -> usize {
    usize::from(version) * 4 + 17
}

/// Modules left for codewords once the function patterns and the format and version
/// information are placed (remainder bits included).
fn raw_data_modules(version: u8) -> usize {
    let v = usize::from(version);
    let mut modules = (16 * v + 128) * v + 64;
    if v >= 2 {
        let align = v / 7 + 2;
        modules -= (25 * align - 10) * align - 55;
        if v >= 7 {
            modules -= 36;
        }
    }
    modules
}

/// Data codewords (not error correction) at `version` and `ecl`.
fn data_codewords(version: u8, ecl: Ecl) -> usize {
    let v = usize::from(version);
    raw_data_modules(version) / 8
        - usize::from(ECC_PER_BLOCK[ecl.index()][v]) * usize::from(BLOCKS[ecl.index()][v])
}

/// The most characters of `mode` (bytes in byte mode) that `version` holds at `ecl`.
///
/// Panics if `version` is not in 1..=40.
pub fn capacity(version: u8, ecl: Ecl, mode: Mode) -> usize {
    assert!(
        (MIN_VERSION..=MAX_VERSION).contains(&version),
        "QR version {version} is not in 1..=40"
    );
    let count_bits = mode.count_bits(version);
    let bits = data_codewords(version, ecl) * 8 - 4 - count_bits;
    let fits = match mode {
        Mode::Numeric => {
            bits / 10 * 3
                + match bits % 10 {
                    7.. => 2,
                    4.. => 1,
                    _ => 0,
                }
        }
        Mode::Alphanumeric => bits / 11 * 2 + usize::from(bits % 11 >= 6),
        Mode::Byte => bits / 8,
    };
    fits.min((1 << count_bits) - 1)
}

/// A QR code: a square of dark (`true`) and light modules, without its quiet zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrCode {
    version: u8,
    size: usize,
    ecl: Ecl,
    mode: Mode,
    mask: u8,
    /// Row by row, `size × size`.
    modules: Vec<bool>,
}

impl QrCode {
    /// The code for `text` in the smallest version that holds it at level `ecl`, with
    /// the level then raised as far as the text still fits that version (`ecl` is a
    /// minimum: [`QrCode::ecl`] tells the level used).
    pub fn encode(text: &str, ecl: Ecl) -> Result<QrCode, QrError> {
        Self::encode_with(text, ecl, true, None)
    }

    /// The code for `text` at exactly level `ecl`, in the smallest version that holds it.
    pub fn encode_exact(text: &str, ecl: Ecl) -> Result<QrCode, QrError> {
        Self::encode_with(text, ecl, false, None)
    }

    fn encode_with(text: &str, ecl: Ecl, boost: bool, mask: Option<u8>) -> Result<QrCode, QrError> {
        let mode = Mode::of(text);
        let length = text.len();
        let Some(version) = (MIN_VERSION..=MAX_VERSION).find(|&v| length <= capacity(v, ecl, mode))
        else {
            return Err(QrError::TooLong {
                length,
                mode,
                ecl,
                max: capacity(MAX_VERSION, ecl, mode),
            });
        };
        let ecl = if boost {
            Ecl::ALL
                .into_iter()
                .filter(|&e| e >= ecl && length <= capacity(version, e, mode))
                .max()
                .unwrap_or(ecl)
        } else {
            ecl
        };
        let data = data_stream(text, mode, version, ecl);
        let codewords = add_ecc_and_interleave(&data, version, ecl);
        Ok(Grid::build(version, ecl, mode, &codewords, mask))
    }

    /// 1 to 40.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// Modules per side, without the quiet zone: `4 × version + 17`.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The error-correction level used.
    pub fn ecl(&self) -> Ecl {
        self.ecl
    }

    /// The mode the text was encoded in.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The mask chosen, 0 to 7.
    pub fn mask(&self) -> u8 {
        self.mask
    }

    /// Whether the module at column `x`, row `y` is dark; light outside the code.
    pub fn module(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.modules[y * self.size + x]
    }

    /// The code as a self-contained SVG document: a white square with the quiet zone
    /// and one black `<path>` of the dark modules (each row's runs merged), measured in
    /// modules by its `viewBox`, with `crispEdges` so no seams show between modules.
    /// No scripts, no external references.
    pub fn to_svg(&self, options: &SvgOptions<'_>) -> String {
        let full = self.size + 2 * QUIET_ZONE;
        let mut svg = String::with_capacity(200 + self.size * self.size * 4);
        svg.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"");
        let _ = write!(svg, " viewBox=\"0 0 {full} {full}\"");
        if let Some(px) = options.size {
            let _ = write!(svg, " width=\"{px}\" height=\"{px}\"");
        }
        let _ = write!(
            svg,
            " shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\">",
            super::xml::escape_xml(options.label)
        );
        let _ = write!(
            svg,
            "<rect width=\"{full}\" height=\"{full}\" fill=\"#fff\"/><path fill=\"#000\" d=\""
        );
        let mut first = true;
        for y in 0..self.size {
            let row = &self.modules[y * self.size..(y + 1) * self.size];
            let mut x = 0;
            while x < self.size {
                if !row[x] {
                    x += 1;
                    continue;
                }
                let start = x;
                while x < self.size && row[x] {
                    x += 1;
                }
                let run = x - start;
                if !first {
                    svg.push(' ');
                }
                first = false;
                let _ = write!(
                    svg,
                    "M{},{}h{run}v1h-{run}z",
                    start + QUIET_ZONE,
                    y + QUIET_ZONE
                );
            }
        }
        svg.push_str("\"/></svg>");
        svg
    }
}

/// How [`QrCode::to_svg`] draws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SvgOptions<'a> {
    /// The accessible name (`aria-label`), e.g. "QR code for the session link".
    pub label: &'a str,
    /// `width` and `height` in CSS pixels; `None` leaves the size to the page's CSS.
    pub size: Option<u32>,
}

/// Bits appended most significant first.
struct Bits(Vec<bool>);

impl Bits {
    fn push(&mut self, value: u32, count: usize) {
        debug_assert!(count <= 31 && value >> count == 0);
        self.0
            .extend((0..count).rev().map(|i| (value >> i) & 1 == 1));
    }
}

/// The data codewords: mode, count, text, terminator and padding, for `version`/`ecl`.
fn data_stream(text: &str, mode: Mode, version: u8, ecl: Ecl) -> Vec<u8> {
    let capacity_bits = data_codewords(version, ecl) * 8;
    let mut bits = Bits(Vec::with_capacity(capacity_bits));
    bits.push(mode.indicator(), 4);
    bits.push(text.len() as u32, mode.count_bits(version));
    let bytes = text.as_bytes();
    match mode {
        Mode::Numeric => {
            for chunk in bytes.chunks(3) {
                let value = chunk
                    .iter()
                    .fold(0, |acc, &d| acc * 10 + u32::from(d - b'0'));
                bits.push(value, chunk.len() * 3 + 1);
            }
        }
        Mode::Alphanumeric => {
            let value = |b: u8| ALPHANUMERIC.iter().position(|&a| a == b).unwrap_or(0) as u32;
            for pair in bytes.chunks(2) {
                match *pair {
                    [a, b] => bits.push(value(a) * 45 + value(b), 11),
                    [a] => bits.push(value(a), 6),
                    _ => {}
                }
            }
        }
        Mode::Byte => {
            for &b in bytes {
                bits.push(u32::from(b), 8);
            }
        }
    }
    debug_assert_eq!(
        bits.0.len(),
        4 + mode.count_bits(version) + mode.data_bits(bytes.len())
    );
    debug_assert!(bits.0.len() <= capacity_bits);
    let terminator = (capacity_bits - bits.0.len()).min(4);
    bits.push(0, terminator);
    let to_byte = (8 - bits.0.len() % 8) % 8;
    bits.push(0, to_byte);
    let mut codewords: Vec<u8> = bits
        .0
        .chunks(8)
        .map(|byte| byte.iter().fold(0u8, |acc, &b| acc << 1 | u8::from(b)))
        .collect();
    for pad in [0xEC, 0x11].into_iter().cycle() {
        if codewords.len() >= capacity_bits / 8 {
            break;
        }
        codewords.push(pad);
    }
    codewords
}

/// Multiplication in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1 (0x11D).
fn gf_mul(x: u8, y: u8) -> u8 {
    let mut z: u8 = 0;
    for i in (0..8).rev() {
        z = (z << 1) ^ ((z >> 7) * 0x1D);
        z ^= ((y >> i) & 1) * x;
    }
    z
}

/// The Reed–Solomon generator (x − α⁰)(x − α¹)…(x − α^(degree−1)), α = 2, highest
/// power first, without its leading 1.
fn rs_generator(degree: usize) -> Vec<u8> {
    let mut coefficients = vec![0u8; degree];
    coefficients[degree - 1] = 1;
    let mut root: u8 = 1;
    for _ in 0..degree {
        for j in 0..degree {
            coefficients[j] = gf_mul(coefficients[j], root);
            if j + 1 < degree {
                coefficients[j] ^= coefficients[j + 1];
            }
        }
        root = gf_mul(root, 2);
    }
    coefficients
}

/// The error-correction codewords for `data`: the remainder of data·x^degree divided
/// by the generator.
fn rs_remainder(data: &[u8], generator: &[u8]) -> Vec<u8> {
    let mut remainder = vec![0u8; generator.len()];
    for &b in data {
        let factor = b ^ remainder[0];
        remainder.rotate_left(1);
        if let Some(last) = remainder.last_mut() {
            *last = 0;
        }
        for (r, &g) in remainder.iter_mut().zip(generator) {
            *r ^= gf_mul(g, factor);
        }
    }
    remainder
}

/// Splits the data into blocks, appends each block's error correction, and interleaves:
/// the first codeword of every block, then the second…, then the error correction the
/// same way. Short blocks come first and have one data codeword less.
fn add_ecc_and_interleave(data: &[u8], version: u8, ecl: Ecl) -> Vec<u8> {
    let v = usize::from(version);
    let blocks = usize::from(BLOCKS[ecl.index()][v]);
    let ecc_len = usize::from(ECC_PER_BLOCK[ecl.index()][v]);
    let raw = raw_data_modules(version) / 8;
    let short_blocks = blocks - raw % blocks;
    let short_data = raw / blocks - ecc_len;
    let generator = rs_generator(ecc_len);
    let mut data_blocks = Vec::with_capacity(blocks);
    let mut ecc_blocks = Vec::with_capacity(blocks);
    let mut at = 0;
    for i in 0..blocks {
        let len = short_data + usize::from(i >= short_blocks);
        let block = &data[at..at + len];
        at += len;
        ecc_blocks.push(rs_remainder(block, &generator));
        data_blocks.push(block);
    }
    debug_assert_eq!(at, data.len());
    let mut out = Vec::with_capacity(raw);
    for i in 0..=short_data {
        for block in &data_blocks {
            if let Some(&b) = block.get(i) {
                out.push(b);
            }
        }
    }
    for i in 0..ecc_len {
        for block in &ecc_blocks {
            out.push(block[i]);
        }
    }
    debug_assert_eq!(out.len(), raw);
    out
}

/// The 15 format bits (level, mask, BCH(15,5) check, XOR 0x5412), bit 14 first.
fn format_bits(ecl: Ecl, mask: u8) -> u32 {
    let data = ecl.format_bits() << 3 | u32::from(mask);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    (data << 10 | rem) ^ 0x5412
}

/// The 18 version bits (version, BCH(18,6) check), for version 7 and above.
fn version_bits(version: u8) -> u32 {
    let data = u32::from(version);
    let mut rem = data;
    for _ in 0..12 {
        rem = (rem << 1) ^ ((rem >> 11) * 0x1F25);
    }
    data << 12 | rem
}

/// Centre coordinates of the alignment patterns along each axis (every pair is a
/// centre, except the three that overlap a finder).
fn alignment_positions(version: u8) -> Vec<usize> {
    if version == 1 {
        return Vec::new();
    }
    let v = usize::from(version);
    let count = v / 7 + 2;
    let step = (v * 8 + count * 3 + 5) / (count * 4 - 4) * 2;
    let mut positions: Vec<usize> = (0..count - 1)
        .map(|i| side(version) - 7 - i * step)
        .collect();
    positions.push(6);
    positions.reverse();
    positions
}

/// Whether mask `mask` flips the module at column `x`, row `y`.
fn mask_flips(mask: u8, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (x / 3 + y / 2).is_multiple_of(2),
        5 => x * y % 2 + x * y % 3 == 0,
        6 => (x * y % 2 + x * y % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + x * y % 3).is_multiple_of(2),
    }
}

/// The matrix while it is built: modules and which of them are function patterns.
struct Grid {
    size: usize,
    modules: Vec<bool>,
    function: Vec<bool>,
}

impl Grid {
    fn build(version: u8, ecl: Ecl, mode: Mode, codewords: &[u8], mask: Option<u8>) -> QrCode {
        let size = side(version);
        let mut grid = Grid {
            size,
            modules: vec![false; size * size],
            function: vec![false; size * size],
        };
        grid.draw_function_patterns(version);
        // Reserve the format areas (drawn for real once the mask is known).
        grid.draw_format(ecl, 0);
        grid.draw_codewords(codewords);
        let mask = mask.unwrap_or_else(|| {
            (0..8)
                .min_by_key(|&m| {
                    grid.apply_mask(m);
                    grid.draw_format(ecl, m);
                    let penalty = grid.penalty();
                    grid.apply_mask(m);
                    penalty
                })
                .unwrap_or(0)
        });
        grid.apply_mask(mask);
        grid.draw_format(ecl, mask);
        QrCode {
            version,
            size,
            ecl,
            mode,
            mask,
            modules: grid.modules,
        }
    }

    fn set_function(&mut self, x: usize, y: usize, dark: bool) {
        let i = y * self.size + x;
        self.modules[i] = dark;
        self.function[i] = true;
    }

    fn draw_function_patterns(&mut self, version: u8) {
        let size = self.size;
        for i in 0..size {
            self.set_function(6, i, i % 2 == 0);
            self.set_function(i, 6, i % 2 == 0);
        }
        // Finders with their separators (the light ring at distance 4).
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4isize..=4 {
                for dx in -4isize..=4 {
                    let (x, y) = (cx as isize + dx, cy as isize + dy);
                    if (0..size as isize).contains(&x) && (0..size as isize).contains(&y) {
                        let ring = dx.abs().max(dy.abs());
                        self.set_function(x as usize, y as usize, ring != 2 && ring != 4);
                    }
                }
            }
        }
        let positions = alignment_positions(version);
        let last = positions.len().saturating_sub(1);
        for (i, &cx) in positions.iter().enumerate() {
            for (j, &cy) in positions.iter().enumerate() {
                // The three corners under the finders.
                if (i == 0 && (j == 0 || j == last)) || (i == last && j == 0) {
                    continue;
                }
                for dy in -2isize..=2 {
                    for dx in -2isize..=2 {
                        let ring = dx.abs().max(dy.abs());
                        let (x, y) = ((cx as isize + dx) as usize, (cy as isize + dy) as usize);
                        self.set_function(x, y, ring != 1);
                    }
                }
            }
        }
        if version >= 7 {
            let bits = version_bits(version);
            for i in 0..18 {
                let dark = (bits >> i) & 1 == 1;
                let (a, b) = (size - 11 + i % 3, i / 3);
                self.set_function(a, b, dark);
                self.set_function(b, a, dark);
            }
        }
    }

    /// Both copies of the format information, and the dark module.
    fn draw_format(&mut self, ecl: Ecl, mask: u8) {
        let bits = format_bits(ecl, mask);
        let bit = |i: usize| (bits >> i) & 1 == 1;
        let size = self.size;
        // Around the top-left finder.
        for i in 0..6 {
            self.set_function(8, i, bit(i));
        }
        self.set_function(8, 7, bit(6));
        self.set_function(8, 8, bit(7));
        self.set_function(7, 8, bit(8));
        for i in 9..15 {
            self.set_function(14 - i, 8, bit(i));
        }
        // Split between the other two finders.
        for i in 0..8 {
            self.set_function(size - 1 - i, 8, bit(i));
        }
        for i in 8..15 {
            self.set_function(8, size - 15 + i, bit(i));
        }
        self.set_function(8, size - 8, true);
    }

    /// Places the codewords' bits in two-module columns from the right, upwards then
    /// downwards, skipping the function modules and the vertical timing line.
    fn draw_codewords(&mut self, codewords: &[u8]) {
        let size = self.size;
        let total = codewords.len() * 8;
        let mut bit = 0;
        let mut right = size - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            let upward = (right + 1) & 2 == 0;
            for vert in 0..size {
                let y = if upward { size - 1 - vert } else { vert };
                for x in [right, right - 1] {
                    let i = y * size + x;
                    if !self.function[i] && bit < total {
                        self.modules[i] = (codewords[bit >> 3] >> (7 - (bit & 7))) & 1 == 1;
                        bit += 1;
                    }
                    // Remainder bits stay light.
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
        debug_assert_eq!(bit, total);
    }

    /// Flips the data modules `mask` selects; applying it twice undoes it.
    fn apply_mask(&mut self, mask: u8) {
        for y in 0..self.size {
            for x in 0..self.size {
                let i = y * self.size + x;
                if !self.function[i] && mask_flips(mask, x, y) {
                    self.modules[i] = !self.modules[i];
                }
            }
        }
    }

    /// The standard's penalty score: runs of five or more, 2×2 blocks, finder-like
    /// patterns, and the dark share's distance from half.
    fn penalty(&self) -> u32 {
        let size = self.size;
        let mut score = 0;
        let mut line = vec![false; size];
        for y in 0..size {
            line.copy_from_slice(&self.modules[y * size..(y + 1) * size]);
            score += line_penalty(&line);
        }
        for x in 0..size {
            for (y, m) in line.iter_mut().enumerate() {
                *m = self.modules[y * size + x];
            }
            score += line_penalty(&line);
        }
        for y in 0..size - 1 {
            for x in 0..size - 1 {
                let c = self.modules[y * size + x];
                if c == self.modules[y * size + x + 1]
                    && c == self.modules[(y + 1) * size + x]
                    && c == self.modules[(y + 1) * size + x + 1]
                {
                    score += 3;
                }
            }
        }
        let total = size * size;
        let dark = self.modules.iter().filter(|&&m| m).count();
        // Each full 5 % step away from 50 % costs 10.
        let k = (dark * 20).abs_diff(total * 10).div_ceil(total) - 1;
        score + 10 * k as u32
    }
}

/// A finder-like stretch: dark-light-dark×3-light-dark with four light modules after it
/// (and, reversed, before it). Outside the code counts as light (the quiet zone).
const FINDER_LIKE: [bool; 11] = [
    true, false, true, true, true, false, true, false, false, false, false,
];

/// Rules 1 and 3 along one row or column.
fn line_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 1;
    for i in 1..=line.len() {
        if i < line.len() && line[i] == line[i - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += 3 + (run - 5) as u32;
            }
            run = 1;
        }
    }
    let n = line.len() as isize;
    let at = |i: isize| i >= 0 && i < n && line[i as usize];
    for start in -4..n {
        let forward = (0..11).all(|k| at(start + k) == FINDER_LIKE[k as usize]);
        let backward = (0..11).all(|k| at(start + k) == FINDER_LIKE[10 - k as usize]);
        score += 40 * (u32::from(forward) + u32::from(backward));
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codewords of the standard's example: "01234567" at 1-M.
    const ISO_DATA: [u8; 16] = [
        0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC,
        0x11,
    ];
    const ISO_ECC: [u8; 10] = [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55];

    #[test]
    fn reed_solomon_remainders_match_known_vectors() {
        assert_eq!(rs_remainder(&ISO_DATA, &rs_generator(10)), ISO_ECC);
        // "HELLO WORLD" at 1-M.
        let hello = [
            32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17,
        ];
        assert_eq!(
            rs_remainder(&hello, &rs_generator(10)),
            [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]
        );
        // The degree-7 generator, as powers of α: 87, 229, 146, 149, 238, 102, 21.
        let alpha = |e: u32| (0..e).fold(1u8, |x, _| gf_mul(x, 2));
        assert_eq!(
            rs_generator(7),
            [87, 229, 146, 149, 238, 102, 21].map(alpha)
        );
    }

    #[test]
    fn galois_field_multiplication_wraps_at_0x11d() {
        assert_eq!(gf_mul(0x80, 2), 0x1D);
        assert_eq!(gf_mul(0, 0xFF), 0);
        assert_eq!(gf_mul(1, 0xAB), 0xAB);
        // α^255 = 1.
        let mut x = 1u8;
        for _ in 0..255 {
            x = gf_mul(x, 2);
        }
        assert_eq!(x, 1);
    }

    #[test]
    fn the_iso_example_encodes_to_its_published_codewords() {
        assert_eq!(data_stream("01234567", Mode::Numeric, 1, Ecl::M), ISO_DATA);
        let all = add_ecc_and_interleave(&ISO_DATA, 1, Ecl::M);
        assert_eq!(&all[..16], ISO_DATA);
        assert_eq!(&all[16..], ISO_ECC);
        let code = QrCode::encode_exact("01234567", Ecl::M).unwrap();
        assert_eq!(
            (code.version(), code.size(), code.mode()),
            (1, 21, Mode::Numeric)
        );
    }

    #[test]
    fn format_bits_match_the_standard_table() {
        assert_eq!(format_bits(Ecl::M, 0), 0b101010000010010);
        assert_eq!(format_bits(Ecl::L, 0), 0b111011111000100);
        assert_eq!(format_bits(Ecl::L, 4), 0b110011000101111);
        assert_eq!(format_bits(Ecl::M, 5), 0b100000011001110);
        assert_eq!(format_bits(Ecl::Q, 7), 0b010101111101101);
        assert_eq!(format_bits(Ecl::H, 0), 0b001011010001001);
        assert_eq!(format_bits(Ecl::H, 7), 0b000100000111011);
    }

    #[test]
    fn version_bits_match_the_standard_table() {
        assert_eq!(version_bits(7), 0x07C94);
        assert_eq!(version_bits(8), 0x085BC);
        assert_eq!(version_bits(21), 0x15683);
        assert_eq!(version_bits(40), 0x28C69);
    }

    #[test]
    fn alignment_patterns_sit_where_the_standard_puts_them() {
        assert_eq!(alignment_positions(1), Vec::<usize>::new());
        assert_eq!(alignment_positions(2), [6, 18]);
        assert_eq!(alignment_positions(7), [6, 22, 38]);
        assert_eq!(alignment_positions(14), [6, 26, 46, 66]);
        assert_eq!(alignment_positions(22), [6, 26, 50, 74, 98]);
        assert_eq!(alignment_positions(32), [6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(36), [6, 24, 50, 76, 102, 128, 154]);
        assert_eq!(alignment_positions(40), [6, 30, 58, 86, 114, 142, 170]);
    }

    #[test]
    fn capacities_match_the_standard_table() {
        let byte = |v, e| capacity(v, e, Mode::Byte);
        assert_eq!(
            [
                byte(1, Ecl::L),
                byte(1, Ecl::M),
                byte(1, Ecl::Q),
                byte(1, Ecl::H)
            ],
            [17, 14, 11, 7]
        );
        assert_eq!(
            [
                byte(10, Ecl::L),
                byte(10, Ecl::M),
                byte(10, Ecl::Q),
                byte(10, Ecl::H)
            ],
            [271, 213, 151, 119]
        );
        assert_eq!(
            [
                byte(40, Ecl::L),
                byte(40, Ecl::M),
                byte(40, Ecl::Q),
                byte(40, Ecl::H)
            ],
            [2953, 2331, 1663, 1273]
        );
        assert_eq!(capacity(1, Ecl::L, Mode::Numeric), 41);
        assert_eq!(capacity(1, Ecl::H, Mode::Numeric), 17);
        assert_eq!(capacity(1, Ecl::L, Mode::Alphanumeric), 25);
        assert_eq!(capacity(1, Ecl::H, Mode::Alphanumeric), 10);
        assert_eq!(capacity(40, Ecl::L, Mode::Numeric), 7089);
        assert_eq!(capacity(40, Ecl::L, Mode::Alphanumeric), 4296);
        assert_eq!(capacity(40, Ecl::H, Mode::Numeric), 3057);
        assert_eq!(capacity(40, Ecl::H, Mode::Alphanumeric), 1852);
        // Every version's codewords fill its data area exactly.
        for v in MIN_VERSION..=MAX_VERSION {
            let raw = raw_data_modules(v) / 8;
            for e in Ecl::ALL {
                let blocks = usize::from(BLOCKS[e.index()][usize::from(v)]);
                let ecc = usize::from(ECC_PER_BLOCK[e.index()][usize::from(v)]);
                assert_eq!(data_codewords(v, e) + blocks * ecc, raw, "v{v}-{e}");
                assert!(raw / blocks > ecc, "v{v}-{e}");
            }
        }
        assert_eq!(raw_data_modules(1), 208);
        assert_eq!(raw_data_modules(7), 1568);
        assert_eq!(raw_data_modules(40), 29648);
    }

    #[test]
    fn the_smallest_version_that_fits_is_chosen() {
        let version = |text: &str, e| QrCode::encode_exact(text, e).unwrap().version();
        assert_eq!(version(&"a".repeat(14), Ecl::M), 1);
        assert_eq!(version(&"a".repeat(15), Ecl::M), 2);
        assert_eq!(version(&"a".repeat(26), Ecl::M), 2);
        assert_eq!(version(&"a".repeat(27), Ecl::M), 3);
        assert_eq!(version(&"A".repeat(20), Ecl::M), 1);
        assert_eq!(version(&"A".repeat(21), Ecl::M), 2);
        assert_eq!(version(&"7".repeat(34), Ecl::M), 1);
        assert_eq!(version(&"7".repeat(35), Ecl::M), 2);
        assert_eq!(version(&"a".repeat(2953), Ecl::L), 40);
        assert_eq!(version("", Ecl::H), 1);
        let link = "https://training.example.com/mandate/index.html?session=K7P2-9QXM&case=purchasing-tech-leader&strategy=technology-leadership";
        assert_eq!(link.len(), 124);
        assert_eq!(version(link, Ecl::M), 8);
        assert_eq!(version(link, Ecl::L), 6);
    }

    #[test]
    fn the_level_is_boosted_while_the_version_stays() {
        // 7 bytes fit 1-H, so a request for L gets H.
        let code = QrCode::encode("abcdefg", Ecl::L).unwrap();
        assert_eq!((code.version(), code.ecl()), (1, Ecl::H));
        let exact = QrCode::encode_exact("abcdefg", Ecl::L).unwrap();
        assert_eq!((exact.version(), exact.ecl()), (1, Ecl::L));
        // 12 bytes: version 1 at L and M, not Q.
        let code = QrCode::encode("abcdefghijkl", Ecl::L).unwrap();
        assert_eq!((code.version(), code.ecl()), (1, Ecl::M));
        // Never lowered.
        let code = QrCode::encode("abcdefghijkl", Ecl::H).unwrap();
        assert_eq!((code.version(), code.ecl()), (2, Ecl::H));
    }

    #[test]
    fn modes_are_detected_from_the_whole_text() {
        assert_eq!(Mode::of("0123456789012"), Mode::Numeric);
        assert_eq!(Mode::of("MANDATE-1"), Mode::Alphanumeric);
        assert_eq!(Mode::of("HTTPS://X.EXAMPLE/A B$%*+-.:"), Mode::Alphanumeric);
        assert_eq!(Mode::of("Mandate-1"), Mode::Byte);
        assert_eq!(Mode::of("MANDATE_1"), Mode::Byte);
        assert_eq!(Mode::of("MANDATÉ"), Mode::Byte);
        assert_eq!(Mode::of("١٢٣"), Mode::Byte);
        assert_eq!(Mode::of(""), Mode::Byte);
        let code = QrCode::encode("MANDATE-1", Ecl::M).unwrap();
        assert_eq!(code.mode(), Mode::Alphanumeric);
        // 9 alphanumeric characters fit 1-H; as bytes they would not (7 at most).
        assert_eq!((code.version(), code.ecl()), (1, Ecl::H));
    }

    #[test]
    fn alphanumeric_and_numeric_bits_pack_as_the_standard_says() {
        // "AC-42" → (10·45+12, 41·45+4, 2): 00111001110 11100111001 000010.
        let data = data_stream("AC-42", Mode::Alphanumeric, 1, Ecl::H);
        let bits: String = data.iter().map(|b| format!("{b:08b}")).collect();
        let expected = format!(
            "0010{:09b}{:011b}{:011b}{:06b}0000",
            5,
            10 * 45 + 12,
            41 * 45 + 4,
            2
        );
        assert!(bits.starts_with(&expected), "{bits}");
        // "8675309" → 867, 530, 9.
        let data = data_stream("8675309", Mode::Numeric, 1, Ecl::H);
        let bits: String = data.iter().map(|b| format!("{b:08b}")).collect();
        assert!(bits.starts_with(&format!(
            "00010000000111{:010b}{:010b}{:04b}0000",
            867, 530, 9
        )));
    }

    #[test]
    fn too_long_texts_say_how_long_and_how_much_fits() {
        let err = QrCode::encode(&"x".repeat(3100), Ecl::M).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the text is 3,100 bytes; a QR code holds at most 2,331 at level M"
        );
        assert_eq!(
            err,
            QrError::TooLong {
                length: 3100,
                mode: Mode::Byte,
                ecl: Ecl::M,
                max: 2331
            }
        );
        let err = QrCode::encode(&"é".repeat(1000), Ecl::H).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the text is 2,000 bytes; a QR code holds at most 1,273 at level H"
        );
        let err = QrCode::encode(&"7".repeat(7090), Ecl::L).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the text is 7,090 digits; a QR code holds at most 7,089 at level L"
        );
        assert!(QrCode::encode(&"7".repeat(7089), Ecl::L).is_ok());
    }

    fn code_with_mask(text: &str, ecl: Ecl, mask: u8) -> QrCode {
        QrCode::encode_with(text, ecl, false, Some(mask)).unwrap()
    }

    /// Reads the format bits back from the first copy (around the top-left finder).
    fn read_format(code: &QrCode) -> u32 {
        let mut bits = 0;
        let mut put = |i: usize, dark: bool| bits |= u32::from(dark) << i;
        for i in 0..6 {
            put(i, code.module(8, i));
        }
        put(6, code.module(8, 7));
        put(7, code.module(8, 8));
        put(8, code.module(7, 8));
        for i in 9..15 {
            put(i, code.module(14 - i, 8));
        }
        bits
    }

    #[test]
    fn the_matrix_has_every_function_pattern() {
        for (text, ecl) in [
            ("01234567", Ecl::M),
            ("MANDATE-1", Ecl::Q),
            (&"a".repeat(300) as &str, Ecl::M),
            (&"b".repeat(1200) as &str, Ecl::L),
        ] {
            let code = QrCode::encode_exact(text, ecl).unwrap();
            let n = code.size();
            assert_eq!(n, 4 * usize::from(code.version()) + 17);
            // Finders: dark ring, light ring, dark 3×3 core; light separators.
            for (cx, cy) in [(3, 3), (n - 4, 3), (3, n - 4)] {
                for dy in -3isize..=3 {
                    for dx in -3isize..=3 {
                        let ring = dx.abs().max(dy.abs());
                        let (x, y) = ((cx as isize + dx) as usize, (cy as isize + dy) as usize);
                        assert_eq!(code.module(x, y), ring != 2, "finder at {x},{y}");
                    }
                }
            }
            for i in 0..8 {
                assert!(!code.module(7, i) && !code.module(i, 7));
                assert!(!code.module(n - 8, i) && !code.module(n - 1 - i, 7));
                assert!(!code.module(7, n - 1 - i) && !code.module(i, n - 8));
            }
            // Timing lines alternate, dark on even positions.
            for i in 8..n - 8 {
                assert_eq!(code.module(i, 6), i % 2 == 0, "row timing at {i}");
                assert_eq!(code.module(6, i), i % 2 == 0, "column timing at {i}");
            }
            assert!(code.module(8, n - 8), "the dark module");
            // Alignment patterns: dark centre and border, light ring.
            let positions = alignment_positions(code.version());
            for &cx in &positions {
                for &cy in &positions {
                    if (cx < 10 && (cy < 10 || cy > n - 10)) || (cx > n - 10 && cy < 10) {
                        continue;
                    }
                    assert!(code.module(cx, cy) && !code.module(cx + 1, cy));
                    assert!(code.module(cx + 2, cy + 2) && !code.module(cx - 1, cy - 1));
                }
            }
            // Both format copies carry the level and mask.
            let format = format_bits(code.ecl(), code.mask());
            assert_eq!(read_format(&code), format);
            let mut second = 0;
            for i in 0..8 {
                second |= u32::from(code.module(n - 1 - i, 8)) << i;
            }
            for i in 8..15 {
                second |= u32::from(code.module(8, n - 15 + i)) << i;
            }
            assert_eq!(second, format);
            // Version information, both copies, from version 7.
            if code.version() >= 7 {
                let bits = version_bits(code.version());
                for i in 0..18 {
                    let dark = (bits >> i) & 1 == 1;
                    assert_eq!(code.module(n - 11 + i % 3, i / 3), dark);
                    assert_eq!(code.module(i / 3, n - 11 + i % 3), dark);
                }
            }
        }
    }

    /// Unmasks the code and reads its codewords back in placement order.
    fn read_codewords(code: &QrCode) -> Vec<u8> {
        let n = code.size();
        let mut function = Grid {
            size: n,
            modules: vec![false; n * n],
            function: vec![false; n * n],
        };
        function.draw_function_patterns(code.version());
        function.draw_format(code.ecl(), 0);
        let mut bits = Vec::new();
        let mut right = n - 1;
        loop {
            if right == 6 {
                right = 5;
            }
            let upward = (right + 1) & 2 == 0;
            for vert in 0..n {
                let y = if upward { n - 1 - vert } else { vert };
                for x in [right, right - 1] {
                    if !function.function[y * n + x] {
                        bits.push(code.module(x, y) ^ mask_flips(code.mask(), x, y));
                    }
                }
            }
            if right < 2 {
                break;
            }
            right -= 2;
        }
        assert_eq!(bits.len(), raw_data_modules(code.version()));
        bits.chunks_exact(8)
            .map(|b| b.iter().fold(0u8, |acc, &d| acc << 1 | u8::from(d)))
            .collect()
    }

    #[test]
    fn every_mask_of_the_iso_example_carries_its_codewords() {
        let mut expected = ISO_DATA.to_vec();
        expected.extend(ISO_ECC);
        for mask in 0..8 {
            let code = code_with_mask("01234567", Ecl::M, mask);
            assert_eq!(code.mask(), mask);
            assert_eq!(read_format(&code), format_bits(Ecl::M, mask));
            assert_eq!(read_codewords(&code), expected, "mask {mask}");
        }
        // Mask 0 flips the top-left data module (20, 20), whose bit is the first
        // codeword's most significant (0x10 → 0), so it is dark.
        assert!(code_with_mask("01234567", Ecl::M, 0).module(20, 20));
    }

    #[test]
    fn the_chosen_mask_has_the_lowest_penalty() {
        for text in ["01234567", "MANDATE-1", "https://example.com/?a=b"] {
            let chosen = QrCode::encode_exact(text, Ecl::M).unwrap();
            let penalty = |code: &QrCode| {
                let n = code.size();
                Grid {
                    size: n,
                    modules: code.modules.clone(),
                    function: vec![false; n * n],
                }
                .penalty()
            };
            let best = penalty(&chosen);
            for mask in 0..8 {
                assert!(penalty(&code_with_mask(text, Ecl::M, mask)) >= best);
            }
        }
    }

    #[test]
    fn line_penalties_count_runs_and_finder_like_patterns() {
        let line = |s: &str| s.bytes().map(|b| b == b'1').collect::<Vec<_>>();
        assert_eq!(line_penalty(&line("1010")), 0);
        assert_eq!(line_penalty(&line("11111")), 3);
        assert_eq!(line_penalty(&line("0111111101")), 3 + 2);
        // Finder-like with the quiet zone as its light side, then four light modules:
        // counted both ways round (40 + 40), plus the run of four does not count.
        assert_eq!(line_penalty(&line("10111010000")), 80);
        assert_eq!(line_penalty(&line("101110100")), 80);
        assert_eq!(line_penalty(&line("0000101110100001")), 80);
        assert_eq!(line_penalty(&line("10111010010")), 40);
    }

    #[test]
    fn the_svg_is_one_path_with_a_quiet_zone_and_an_escaped_label() {
        let code = QrCode::encode("MANDATE-1", Ecl::M).unwrap();
        let svg = code.to_svg(&SvgOptions {
            label: "Result <A&B> \"quoted\" 'single'",
            size: None,
        });
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 29 29\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"Result &lt;A&amp;B&gt; &quot;quoted&quot; &apos;single&apos;\">"));
        assert!(svg.contains("<rect width=\"29\" height=\"29\" fill=\"#fff\"/>"));
        assert!(svg.ends_with("\"/></svg>"));
        assert_eq!(svg.matches("<path").count(), 1);
        assert_eq!(svg.matches('<').count(), 4, "svg, rect, path, /svg");
        assert!(!svg.contains("href") && !svg.contains("url(") && !svg.contains("script"));
        // The top-left finder's first row is a run of 7 from (4, 4).
        assert!(svg.contains("d=\"M4,4h7v1h-7z "));
        // Every dark module is covered once: the runs add up to the dark count.
        let dark: usize = (0..21)
            .flat_map(|y| (0..21).map(move |x| (x, y)))
            .filter(|&(x, y)| code.module(x, y))
            .count();
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let covered: usize = d
            .split(' ')
            .map(|step| {
                let run = step.split('h').nth(1).unwrap().split('v').next().unwrap();
                assert_eq!(
                    step,
                    format!("{}h{run}v1h-{run}z", step.split('h').next().unwrap())
                );
                run.parse::<usize>().unwrap()
            })
            .sum();
        assert_eq!(covered, dark);
        let sized = code.to_svg(&SvgOptions {
            label: "x",
            size: Some(232),
        });
        assert!(sized.contains(" viewBox=\"0 0 29 29\" width=\"232\" height=\"232\" "));
    }

    #[test]
    fn levels_read_from_their_letters() {
        assert_eq!(Ecl::from_letter("q"), Some(Ecl::Q));
        assert_eq!(Ecl::from_letter("H"), Some(Ecl::H));
        assert_eq!(Ecl::from_letter("X"), None);
        assert_eq!(Ecl::from_letter("LM"), None);
        assert_eq!(Ecl::from_letter(""), None);
        assert_eq!(Ecl::M.to_string(), "M");
        assert!(Ecl::L < Ecl::H);
        assert_eq!(Ecl::Q.recovers_percent(), 25);
    }

    #[test]
    fn encoding_is_deterministic() {
        let text = "https://training.example.com/mandate/?session=K7P2-9QXM";
        assert_eq!(
            QrCode::encode(text, Ecl::M).unwrap(),
            QrCode::encode(text, Ecl::M).unwrap()
        );
    }
}
