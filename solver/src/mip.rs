//! A solver-independent MIP under construction: columns, rows and objective, in plain Rust.
//! The rules add to it (see `rules::Rule::add`); `highs.rs` hands it to HiGHS.
//!
//! Columns `0 .. staff*days*shifts` are the assignment binaries `x[e,d,t]`, in that order.

use crate::problem::Instance;

/// A linear expression with a constant part.
#[derive(Debug, Clone, Default)]
pub struct Lin {
    pub terms: Vec<(usize, f64)>,
    pub constant: f64,
}

#[derive(Debug, Clone)]
pub struct MipBuilder {
    pub n_staff: usize,
    pub n_days: usize,
    pub n_shifts: usize,
    pub history_days: usize,
    /// History work per staff and extended day (see [`MipBuilder::work`]).
    history_work: Vec<Vec<bool>>,
    pub cost: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub integer: Vec<bool>,
    pub row_lower: Vec<f64>,
    pub row_upper: Vec<f64>,
    pub row_start: Vec<usize>,
    pub row_index: Vec<usize>,
    pub row_value: Vec<f64>,
    pub offset: f64,
    /// Rows that a repair model may violate at a price per unit: `(row, penalty)`.
    pub elastic: Vec<(usize, f64)>,
}

impl MipBuilder {
    /// Creates the `x[e,d,t]` binaries (upper bound 0 where the staff lacks a qualification).
    pub fn new(inst: &Instance) -> Self {
        let (ne, nd, nt) = (inst.n_staff, inst.n_days, inst.n_shifts);
        let n = ne * nd * nt;
        let mut upper = vec![1.0; n];
        for e in 0..ne {
            for t in 0..nt {
                if !inst.allowed[e][t] {
                    for d in 0..nd {
                        upper[(e * nd + d) * nt + t] = 0.0;
                    }
                }
            }
        }
        let h = inst.history_days;
        let mut history_work = vec![vec![false; h]; ne];
        for &(e, before, _) in &inst.history {
            history_work[e][h - before] = true;
        }
        MipBuilder {
            n_staff: ne,
            n_days: nd,
            n_shifts: nt,
            history_days: h,
            history_work,
            cost: vec![0.0; n],
            lower: vec![0.0; n],
            upper,
            integer: vec![true; n],
            row_lower: Vec::new(),
            row_upper: Vec::new(),
            row_start: Vec::new(),
            row_index: Vec::new(),
            row_value: Vec::new(),
            offset: 0.0,
            elastic: Vec::new(),
        }
    }

    /// A model with no column and no row (for models that are not over assignments, such as
    /// the master problem of the column generation).
    pub fn empty() -> Self {
        MipBuilder {
            n_staff: 0,
            n_days: 0,
            n_shifts: 0,
            history_days: 0,
            history_work: Vec::new(),
            cost: Vec::new(),
            lower: Vec::new(),
            upper: Vec::new(),
            integer: Vec::new(),
            row_lower: Vec::new(),
            row_upper: Vec::new(),
            row_start: Vec::new(),
            row_index: Vec::new(),
            row_value: Vec::new(),
            offset: 0.0,
            elastic: Vec::new(),
        }
    }

    /// The model made of `cols` (renumbered `0..cols.len()` in that order) and `rows`; entries
    /// of those rows on other columns are dropped, so callers pass rows closed over `cols`.
    pub fn extract(&self, cols: &[usize], rows: &[usize]) -> MipBuilder {
        let mut local = vec![usize::MAX; self.n_cols()];
        for (j, &c) in cols.iter().enumerate() {
            local[c] = j;
        }
        let mut s = MipBuilder::empty();
        for &c in cols {
            s.add_col(self.cost[c], self.lower[c], self.upper[c], self.integer[c]);
        }
        for &r in rows {
            let (a, b) = (self.row_start[r], row_end(self, r));
            let terms: Vec<(usize, f64)> = self.row_index[a..b]
                .iter()
                .zip(&self.row_value[a..b])
                .filter(|(c, _)| local[**c] != usize::MAX)
                .map(|(&c, &v)| (local[c], v))
                .collect();
            s.add_row(self.row_lower[r], self.row_upper[r], &terms);
        }
        s
    }

    /// Columns and coefficients of row `r`.
    pub fn row(&self, r: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (a, b) = (self.row_start[r], row_end(self, r));
        self.row_index[a..b]
            .iter()
            .copied()
            .zip(self.row_value[a..b].iter().copied())
    }

