//! Numbers and dates as each language writes them.

use super::Locale;
use crate::core::civil_date;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// `(group separator, decimal separator)`.
fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::De => ('.', ','),
        Locale::En | Locale::Pseudo => (',', '.'),
    }
}

fn group(digits: &str, separator: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

pub(super) fn integer(locale: Locale, value: i64) -> String {
    let (sep, _) = separators(locale);
    let digits = value.unsigned_abs().to_string();
    let sign = if value < 0 { "−" } else { "" };
    format!("{sign}{}", group(&digits, sep))
}

pub(super) fn decimal(locale: Locale, value: f64, places: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let (sep, point) = separators(locale);
    let text = format!("{:.*}", places, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('−');
    }
    out.push_str(&group(whole, sep));
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

pub(super) fn percent(locale: Locale, value: f64, places: usize) -> String {
    let number = decimal(locale, value, places);
    match locale {
        // German writes a (narrow, non-breaking) space before the sign.
        Locale::De => format!("{number}\u{202f}%"),
        Locale::En | Locale::Pseudo => format!("{number}%"),
    }
}

pub(super) fn long_date(locale: Locale, date: civil_date::Date) -> String {
    let month = usize::from(date.month.clamp(1, 12)) - 1;
    match locale {
        Locale::De => format!("{}. {} {}", date.day, MONTHS_DE[month], date.year),
        Locale::En | Locale::Pseudo => format!("{} {} {}", date.day, MONTHS_EN[month], date.year),
    }
}

/// A time of day on the 24-hour clock, as both languages write it in a table:
/// `14:05`, `09:30`.
pub(super) fn time_of_day(locale: Locale, time: civil_date::Time) -> String {
    match locale {
        Locale::De | Locale::En | Locale::Pseudo => {
            format!("{:02}:{:02}", time.hour.min(23), time.minute.min(59))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::civil_date::Date;
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(integer(Locale::En, 4800), "4,800");
        assert_eq!(integer(Locale::De, 4800), "4.800");
        assert_eq!(integer(Locale::De, -1_234_567), "−1.234.567");
        assert_eq!(integer(Locale::En, 100), "100");
        assert_eq!(decimal(Locale::En, 56.333, 1), "56.3");
        assert_eq!(decimal(Locale::De, 56.333, 1), "56,3");
        assert_eq!(decimal(Locale::De, 1234.5, 2), "1.234,50");
        assert_eq!(decimal(Locale::En, -0.04, 1), "0.0");
        assert_eq!(decimal(Locale::En, f64::NAN, 1), "–");
        assert_eq!(percent(Locale::En, 33.333, 0), "33%");
        assert_eq!(percent(Locale::De, 33.333, 1), "33,3\u{202f}%");
    }

    #[test]
    fn dates_follow_the_language_and_the_offset() {
        // 2026-11-27 23:30 UTC.
        let ms = 1_795_822_200_000;
        let utc = Date::from_unix_ms(ms, 0);
        assert_eq!(
            utc,
            Date {
                year: 2026,
                month: 11,
                day: 27
            }
        );
        assert_eq!(
            Date::from_unix_ms(ms, 60),
            Date {
                year: 2026,
                month: 11,
                day: 28
            }
        );
        assert_eq!(long_date(Locale::En, utc), "27 November 2026");
        let time = civil_date::Time::from_unix_ms(ms, 0);
        assert_eq!(time_of_day(Locale::En, time), "23:30");
        assert_eq!(
            time_of_day(Locale::De, civil_date::Time::from_unix_ms(ms, 60)),
            "00:30"
        );
        assert_eq!(
            time_of_day(Locale::De, civil_date::Time::from_unix_ms(ms, -5 * 60 - 25)),
            "18:05"
        );
        assert_eq!(
            civil_date::Time::from_unix_ms(-60_000, 0),
            civil_date::Time {
                hour: 23,
                minute: 59
            }
        );
        assert_eq!(long_date(Locale::De, utc), "27. November 2026");
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days(-1),
            Date {
                year: 1969,
                month: 12,
                day: 31
            }
        );
        assert_eq!(
            Date::from_days(11_016),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
        assert_eq!(
            long_date(
                Locale::De,
                Date {
                    year: 2027,
                    month: 3,
                    day: 1
                }
            ),
            "1. März 2027"
        );
    }
}
