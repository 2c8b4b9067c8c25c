//! Column generation over staff schedules (a Dantzig-Wolfe decomposition of the repair model).
//!
//! Most rules concern one person at a time; only a few rows (cover) tie people together. The
//! compact MIP's LP relaxation is weak on the sequence rules, so HiGHS stalls far from the
//! optimum on mid-sized instances. Here each person's part of the model becomes a *block* whose
//! integer solutions (schedules) are the columns of a *master* LP holding the coupling rows and
//! one "choose one schedule" row per person. A pricing MIP per person (small: one person's days)
//! finds the schedule of least reduced cost; the master's LP value plus every person's least
//! reduced cost is a valid lower bound at every round (Lagrangian bound). A MIP over the
//! generated schedules then gives a roster (price-and-branch).
//!
//! The decomposition is read off the model itself, not off rule names: a row is *coupling* when
//! its assignment columns belong to two people or more; auxiliary columns join the block of the
//! person whose rows reach them. Models where an auxiliary column would join two people are not
//! decomposed (`Decomposition::new` returns `None`).

mod dive;
pub mod hospital_bound;
mod master_lp;
mod nurse_dive;
mod person_bound;
mod pool_search;
pub mod scarce_types;
pub(crate) mod schedule_dp;
mod shared_roster;
pub mod shared_rules;
mod wish_grants;

use crate::highs::{Highs, HighsError, HighsInt, RunOptions, RunStatus};
use crate::mip::MipBuilder;
use crate::problem::{Instance, Roster};
use master_lp::MasterLp;
use schedule_dp::SchedulePricer;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Labels kept per state by the heuristic dynamic-programming pricing.
const HEURISTIC_BEAM: usize = 2;

/// Pricing stops after this many improving schedules (more rounds, each much cheaper).
const MAX_IMPROVING_SOLS: HighsInt = 2;

/// One person's part of the model.
struct Block {
    /// Model columns of the block, in increasing order (assignment columns first).
    cols: Vec<usize>,
    model: MipBuilder,
    /// `(local column, master row index, coefficient)` of the block's entries in coupling rows.
    links: Vec<(usize, usize, f64)>,
}

/// A schedule of one person: the values of the block's columns.
#[derive(Clone)]
struct Pattern {
    staff: usize,
    values: Vec<f64>,
    cost: f64,
    /// Activity of the pattern in each master row it touches.
    link: Vec<(usize, f64)>,
}

pub struct Decomposition {
    master_rows: Vec<usize>,
    /// Columns owned by no person (cover slacks), kept as they are in the master.
    master_cols: Vec<usize>,
    blocks: Vec<Block>,
    n_x: usize,
    n_days: usize,
    n_shifts: usize,
    offset: f64,
}

/// Identifies a schedule: its person and the exact values of its block's columns.
type PatternKey = (usize, Vec<u64>);

fn pattern_key(p: &Pattern) -> PatternKey {
    (p.staff, p.values.iter().map(|v| v.to_bits()).collect())
}

/// What the column generation returns.
pub struct ColgenOutcome {
    /// The best roster of the master MIP, if it found one, with the master's objective (the
    /// model's objective of that roster).
    pub roster: Option<Roster>,
    /// The price-and-dive roster, when the pricing was fast enough to dive.
    pub dive_roster: Option<Roster>,
    pub objective: Option<f64>,
    /// A valid lower bound of the model's optimum, if every person's pricing was solved.
    pub lower_bound: Option<f64>,
    pub rounds: usize,
    pub patterns: usize,
    /// The rounds were too slow for the budget and stopped early.
    pub gave_up: bool,
    /// The last master LP value.
    pub lp_value: Option<f64>,
}

pub struct ColgenOptions {
    /// Seconds for the pricing rounds.
    pub rounds_time: f64,
    /// Seconds for the master MIP.
    pub master_time: f64,
    pub max_rounds: usize,
    pub threads: u32,
    /// Node limit of the master MIP (deterministic runs).
    pub master_nodes: Option<u64>,
    /// Stop the rounds early when one costs too much of the budget (measured time: off in
    /// deterministic runs).
    pub adaptive: bool,
    /// Price by dynamic programming where the rules allow it (`schedule_dp`), the MIP otherwise.
    pub dp_pricing: bool,
    /// Seeds the dive's completions.
    pub seed: u64,
    pub verbose: bool,
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut a: usize) -> usize {
        while self.0[a] != a {
            self.0[a] = self.0[self.0[a]];
            a = self.0[a];
        }
        a
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra] = rb;
        }
    }
}

