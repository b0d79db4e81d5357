//! Standstill dates (docs/domain.md §4): no contract may be concluded before the standstill ends.
//!
//! - EU Remedies Directive (2007/66/EC, art. 2a): 10 calendar days from the day after the award
//!   decision is sent by electronic means, 15 by other means.
//! - UK Public Contracts Regulations 2015 (reg. 87): the same periods, but a period whose last day
//!   is not a working day runs to the end of the next working day.
//! - UK Procurement Act 2023 (s. 51): eight working days *beginning with* the day on which the
//!   contract award notice is published, so the publication day itself counts when it is a
//!   working day.
//!
//! Dates are plain calendar dates: no clock, no time zone. [`Standstill::ends`] is the last day of
//! the standstill and [`Standstill::contract_from`] the first day a contract may be concluded (the
//! day after). The explanation names every date it uses, in ISO form with an English weekday, and
//! does not depend on the locale.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use thiserror::Error;

/// A working-day calendar: weekly rest days plus public holidays.
///
/// A calendar whose `weekend` names all seven days would have no working day at all; the rules
/// here then ignore the weekend (holidays still apply) so that every computation ends, and
/// [`Calendar::validate`] reports the problem for the loader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Weekly rest days, e.g. Saturday and Sunday.
    pub weekend: Vec<Weekday>,
    /// Public holidays (any weekday).
    pub holidays: BTreeSet<NaiveDate>,
}

/// A problem with a [`Calendar`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    /// Every day of the week is a rest day.
    #[error("the calendar's weekend covers all seven days, so there would be no working day")]
    NoWorkingWeekday,
}

impl Default for Calendar {
    /// Saturday and Sunday off, no holidays.
    fn default() -> Self {
        Calendar::saturday_sunday(BTreeSet::new())
    }
}

impl Calendar {
    /// A calendar with the given weekend and holidays.
    pub fn new(weekend: Vec<Weekday>, holidays: BTreeSet<NaiveDate>) -> Self {
        Calendar { weekend, holidays }
    }

    /// A calendar with Saturday and Sunday off and the given holidays.
    pub fn saturday_sunday(holidays: BTreeSet<NaiveDate>) -> Self {
        Calendar::new(vec![Weekday::Sat, Weekday::Sun], holidays)
    }

    /// Checks that the calendar has at least one working weekday.
    ///
    /// # Errors
    /// [`CalendarError::NoWorkingWeekday`] if the weekend covers all seven days.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.weekend_covers_every_day() {
            Err(CalendarError::NoWorkingWeekday)
        } else {
            Ok(())
        }
    }

    fn weekend_covers_every_day(&self) -> bool {
        let days: BTreeSet<u32> = self
            .weekend
            .iter()
            .map(|w| w.num_days_from_monday())
            .collect();
        days.len() >= 7
    }

    /// Whether `date` is a working day: not a weekend day and not a holiday.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.holidays.contains(&date) {
            return false;
        }
        self.weekend_covers_every_day() || !self.weekend.contains(&date.weekday())
    }

    /// The first working day strictly after `date`. Saturates at the last date chrono supports.
    pub fn next_working_day(&self, date: NaiveDate) -> NaiveDate {
        match date.succ_opt() {
            Some(next) => self.working_day_on_or_after(next),
            None => date,
        }
    }

    /// `date` itself if it is a working day, otherwise the next working day. Saturates at the
    /// last date chrono supports.
    pub fn working_day_on_or_after(&self, date: NaiveDate) -> NaiveDate {
        let mut d = date;
        // Terminates: at least one weekday is a working weekday (see the type's docs) and the
        // holidays are finite, so a working day comes within `holidays.len() + 7` days.
        while !self.is_working_day(d) {
            match d.succ_opt() {
                Some(next) => d = next,
                None => return d,
            }
        }
        d
    }

    /// The `n`-th working day after `date`, not counting `date` itself (`n = 0` gives `date`).
    /// Saturates at the last date chrono supports.
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> NaiveDate {
        let mut d = date;
        for _ in 0..n {
            let next = self.next_working_day(d);
            if next == d {
                break;
            }
            d = next;
        }
        d
    }
}

/// How the award notice was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Notice {
    /// E-mail, e-procurement portal, fax.
    Electronic,
    /// Post or any other means.
    Other,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Notice::Electronic => "by electronic means",
            Notice::Other => "by other means",
        })
    }
}

