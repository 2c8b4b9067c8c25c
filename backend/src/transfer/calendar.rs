//! A person's published shifts as an iCalendar file (RFC 5545), for their phone or agenda.
//!
//! Hand-written rather than a crate: one component kind (VEVENT) with five properties, plus
//! the two rules that matter (text escaping §3.3.11, CRLF and line folding at 75 octets
//! §3.1); the fixed Europe/Paris VTIMEZONE lets times stay local, as staff read them.

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::audit::access_log::{self, Access};
use crate::entity::{assignment, roster, shift_type};
use crate::organisation::scope::Scope;
use crate::organisation::staff;
use crate::rosters::store;
use crate::security::access_chain::Operation;
use crate::service_error::{ServiceError, ServiceResult};
use crate::transfer::roster_export::{local_time, shift_types};

/// Longest span of one calendar.
pub const MAX_DAYS: i64 = 366;

/// Europe/Paris since 1996: CET, CEST from the last Sunday of March to the last of October.
const PARIS: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// TEXT value escaping (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line exceeds 75 octets (never inside a character).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn local(at: NaiveDateTime) -> String {
    at.format("%Y%m%dT%H%M%S").to_string()
}

/// One shift to put in the calendar.
pub struct Event {
    pub staff_id: Uuid,
    pub date: NaiveDate,
    pub shift: shift_type::Model,
}

/// The calendar text of `events`.
pub fn render(events: &[Event], stamp: chrono::DateTime<Utc>) -> String {
    let mut out = String::new();
    for fixed in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Releve//Planning//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, fixed);
    }
    out.push_str(PARIS);
    let dtstamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for event in events {
        let start = local_time(event.date, event.shift.start_minute);
        let end = start + Duration::minutes(i64::from(event.shift.duration_minutes));
        line(&mut out, "BEGIN:VEVENT");
        line(
            &mut out,
            &format!(
                "UID:{}-{}-{}@releve",
                event.staff_id, event.date, event.shift.id
            ),
        );
        line(&mut out, &format!("DTSTAMP:{dtstamp}"));
        line(
            &mut out,
            &format!("DTSTART;TZID=Europe/Paris:{}", local(start)),
        );
        line(&mut out, &format!("DTEND;TZID=Europe/Paris:{}", local(end)));
        line(
            &mut out,
            &format!(
                "SUMMARY:{}",
                escape(&format!("{} – {}", event.shift.code, event.shift.label))
            ),
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

/// The published shifts of a person between two dates, as iCalendar. A person reads their
/// own; managers and HR read the people in their scope. Logged as an export.
pub async fn person_calendar(
    txn: &DatabaseTransaction,
    scope: &Scope,
    staff_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<String> {
    let person = staff::find(txn, scope.tenant, staff_id).await?;
    if !staff::may_read(txn, scope, &person).await? {
        return Err(ServiceError::forbidden("agent hors de votre périmètre"));
    }
    if to < from || (to - from).num_days() > MAX_DAYS {
        return Err(ServiceError::invalid(
            "to",
            format!("au plus {MAX_DAYS} jours après from"),
        ));
    }
    let rosters = roster::Entity::find()
        .filter(roster::Column::TenantId.eq(scope.tenant.0))
        .filter(roster::Column::PublishedVersion.is_not_null())
        .filter(roster::Column::PeriodStart.lte(to))
        .filter(roster::Column::PeriodEnd.gte(from))
        .all(txn)
        .await?;
    let shifts = shift_types(txn, scope.tenant).await?;
    let mut events = Vec::new();
    for r in &rosters {
        let Some(number) = r.published_version else {
            continue;
        };
        let version = store::version(txn, r, number).await?;
        let rows = assignment::Entity::find()
            .filter(assignment::Column::TenantId.eq(scope.tenant.0))
            .filter(assignment::Column::RosterVersionId.eq(version.id))
            .filter(assignment::Column::StaffId.eq(person.id))
            .filter(assignment::Column::Date.between(from, to))
            .all(txn)
            .await?;
        for a in rows {
            if let Some(shift) = shifts.get(&a.shift_type_id) {
                events.push(Event {
                    staff_id: a.staff_id,
                    date: a.date,
                    shift: shift.clone(),
                });
            }
        }
    }
    events.sort_by_key(|e| (e.date, e.shift.start_minute));
    let access = Access {
        operation: Operation::Export,
        object_type: "roster",
        object_ids: vec![person.id, person.person_id],
        purpose: if scope.staff_id == Some(person.id) {
            "self_service"
        } else {
            "planning"
        },
    };
    access_log::record(txn, scope.tenant, &scope.actor(), access).await?;
    Ok(render(&events, Utc::now()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shift(code: &str, label: &str, start: i32, minutes: i32) -> shift_type::Model {
        shift_type::Model {
            id: Uuid::nil(),
            tenant_id: Uuid::nil(),
            code: code.to_owned(),
            label: label.to_owned(),
            start_minute: start,
            duration_minutes: minutes,
            is_night: false,
            qualifications: "[]".to_owned(),
            activity: "work".to_owned(),
            half_days: None,
            break_minutes: None,
            created_at: Utc::now().fixed_offset(),
        }
    }

    #[test]
    fn a_night_shift_ends_the_next_day_in_paris_time_with_crlf_and_escaping() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let events = [Event {
            staff_id: Uuid::nil(),
            date,
            shift: shift("N", "Nuit; réa, bloc", 21 * 60, 10 * 60),
        }];
        let text = render(&events, Utc::now());
        assert!(
            text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"),
            "{text}"
        );
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;TZID=Europe/Paris:20261231T210000\r\n"));
        assert!(text.contains("DTEND;TZID=Europe/Paris:20270101T070000\r\n"));
        assert!(
            text.contains("SUMMARY:N – Nuit\\; réa\\, bloc\r\n"),
            "{text}"
        );
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
        assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(80));
        line(&mut out, &long);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }
}