impl Decomposition {
    pub fn new(m: &MipBuilder) -> Option<Decomposition> {
        let n_x = m.n_staff * m.n_days * m.n_shifts;
        let per_staff = (m.n_days * m.n_shifts).max(1);
        let staff_of = |c: usize| (c < n_x).then_some(c / per_staff);
        let n = m.n_cols();
        let mut coupling = vec![false; m.n_rows()];
        let mut uf = UnionFind((0..n).collect());
        for (r, is_coupling) in coupling.iter_mut().enumerate() {
            let mut staff = None;
            for (c, _) in m.row(r) {
                if let Some(e) = staff_of(c) {
                    if staff.is_some_and(|s| s != e) {
                        *is_coupling = true;
                    }
                    staff = Some(e);
                }
            }
            if !*is_coupling {
                let mut first = None;
                for (c, _) in m.row(r) {
                    match first {
                        None => first = Some(c),
                        Some(f) => uf.union(f, c),
                    }
                }
            }
        }
        let mut owner: Vec<Option<usize>> = vec![None; n];
        for c in 0..n_x {
            let root = uf.find(c);
            let e = c / per_staff;
            match owner[root] {
                Some(o) if o != e => return None,
                _ => owner[root] = Some(e),
            }
        }
        let col_owner: Vec<Option<usize>> = (0..n).map(|c| owner[uf.find(c)]).collect();
        let mut block_cols = vec![Vec::new(); m.n_staff];
        let mut master_cols = Vec::new();
        for (c, o) in col_owner.iter().enumerate() {
            match o {
                Some(e) => block_cols[*e].push(c),
                None => master_cols.push(c),
            }
        }
        let mut block_rows = vec![Vec::new(); m.n_staff];
        let mut master_rows = Vec::new();
        for (r, &is_coupling) in coupling.iter().enumerate() {
            let first = m.row(r).next().map(|(c, _)| c);
            match (is_coupling, first.and_then(|c| col_owner[c])) {
                (false, Some(e)) => block_rows[e].push(r),
                (false, None) if first.is_none() => {}
                _ => master_rows.push(r),
            }
        }
        let mut local = vec![usize::MAX; n];
        for cols in &block_cols {
            for (j, &c) in cols.iter().enumerate() {
                local[c] = j;
            }
        }
        let mut blocks: Vec<Block> = block_cols
            .into_iter()
            .zip(block_rows)
            .map(|(cols, rows)| Block {
                model: m.extract(&cols, &rows),
                cols,
                links: Vec::new(),
            })
            .collect();
        for (i, &r) in master_rows.iter().enumerate() {
            for (c, v) in m.row(r) {
                if let Some(e) = col_owner[c] {
                    blocks[e].links.push((local[c], i, v));
                }
            }
        }
        Some(Decomposition {
            master_rows,
            master_cols,
            blocks,
            n_x,
            n_days: m.n_days,
            n_shifts: m.n_shifts,
            offset: m.offset,
        })
    }

    fn pattern(&self, e: usize, values: Vec<f64>) -> Pattern {
        let b = &self.blocks[e];
        let cost = b.model.cost.iter().zip(&values).map(|(c, v)| c * v).sum();
        let mut link: Vec<(usize, f64)> = Vec::new();
        for &(j, i, a) in &b.links {
            if values[j].abs() > 1e-9 {
                match link.iter_mut().find(|l| l.0 == i) {
                    Some(l) => l.1 += a * values[j],
                    None => link.push((i, a * values[j])),
                }
            }
        }
        Pattern {
            staff: e,
            values,
            cost,
            link,
        }
    }