    pub fn n_cols(&self) -> usize {
        self.cost.len()
    }
    pub fn n_rows(&self) -> usize {
        self.row_lower.len()
    }

    /// Column of `x[e,d,t]`.
    pub fn x(&self, e: usize, d: usize, t: usize) -> usize {
        (e * self.n_days + d) * self.n_shifts + t
    }

    pub fn add_col(&mut self, cost: f64, lower: f64, upper: f64, integer: bool) -> usize {
        self.cost.push(cost);
        self.lower.push(lower);
        self.upper.push(upper);
        self.integer.push(integer);
        self.cost.len() - 1
    }

    pub fn add_cost(&mut self, col: usize, c: f64) {
        self.cost[col] += c;
    }

    pub fn set_upper(&mut self, col: usize, upper: f64) {
        self.upper[col] = self.upper[col].min(upper);
    }

    /// Adds `lower <= sum terms <= upper`; repeated columns are merged.
    pub fn add_row(&mut self, lower: f64, upper: f64, terms: &[(usize, f64)]) {
        let mut t: Vec<(usize, f64)> = terms.to_vec();
        t.sort_unstable_by_key(|p| p.0);
        self.row_start.push(self.row_index.len());
        let mut last: Option<usize> = None;
        for (c, v) in t {
            if last == Some(c) {
                if let Some(x) = self.row_value.last_mut() {
                    *x += v;
                }
            } else {
                self.row_index.push(c);
                self.row_value.push(v);
                last = Some(c);
            }
        }
        self.row_lower.push(lower);
        self.row_upper.push(upper);
    }

    /// Adds a row that the repair model ([`MipBuilder::elastic_copy`]) may violate at `penalty`
    /// per unit. Used for rows an empty roster breaks (minimum work, minimum cover).
    pub fn add_elastic_row(
        &mut self,
        lower: f64,
        upper: f64,
        terms: &[(usize, f64)],
        penalty: f64,
    ) {
        self.add_row(lower, upper, terms);
        self.elastic.push((self.n_rows() - 1, penalty));
    }

    /// The repair model: every elastic row gets slack columns priced at its penalty, so that any
    /// roster satisfying the other rows is feasible. Its optimum is a lower bound of this model's.
    pub fn elastic_copy(&self) -> MipBuilder {
        let mut m = self.clone();
        m.elastic.clear();
        let mut extra: Vec<Vec<(usize, f64)>> = vec![Vec::new(); self.n_rows()];
        for &(r, pen) in &self.elastic {
            if self.row_lower[r].is_finite() {
                let c = m.add_col(pen, 0.0, f64::INFINITY, false);
                extra[r].push((c, 1.0));
            }
            if self.row_upper[r].is_finite() {
                let c = m.add_col(pen, 0.0, f64::INFINITY, false);
                extra[r].push((c, -1.0));
            }
        }
        m.row_start.clear();
        m.row_index.clear();
        m.row_value.clear();
        for (r, ex) in extra.iter().enumerate() {
            let s = self.row_start[r];
            let e = self
                .row_start
                .get(r + 1)
                .copied()
                .unwrap_or(self.row_index.len());
            m.row_start.push(m.row_index.len());
            m.row_index.extend_from_slice(&self.row_index[s..e]);
            m.row_value.extend_from_slice(&self.row_value[s..e]);
            for &(c, v) in ex {
                m.row_index.push(c);
                m.row_value.push(v);
            }
        }
        m
    }

    /// Price the repair model charges for the elastic rows at column values `x` (columns beyond
    /// `x` count as zero): the repair objective of a roster is its soft cost plus this.
    pub fn elastic_penalty(&self, x: &[f64]) -> f64 {
        let mut p = 0.0;
        for &(r, pen) in &self.elastic {
            let (a, b) = (self.row_start[r], row_end(self, r));
            let act: f64 = self.row_index[a..b]
                .iter()
                .zip(&self.row_value[a..b])
                .map(|(&c, &v)| v * x.get(c).copied().unwrap_or(0.0))
                .sum();
            p += pen * ((self.row_lower[r] - act).max(0.0) + (act - self.row_upper[r]).max(0.0));
        }
        p
    }

    /// Adds `lower <= lin <= upper`, moving the constant to the bounds.
    pub fn add_lin_row(&mut self, lower: f64, upper: f64, lin: &Lin) {
        self.add_row(lower - lin.constant, upper - lin.constant, &lin.terms);
    }

