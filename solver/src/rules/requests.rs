//! On and off requests: a wish to work (or not work) a shift, or any shift, on a day. An unmet
//! wish costs its weight. An on-request for a shift is unmet if the person is off or works
//! another shift.

use super::{Kind, Rule, Violation, day_label};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Req, RequestKind, Roster};

pub struct Requests;

fn worked(roster: &Roster, r: &Req) -> i64 {
    match r.shift {
        Some(t) => i64::from(roster.has(r.staff, r.day, t)),
        None => roster.shifts(r.staff, r.day).len() as i64,
    }
}

impl Rule for Requests {
    fn id(&self) -> &'static str {
        "requests"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Souhaits des agents")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        for r in &inst.requests {
            let q = f64::from(r.weight);
            let shifts: Vec<usize> = match r.shift {
                Some(t) => vec![t],
                None => (0..inst.n_shifts).collect(),
            };
            // on: q * (1 - sum x) (exact with one shift per day); off: q * sum x.
            let sign = match r.kind {
                RequestKind::On => {
                    m.offset += q;
                    -1.0
                }
                RequestKind::Off => 1.0,
            };
            for t in shifts {
                let c = m.x(r.staff, r.day, t);
                m.add_cost(c, sign * q);
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for r in &inst.requests {
            let n = worked(roster, r);
            let what = r
                .shift
                .map(|t| format!("le poste {}", inst.shift_id(t)))
                .unwrap_or_else(|| "un poste".into());
            let (cost, msg) = match r.kind {
                RequestKind::On if n == 0 => (
                    i64::from(r.weight),
                    format!(
                        "souhait de travailler {what} le {} non satisfait",
                        day_label(inst, r.day)
                    ),
                ),
                RequestKind::Off if n > 0 => (
                    i64::from(r.weight) * n,
                    format!(
                        "souhait de ne pas travailler {what} le {} non satisfait",
                        day_label(inst, r.day)
                    ),
                ),
                _ => continue,
            };
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(r.staff).to_string()),
                days: vec![r.day],
                cost,
                message: msg,
            });
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Request;
    use crate::rules::testing::*;

    #[test]
    fn an_unmet_on_request_and_an_unmet_off_request_cost_their_weights() {
        let inst = tiny_with(|p| {
            p.requests = vec![
                Request {
                    staff: "a".into(),
                    day: 1,
                    shift: Some("D".into()),
                    kind: RequestKind::On,
                    weight: 2,
                },
                Request {
                    staff: "b".into(),
                    day: 2,
                    shift: None,
                    kind: RequestKind::Off,
                    weight: 3,
                },
            ]
        });
        let bad = roster(&inst, &[("a", 1, "N")]);
        let v = Requests.violations(&inst, &bad);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].cost, 2);
        let bad2 = roster(&inst, &[("a", 1, "D"), ("b", 2, "N")]);
        assert_eq!(Requests.violations(&inst, &bad2)[0].cost, 3);
        let good = roster(&inst, &[("a", 1, "D"), ("b", 3, "N")]);
        assert!(Requests.violations(&inst, &good).is_empty());
        assert_mip_agrees(&inst, &bad);
        assert_mip_agrees(&inst, &bad2);
        assert_mip_agrees(&inst, &good);
    }
}