    /// The master over `patterns`: the model's own columns outside every block, then one column
    /// per pattern; the coupling rows, then one convexity row per person.
    fn master(&self, m: &MipBuilder, patterns: &[&Pattern], integer: bool) -> MipBuilder {
        let mut mm = MipBuilder::empty();
        mm.offset = self.offset;
        let mut local = vec![usize::MAX; m.n_cols()];
        for &c in &self.master_cols {
            local[c] = mm.add_col(m.cost[c], m.lower[c], m.upper[c], integer && m.integer[c]);
        }
        let first_pattern = mm.n_cols();
        let mut row_terms: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.master_rows.len()];
        for (i, &r) in self.master_rows.iter().enumerate() {
            for (c, v) in m.row(r) {
                if local[c] != usize::MAX {
                    row_terms[i].push((local[c], v));
                }
            }
        }
        let mut convexity: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.blocks.len()];
        for (k, p) in patterns.iter().enumerate() {
            let col = mm.add_col(p.cost, 0.0, 1.0, integer);
            debug_assert_eq!(col, first_pattern + k);
            for &(i, a) in &p.link {
                row_terms[i].push((col, a));
            }
            convexity[p.staff].push((col, 1.0));
        }
        for (i, &r) in self.master_rows.iter().enumerate() {
            mm.add_row(m.row_lower[r], m.row_upper[r], &row_terms[i]);
        }
        for terms in &convexity {
            mm.add_row(1.0, 1.0, terms);
        }
        mm
    }

    /// The block values of person `e` in `roster`, completed by a MIP over the block's
    /// auxiliary columns; `None` when the roster breaks one of the block's rows.
    fn pattern_of(&self, e: usize, roster: &Roster) -> Result<Option<Pattern>, HighsError> {
        self.pattern_where(e, |d, t| roster.has(e, d, t))
    }

    /// The block values of person `e` working where `works(day, shift)`, completed by a MIP
    /// over the block's auxiliary columns; `None` when that breaks one of the block's rows.
    fn pattern_where(
        &self,
        e: usize,
        works: impl Fn(usize, usize) -> bool,
    ) -> Result<Option<Pattern>, HighsError> {
        let b = &self.blocks[e];
        let mut fixed = b.model.clone();
        for (j, &c) in b.cols.iter().enumerate() {
            if c < self.n_x {
                let d = (c / self.n_shifts) % self.n_days;
                let t = c % self.n_shifts;
                let v = if works(d, t) { 1.0 } else { 0.0 };
                fixed.lower[j] = v;
                fixed.upper[j] = v;
            }
        }
        let mut h = Highs::new(&fixed)?;
        let out = h.run(&pricing_options(1, 5.0), None, None)?;
        Ok(match (out.status, out.values) {
            (RunStatus::Optimal, Some(v)) => Some(self.pattern(e, round_integers(&fixed, v))),
            _ => None,
        })
    }

    /// How many shifts of type `t` schedule `p` works.
    fn shift_count(&self, p: &Pattern, t: usize) -> u32 {
        self.blocks[p.staff]
            .cols
            .iter()
            .zip(&p.values)
            .filter(|&(&c, &v)| c < self.n_x && c % self.n_shifts == t && v > 0.5)
            .count() as u32
    }

    fn roster_of(&self, patterns: &[&Pattern], n_staff: usize) -> Roster {
        let mut r = Roster::new(n_staff, self.n_days);
        for p in patterns {
            for (j, &c) in self.blocks[p.staff].cols.iter().enumerate() {
                if c < self.n_x && p.values[j] > 0.5 {
                    r.add(
                        p.staff,
                        (c / self.n_shifts) % self.n_days,
                        c % self.n_shifts,
                    );
                }
            }
        }
        r
    }
}

impl Decomposition {
    /// Re-solves the schedule of person `e` alone in its block (coupling rows left out) at the
    /// day costs `cost(day, shift)` (their best response to the others, say), starting from
    /// their schedule in `roster`; `None` when no schedule was found in time.
    /// On long horizons the greedy start leaves some people breaking their own rules (minimum
    /// minutes above all); alone, a person's own rules can be met whenever the instance is
    /// feasible, while cover stays priced through `cost`.
    pub fn resolve_person(
        &self,
        roster: &Roster,
        e: usize,
        cost: impl Fn(usize, usize) -> f64,
        time_limit: f64,
        cancel: Option<&AtomicBool>,
    ) -> Result<Option<Vec<(usize, usize)>>, HighsError> {
        let b = &self.blocks[e];
        let mut model = b.model.clone();
        let mut start = Vec::new();
        for (j, &c) in b.cols.iter().enumerate() {
            model.cost[j] = 0.0;
            if c < self.n_x {
                let (d, t) = ((c / self.n_shifts) % self.n_days, c % self.n_shifts);
                model.cost[j] = cost(d, t);
                start.push((j, if roster.has(e, d, t) { 1.0 } else { 0.0 }));
            }
        }
        let mut h = Highs::new(&model)?;
        h.set_start(&start)?;
        h.set_int("mip_max_improving_sols", MAX_IMPROVING_SOLS)?;
        let out = h.run(&pricing_options(1, time_limit), None, cancel)?;
        Ok(out.values.map(|v| {
            b.cols
                .iter()
                .enumerate()
                .filter(|&(j, &c)| c < self.n_x && v[j] > 0.5)
                .map(|(_, &c)| ((c / self.n_shifts) % self.n_days, c % self.n_shifts))
                .collect()
        }))
    }
}

fn pricing_options(threads: u32, time_limit: f64) -> RunOptions {
    RunOptions {
        time_limit: Some(time_limit),
        mip_rel_gap: Some(0.0),
        threads: Some(threads),
        seed: Some(0),
        node_limit: None,
        stall_seconds: None,
        give_up_seconds: None,
        heuristic_effort: None,
        verbose: false,
    }
}

/// Integer columns rounded (HiGHS returns values within its tolerance).
fn round_integers(m: &MipBuilder, mut v: Vec<f64>) -> Vec<f64> {
    for (x, &int) in v.iter_mut().zip(&m.integer) {
        if int {
            *x = x.round();
        }
    }
    v
}

/// A pricing result: the schedule's values, its reduced-cost objective, and a bound of it.
type Priced = (Option<Vec<f64>>, Option<f64>, Option<f64>);