    /// Number of extended days: history days then horizon days.
    pub fn n_ext_days(&self) -> usize {
        self.history_days + self.n_days
    }

    /// Adds `coef * worked(e, k)` to `lin`, where `k` is an extended day (history first):
    /// a constant on history days, `sum_t x[e,d,t]` on horizon days.
    pub fn work(&self, lin: &mut Lin, e: usize, k: usize, coef: f64) {
        if k < self.history_days {
            if self.history_work[e][k] {
                lin.constant += coef;
            }
        } else {
            let d = k - self.history_days;
            for t in 0..self.n_shifts {
                lin.terms.push((self.x(e, d, t), coef));
            }
        }
    }
}

/// Sub-models of one model where most assignment columns are fixed: only the rows touching a
/// free assignment column are kept (with the fixed columns folded into their bounds), together
/// with the auxiliary columns they reach, closed under the rows of those columns. Rows reached by
/// no free column hold constants for this neighbourhood and are dropped with their own auxiliary
/// columns, so the sub-model's optimum differs from the model's by a constant.
pub struct Restrictor {
    n_x: usize,
    col_rows: Vec<Vec<usize>>,
}

impl Restrictor {
    pub fn new(m: &MipBuilder) -> Self {
        let mut col_rows = vec![Vec::new(); m.n_cols()];
        for r in 0..m.n_rows() {
            for &c in &m.row_index[m.row_start[r]..row_end(m, r)] {
                col_rows[c].push(r);
            }
        }
        Restrictor {
            n_x: m.n_staff * m.n_days * m.n_shifts,
            col_rows,
        }
    }

    /// The sub-model with the assignment columns not in `free` fixed at `x` (length `n_x`), and
    /// the map from its columns to the model's. Free columns come first, in the order given.
    pub fn restrict(&self, m: &MipBuilder, free: &[usize], x: &[f64]) -> (MipBuilder, Vec<usize>) {
        let n = m.n_cols();
        let mut new_ix: Vec<Option<usize>> = vec![None; n];
        let mut cols: Vec<usize> = Vec::new();
        let mut row_seen = vec![false; m.n_rows()];
        let mut rows: Vec<usize> = Vec::new();
        let mut queue: Vec<usize> = Vec::new();
        for &c in free {
            if new_ix[c].is_none() {
                new_ix[c] = Some(cols.len());
                cols.push(c);
                queue.push(c);
            }
        }
        while let Some(c) = queue.pop() {
            for &r in &self.col_rows[c] {
                if row_seen[r] {
                    continue;
                }
                row_seen[r] = true;
                rows.push(r);
                for &c2 in &m.row_index[m.row_start[r]..row_end(m, r)] {
                    if c2 >= self.n_x && new_ix[c2].is_none() {
                        new_ix[c2] = Some(cols.len());
                        cols.push(c2);
                        queue.push(c2);
                    }
                }
            }
        }
        rows.sort_unstable();
        let mut s = MipBuilder {
            n_staff: 0,
            n_days: 0,
            n_shifts: 0,
            history_days: 0,
            history_work: Vec::new(),
            cost: cols.iter().map(|&c| m.cost[c]).collect(),
            lower: cols.iter().map(|&c| m.lower[c]).collect(),
            upper: cols.iter().map(|&c| m.upper[c]).collect(),
            integer: cols.iter().map(|&c| m.integer[c]).collect(),
            row_lower: Vec::with_capacity(rows.len()),
            row_upper: Vec::with_capacity(rows.len()),
            row_start: Vec::with_capacity(rows.len()),
            row_index: Vec::new(),
            row_value: Vec::new(),
            offset: 0.0,
            elastic: Vec::new(),
        };
        for r in rows {
            let mut constant = 0.0;
            s.row_start.push(s.row_index.len());
            let (a, b) = (m.row_start[r], row_end(m, r));
            for (&c, &v) in m.row_index[a..b].iter().zip(&m.row_value[a..b]) {
                match new_ix[c] {
                    Some(j) => {
                        s.row_index.push(j);
                        s.row_value.push(v);
                    }
                    None => constant += v * x.get(c).copied().unwrap_or(0.0),
                }
            }
            s.row_lower.push(m.row_lower[r] - constant);
            s.row_upper.push(m.row_upper[r] - constant);
        }
        (s, cols)
    }
}

fn row_end(m: &MipBuilder, r: usize) -> usize {
    m.row_start.get(r + 1).copied().unwrap_or(m.row_index.len())
}
