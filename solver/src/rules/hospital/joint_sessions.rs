//! Sessions of an all-or-none requirement not held (an operating-room session of the programme
//! without its team) cost their weight each. With the teams complete (`joint_teams`), the number
//! held is the number of people on the first shift of the team.

use super::context;
use super::joint_teams::{staffed, sum};
use crate::hospital::JointKind;
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Rule, Violation, day_label};

pub struct JointSessions;

impl Rule for JointSessions {
    fn id(&self) -> &'static str {
        "joint_sessions"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Programme opératoire : séances prévues")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let Some(cx) = context(inst) else { return };
        for j in cx.joints.iter().filter(|j| j.kind == JointKind::AllOrNone) {
            // weight * (count - held), held = people on the first shift.
            let w = f64::from(j.weight);
            m.offset += w * f64::from(j.count);
            for (c, v) in sum(m, inst, j.day, j.shifts[0], -w) {
                m.add_cost(c, v);
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let Some(cx) = context(inst) else {
            return Vec::new();
        };
        let mut v = Vec::new();
        for j in cx.joints.iter().filter(|j| j.kind == JointKind::AllOrNone) {
            let held = staffed(inst, roster, j.day, j.shifts[0]);
            if held >= j.count {
                continue;
            }
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: None,
                days: vec![j.day],
                cost: i64::from(j.weight) * i64::from(j.count - held),
                message: format!(
                    "{} le {} : {held} séance(s) tenue(s) sur {} prévue(s)",
                    j.label,
                    day_label(inst, j.day),
                    j.count
                ),
            });
        }
        v
    }
}