/// One pricing problem: the block with reduced costs; returns `(values, objective, bound)`.
fn price(
    h: &mut Highs,
    block: &Block,
    duals: &[f64],
    cutoff: Option<f64>,
    time_limit: f64,
) -> Result<Priced, HighsError> {
    let mut costs = block.model.cost.clone();
    for &(j, i, a) in &block.links {
        costs[j] -= a * duals[i];
    }
    h.set_costs(&costs)?;
    // Only schedules of negative reduced cost matter: the cutoff prunes the rest of the tree,
    // and the search stops at the first few found (heuristic pricing). When nothing beats the
    // cutoff, the person's least reduced cost is proven non-negative.
    let cutoff = cutoff.map_or(f64::INFINITY, |c| c - 1e-6);
    h.set_double("objective_bound", cutoff)?;
    h.set_int(
        "mip_max_improving_sols",
        if cutoff.is_finite() {
            MAX_IMPROVING_SOLS
        } else {
            HighsInt::MAX
        },
    )?;
    let out = h.run(&pricing_options(1, time_limit), None, None)?;
    let bound = match out.status {
        RunStatus::Optimal => out.objective,
        RunStatus::Infeasible if cutoff.is_finite() => Some(cutoff),
        _ => out.bound,
    };
    Ok((
        out.values.map(|v| round_integers(&block.model, v)),
        out.objective,
        bound,
    ))
}

