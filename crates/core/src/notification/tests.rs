use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::*;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn rule(key: &str) -> NotificationRule {
    RuleTable::builtin()
        .rule(key)
        .unwrap_or_else(|| panic!("no rule {key}"))
        .clone()
}

/// A rule with the given window and zone, for arithmetic that no table rule exercises.
fn custom(window: Window, zone: &str) -> NotificationRule {
    NotificationRule {
        window,
        time_zone: zone.parse().unwrap_or_else(|e: String| panic!("{e}")),
        ..rule("gdpr_art33_supervisory_authority")
    }
}

fn keys(rules: &[NotificationRule]) -> Vec<&str> {
    rules.iter().map(|r| r.key.as_str()).collect()
}

fn j(codes: &[&str]) -> Vec<Jurisdiction> {
    codes.iter().map(|c| c.parse().unwrap()).collect()
}

// ---- the table ----

#[test]
fn builtin_table_parses_and_names_its_sources() {
    let table = RuleTable::parse(BUILTIN_RULES).unwrap_or_else(|e| panic!("{e}"));
    assert!(!table.version.trim().is_empty());
    assert!(table.rules.len() >= 12, "{}", table.rules.len());
    for rule in &table.rules {
        assert!(!rule.source.citation.trim().is_empty(), "{}", rule.key);
        assert!(rule.source.url.starts_with("https://"), "{}", rule.key);
        assert!(!rule.note.trim().is_empty(), "{}", rule.key);
        assert!(
            rule.note.contains("Laws change"),
            "{}: say in the note that laws change",
            rule.key
        );
    }
    for rule in table.rules.iter().filter(|r| r.after_notice_of.is_some()) {
        let from = rule.after_notice_of.as_deref().unwrap_or_default();
        assert!(
            table.rule(from).is_some(),
            "{} counts from unknown {from}",
            rule.key
        );
    }
    assert_eq!(RuleTable::builtin(), &table);
}

#[test]
fn the_nis2_final_report_counts_a_month_from_the_incident_notification() {
    // Art. 23(4)(d): one month after the submission of the notification of point (b).
    let last = rule("nis2_art23_final_report");
    assert!(last.source.citation.contains("Art. 23(4)(d)"));
    let aware = utc("2026-03-02T09:00:00Z");
    let notified = utc("2026-03-05T08:00:00Z"); // the 72 h notification, sent on day 3
    let sent = |key: &str| (key == "nis2_art23_incident_notification").then_some(notified);
    let start = last.clock_start(Some(aware), sent);
    assert_eq!(start, Some(notified), "not from awareness");
    // 5 March 09:00 CET + 1 month → 5 April 23:59:59 CEST = 21:59:59 UTC.
    let c = clock(&last, start, None, aware, Duration::hours(24));
    assert_eq!(c.deadline, Some(utc("2026-04-05T21:59:59Z")));
    assert!(
        c.window.contains("from the NIS2 incident notification"),
        "{}",
        c.window
    );
    // Until the incident notification goes, the final report has no deadline yet.
    let start = last.clock_start(Some(aware), |_| None);
    let c = clock(&last, start, None, aware, Duration::hours(24));
    assert_eq!((c.status, c.deadline), (ClockStatus::AwaitingTrigger, None));
    // Rules without the link still start at their trigger.
    let early = rule("nis2_art23_early_warning");
    assert_eq!(early.clock_start(Some(aware), sent), Some(aware));
}