/// How a standstill period is counted *(setting)*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StandstillRule {
    /// Calendar days counted from the day after the notice; the number depends on how the notice
    /// was sent. With `end_on_working_day`, a period whose last day is not a working day runs to
    /// the next working day.
    CalendarDays {
        /// Days when the notice is sent by electronic means.
        electronic: u32,
        /// Days when the notice is sent by other means.
        other: u32,
        /// Whether the period must end on a working day.
        end_on_working_day: bool,
    },
    /// Working days counted from the day after the notice.
    WorkingDays {
        /// Number of working days.
        days: u32,
    },
    /// Working days beginning with the day of the notice itself, which counts if it is a working
    /// day (UK Procurement Act 2023, s. 51: "beginning with the day on which the contract award
    /// notice is published").
    WorkingDaysIncludingNoticeDay {
        /// Number of working days.
        days: u32,
    },
}

impl StandstillRule {
    /// EU Remedies Directive: 10 calendar days (electronic) or 15 (other means), from the day
    /// after the notice.
    pub fn eu_remedies() -> Self {
        StandstillRule::CalendarDays {
            electronic: 10,
            other: 15,
            end_on_working_day: false,
        }
    }

    /// UK Public Contracts Regulations 2015: 10 or 15 calendar days, ending on a working day.
    pub fn uk_pcr_2015() -> Self {
        StandstillRule::CalendarDays {
            electronic: 10,
            other: 15,
            end_on_working_day: true,
        }
    }

    /// UK Procurement Act 2023: 8 working days beginning with the day the contract award notice
    /// is published.
    pub fn uk_procurement_act_2023() -> Self {
        StandstillRule::WorkingDaysIncludingNoticeDay { days: 8 }
    }
}

/// A computed standstill period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standstill {
    /// The day the notice was sent or published.
    pub notice: NaiveDate,
    /// The last day of the standstill (the notice day itself when the period has no days).
    pub ends: NaiveDate,
    /// The first day a contract may be concluded: the day after `ends`.
    pub contract_from: NaiveDate,
    /// How the dates were worked out, in plain words.
    pub explanation: String,
}

/// Works out the standstill for a notice given on `notice` by `means` under `rule`, using `cal`
/// for working days.
///
/// Calendar-day and [`StandstillRule::WorkingDays`] periods count from the day after the notice;
/// [`StandstillRule::WorkingDaysIncludingNoticeDay`] counts the notice day if it is a working day.
/// `means` only matters for calendar-day rules. A period of zero days ends on the notice day.
/// Dates saturate at the last date chrono supports.
pub fn standstill(
    rule: &StandstillRule,
    notice: NaiveDate,
    means: Notice,
    cal: &Calendar,
) -> Standstill {
    let mut text = format!("Notice given {means} on {}. ", day(notice));
    let ends = match *rule {
        StandstillRule::CalendarDays {
            electronic,
            other,
            end_on_working_day,
        } => {
            let days = match means {
                Notice::Electronic => electronic,
                Notice::Other => other,
            };
            let last = add_calendar_days(notice, days);
            if days == 0 {
                text.push_str("Standstill of 0 calendar days: it ends on the notice day. ");
            } else {
                text.push_str(&format!(
                    "Standstill of {days} calendar {} counted from the day after the notice: {} to {}. ",
                    plural(days, "day", "days"),
                    day(add_calendar_days(notice, 1)),
                    day(last)
                ));
            }
            if end_on_working_day && days > 0 && !cal.is_working_day(last) {
                let moved = cal.working_day_on_or_after(last);
                text.push_str(&format!(
                    "{} is not a working day, so the standstill runs to the next working day, {}. ",
                    day(last),
                    day(moved)
                ));
                moved
            } else {
                last
            }
        }
        StandstillRule::WorkingDays { days } => {
            let last = cal.add_working_days(notice, days);
            if days == 0 {
                text.push_str("Standstill of 0 working days: it ends on the notice day. ");
            } else {
                text.push_str(&format!(
                    "Standstill of {days} working {} counted from the day after the notice: {} to {}{}. ",
                    plural(days, "day", "days"),
                    day(cal.next_working_day(notice)),
                    day(last),
                    holidays_skipped(cal, add_calendar_days(notice, 1), last)
                ));
            }
            last
        }
        StandstillRule::WorkingDaysIncludingNoticeDay { days } => {
            if days == 0 {
                text.push_str("Standstill of 0 working days: it ends on the notice day. ");
                notice
            } else {
                let first = cal.working_day_on_or_after(notice);
                let last = cal.add_working_days(first, days - 1);
                if first != notice {
                    text.push_str(&format!(
                        "{} is not a working day, so counting begins on {}. ",
                        day(notice),
                        day(first)
                    ));
                }
                text.push_str(&format!(
                    "Standstill of {days} working {} beginning with the day of the notice: {} to {}{}. ",
                    plural(days, "day", "days"),
                    day(first),
                    day(last),
                    holidays_skipped(cal, first, last)
                ));
                last
            }
        }
    };
    let contract_from = ends.succ_opt().unwrap_or(ends);
    text.push_str(&format!(
        "No contract before {}: the contract may be concluded from {}.",
        day(contract_from),
        day(contract_from)
    ));
    Standstill {
        notice,
        ends,
        contract_from,
        explanation: text,
    }
}