/// Runs the column generation on model `m` (the repair model of `inst`), starting from the
/// schedules of `start`, then a MIP over the generated schedules.
pub fn run(
    inst: &Instance,
    m: &MipBuilder,
    dec: &Decomposition,
    start: Option<&Roster>,
    opts: &ColgenOptions,
    cancel: Option<&AtomicBool>,
) -> Result<ColgenOutcome, HighsError> {
    let t0 = Instant::now();
    let cancelled = || cancel.is_some_and(|c| c.load(Ordering::Relaxed));
    let n_staff = dec.blocks.len();
    let mut patterns: Vec<Pattern> = Vec::new();
    let mut seen: HashSet<PatternKey> = HashSet::new();
    let key = pattern_key;
    let mut start_patterns = vec![None; n_staff];
    if let Some(r) = start {
        for (e, slot) in start_patterns.iter_mut().enumerate() {
            if let Some(p) = dec.pattern_of(e, r)? {
                seen.insert(key(&p));
                *slot = Some(patterns.len());
                patterns.push(p);
            }
        }
    }
    let dp = dp_pricers(inst, dec, opts);
    let mut pricers: Vec<Highs> = dec
        .blocks
        .iter()
        .filter(|_| dp.is_none())
        .map(|b| {
            let mut h = Highs::new(&b.model)?;
            // One person's model is tiny; presolving it each round costs more than it saves
            // (measured on Instance 5: rounds 1.6 times faster without).
            h.set_string("presolve", "off")?;
            Ok(h)
        })
        .collect::<Result<_, HighsError>>()?;
    let n_master_rows = dec.master_rows.len();
    let mut lower_bound: Option<f64> = None;
    let mut lp_value = None;
    let mut rounds = 0;
    // Round 0 prices with zero duals, so that every person has a schedule before the first LP.
    let mut duals = vec![0.0; n_master_rows + n_staff];
    let mut lp_ok = false;
    let mut gave_up = false;
    // With the dynamic programming, rounds price heuristically until they find nothing, then
    // once exactly (which proves the bound). The MIP pricing is always "exact" here: its bound
    // comes from HiGHS.
    let mut exact_round = dp.is_none();
    let mut master_lp: Option<MasterLp> = None;

    // The slowest exact DP round: the dive prices exactly only when that is cheap.
    let mut slowest_exact: f64 = 0.0;
    loop {
        if cancelled() || rounds >= opts.max_rounds {
            break;
        }
        let left = opts.rounds_time - t0.elapsed().as_secs_f64();
        if left <= 0.0 {
            break;
        }
        if dive_reserve_reached(opts, dp.is_some(), rounds, t0.elapsed().as_secs_f64()) {
            break;
        }
        rounds += 1;
        let round_start = t0.elapsed().as_secs_f64();
        // Before the first LP every person needs a schedule: no cutoff then.
        let cutoffs: Vec<Option<f64>> = (0..n_staff)
            .map(|e| lp_ok.then(|| duals[n_master_rows + e]))
            .collect();
        let time = PricingTime {
            // Each pricing gets its share of what is left, so a round never overruns it.
            per_pricing: (left * f64::from(opts.threads.max(1)) / n_staff.max(1) as f64)
                .clamp(0.05, 10.0),
            start: t0,
            deadline: opts.rounds_time,
        };
        let priced: Vec<Result<_, HighsError>> = match &dp {
            Some(dp) => price_all_dp(
                dec,
                dp,
                &duals[..n_master_rows],
                &cutoffs,
                &vec![true; n_staff],
                (!exact_round).then_some(HEURISTIC_BEAM),
                time,
                opts.threads,
            ),
            None => price_all(
                &mut pricers,
                &dec.blocks,
                &duals[..n_master_rows],
                &cutoffs,
                time,
                opts.threads,
            ),
        };
        if exact_round && dp.is_some() {
            slowest_exact = slowest_exact.max(t0.elapsed().as_secs_f64() - round_start);
        }
        let mut added = 0;
        let mut least_reduced_costs = Vec::with_capacity(n_staff);
        for (e, res) in priced.into_iter().enumerate() {
            let (values, objective, bound) = res?;
            let mu = duals[n_master_rows + e];
            least_reduced_costs.push(bound.map(|b| b - mu));
            if let (Some(v), Some(obj)) = (values, objective)
                && (obj - mu < -1e-6 || !lp_ok)
            {
                let p = dec.pattern(e, v);
                if seen.insert(key(&p)) {
                    patterns.push(p);
                    added += 1;
                }
            }
        }
        if lp_ok && let Some(lb) = lp_value.and_then(|z| lagrangian_bound(z, &least_reduced_costs))
        {
            lower_bound = Some(lower_bound.map_or(lb, |b: f64| b.max(lb)));
        }
        // Every person needs a schedule for the master to be meaningful.
        let mut has = vec![false; n_staff];
        for p in &patterns {
            has[p.staff] = true;
        }
        if has.iter().any(|h| !h) {
            break;
        }
        if lp_ok && added == 0 && !exact_round {
            // The heuristic pricing found nothing: the next round prices exactly, to find
            // what it missed or prove convergence.
            exact_round = true;
            continue;
        }
        // Back to the fast pricing after an exact round that found schedules.
        exact_round = dp.is_none();
        if lp_ok && added == 0 {
            // No new schedule: the LP cannot move. This is convergence only when every
            // pricing was proven (then the Lagrangian bound above already equals the LP
            // value); a pricing stopped by its time limit or skipped at the deadline proves
            // nothing, and the restricted master's LP value may then exceed the optimum
            // (seen on Instance 6: 1952 against a known 1950).
            break;
        }
        // Convergence takes a few dozen rounds: when one round costs more than a twelfth of
        // the budget, the bound will not be worth the time it takes; the master MIP still
        // makes the best roster of the schedules found so far.
        // (With the dynamic programming, only its rare exact rounds can be slow: they are
        // not counted.)
        if opts.adaptive
            && dp.is_none()
            && rounds >= 2
            && 12.0 * (t0.elapsed().as_secs_f64() - round_start) > opts.rounds_time
        {
            gave_up = true;
            break;
        }
        let lp = match master_lp.as_mut() {
            Some(lp) => {
                lp.sync(dec, &patterns)?;
                lp
            }
            None => master_lp.insert(MasterLp::new(dec, m, &patterns)?),
        };
        let lp_time = (opts.rounds_time - t0.elapsed().as_secs_f64()).max(0.5);
        let Some(sol) = lp.solve(
            &pricing_options(opts.threads, lp_time),
            n_master_rows + n_staff,
        )?
        else {
            break;
        };
        lp_ok = true;
        lp_value = Some(sol.value);
        duals.copy_from_slice(&sol.duals);
        if opts.verbose {
            eprintln!(
                "{:8.2}s colgen round {rounds}: {} schedules (+{added}), LP {:.2}, bound {:?}",
                t0.elapsed().as_secs_f64(),
                patterns.len(),
                lp_value.unwrap_or(f64::NAN),
                lower_bound
            );
        }
    }

    // Price-and-branch: the best roster made of generated schedules.
    let mut roster = None;
    let mut objective = None;
    let all_have = (0..n_staff).all(|e| patterns.iter().any(|p| p.staff == e));
    let mut dive_roster = None;
    let mut master_time = opts.master_time;
    if let Some(dp) = &dp
        && all_have
        && lp_ok
        && !cancelled()
    {
        let restriction = dive_restriction(inst, dec, &duals, &mut patterns, &mut seen, opts)?;
        let (dive_dp, keep) = match &restriction {
            Some((rule, pricers)) => (pricers.as_slice(), Some(rule)),
            None => (dp.as_slice(), None),
        };
        let now = t0.elapsed().as_secs_f64();
        let deadline = dive_deadline(opts).max(now + 0.5 * opts.master_time);
        let chosen = dive::dive(
            dec,
            m,
            dive_dp,
            keep,
            &mut patterns,
            &mut seen,
            opts,
            t0,
            deadline,
            // At most 2 % of the dive's time per exact round.
            slowest_exact < 0.02 * (deadline - now),
            lower_bound,
        )?;
        if let Some(chosen) = chosen {
            let refs: Vec<&Pattern> = chosen.iter().map(|&k| &patterns[k]).collect();
            dive_roster = Some(dec.roster_of(&refs, inst.n_staff));
            start_patterns = chosen.into_iter().map(Some).collect();
            // The dive's roster starts the master MIP, which gets a third of what the dive
            // left; the search over the pool gets the rest.
            master_time =
                ((opts.rounds_time + opts.master_time - t0.elapsed().as_secs_f64()) / 3.0).max(0.5);
        }
        if opts.verbose {
            eprintln!(
                "{:8.2}s colgen dive: {}, {} schedules",
                t0.elapsed().as_secs_f64(),
                if dive_roster.is_some() {
                    "a roster"
                } else {
                    "no roster"
                },
                patterns.len()
            );
        }
    }
    if all_have && !cancelled() {
        let master = dec.master(m, &patterns.iter().collect::<Vec<_>>(), true);
        let mut h = Highs::new(&master)?;
        if start_patterns.iter().all(Option::is_some) {
            let first = dec.master_cols.len();
            let chosen: HashSet<usize> = start_patterns.iter().flatten().copied().collect();
            let values: Vec<(usize, f64)> = (0..patterns.len())
                .map(|k| (first + k, if chosen.contains(&k) { 1.0 } else { 0.0 }))
                .collect();
            h.set_start(&values)?;
        }
        let mut o = pricing_options(opts.threads, master_time.max(0.5));
        o.node_limit = opts.master_nodes;
        if dive_roster.is_some() && opts.adaptive {
            // Started from the dive's roster, it improved none of it on Instance 8 in its 4 s
            // (session 11): when it stalls, the pool search gets the time. (Measured time: not
            // in deterministic runs.)
            o.stall_seconds = Some(MASTER_STALL_SECONDS);
            o.give_up_seconds = Some(MASTER_STALL_SECONDS);
        }
        let out = h.run(&o, None, cancel)?;
        if let (Some(v), Some(value)) = (out.values, out.objective) {
            let first = dec.master_cols.len();
            let mut chosen: Vec<usize> = vec![usize::MAX; n_staff];
            for (k, p) in patterns.iter().enumerate() {
                if v[first + k] > 0.5 {
                    chosen[p.staff] = k;
                }
            }
            let mut value = value;
            // With a dive (fast pricing), the rest of the budget recombines the pool's schedules
            // a few people at a time (not in node-limited, deterministic runs).
            let budget_end = opts.rounds_time + opts.master_time;
            if dive_roster.is_some()
                && opts.master_nodes.is_none()
                && chosen.iter().all(|&k| k != usize::MAX)
                && budget_end - t0.elapsed().as_secs_f64() > 0.5
            {
                let before = value;
                let seed = patterns.len() as u64;
                (chosen, value) = pool_search::improve(
                    dec,
                    m,
                    dp.as_deref(),
                    &mut patterns,
                    &mut seen,
                    chosen,
                    value,
                    opts.threads,
                    seed,
                    t0,
                    budget_end,
                    lower_bound,
                    opts.verbose,
                )?;
                if opts.verbose {
                    eprintln!(
                        "{:8.2}s colgen pool search: {before} -> {value}",
                        t0.elapsed().as_secs_f64()
                    );
                }
            }
            let refs: Vec<&Pattern> = chosen
                .iter()
                .filter(|&&k| k != usize::MAX)
                .map(|&k| &patterns[k])
                .collect();
            roster = Some(dec.roster_of(&refs, inst.n_staff));
            objective = Some(value);
        }
        if opts.verbose {
            eprintln!(
                "{:8.2}s colgen master MIP: {:?}, objective {:?}, bound {:?}",
                t0.elapsed().as_secs_f64(),
                out.status,
                out.objective,
                out.bound
            );
        }
    }
    Ok(ColgenOutcome {
        roster,
        dive_roster,
        objective,
        lower_bound,
        rounds,
        patterns: patterns.len(),
        gave_up,
        lp_value,
    })
}

