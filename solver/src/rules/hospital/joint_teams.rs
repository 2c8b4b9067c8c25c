//! Joint requirements (hard): an all-or-none team (an operating-room session needs a surgeon, an
//! anaesthetist, an IADE and an IBODE together: every listed shift has the same number of people,
//! at most the number of sessions), and at-least requirements over several shifts (a night in a
//! unit needs a senior doctor on garde or astreinte).

use super::context;
use crate::hospital::JointKind;
use crate::hospital::demand::Joint;
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Rule, Violation, day_label};

/// Price per person of breach in the repair model.
const PENALTY: f64 = 5000.0;

pub struct JointTeams;

pub(super) fn staffed(inst: &Instance, roster: &Roster, d: usize, t: usize) -> u32 {
    (0..inst.n_staff).filter(|&e| roster.has(e, d, t)).count() as u32
}

pub(super) fn sum(
    m: &MipBuilder,
    inst: &Instance,
    d: usize,
    t: usize,
    coef: f64,
) -> Vec<(usize, f64)> {
    (0..inst.n_staff).map(|e| (m.x(e, d, t), coef)).collect()
}

fn joints(inst: &Instance) -> &[Joint] {
    context(inst).map_or(&[], |cx| cx.joints.as_slice())
}

impl Rule for JointTeams {
    fn id(&self) -> &'static str {
        "joint_teams"
    }
    fn kind(&self) -> Kind {
        Kind::Hard
    }
    fn source(&self) -> Option<&'static str> {
        Some("Organisation des soins : équipes complètes (bloc opératoire, permanence médicale)")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for j in joints(inst) {
            let d = j.day;
            match j.kind {
                JointKind::AllOrNone => {
                    let first = j.shifts[0];
                    let base = sum(m, inst, d, first, 1.0);
                    m.add_elastic_row(f64::NEG_INFINITY, f64::from(j.count), &base, PENALTY);
                    for &t in &j.shifts[1..] {
                        let mut terms = sum(m, inst, d, t, 1.0);
                        terms.extend(sum(m, inst, d, first, -1.0));
                        m.add_elastic_row(0.0, 0.0, &terms, PENALTY);
                    }
                }
                JointKind::AtLeast => {
                    let terms: Vec<_> = j
                        .shifts
                        .iter()
                        .flat_map(|&t| sum(m, inst, d, t, 1.0))
                        .collect();
                    m.add_elastic_row(f64::from(j.count), f64::INFINITY, &terms, PENALTY);
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for j in joints(inst) {
            let counts: Vec<u32> = j
                .shifts
                .iter()
                .map(|&t| staffed(inst, roster, j.day, t))
                .collect();
            let names = |sep: &str| {
                j.shifts
                    .iter()
                    .zip(&counts)
                    .map(|(&t, c)| format!("{} : {c}", inst.shift_id(t)))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            let msg = match j.kind {
                JointKind::AllOrNone => {
                    let unequal = counts.iter().any(|&c| c != counts[0]);
                    if !unequal && counts[0] <= j.count {
                        continue;
                    }
                    format!(
                        "{} le {} : équipe incomplète ou en surnombre ({}), {} séance(s) au programme",
                        j.label,
                        day_label(inst, j.day),
                        names(", "),
                        j.count
                    )
                }
                JointKind::AtLeast => {
                    let total: u32 = counts.iter().sum();
                    if total >= j.count {
                        continue;
                    }
                    format!(
                        "{} le {} : {total} personne(s) sur {} pour un minimum de {}",
                        j.label,
                        day_label(inst, j.day),
                        names(" ou "),
                        j.count
                    )
                }
            };
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: None,
                days: vec![j.day],
                cost: 0,
                message: msg,
            });
        }
        v
    }
}