#[test]
fn the_table_round_trips_through_json() {
    let table = RuleTable::builtin();
    let json = serde_json::to_string(table).unwrap();
    assert_eq!(&RuleTable::parse(&json).unwrap(), table);
    assert!(json.contains(r#""unit":"business_days""#), "{json}");
    assert!(json.contains(r#""cutoff":"17:30""#), "{json}");
    assert!(
        json.contains(r#""trigger":"materiality_determination""#),
        "{json}"
    );
}

#[test]
fn a_bad_table_is_refused_with_the_reason() {
    let good = serde_json::to_value(RuleTable::builtin()).unwrap();

    let mut no_version = good.clone();
    no_version["version"] = "".into();
    assert_eq!(
        RuleTable::parse(&no_version.to_string()),
        Err(RuleTableError::NoVersion)
    );

    let mut no_url = good.clone();
    no_url["rules"][0]["source"]["url"] = "".into();
    assert!(matches!(
        RuleTable::parse(&no_url.to_string()),
        Err(RuleTableError::Incomplete { .. })
    ));

    let mut twice = good.clone();
    let first = twice["rules"][0].clone();
    twice["rules"].as_array_mut().unwrap().push(first);
    assert!(matches!(
        RuleTable::parse(&twice.to_string()),
        Err(RuleTableError::DuplicateKey(_))
    ));

    let mut reserved = good.clone();
    reserved["rules"][0]["key"] = "insurer".into();
    assert!(matches!(
        RuleTable::parse(&reserved.to_string()),
        Err(RuleTableError::Incomplete { .. })
    ));

    let mut bad_zone = good.clone();
    bad_zone["rules"][0]["time_zone"] = "Mars/Olympus".into();
    let err = RuleTable::parse(&bad_zone.to_string()).unwrap_err();
    assert!(err.to_string().contains("IANA"), "{err}");

    let mut bad_cutoff = good;
    let sec = bad_cutoff["rules"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["key"] == "sec_8k_item_1_05")
        .unwrap();
    sec["window"]["cutoff"] = "half past five".into();
    let err = RuleTable::parse(&bad_cutoff.to_string()).unwrap_err();
    assert!(err.to_string().contains("HH:MM"), "{err}");
}

// ---- deadlines: hours ----

#[test]
fn hours_are_an_absolute_duration_across_the_eu_dst_change() {
    // 2026-03-27 10:00 Paris is CET (+01:00) = 09:00 UTC. 72 h later is 2026-03-30 09:00 UTC;
    // the clocks went forward on Sunday 2026-03-29, so Paris then reads 11:00 CEST (+02:00).
    let rule = custom(Window::Hours { hours: 72 }, "Europe/Paris");
    let start = Tz::Europe__Paris
        .with_ymd_and_hms(2026, 3, 27, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    assert_eq!(start, utc("2026-03-27T09:00:00Z"));
    let due = deadline(&rule, start);
    assert_eq!(due, utc("2026-03-30T09:00:00Z"));
    assert_eq!(
        due.with_timezone(&Tz::Europe__Paris).to_rfc3339(),
        "2026-03-30T11:00:00+02:00"
    );
}

#[test]
fn gdpr_is_72_hours_from_awareness() {
    let due = rule("gdpr_art33_supervisory_authority").deadline(utc("2026-06-01T13:45:00Z"));
    assert_eq!(due, utc("2026-06-04T13:45:00Z"));
}

// ---- deadlines: calendar days and months ----

#[test]
fn hipaa_is_the_end_of_the_60th_local_day_across_the_us_dst_change() {
    // Discovery 2026-02-01 10:00 EST (15:00 UTC). Day 60 after 1 Feb: 27 more days of
    // February (to the 28th), 31 of March (58), then 2 April (60). End of that day is
    // 23:59:59 EDT (-04:00) since the change on 8 March = 2026-04-03 03:59:59 UTC;
    // the start was at -05:00.
    let hipaa = rule("hipaa_164_404_individuals");
    let due = hipaa.deadline(utc("2026-02-01T15:00:00Z"));
    assert_eq!(due, utc("2026-04-03T03:59:59Z"));
    assert_eq!(
        due.with_timezone(&Tz::America__New_York).to_rfc3339(),
        "2026-04-02T23:59:59-04:00"
    );
    // 03:00 UTC on 2 Feb is still 1 Feb in New York (22:00 EST): the local day counts.
    assert_eq!(hipaa.deadline(utc("2026-02-02T03:00:00Z")), due);
    // 05:00 UTC on 2 Feb is 00:00 EST on 2 Feb: one day later.
    assert_eq!(
        hipaa.deadline(utc("2026-02-02T05:00:00Z")),
        utc("2026-04-04T03:59:59Z")
    );
}

#[test]
fn state_days_end_in_the_states_own_zone() {
    // Washington counts in Pacific time: discovery 2026-07-10 09:00 PDT (16:00 UTC) + 30 days
    // = 2026-08-09, ending 23:59:59 PDT (-07:00) = 2026-08-10 06:59:59 UTC.
    let due = rule("us_wa_19_255_010_individuals").deadline(utc("2026-07-10T16:00:00Z"));
    assert_eq!(due, utc("2026-08-10T06:59:59Z"));
    // Texas individuals get 60 days, the Attorney General 30, in Central time (-05:00 CDT).
    let start = utc("2026-05-04T15:00:00Z"); // 10:00 CDT, Monday 4 May
    assert_eq!(
        rule("us_tx_521_053_attorney_general").deadline(start),
        utc("2026-06-04T04:59:59Z") // 3 June 23:59:59 CDT
    );
    assert_eq!(
        rule("us_tx_521_053_individuals").deadline(start),
        utc("2026-07-04T04:59:59Z") // 3 July 23:59:59 CDT
    );
}

#[test]
fn months_keep_the_day_and_clamp_to_the_month_end() {
    // NIS2 final report, Brussels time. 31 Jan 2026 11:00 CET (10:00 UTC) + 1 month → 28 Feb
    // (2026 is not a leap year), 23:59:59 CET = 22:59:59 UTC.
    let nis2 = rule("nis2_art23_final_report");
    assert_eq!(
        nis2.deadline(utc("2026-01-31T10:00:00Z")),
        utc("2026-02-28T22:59:59Z")
    );
    // In a leap year the same trigger lands on 29 Feb.
    assert_eq!(
        nis2.deadline(utc("2028-01-31T10:00:00Z")),
        utc("2028-02-29T22:59:59Z")
    );
    // Across the EU change (29 March 2026): 10 March 13:00 CET → 10 April 23:59:59 CEST
    // (+02:00) = 21:59:59 UTC, an hour earlier in UTC than the start's offset would give.
    let due = nis2.deadline(utc("2026-03-10T12:00:00Z"));
    assert_eq!(due, utc("2026-04-10T21:59:59Z"));
    assert_eq!(
        due.with_timezone(&Tz::Europe__Brussels).to_rfc3339(),
        "2026-04-10T23:59:59+02:00"
    );
    assert_eq!(
        calendar::add_months(day("2026-12-31"), 2),
        day("2027-02-28")
    );
}

#[test]
fn a_wall_time_skipped_by_dst_is_moved_earlier_never_later() {
    // 02:30 on 8 March 2026 does not exist in New York (02:00 EST jumps to 03:00 EDT);
    // the hour before, 01:30 EST, is 06:30 UTC.
    let at = calendar::at_local_time(
        Tz::America__New_York,
        day("2026-03-08"),
        NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
    );
    assert_eq!(at, utc("2026-03-08T06:30:00Z"));
    // 01:30 on 1 Nov 2026 happens twice; the first (EDT, 05:30 UTC) is taken.
    let at = calendar::at_local_time(
        Tz::America__New_York,
        day("2026-11-01"),
        NaiveTime::from_hms_opt(1, 30, 0).unwrap(),
    );
    assert_eq!(at, utc("2026-11-01T05:30:00Z"));
}

// ---- deadlines: SEC business days ----

#[test]
fn sec_from_a_thursday_is_the_next_wednesday_at_the_edgar_cutoff() {
    // Thursday 2026-01-08 11:00 EST. Fri 9 (1), Mon 12 (2), Tue 13 (3), Wed 14 (4);
    // 17:30 EST (-05:00) = 22:30 UTC.
    let sec = rule("sec_8k_item_1_05");
    assert_eq!(
        sec.deadline(utc("2026-01-08T16:00:00Z")),
        utc("2026-01-14T22:30:00Z")
    );
}

#[test]
fn sec_skips_a_monday_holiday() {
    // Friday 2026-01-16; Monday 19 is Martin Luther King Jr. Day. Tue 20 (1), Wed 21 (2),
    // Thu 22 (3), Fri 23 (4) at 17:30 EST = 22:30 UTC.
    let sec = rule("sec_8k_item_1_05");
    assert_eq!(
        sec.deadline(utc("2026-01-16T20:00:00Z")),
        utc("2026-01-23T22:30:00Z")
    );
}

#[test]
fn sec_across_the_us_dst_change_uses_eastern_daylight_time() {
    // Thursday 2026-03-05 (EST). Fri 6 (1), [weekend; DST starts Sun 8], Mon 9 (2),
    // Tue 10 (3), Wed 11 (4) at 17:30 EDT (-04:00) = 21:30 UTC, not 22:30.
    let sec = rule("sec_8k_item_1_05");
    let due = sec.deadline(utc("2026-03-05T15:00:00Z"));
    assert_eq!(due, utc("2026-03-11T21:30:00Z"));
    assert_eq!(
        due.with_timezone(&Tz::America__New_York).to_rfc3339(),
        "2026-03-11T17:30:00-04:00"
    );
    // 9 p.m. Thursday in New York is already Friday in UTC; the New York day counts.
    assert_eq!(sec.deadline(utc("2026-03-06T02:00:00Z")), due);
}

#[test]
fn sec_skips_an_observed_holiday_and_weekend_triggers_start_monday() {
    // Independence Day 2026 is a Saturday, observed Friday 3 July. Wednesday 1 July:
    // Thu 2 (1), Mon 6 (2), Tue 7 (3), Wed 8 (4) at 17:30 EDT = 21:30 UTC.
    let sec = rule("sec_8k_item_1_05");
    assert_eq!(
        sec.deadline(utc("2026-07-01T14:00:00Z")),
        utc("2026-07-08T21:30:00Z")
    );
    // Saturday 2026-01-10: Mon 12 (1) ... Thu 15 (4), 17:30 EST = 22:30 UTC.
    assert_eq!(
        sec.deadline(utc("2026-01-10T15:00:00Z")),
        utc("2026-01-15T22:30:00Z")
    );
}

#[test]
fn us_federal_holidays_of_2026_as_observed() {
    let want: Vec<NaiveDate> = [
        "2026-01-01", // New Year's Day, Thursday
        "2026-01-19", // third Monday of January
        "2026-02-16", // Washington's Birthday, third Monday of February
        "2026-05-25", // Memorial Day, last Monday of May
        "2026-06-19", // Juneteenth, Friday
        "2026-07-03", // Independence Day falls on Saturday 4 July
        "2026-09-07", // Labor Day, first Monday of September
        "2026-10-12", // Columbus Day, second Monday of October
        "2026-11-11", // Veterans Day, Wednesday
        "2026-11-26", // Thanksgiving, fourth Thursday of November
        "2026-12-25", // Christmas, Friday
    ]
    .iter()
    .map(|d| day(d))
    .collect();
    assert_eq!(us_federal_holidays(2026), want);
}

#[test]
fn saturday_and_sunday_holidays_shift_even_across_the_year_end() {
    // 1 Jan 2022 was a Saturday: observed Friday 31 Dec 2021.
    assert!(is_us_federal_holiday(day("2021-12-31")));
    // Christmas 2027 and Juneteenth 2027 fall on Saturdays: the Fridays before.
    assert!(is_us_federal_holiday(day("2027-12-24")));
    assert!(is_us_federal_holiday(day("2027-06-18")));
    // 4 July 2027 is a Sunday: observed Monday 5 July.
    assert!(is_us_federal_holiday(day("2027-07-05")));
    // Juneteenth was not a holiday before 2021.
    assert!(!is_us_federal_holiday(day("2020-06-19")));
    assert!(!BusinessCalendar::UsFederal.is_business_day(day("2026-03-07")));
    assert!(BusinessCalendar::UsFederal.is_business_day(day("2026-03-09")));
}

// ---- which rules apply ----

#[test]
fn an_eu_client_with_personal_data_gets_gdpr_only() {
    let table = RuleTable::builtin();
    let eu = j(&["EU"]);
    let facts = ClockFacts {
        jurisdictions: &eu,
        sectors: &[Sector::Retail],
        data_classes: &[DataClass::Pii],
        ..ClockFacts::default()
    };
    assert_eq!(
        keys(&applicable(table, &facts)),
        ["gdpr_art33_supervisory_authority"]
    );
    // Without personal data there is no GDPR breach to notify.
    let facts = ClockFacts {
        data_classes: &[DataClass::IntellectualProperty],
        ..facts
    };
    assert!(applicable(table, &facts).is_empty());
}

#[test]
fn an_eu_healthcare_client_also_gets_the_three_nis2_clocks_in_order() {
    let eu = j(&["EU"]);
    let facts = ClockFacts {
        jurisdictions: &eu,
        sectors: &[Sector::Healthcare],
        data_classes: &[DataClass::Phi],
        ..ClockFacts::default()
    };
    assert_eq!(
        keys(&applicable(RuleTable::builtin(), &facts)),
        [
            "nis2_art23_early_warning",
            "gdpr_art33_supervisory_authority",
            "nis2_art23_incident_notification",
            "nis2_art23_final_report",
        ]
    );
}

#[test]
fn a_uk_client_gets_the_ico_rule_not_the_eu_ones() {
    let uk = j(&["UK"]);
    let facts = ClockFacts {
        jurisdictions: &uk,
        sectors: &[Sector::Energy],
        data_classes: &[DataClass::Pii],
        ..ClockFacts::default()
    };
    assert_eq!(
        keys(&applicable(RuleTable::builtin(), &facts)),
        ["uk_gdpr_art33_ico"]
    );
}

#[test]
fn a_california_only_client_gets_no_state_rule_but_the_federal_sec_offer() {
    let ca = j(&["US-CA"]);
    let facts = ClockFacts {
        jurisdictions: &ca,
        sectors: &[Sector::Retail],
        data_classes: &[DataClass::Pii],
        ..ClockFacts::default()
    };
    // California has no fixed day count, so nothing state-level; a state is in the US, so
    // the SEC clock is offered (it waits for a materiality determination).
    assert_eq!(
        keys(&applicable(RuleTable::builtin(), &facts)),
        ["sec_8k_item_1_05"]
    );
}

#[test]
fn state_rules_follow_the_state_and_personal_data() {
    let table = RuleTable::builtin();
    let fl = j(&["US-FL"]);
    let facts = ClockFacts {
        jurisdictions: &fl,
        data_classes: &[DataClass::Pii],
        ..ClockFacts::default()
    };
    assert_eq!(
        keys(&applicable(table, &facts)),
        ["sec_8k_item_1_05", "us_fl_501_171_individuals"]
    );
    let facts = ClockFacts {
        data_classes: &[DataClass::ConfidentialBusiness],
        ..facts
    };
    assert_eq!(keys(&applicable(table, &facts)), ["sec_8k_item_1_05"]);

    let several = j(&["US-TX", "US-NY", "US-CO", "US-WA"]);
    let facts = ClockFacts {
        jurisdictions: &several,
        data_classes: &[DataClass::Pii],
        ..ClockFacts::default()
    };
    assert_eq!(
        keys(&applicable(table, &facts)),
        [
            "sec_8k_item_1_05",
            "us_co_6_1_716_individuals",
            "us_ny_gbl_899_aa_individuals",
            "us_tx_521_053_attorney_general",
            "us_wa_19_255_010_individuals",
            "us_tx_521_053_individuals",
        ]
    );
}

#[test]
fn hipaa_follows_phi_or_the_healthcare_sector() {
    let table = RuleTable::builtin();
    let us = j(&["US"]);
    let phi = ClockFacts {
        jurisdictions: &us,
        sectors: &[Sector::Legal],
        data_classes: &[DataClass::Phi],
        ..ClockFacts::default()
    };
    assert!(keys(&applicable(table, &phi)).contains(&"hipaa_164_404_individuals"));
    let healthcare = ClockFacts {
        sectors: &[Sector::Healthcare],
        data_classes: &[],
        ..phi
    };
    assert!(keys(&applicable(table, &healthcare)).contains(&"hipaa_164_404_individuals"));
    let neither = ClockFacts {
        sectors: &[Sector::Legal],
        data_classes: &[DataClass::Pii],
        ..phi
    };
    assert!(!keys(&applicable(table, &neither)).contains(&"hipaa_164_404_individuals"));
    // PHI of an EU client is GDPR's business, not HIPAA's.
    let eu = j(&["EU"]);
    let eu_phi = ClockFacts {
        jurisdictions: &eu,
        ..phi
    };
    assert!(!keys(&applicable(table, &eu_phi)).contains(&"hipaa_164_404_individuals"));
}

#[test]
fn contract_and_insurer_windows_become_clocks_of_their_own() {
    let insurer = Insurer {
        name: "Beazley".into(),
        policy_number: "CY-2291".into(),
        notice_hours: Some(48),
        claims_contact: "claims@example.com".into(),
    };
    let facts = ClockFacts {
        contract_notice_hours: Some(4),
        insurer: Some(&insurer),
        ..ClockFacts::default()
    };
    let rules = applicable(RuleTable::builtin(), &facts);
    assert_eq!(keys(&rules), [CONTRACT_KEY, INSURER_KEY]);

    let contract = &rules[0];
    assert_eq!(contract.trigger, Trigger::Detection);
    assert_eq!(contract.source.citation, "Client contract");
    assert_eq!(
        contract.deadline(utc("2026-03-29T00:30:00Z")),
        utc("2026-03-29T04:30:00Z")
    );

    let insurer_rule = &rules[1];
    assert_eq!(insurer_rule.trigger, Trigger::Awareness);
    assert_eq!(insurer_rule.source.citation, "Beazley policy CY-2291");
    assert!(insurer_rule.recipient.contains("claims@example.com"));
    assert_eq!(
        insurer_rule.deadline(utc("2026-03-27T09:00:00Z")),
        utc("2026-03-29T09:00:00Z")
    );

    // An insurer without a notice window adds no clock.
    let silent = Insurer {
        notice_hours: None,
        ..insurer
    };
    let facts = ClockFacts {
        insurer: Some(&silent),
        ..ClockFacts::default()
    };
    assert!(applicable(RuleTable::builtin(), &facts).is_empty());
}

// ---- clock state ----

#[test]
fn clock_status_follows_the_trigger_the_deadline_and_the_sending() {
    let gdpr = rule("gdpr_art33_supervisory_authority");
    let start = utc("2026-06-01T12:00:00Z");
    let due = utc("2026-06-04T12:00:00Z");
    let soon = Duration::hours(12);
    let at = |started, sent, now| clock(&gdpr, started, sent, now, soon);

    let waiting = at(None, None, start);
    assert_eq!(waiting.status, ClockStatus::AwaitingTrigger);
    assert_eq!((waiting.deadline, waiting.remaining_seconds), (None, None));
    // A notice sent before the trigger is recorded cannot be judged yet.
    assert_eq!(
        at(None, Some(start), start).status,
        ClockStatus::AwaitingTrigger
    );

    let running = at(Some(start), None, utc("2026-06-02T12:00:00Z"));
    assert_eq!(running.status, ClockStatus::Running);
    assert_eq!(running.deadline, Some(due));
    assert_eq!(running.remaining_seconds, Some(48.0 * 3600.0));
    assert_eq!(running.window, "72 hours");

    let soon_clock = at(Some(start), None, utc("2026-06-04T00:00:00Z"));
    assert_eq!(soon_clock.status, ClockStatus::DueSoon);
    // The deadline itself is still in time.
    let at_due = at(Some(start), None, due);
    assert_eq!(at_due.status, ClockStatus::DueSoon);
    assert_eq!(at_due.remaining_seconds, Some(0.0));

    let overdue = at(Some(start), None, utc("2026-06-04T12:00:01Z"));
    assert_eq!(overdue.status, ClockStatus::Overdue);
    assert_eq!(overdue.remaining_seconds, Some(-1.0));

    let on_time = at(Some(start), Some(due), utc("2026-07-01T00:00:00Z"));
    assert_eq!(on_time.status, ClockStatus::SentOnTime);
    assert_eq!(on_time.remaining_seconds, Some(0.0));

    let late = at(
        Some(start),
        Some(utc("2026-06-04T15:00:00Z")),
        utc("2026-06-04T12:30:00Z"),
    );
    assert_eq!(late.status, ClockStatus::SentLate);
    assert_eq!(late.remaining_seconds, Some(-3.0 * 3600.0));
}

#[test]
fn clocks_serialise_with_snake_case_names() {
    let c = clock(
        &rule("sec_8k_item_1_05"),
        Some(utc("2026-03-05T15:00:00Z")),
        None,
        utc("2026-03-06T15:00:00Z"),
        Duration::hours(24),
    );
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["status"], "running");
    assert_eq!(json["trigger"], "materiality_determination");
    assert_eq!(json["window"], "4 business days (by 17:30)");
    assert!(
        json["source"]["citation"]
            .as_str()
            .unwrap()
            .contains("Item 1.05")
    );
    assert_eq!(
        Trigger::MaterialityDetermination.label(),
        "Materiality determination"
    );
}