/// Seconds without a better roster after which the master MIP that starts from the dive's
/// roster hands over to the pool search.
const MASTER_STALL_SECONDS: f64 = 1.5;

/// Master rounds' worth of time kept for the dive (it took about 19 rounds' time on Instance 8
/// under load 5).
const DIVE_ROUNDS: f64 = 25.0;

/// Rounds before the reserve applies: with fewer, the LP is far from converged and the dive
/// would gain nothing from an earlier start (Instance 12 does 17 rounds of over a second).
const MIN_ROUNDS_BEFORE_RESERVE: usize = 40;

/// Where the dive must end: it may use what the rounds left, but for a last slice kept for the
/// master MIP.
fn dive_deadline(opts: &ColgenOptions) -> f64 {
    opts.rounds_time + 0.7 * opts.master_time
}

/// Whether the rounds must stop to leave the dive `DIVE_ROUNDS` rounds' worth of time, at the
/// mean pace of the `rounds` done in `elapsed` seconds. Under load 8, the rounds took their
/// whole time and the dive, left with 5 s, fixed many people per step or rounded them (Instance
/// 8: dive rosters 2876-4256 against 1620-1729 under load 5). On a quiet machine the reserve is
/// below what the dive gets anyway. (Measured time: not in deterministic runs.)
fn dive_reserve_reached(opts: &ColgenOptions, dive: bool, rounds: usize, elapsed: f64) -> bool {
    if !(opts.adaptive && dive) || rounds < MIN_ROUNDS_BEFORE_RESERVE {
        return false;
    }
    let per_round = elapsed / rounds as f64;
    elapsed + DIVE_ROUNDS * per_round > dive_deadline(opts)
}

