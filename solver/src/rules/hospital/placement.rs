//! Order of preference of placements (interservice and GHT pool): a shift in the person's own
//! unit costs nothing, then the pool de suppléance, then volunteers from other units, then staff
//! of another establishment; each shift outside the home unit costs the weight of its placement
//! (parameters `placement_*_weight`, per tenant, establishment or unit).

use super::{context, params};
use crate::hospital::{Context, Placement};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::{Kind, Rule, Violation, day_label};

pub struct PlacementPreference;

fn weight(cx: &Context, e: usize, p: Placement) -> u32 {
    let ps = params(cx, e);
    match p {
        Placement::Home => 0,
        Placement::Pool => ps.placement_pool_weight,
        Placement::Volunteer => ps.placement_volunteer_weight,
        Placement::OtherSite => ps.placement_other_site_weight,
    }
}

/// Placement of `e` on shift `t` (`Home` without the hospital layer).
pub fn placement(inst: &Instance, e: usize, t: usize) -> Placement {
    context(inst)
        .and_then(|cx| cx.org.access[e][t])
        .map_or(Placement::Home, |(p, _)| p)
}

impl Rule for PlacementPreference {
    fn id(&self) -> &'static str {
        "placement_preference"
    }
    fn kind(&self) -> Kind {
        Kind::Soft
    }
    fn source(&self) -> Option<&'static str> {
        Some("Politique de suppléance du GHT : unité, pool, volontaires, autre site")
    }
    fn add(&self, m: &mut MipBuilder, inst: &Instance) {
        let Some(cx) = context(inst) else { return };
        for e in 0..inst.n_staff {
            for t in 0..inst.n_shifts {
                let w = weight(cx, e, placement(inst, e, t));
                if w > 0 {
                    for d in 0..inst.n_days {
                        m.add_cost(m.x(e, d, t), f64::from(w));
                    }
                }
            }
        }
    }
    fn violations(&self, inst: &Instance, roster: &Roster) -> Vec<Violation> {
        let Some(cx) = context(inst) else {
            return Vec::new();
        };
        roster
            .assignments()
            .filter_map(|(e, d, t)| {
                let p = placement(inst, e, t);
                let w = weight(cx, e, p);
                (p != Placement::Home && w > 0).then(|| Violation {
                    rule: self.id(),
                    kind: self.kind(),
                    staff: Some(inst.staff_id(e).to_string()),
                    days: vec![d],
                    cost: i64::from(w),
                    message: format!(
                        "poste {} le {} hors de l'unité d'affectation : {}",
                        inst.shift_id(t),
                        day_label(inst, d),
                        p.label()
                    ),
                })
            })
            .collect()
    }
}