/// Whether `date` falls in the standstill: from the notice day up to and including the last day,
/// i.e. every day on which the contract may not yet be concluded.
pub fn in_standstill(s: &Standstill, date: NaiveDate) -> bool {
    s.notice <= date && date <= s.ends
}

fn add_calendar_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(chrono::Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

/// "Wed 2025-03-05": English weekday abbreviation and ISO date, independent of the locale.
fn day(d: NaiveDate) -> String {
    format!("{} {}", d.weekday(), d)
}

fn plural(n: u32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// ", skipping the holiday Mon 2025-03-10" for holidays on working weekdays in `from..=to`.
fn holidays_skipped(cal: &Calendar, from: NaiveDate, to: NaiveDate) -> String {
    if from > to {
        // `BTreeSet::range` rejects an inverted range.
        return String::new();
    }
    let skipped: Vec<String> = cal
        .holidays
        .range(from..=to)
        .filter(|h| cal.weekend_covers_every_day() || !cal.weekend.contains(&h.weekday()))
        .map(|h| day(*h))
        .collect();
    match skipped.len() {
        0 => String::new(),
        1 => format!(", skipping the holiday {}", skipped[0]),
        _ => format!(", skipping the holidays {}", skipped.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn wed() -> NaiveDate {
        d(2025, 3, 5)
    }

    #[test]
    fn eu_calendar_days_worked_example() {
        let s = standstill(
            &StandstillRule::eu_remedies(),
            wed(),
            Notice::Electronic,
            &Calendar::default(),
        );
        assert_eq!(s.ends, d(2025, 3, 15)); // a Saturday
        assert_eq!(s.contract_from, d(2025, 3, 16));
        assert_eq!(
            s.explanation,
            "Notice given by electronic means on Wed 2025-03-05. Standstill of 10 calendar days \
             counted from the day after the notice: Thu 2025-03-06 to Sat 2025-03-15. No contract \
             before Sun 2025-03-16: the contract may be concluded from Sun 2025-03-16."
        );
    }

    #[test]
    fn eu_other_means_is_15_days() {
        let s = standstill(
            &StandstillRule::eu_remedies(),
            wed(),
            Notice::Other,
            &Calendar::default(),
        );
        assert_eq!(s.ends, d(2025, 3, 20));
        assert_eq!(s.contract_from, d(2025, 3, 21));
    }

    #[test]
    fn pcr_2015_ends_on_a_working_day_worked_example() {
        let s = standstill(
            &StandstillRule::uk_pcr_2015(),
            wed(),
            Notice::Electronic,
            &Calendar::default(),
        );
        assert_eq!(s.ends, d(2025, 3, 17));
        assert_eq!(s.contract_from, d(2025, 3, 18));
        assert!(s.explanation.contains(
            "Sat 2025-03-15 is not a working day, so the standstill runs to the next working day, \
             Mon 2025-03-17."
        ));
        assert!(
            s.explanation
                .ends_with("the contract may be concluded from Tue 2025-03-18.")
        );
    }

    #[test]
    fn pcr_2015_good_friday_and_easter_monday() {
        // Award letters e-mailed Tue 2010-03-23: the 10th day is Good Friday 2010-04-02, and
        // Easter Monday is also a holiday, so the standstill ends Tue 2010-04-06.
        let cal = Calendar::saturday_sunday([d(2010, 4, 2), d(2010, 4, 5)].into());
        let s = standstill(
            &StandstillRule::uk_pcr_2015(),
            d(2010, 3, 23),
            Notice::Electronic,
            &cal,
        );
        assert_eq!(s.ends, d(2010, 4, 6));
        assert_eq!(s.contract_from, d(2010, 4, 7));
    }

    #[test]
    fn working_days_from_the_day_after_a_wednesday() {
        // Thu 6 (1), Fri 7 (2), Mon 10 (3), Tue 11 (4), Wed 12 (5), Thu 13 (6), Fri 14 (7),
        // Mon 17 (8).
        let rule = StandstillRule::WorkingDays { days: 8 };
        let s = standstill(&rule, wed(), Notice::Electronic, &Calendar::default());
        assert_eq!(s.ends, d(2025, 3, 17));
        assert_eq!(s.contract_from, d(2025, 3, 18));
        // A holiday on Mon 10 pushes the 8th working day to Tue 18.
        let cal = Calendar::saturday_sunday([d(2025, 3, 10)].into());
        let s = standstill(&rule, wed(), Notice::Electronic, &cal);
        assert_eq!(s.ends, d(2025, 3, 18));
        assert_eq!(s.contract_from, d(2025, 3, 19));
        assert!(
            s.explanation.contains(
                "Standstill of 8 working days counted from the day after the notice: Thu \
                 2025-03-06 to Tue 2025-03-18, skipping the holiday Mon 2025-03-10."
            ),
            "{}",
            s.explanation
        );
    }

    #[test]
    fn procurement_act_2023_counts_the_publication_day() {
        // Published Wed 5: Wed 5 (1), Thu 6 (2), Fri 7 (3), Mon 10 (4), Tue 11 (5), Wed 12 (6),
        // Thu 13 (7), Fri 14 (8): ends Fri 14, contract from Sat 15.
        let rule = StandstillRule::uk_procurement_act_2023();
        let s = standstill(&rule, wed(), Notice::Electronic, &Calendar::default());
        assert_eq!(s.ends, d(2025, 3, 14));
        assert_eq!(s.contract_from, d(2025, 3, 15));
        assert_eq!(
            s.explanation,
            "Notice given by electronic means on Wed 2025-03-05. Standstill of 8 working days \
             beginning with the day of the notice: Wed 2025-03-05 to Fri 2025-03-14. No contract \
             before Sat 2025-03-15: the contract may be concluded from Sat 2025-03-15."
        );
        // With a holiday on Mon 10 in the window: ends Mon 17.
        let cal = Calendar::saturday_sunday([d(2025, 3, 10)].into());
        let s = standstill(&rule, wed(), Notice::Electronic, &cal);
        assert_eq!(s.ends, d(2025, 3, 17));
        assert_eq!(s.contract_from, d(2025, 3, 18));
        // A holiday on the publication day itself: counting begins Thu 6, ends Mon 17.
        let cal = Calendar::saturday_sunday([wed()].into());
        let s = standstill(&rule, wed(), Notice::Electronic, &cal);
        assert_eq!(s.ends, d(2025, 3, 17));
        assert!(s.explanation.contains(
            "Wed 2025-03-05 is not a working day, so counting begins on Thu 2025-03-06."
        ));
        // Published on a Saturday: counting begins Monday.
        let s = standstill(&rule, d(2025, 3, 8), Notice::Other, &Calendar::default());
        assert_eq!(s.ends, d(2025, 3, 19));
    }

    #[test]
    fn in_standstill_boundaries() {
        let s = standstill(
            &StandstillRule::uk_pcr_2015(),
            wed(),
            Notice::Electronic,
            &Calendar::default(),
        );
        assert!(!in_standstill(&s, d(2025, 3, 4)));
        assert!(in_standstill(&s, wed()));
        assert!(in_standstill(&s, d(2025, 3, 17)));
        assert!(!in_standstill(&s, d(2025, 3, 18)));
    }

    #[test]
    fn zero_day_periods_end_on_the_notice_day() {
        let cal = Calendar::default();
        for rule in [
            StandstillRule::CalendarDays {
                electronic: 0,
                other: 0,
                end_on_working_day: true,
            },
            StandstillRule::WorkingDays { days: 0 },
            StandstillRule::WorkingDaysIncludingNoticeDay { days: 0 },
        ] {
            let s = standstill(&rule, d(2025, 3, 8), Notice::Electronic, &cal);
            assert_eq!(
                (s.ends, s.contract_from),
                (d(2025, 3, 8), d(2025, 3, 9)),
                "{rule:?}"
            );
        }
    }

    #[test]
    fn calendar_helpers() {
        let cal = Calendar::saturday_sunday([d(2025, 12, 25), d(2025, 12, 26)].into());
        assert!(cal.is_working_day(d(2025, 12, 24)));
        assert!(!cal.is_working_day(d(2025, 12, 25)));
        assert!(!cal.is_working_day(d(2025, 12, 27)));
        assert_eq!(cal.next_working_day(d(2025, 12, 24)), d(2025, 12, 29));
        assert_eq!(cal.next_working_day(d(2025, 12, 22)), d(2025, 12, 23));
        assert_eq!(
            cal.working_day_on_or_after(d(2025, 12, 22)),
            d(2025, 12, 22)
        );
        assert_eq!(cal.add_working_days(d(2025, 12, 24), 0), d(2025, 12, 24));
        assert_eq!(cal.add_working_days(d(2025, 12, 24), 2), d(2025, 12, 30));
        // A Friday/Saturday weekend.
        let cal = Calendar::new(vec![Weekday::Fri, Weekday::Sat], BTreeSet::new());
        assert_eq!(cal.next_working_day(d(2025, 3, 6)), d(2025, 3, 9));
        assert_eq!(cal.validate(), Ok(()));
    }

    #[test]
    fn all_week_weekend_is_reported_and_ignored() {
        let all = vec![
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        let cal = Calendar::new(all, [d(2025, 3, 6)].into());
        assert_eq!(cal.validate(), Err(CalendarError::NoWorkingWeekday));
        assert_eq!(cal.next_working_day(wed()), d(2025, 3, 7));
    }

    #[test]
    fn dates_saturate_at_the_end_of_the_calendar() {
        let cal = Calendar::default();
        let s = standstill(
            &StandstillRule::eu_remedies(),
            NaiveDate::MAX,
            Notice::Other,
            &cal,
        );
        assert_eq!(s.ends, NaiveDate::MAX);
        assert_eq!(cal.add_working_days(NaiveDate::MAX, 3), NaiveDate::MAX);
    }

    #[test]
    fn serde_names() {
        assert_eq!(
            serde_json::to_string(&Notice::Electronic).unwrap(),
            "\"electronic\""
        );
        let r: StandstillRule =
            serde_json::from_str(r#"{"kind":"working_days_including_notice_day","days":8}"#)
                .unwrap();
        assert_eq!(r, StandstillRule::uk_procurement_act_2023());
    }

    fn arb_calendar() -> impl Strategy<Value = Calendar> {
        (
            prop::collection::btree_set(0u32..7, 0..7),
            prop::collection::btree_set(0i64..60, 0..20),
        )
            .prop_map(|(rest, hol)| {
                let weekend = rest
                    .into_iter()
                    .map(|n| Weekday::try_from(n as u8).unwrap())
                    .collect();
                let holidays = hol
                    .into_iter()
                    .map(|o| d(2025, 3, 1) + chrono::Duration::days(o))
                    .collect();
                Calendar { weekend, holidays }
            })
    }

    proptest! {
        #[test]
        fn working_day_standstill_ends_on_a_working_day(
            cal in arb_calendar(),
            offset in 0i64..40,
            days in 1u32..20,
            inclusive in any::<bool>(),
        ) {
            prop_assume!(cal.validate().is_ok());
            let notice = d(2025, 3, 1) + chrono::Duration::days(offset);
            let rule = if inclusive {
                StandstillRule::WorkingDaysIncludingNoticeDay { days }
            } else {
                StandstillRule::WorkingDays { days }
            };
            let s = standstill(&rule, notice, Notice::Electronic, &cal);
            prop_assert!(cal.is_working_day(s.ends));
            prop_assert_eq!(s.ends.succ_opt(), Some(s.contract_from));
            // Exactly `days` working days in the counted window.
            let start = if inclusive { notice } else { notice.succ_opt().unwrap() };
            let counted = start
                .iter_days()
                .take_while(|x| *x <= s.ends)
                .filter(|x| cal.is_working_day(*x))
                .count();
            prop_assert_eq!(counted, days as usize);
            prop_assert!(in_standstill(&s, notice) && in_standstill(&s, s.ends));
            prop_assert!(!in_standstill(&s, s.contract_from));
        }

        #[test]
        fn pcr_style_ends_on_a_working_day_and_never_early(
            cal in arb_calendar(),
            offset in 0i64..40,
            electronic in any::<bool>(),
        ) {
            prop_assume!(cal.validate().is_ok());
            let notice = d(2025, 3, 1) + chrono::Duration::days(offset);
            let means = if electronic { Notice::Electronic } else { Notice::Other };
            let plain = standstill(&StandstillRule::eu_remedies(), notice, means, &cal);
            let s = standstill(&StandstillRule::uk_pcr_2015(), notice, means, &cal);
            prop_assert!(cal.is_working_day(s.ends));
            prop_assert!(s.ends >= plain.ends);
            prop_assert_eq!(s.ends, cal.working_day_on_or_after(plain.ends));
            let n = if electronic { 10 } else { 15 };
            prop_assert_eq!((plain.ends - notice).num_days(), n);
        }
    }
}