/// The Lagrangian bound of a round: the restricted master's LP value `z` plus every person's
/// least reduced cost when negative. `None` unless every pricing returned a bound: one person
/// without a proven bound could hide a schedule of any negative reduced cost.
fn lagrangian_bound(z: f64, least_reduced_costs: &[Option<f64>]) -> Option<f64> {
    least_reduced_costs
        .iter()
        .try_fold(z, |acc, rc| rc.map(|rc| acc + rc.min(0.0)))
}

/// The dive's restriction to rosters where everyone works their maximum of each scarce shift
/// type (see `scarce_types`), with the pricers that keep it; `None` when no type is scarce.
/// Every restricted person gets a schedule keeping it, priced against the last `duals` and
/// added to the pool, so that the dive's LP has one; a person for whom none is found stays
/// unrestricted.
fn dive_restriction(
    inst: &Instance,
    dec: &Decomposition,
    duals: &[f64],
    patterns: &mut Vec<Pattern>,
    seen: &mut HashSet<PatternKey>,
    opts: &ColgenOptions,
) -> Result<Option<(scarce_types::ScarceRule, Vec<SchedulePricer>)>, HighsError> {
    let types = scarce_types::scarce_shift_types(inst);
    if opts.verbose {
        let names: Vec<&str> = types.iter().map(|&t| inst.shift_id(t)).collect();
        eprintln!("scarce shift types: {names:?}");
    }
    if types.is_empty() {
        return Ok(None);
    }
    let (mut rule, restricted) = scarce_types::ScarceRule::new(inst, &types);
    let n_rows = dec.master_rows.len();
    let mut pricers = Vec::with_capacity(restricted.len());
    for (e, pricer) in restricted.into_iter().enumerate() {
        let seeded = match &pricer {
            Some(p) => match dec.price_dp(e, p, &duals[..n_rows], None, Some(HEURISTIC_BEAM))? {
                Some((Some(values), _, _)) => {
                    let pattern = dec.pattern(e, values);
                    let keeps = rule.keeps(dec, &pattern);
                    if keeps && seen.insert(pattern_key(&pattern)) {
                        patterns.push(pattern);
                    }
                    keeps
                }
                _ => false,
            },
            None => false,
        };
        match pricer {
            Some(p) if seeded => pricers.push(p),
            _ => {
                rule.release(e);
                let Some(p) = SchedulePricer::new(inst, e) else {
                    return Ok(None);
                };
                pricers.push(p);
            }
        }
    }
    if opts.verbose {
        let n = (0..inst.n_staff).filter(|&e| rule.restricts(e)).count();
        eprintln!(
            "scarce shift types: {n} of {} people restricted in the dive",
            inst.n_staff
        );
    }
    Ok(Some((rule, pricers)))
}

/// The dynamic-programming pricers of every person, when the rules and the model allow them:
/// the block's auxiliary columns cost nothing below zero and stay out of the coupling rows, so
/// a schedule's reduced cost is at least the sum over its assignments that the DP minimises.
fn dp_pricers(
    inst: &Instance,
    dec: &Decomposition,
    opts: &ColgenOptions,
) -> Option<Vec<SchedulePricer>> {
    let fits = dec.blocks.iter().all(|b| {
        b.cols
            .iter()
            .zip(&b.model.cost)
            .all(|(&c, &k)| c < dec.n_x || k >= 0.0)
            && b.links.iter().all(|&(j, _, _)| b.cols[j] < dec.n_x)
    });
    if !(opts.dp_pricing && fits && schedule_dp::applies(inst)) {
        return None;
    }
    (0..dec.blocks.len())
        .map(|e| SchedulePricer::new(inst, e))
        .collect()
}

impl Decomposition {
    /// Prices person `e` by dynamic programming: `None` when the person has no schedule that
    /// keeps their rules or has too many states (the MIP, with its elastic rows, then prices
    /// them).
    fn price_dp(
        &self,
        e: usize,
        pricer: &SchedulePricer,
        duals: &[f64],
        cutoff: Option<f64>,
        beam: Option<usize>,
    ) -> Result<Option<Priced>, HighsError> {
        let exact = beam.is_none();
        let b = &self.blocks[e];
        let s = self.n_shifts;
        let cell = |c: usize| ((c / s) % self.n_days) * s + c % s;
        let mut rc = vec![0.0; self.n_days * s];
        for (j, &c) in b.cols.iter().enumerate() {
            if c < self.n_x {
                rc[cell(c)] = b.model.cost[j];
            }
        }
        for &(j, i, a) in &b.links {
            rc[cell(b.cols[j])] -= a * duals[i];
        }
        let cut = cutoff.map(|mu| mu - 1e-6);
        let (value, schedule) = match pricer.cheapest(|d, t| rc[d * s + t], cut, beam) {
            schedule_dp::Priced::Schedule(value, schedule) => (value, schedule),
            // Nothing below the person's dual: the least reduced cost is (about) non-negative.
            schedule_dp::Priced::NoneBelow => {
                return Ok(Some((None, cut, if exact { cut } else { None })));
            }
            schedule_dp::Priced::None | schedule_dp::Priced::TooLarge => return Ok(None),
        };
        let proven = exact.then_some(value);
        if cutoff.is_some_and(|mu| value >= mu - 1e-6) {
            // No schedule of negative reduced cost (proven when exact).
            return Ok(Some((None, Some(value), proven)));
        }
        let Some(p) = self.pattern_where(e, |d, t| schedule[d] == Some(t))? else {
            // The schedule breaks a row of the block: the DP does not know some rule, and its
            // minimum proves nothing.
            return Ok(Some((None, None, None)));
        };
        let actual = p.cost - p.link.iter().map(|&(i, a)| a * duals[i]).sum::<f64>();
        // Auxiliary columns may add cost on top of the DP's sum (never below it).
        let bound = proven.map(|v| v.min(actual));
        Ok(Some((Some(p.values), Some(actual), bound)))
    }
}

