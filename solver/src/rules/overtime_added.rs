//! Overtime added when re-planning: each started hour a person works above their threshold
//! costs `replan.overtime_weight`. The threshold is their due over the horizon, or what the
//! reference (published) roster already gave them if that is more, so that only overtime the
//! repair adds is priced. With the placement weights this makes overtime the last resort of a
//! repair: own unit, pool, volunteers, another site, then overtime.

use super::{Kind, Rule, Violation};
use crate::indicators::counts::{Period, due_minutes, work_minutes};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::time::hours;

pub struct OvertimeAdded;

fn weight(inst: &Instance) -> Option<u32> {
    inst.problem
        .replan
        .as_ref()
        .map(|r| r.overtime_weight)
        .filter(|&w| w > 0)
}

fn worked(inst: &Instance, roster: &Roster, e: usize) -> i64 {
    (0..inst.n_days)
        .flat_map(|d| roster.shifts(e, d).iter().copied())
        .map(|t| i64::from(work_minutes(inst, t)))
        .sum()
}

/// Minutes `e` may work before the rule prices overtime; `None` without a due.
pub fn threshold(inst: &Instance, e: usize) -> Option<i64> {
    let due = due_minutes(inst, e, Period::whole(inst))?.floor() as i64;
    let published = inst.reference.as_ref().map_or(0, |(_, a)| {
        a.iter()
            .filter(|(s, _, _)| *s == e)
            .map(|&(_, _, t)| i64::from(work_minutes(inst, t)))
            .sum()
    });
    Some(due.max(published))
}

/// Minutes `e` works above the threshold in `roster` (0 without a due).
pub fn added_minutes(inst: &Instance, roster: &Roster, e: usize) -> i64 {
    threshold(inst, e).map_or(0, |th| (worked(inst, roster, e) - th).max(0))
}

impl Rule for OvertimeAdded {
    fn id(&self) -> &'static str {
        "overtime_added"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Politique de suppléance : heures supplémentaires en dernier recours")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let Some(w) = weight(inst) else { return };
        for e in 0..inst.n_staff {
            let Some(th) = threshold(inst, e) else {
                continue;
            };
            // 60 h >= worked - threshold, h integer: h counts the started hours above.
            let h = m.add_col(f64::from(w), 0.0, f64::INFINITY, true);
            let mut terms = vec![(h, 60.0)];
            for d in 0..inst.n_days {
                for t in 0..inst.n_shifts {
                    let minutes = f64::from(work_minutes(inst, t));
                    if minutes > 0.0 && m.upper[m.x(e, d, t)] > 0.0 {
                        terms.push((m.x(e, d, t), -minutes));
                    }
                }
            }
            m.add_row(-(th as f64), f64::INFINITY, &terms);
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let Some(w) = weight(inst) else {
            return Vec::new();
        };
        (0..inst.n_staff)
            .filter_map(|e| {
                let above = added_minutes(inst, roster, e);
                (above > 0).then(|| {
                    let started = (above + 59) / 60;
                    Violation {
                        rule: self.id(),
                        kind: self.kind(),
                        staff: Some(inst.staff_id(e).to_string()),
                        days: Vec::new(),
                        cost: started * i64::from(w),
                        message: format!(
                            "{} au-delà des heures dues ou déjà prévues (heures supplémentaires)",
                            hours(above)
                        ),
                    }
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{Assignment, Limits, Reference, Replan};
    use crate::rules::testing::*;

    #[test]
    fn each_started_hour_above_the_due_or_the_published_hours_costs_the_weight() {
        // a owes 16 h over the week (limit pro rata of the 7 days), b 8 h; b's published
        // roster already gives b 16 h, so only b's hours above 16 h are priced.
        let inst = tiny_with(|p| {
            p.staff[0].limits = Limits {
                min_total_minutes: Some(960),
                ..Default::default()
            };
            p.staff[1].limits = Limits {
                min_total_minutes: Some(480),
                ..Default::default()
            };
            p.reference = Some(Reference {
                weight: 0,
                assignments: [0, 1]
                    .iter()
                    .map(|&d| Assignment {
                        staff: "b".into(),
                        day: d,
                        shift: "D".into(),
                    })
                    .collect(),
            });
            p.replan = Some(Replan {
                overtime_weight: 5,
                ..Default::default()
            });
        });
        // a: 8 + 8 + 10 = 26 h, 10 h above; b: 16 h, nothing added.
        let r = roster(
            &inst,
            &[
                ("a", 0, "D"),
                ("a", 1, "D"),
                ("a", 3, "N"),
                ("b", 0, "D"),
                ("b", 1, "D"),
            ],
        );
        let v = OvertimeAdded.violations(&inst, &r);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].staff.as_deref(), Some("a"));
        assert_eq!(v[0].cost, 50);
        assert_mip_agrees(&inst, &r);
        // 30 minutes above (a works 16 h 30): one started hour.
        let inst2 = tiny_with(|p| {
            p.staff[0].limits.min_total_minutes = Some(930);
            p.replan = Some(Replan {
                overtime_weight: 5,
                ..Default::default()
            });
        });
        let r2 = roster(&inst2, &[("a", 0, "D"), ("a", 1, "D")]);
        assert_eq!(OvertimeAdded.violations(&inst2, &r2)[0].cost, 5);
        assert_mip_agrees(&inst2, &r2);
    }
}
