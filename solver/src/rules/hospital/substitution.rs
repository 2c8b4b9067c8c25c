//! Qualification substitutions: a shift requiring a qualification the person does not hold may
//! be worked through an allowed substitution (an IDE on an AS slot, an IADE on an IDE slot;
//! never an AS on an IDE slot: not listed, so not allowed), at the substitution's cost per shift.

use super::context;
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Rule, Violation, day_label};

pub struct Substitution;

fn cost(inst: &Instance, e: usize, t: usize) -> u32 {
    context(inst)
        .and_then(|cx| cx.org.access[e][t])
        .map_or(0, |(_, c)| c)
}

impl Rule for Substitution {
    fn id(&self) -> &'static str {
        "qualification_substitution"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Maquette organisationnelle : substitutions de qualification autorisées")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        if context(inst).is_none() {
            return;
        }
        for e in 0..inst.n_staff {
            for t in 0..inst.n_shifts {
                let c = cost(inst, e, t);
                if c > 0 {
                    for d in 0..inst.n_days {
                        m.add_cost(m.x(e, d, t), f64::from(c));
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        if context(inst).is_none() {
            return Vec::new();
        }
        roster
            .assignments()
            .filter_map(|(e, d, t)| {
                let c = cost(inst, e, t);
                (c > 0).then(|| Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: Some(inst.staff_id(e).to_string()),
                    days: vec![d],
                    cost: i64::from(c),
                    message: format!(
                        "poste {} le {} tenu par substitution de qualification ({} requis)",
                        inst.shift_id(t),
                        day_label(inst, d),
                        inst.problem.shift_types[t].qualifications.join(", ")
                    ),
                })
            })
            .collect()
    }
}