/// Prices every person by dynamic programming on `threads` threads (exactly without a `beam`,
/// else heuristically with that many labels per state); people without a schedule keeping
/// their rules are priced by their block's MIP.
#[allow(clippy::too_many_arguments)]
fn price_all_dp(
    dec: &Decomposition,
    dp: &[SchedulePricer],
    duals: &[f64],
    cutoffs: &[Option<f64>],
    active: &[bool],
    beam: Option<usize>,
    time: PricingTime,
    threads: u32,
) -> Vec<Result<Priced, HighsError>> {
    let n = dp.len();
    let workers = (threads.max(1) as usize).min(n.max(1));
    let chunk = n.div_ceil(workers).max(1);
    let people: Vec<usize> = (0..n).collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = people
            .chunks(chunk)
            .map(|es| {
                s.spawn(move || {
                    es.iter()
                        .map(|&e| {
                            if !active[e] || time.start.elapsed().as_secs_f64() > time.deadline {
                                return Ok((None, None, None));
                            }
                            match dec.price_dp(e, &dp[e], duals, cutoffs[e], beam)? {
                                Some(p) => Ok(p),
                                None => {
                                    let b = &dec.blocks[e];
                                    let mut h = Highs::new(&b.model)?;
                                    price(&mut h, b, duals, cutoffs[e], time.per_pricing)
                                }
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err(HighsError::Call("pricing thread"))])
            })
            .collect()
    })
}

/// Prices the `active` people by dynamic programming against a master LP's `duals` (coupling
/// rows, then one per person) and returns the schedules of negative reduced cost not `seen`
/// before, now marked seen.
#[allow(clippy::too_many_arguments)]
fn new_schedules(
    dec: &Decomposition,
    dp: &[SchedulePricer],
    duals: &[f64],
    active: &[bool],
    exact: bool,
    threads: u32,
    time: PricingTime,
    seen: &mut HashSet<PatternKey>,
) -> Result<Vec<Pattern>, HighsError> {
    let n_rows = dec.master_rows.len();
    let cutoffs: Vec<Option<f64>> = (0..dp.len()).map(|e| Some(duals[n_rows + e])).collect();
    let priced = price_all_dp(
        dec,
        dp,
        &duals[..n_rows],
        &cutoffs,
        active,
        (!exact).then_some(HEURISTIC_BEAM),
        time,
        threads,
    );
    let mut new = Vec::new();
    for (e, res) in priced.into_iter().enumerate() {
        let (values, objective, _) = res?;
        if let (Some(v), Some(obj)) = (values, objective)
            && obj - duals[n_rows + e] < -1e-6
        {
            let p = dec.pattern(e, v);
            if seen.insert(pattern_key(&p)) {
                new.push(p);
            }
        }
    }
    Ok(new)
}

/// Time limits of one pricing round.
#[derive(Clone, Copy)]
struct PricingTime {
    per_pricing: f64,
    start: Instant,
    /// Seconds after `start` past which the remaining pricings of the round are skipped.
    deadline: f64,
}

/// Prices every block, on `threads` threads (the pricing problems are independent).
fn price_all(
    pricers: &mut [Highs],
    blocks: &[Block],
    duals: &[f64],
    cutoffs: &[Option<f64>],
    time: PricingTime,
    threads: u32,
) -> Vec<Result<Priced, HighsError>> {
    let n = pricers.len();
    let workers = (threads.max(1) as usize).min(n.max(1));
    let chunk = n.div_ceil(workers).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = pricers
            .chunks_mut(chunk)
            .zip(blocks.chunks(chunk))
            .zip(cutoffs.chunks(chunk))
            .map(|((hs, bs), cs)| {
                s.spawn(move || {
                    hs.iter_mut()
                        .zip(bs)
                        .zip(cs)
                        .map(|((h, b), &c)| {
                            // Past the deadline, the rest of the round is skipped (no bound).
                            if time.start.elapsed().as_secs_f64() > time.deadline {
                                Ok((None, None, None))
                            } else {
                                price(h, b, duals, c, time.per_pricing)
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err(HighsError::Call("pricing thread"))])
            })
            .collect()
    })
}

#[cfg(test)]
mod tests;
