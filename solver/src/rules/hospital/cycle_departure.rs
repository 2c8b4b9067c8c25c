//! The roster follows each person's work cycle (trame) by default: every day where it departs
//! from the expected shift (another shift, a day off instead of a shift, a shift on a rest day)
//! costs `cycle_departure_weight`. Days of absence (fixed days off) are not the roster's choice
//! and cost nothing. Stability and predictability of rosters (ANAP/DGOS 2025).

use super::{context, params};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Rule, Violation, day_label};

pub struct CycleDeparture;

/// `(staff, day, expected shift, weight)` of every priced day.
fn cells(inst: &Instance) -> Vec<(usize, usize, Option<usize>, f64)> {
    let Some(cx) = context(inst) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (e, exp) in cx.expected.iter().enumerate() {
        let Some(exp) = exp else { continue };
        let w = f64::from(params(cx, e).cycle_departure_weight);
        if w == 0.0 {
            continue;
        }
        for (d, &t) in exp.iter().enumerate() {
            if !inst.fixed_off.contains(&(e, d)) {
                out.push((e, d, t, w));
            }
        }
    }
    out
}

impl Rule for CycleDeparture {
    fn id(&self) -> &'static str {
        "cycle_departure"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Cycle de travail du service (art. 9, décret 2002-9) : stabilité du planning")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        // Expected t: w (1 - x[t]) (exact with one shift a day, as the check counts a day where
        // t is not worked); expected rest: w per shift worked.
        for (e, d, t, w) in cells(inst) {
            match t {
                Some(t) => {
                    m.offset += w;
                    m.add_cost(m.x(e, d, t), -w);
                }
                None => {
                    for s in 0..inst.n_shifts {
                        m.add_cost(m.x(e, d, s), w);
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for (e, d, t, w) in cells(inst) {
            let (n, msg) = match t {
                Some(t) if !roster.has(e, d, t) => (
                    1,
                    format!(
                        "écart au cycle le {} : poste {} prévu par la trame",
                        day_label(inst, d),
                        inst.shift_id(t)
                    ),
                ),
                None if roster.works(e, d) => (
                    roster.shifts(e, d).len() as i64,
                    format!(
                        "écart au cycle le {} : jour de repos prévu par la trame",
                        day_label(inst, d)
                    ),
                ),
                _ => continue,
            };
            v.push(Violation {
                rule: self.id(),
                kind: self.kind(),
                staff: Some(inst.staff_id(e).to_string()),
                days: vec![d],
                cost: n * w as i64,
                message: msg,
            });
        }
        v
    }
}

/// The roster of the cycles alone: each person on their expected shifts, except on days off
/// (fixed) or where they may not work the shift. A natural start for the search.
pub fn cycle_roster(inst: &Instance) -> Roster {
    let mut r = Roster::new(inst.n_staff, inst.n_days);
    if let Some(cx) = context(inst) {
        for (e, exp) in cx.expected.iter().enumerate() {
            for (d, t) in exp.iter().flatten().enumerate() {
                if let Some(t) = *t
                    && inst.allowed[e][t]
                    && !inst.fixed_off.contains(&(e, d))
                {
                    r.add(e, d, t);
                }
            }
        }
    }
    r
}
