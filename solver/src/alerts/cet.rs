//! The compte épargne-temps of FPH staff, projected to the end of the year: the balance plus the
//! days expected to be put on it must stay within the ceiling (FPH-CET-1, 60 days; a warning
//! from 90 % of it), and above the threshold (20 days) the CET grows by at most 10 days a year
//! (FPH-CET-3): the days beyond are paid or converted, not kept.

use super::{Alert, Severity};
use crate::hospital::Category;
use crate::problem::Instance;

pub fn cet(inst: &Instance) -> Vec<Alert> {
    let Some(cx) = inst.hospital.as_ref() else {
        return Vec::new();
    };
    let mut v = Vec::new();
    for (e, s) in cx.staff.iter().enumerate() {
        let Some(s) = s.as_ref().filter(|s| s.category == Category::Fph) else {
            continue;
        };
        let (balance, deposit) = (
            i64::from(s.counters.cet_days),
            i64::from(s.counters.cet_planned_deposit_days),
        );
        if balance == 0 && deposit == 0 {
            continue;
        }
        let p = &s.params;
        let (max, threshold, yearly) = (
            i64::from(p.cet_max_days),
            i64::from(p.cet_threshold_days),
            i64::from(p.cet_yearly_increase_days),
        );
        let who = inst.staff_id(e);
        let projected = balance + deposit;
        if projected > max || projected * 10 >= max * 9 {
            let severity = if projected > max {
                Severity::Critical
            } else {
                Severity::Warning
            };
            v.push(Alert {
                kind: "cet_ceiling",
                severity,
                staff: Some(who.to_string()),
                days: Vec::new(),
                value: projected,
                limit: max,
                message: format!(
                    "{who} : {projected} jour(s) projetés sur le CET en fin d'année ({balance} + {deposit} à épargner) pour un plafond de {max} jours (FPH-CET-1, arrêté du 6 décembre 2012)"
                ),
                loan: None,
            });
        }
        // Days that may still be kept this year: up to the threshold, then `yearly` more.
        let keepable = (threshold - balance).max(0) + yearly;
        if deposit > keepable {
            v.push(Alert {
                kind: "cet_yearly_increase",
                severity: Severity::Warning,
                staff: Some(who.to_string()),
                days: Vec::new(),
                value: deposit,
                limit: keepable,
                message: format!(
                    "{who} : {deposit} jour(s) à épargner sur le CET pour {keepable} conservables cette année ; au-delà de {threshold} jours, le CET ne croît que de {yearly} jours par an, le reste est indemnisé ou converti (FPH-CET-3)"
                ),
                loan: None,
            });
        }
    }
    v
}
