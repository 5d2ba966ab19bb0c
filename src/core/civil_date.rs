//! Calendar dates and times of day from clock readings, without a time-zone database:
//! the platform passes the UTC offset it knows. Used to write dates in the interface
//! language (`core::i18n`), SCORM 2004 timestamps (`core::lms`) and to read xAPI
//! timestamps (`core::classroom::xapi`).

/// A day in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i64,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl Date {
    /// The local date at `ms` milliseconds since the Unix epoch, for a place
    /// `offset_minutes` ahead of UTC (Central European Time is +60).
    pub fn from_unix_ms(ms: i64, offset_minutes: i32) -> Date {
        let local = ms + i64::from(offset_minutes) * 60_000;
        Date::from_days(local.div_euclid(86_400_000))
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date { year, month, day }
    }

    /// Days from 1970-01-01 to this date (Howard Hinnant's `days_from_civil`).
    pub fn to_days(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let y = if month <= 2 { self.year - 1 } else { self.year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

/// A local time of day, to the minute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
}

impl Time {
    /// The local time of day at `ms` milliseconds since the Unix epoch, for a place
    /// `offset_minutes` ahead of UTC.
    pub fn from_unix_ms(ms: i64, offset_minutes: i32) -> Time {
        let local = ms + i64::from(offset_minutes) * 60_000;
        let minutes = local.div_euclid(60_000).rem_euclid(24 * 60);
        Time {
            hour: (minutes / 60) as u8,
            minute: (minutes % 60) as u8,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_convert_both_ways() {
        for days in [-1_000_000, -1, 0, 1, 11_016, 20_784, 2_932_896] {
            assert_eq!(Date::from_days(days).to_days(), days, "{days}");
        }
        assert_eq!(
            Date {
                year: 2000,
                month: 3,
                day: 1
            }
            .to_days(),
            11_017
        );
    }
}
