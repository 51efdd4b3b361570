//! Local-time arithmetic for deadlines counted in days: the end of a local day, the same day N
//! months on, and business days on a holiday calendar. Laws count days where the regulator sits,
//! not in UTC, so every function here works in an IANA zone and only converts at the edges;
//! across a DST change that is what makes "end of day" land at 23:59:59 local, not an hour off.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, Months, NaiveDate, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Which days count as business days besides the weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum BusinessCalendar {
    /// Monday to Friday except the US federal holidays of 5 U.S.C. 6103, observed on the
    /// Friday before when they fall on a Saturday and the Monday after when on a Sunday: the
    /// days the SEC (and EDGAR) is closed.
    UsFederal,
}

impl BusinessCalendar {
    pub fn label(self) -> &'static str {
        match self {
            BusinessCalendar::UsFederal => "US federal business days",
        }
    }

    pub fn is_business_day(self, day: NaiveDate) -> bool {
        if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            return false;
        }
        match self {
            BusinessCalendar::UsFederal => !is_us_federal_holiday(day),
        }
    }
}

/// The last second of a local day: "within N days" means the whole of the Nth day.
pub(super) fn end_of_local_day(tz: Tz, day: NaiveDate) -> DateTime<Utc> {
    at_local_time(
        tz,
        day,
        NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
    )
}

/// A wall-clock time on a local day, as a UTC instant. When the clock is set back the wall
/// time happens twice and we take the first; when it skips forward over it we take the hour
/// before. Either way the deadline is never later than the law allows.
pub(super) fn at_local_time(tz: Tz, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let wall = day.and_time(time);
    match tz.from_local_datetime(&wall) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            let earlier = wall - Duration::hours(1);
            match tz.from_local_datetime(&earlier) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                // No zone skips two hours in a row; treating the wall time as UTC is a safe
                // last resort that keeps this function total.
                LocalResult::None => Utc.from_utc_datetime(&wall),
            }
        }
    }
}

/// The day a moment falls on in the zone.
pub(super) fn local_day(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The same day of the month `months` later, clamped to the month's end (31 Jan → 28/29 Feb),
/// which is how "one month after" is read when the later month is shorter.
pub(super) fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The `n`th business day after `day` (never `day` itself: "within four business days after"
/// starts counting the next day).
pub(super) fn add_business_days(calendar: BusinessCalendar, day: NaiveDate, n: u32) -> NaiveDate {
    let mut current = day;
    let mut counted = 0;
    while counted < n {
        match current.succ_opt() {
            Some(next) => current = next,
            None => return NaiveDate::MAX,
        }
        if calendar.is_business_day(current) {
            counted += 1;
        }
    }
    current
}

/// True when `day` is a US federal holiday as observed (5 U.S.C. 6103). Juneteenth counts from
/// 2021, when it was made a federal holiday; the others have held in their current form since
/// 1986 (Martin Luther King Jr. Day), which is older than any incident Cordon will time.
pub fn is_us_federal_holiday(day: NaiveDate) -> bool {
    // New Year's Day on a Saturday is observed on 31 December of the year before, so the next
    // year's list is needed too.
    us_federal_holidays(day.year()).contains(&day)
        || us_federal_holidays(day.year() + 1).contains(&day)
}

/// The observed dates of the year's US federal holidays.
pub fn us_federal_holidays(year: i32) -> Vec<NaiveDate> {
    let fixed = |month, day| NaiveDate::from_ymd_opt(year, month, day).map(observed);
    let nth = |month, weekday, n| NaiveDate::from_weekday_of_month_opt(year, month, weekday, n);
    let mut days = vec![
        fixed(1, 1),
        nth(1, Weekday::Mon, 3),
        nth(2, Weekday::Mon, 3),
        last_weekday_of_month(year, 5, Weekday::Mon),
        fixed(7, 4),
        nth(9, Weekday::Mon, 1),
        nth(10, Weekday::Mon, 2),
        fixed(11, 11),
        nth(11, Weekday::Thu, 4),
        fixed(12, 25),
    ];
    if year >= 2021 {
        days.push(fixed(6, 19));
    }
    let mut days: Vec<NaiveDate> = days.into_iter().flatten().collect();
    days.sort();
    days
}

/// Saturday holidays are observed on the Friday before, Sunday ones on the Monday after.
fn observed(day: NaiveDate) -> NaiveDate {
    match day.weekday() {
        Weekday::Sat => day.pred_opt().unwrap_or(day),
        Weekday::Sun => day.succ_opt().unwrap_or(day),
        _ => day,
    }
}

fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let mut day = first_of_next.pred_opt()?;
    while day.weekday() != weekday {
        day = day.pred_opt()?;
    }
    Some(day)
}
