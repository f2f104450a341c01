//! Dates as people read them (SPEC §9): "2 December 2026" in English,
//! "2 décembre 2026" in French; times in UTC. Records carry seconds since
//! the epoch and pages format them in the reader's language. Written here
//! (a few lines of calendar arithmetic) rather than with a date crate,
//! which would weigh on the browser bundle for this one use.

use super::language::Language;

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
const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A UTC moment's calendar date and time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to 31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// The UTC calendar date and time of `secs` since 1970-01-01 (the
/// proleptic Gregorian calendar; H. Hinnant's days-to-civil algorithm).
pub fn civil(secs: i64) -> Civil {
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month,
        day,
        hour: (of_day / 3_600) as u32,
        minute: (of_day % 3_600 / 60) as u32,
    }
}

/// "2 December 2026" / "2 décembre 2026" ("1er" in French).
pub fn long_date(secs: i64, language: Language) -> String {
    let c = civil(secs);
    let month = (c.month as usize).saturating_sub(1).min(11);
    match language {
        Language::En => format!("{} {} {}", c.day, MONTHS_EN[month], c.year),
        Language::Fr if c.day == 1 => format!("1er {} {}", MONTHS_FR[month], c.year),
        Language::Fr => format!("{} {} {}", c.day, MONTHS_FR[month], c.year),
    }
}

/// A `YYYY-MM` month as people read it: "November 2026" / "novembre 2026"
/// (the text itself when it isn't a month).
pub fn month_name(month: &str, language: Language) -> String {
    let year = month
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
    let number = month.get(5..7).and_then(|m| m.parse::<usize>().ok());
    match (year, number) {
        (Some(year), Some(m @ 1..=12)) if month.len() == 7 && month.as_bytes()[4] == b'-' => {
            let names = match language {
                Language::En => MONTHS_EN,
                Language::Fr => MONTHS_FR,
            };
            format!("{} {year}", names[m - 1])
        }
        _ => month.to_string(),
    }
}

/// "2 December 2026, 09:30 UTC" / "2 décembre 2026 à 09:30 UTC".
pub fn date_time(secs: i64, language: Language) -> String {
    let c = civil(secs);
    let date = long_date(secs, language);
    match language {
        Language::En => format!("{date}, {:02}:{:02} UTC", c.hour, c.minute),
        Language::Fr => format!("{date} à {:02}:{:02} UTC", c.hour, c.minute),
    }
}

/// A whole number with the language's thousands separator: "12,345" /
/// "12 345" (a narrow no-break space, as French typography has it).
pub fn number(n: i64, language: Language) -> String {
    let separator = match language {
        Language::En => ",",
        Language::Fr => "\u{202f}",
    };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(d);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// The moment (00:00 UTC) of a calendar date written `YYYY-MM-DD`, as an
/// `<input type="date">` sends it, if it is a real date of the years
/// 1900–9999 (the inverse of [`civil`]).
pub fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1900..=9999).contains(&year) || !(1..=12).contains(&month) {
        return None;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if !(1..=days_in_month).contains(&day) {
        return None;
    }
    // H. Hinnant's days-from-civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some((era * 146_097 + doe - 719_468) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_dates_read_back() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_date("2025-03-01"), Some(1_740_787_200));
        for bad in [
            "2025-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "26-01-01",
            "2026/01/01",
            "2026-1-01",
            "+026-01-01",
            "2026-01-0١",
            "",
            "1899-12-31",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_read_as_people_write_them() {
        // 2026-12-02 09:30 UTC
        let secs = 1_796_203_800;
        assert_eq!(long_date(secs, Language::En), "2 December 2026");
        assert_eq!(long_date(secs, Language::Fr), "2 décembre 2026");
        assert_eq!(date_time(secs, Language::En), "2 December 2026, 09:30 UTC");
        assert_eq!(date_time(secs, Language::Fr), "2 décembre 2026 à 09:30 UTC");
        // 2025-03-01 00:00 UTC
        assert_eq!(long_date(1_740_787_200, Language::Fr), "1er mars 2025");
        assert_eq!(long_date(0, Language::En), "1 January 1970");
        // A leap day, and before the epoch.
        assert_eq!(long_date(951_782_400, Language::En), "29 February 2000");
        assert_eq!(long_date(-86_400, Language::En), "31 December 1969");
    }

    #[test]
    fn months_read_as_words() {
        assert_eq!(month_name("2026-11", Language::En), "November 2026");
        assert_eq!(month_name("2026-01", Language::Fr), "janvier 2026");
        for junk in ["2026-13", "2026/11", "26-11", "2026-1", ""] {
            assert_eq!(month_name(junk, Language::En), junk);
        }
    }

    #[test]
    fn numbers_take_the_languages_separator() {
        assert_eq!(number(1_234_567, Language::En), "1,234,567");
        assert_eq!(number(1_234_567, Language::Fr), "1\u{202f}234\u{202f}567");
        assert_eq!(number(999, Language::En), "999");
        assert_eq!(number(-4_000, Language::En), "-4,000");
        assert_eq!(number(0, Language::Fr), "0");
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            /// Agrees with the `time` crate (the server's) over ±10,000 years.
            #[cfg(feature = "ssr")]
            #[test]
            fn civil_matches_a_reference(secs in -300_000_000_000i64..300_000_000_000) {
                let c = civil(secs);
                if let Ok(t) = time::OffsetDateTime::from_unix_timestamp(secs) {
                    prop_assert_eq!(
                        (c.year, c.month, c.day, c.hour, c.minute),
                        (i64::from(t.year()), u32::from(u8::from(t.month())), u32::from(t.day()), u32::from(t.hour()), u32::from(t.minute()))
                    );
                }
            }

            /// Every date of the years it takes reads back to itself.
            #[test]
            fn parse_date_inverts_civil(days in -25_567i64..2_932_896) {
                let c = civil(days * 86_400);
                let text = format!("{:04}-{:02}-{:02}", c.year, c.month, c.day);
                prop_assert_eq!(parse_date(&text), Some(days * 86_400));
            }

            #[test]
            fn no_text_makes_parse_date_panic(text in "\\PC{0,12}") {
                let _ = parse_date(&text);
            }

            #[test]
            fn no_moment_makes_them_panic(secs in any::<i64>()) {
                let _ = date_time(secs / 4, Language::Fr);
                let _ = number(secs, Language::Fr);
            }
        }
    }
}
