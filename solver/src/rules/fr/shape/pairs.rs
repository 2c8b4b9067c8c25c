//! Rules on two shifts (or a shift and a call-out) of one staff member, the first starting no
//! later than the second: rest between days, repos de sécurité, call-outs and astreintes. The MIP
//! forbids every breaking pair; the check reports each first shift once, with its first
//! breaking successor. Pairs lying wholly in the history are past and not reported.

use crate::hospital::{Context, StaffInfo};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use crate::rules::Violation;
use crate::rules::fr::{FrUnit, Meta, forbid_together, item_days, staff, violation};
use crate::time::{DAY, Item, candidate_items, roster_items};

/// `Some(message)` when `a` then `b` break the rule.
pub type PairTest = fn(cx: &Context, s: &StaffInfo, a: &Item, b: &Item) -> Option<String>;

pub struct Pairs {
    pub meta: &'static Meta,
    pub test: PairTest,
    /// Whether to add rows for this staff member (false where a stricter rule already does).
    pub rows: fn(&StaffInfo) -> bool,
}

/// Pairs close enough to matter (every rule here looks at most 2 days after the first end).
fn close(a: &Item, b: &Item) -> bool {
    b.start() <= a.end() + 2 * DAY
}

impl FrUnit for Pairs {
    fn meta(&self) -> &'static Meta {
        self.meta
    }
    fn add_fr(&self, m: &mut MipBuilder, inst: &Instance, cx: &Context) {
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            if !(self.rows)(s) {
                continue;
            }
            let items = candidate_items(inst, cx, m, e);
            for (i, a) in items.iter().enumerate() {
                for b in &items[i + 1..] {
                    if b.start() > a.end() + 2 * DAY {
                        break;
                    }
                    if close(a, b) && (self.test)(cx, s, a, b).is_some() {
                        forbid_together(m, &[a, b]);
                    }
                }
            }
        }
    }
    fn check(&self, inst: &Instance, cx: &Context, roster: &Roster) -> Vec<Violation> {
        let mut v = Vec::new();
        for e in 0..inst.n_staff {
            let Some(s) = staff(self.meta, cx, e) else {
                continue;
            };
            let items = roster_items(inst, cx, roster, e);
            for (i, a) in items.iter().enumerate() {
                let hit = items[i + 1..]
                    .iter()
                    .take_while(|b| b.start() <= a.end() + 2 * DAY)
                    .filter(|b| a.in_horizon() || b.in_horizon())
                    .find_map(|b| (self.test)(cx, s, a, b).map(|msg| (b, msg)));
                if let Some((b, msg)) = hit {
                    v.push(violation(
                        self.meta,
                        inst,
                        Some(e),
                        item_days(inst, &[a, b]),
                        0,
                        msg,
                    ));
                }
            }
        }
        v
    }
}

/// Daily rest: the work of a later day starts less than `rest` minutes after the end of `a`.
pub fn daily_rest(cx: &Context, a: &Item, b: &Item, rest: u32) -> Option<String> {
    use crate::time::{day_name, hours};
    // Between two sites the travel eats into the rest (issue 4, GHT pool).
    let travel = match (a.shift, b.shift) {
        (Some(x), Some(y)) => cx.org.travel_minutes(x, y),
        _ => 0,
    };
    let gap = b.start() - a.end() - travel;
    let short = !a.is_callout()
        && !b.is_callout()
        && a.is_work()
        && b.is_work()
        && a.day < b.day
        && gap < i64::from(rest);
    short.then(|| {
        let trajet = if travel > 0 {
            format!(", trajet entre sites de {} déduit", hours(travel))
        } else {
            String::new()
        };
        format!(
            "repos quotidien de {} non respecté entre le poste du {} et celui du {} ({} de repos{trajet})",
            hours(i64::from(rest)),
            day_name(cx, a.day),
            day_name(cx, b.day),
            hours(gap.max(0))
        )
    })
}

/// Rest after a realised call-out, and no astreinte during a worked shift: call-outs and their
/// travel are effective work (the rest of the astreinte is not).
pub fn astreinte(cx: &Context, a: &Item, b: &Item, rest: u32) -> Option<String> {
    use crate::hospital::Activity::Astreinte;
    use crate::time::{day_name, hours, minute_name};
    if a.is_callout() && !b.is_callout() && b.is_work() && b.start() < a.end() + i64::from(rest) {
        return Some(format!(
            "intervention d'astreinte terminée le {} : poste du {} avant {} de repos",
            minute_name(cx, a.end()),
            day_name(cx, b.day),
            hours(i64::from(rest))
        ));
    }
    let on_call_while_working = !a.is_callout()
        && !b.is_callout()
        && ((a.activity == Astreinte) != (b.activity == Astreinte))
        && b.start() < a.end();
    on_call_while_working.then(|| {
        format!(
            "astreinte et poste travaillé simultanés le {} : l'agent d'astreinte doit pouvoir intervenir",
            day_name(cx, b.day)
        )
    })
}

/// Repos de sécurité: nothing may start within `rest` minutes of the end of a night garde (or,
/// when `after_callouts`, of a call-out).
pub fn securite(
    cx: &Context,
    s: &StaffInfo,
    a: &Item,
    b: &Item,
    rest: u32,
    after_callouts: bool,
) -> Option<String> {
    use crate::hospital::Activity::Garde;
    use crate::time::{day_name, hours, minute_name};
    let night_garde = a.activity == Garde && a.is_night(cx, &s.params);
    let trigger = night_garde || (after_callouts && a.is_callout());
    (trigger && !b.is_callout() && b.start() < a.end() + i64::from(rest)).then(|| {
        format!(
            "repos de sécurité de {} après {} terminée le {} non respecté : activité le {}",
            hours(i64::from(rest)),
            if night_garde {
                "la garde de nuit"
            } else {
                "l'intervention d'astreinte"
            },
            minute_name(cx, a.end()),
            day_name(cx, b.day)
        )
    })
}
