//! A thin safe wrapper over the HiGHS C API (`highs-sys`). All the `unsafe` of the crate is here.
//!
//! Why our own wrapper rather than the `highs` crate: we need the MIP callbacks (improving
//! solution, interrupt) and cheap bound changes between runs of one model, which the C API
//! offers directly; the wrapper is about 250 lines.

use crate::mip::MipBuilder;
pub use highs_sys::HighsInt;
use std::ffi::{CString, c_char, c_int, c_void};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};

const CALLBACK_MIP_IMPROVING_SOLUTION: c_int = 4;
const CALLBACK_MIP_INTERRUPT: c_int = 6;

#[derive(Debug, thiserror::Error)]
pub enum HighsError {
    #[error("HiGHS could not be created")]
    Create,
    #[error("HiGHS call `{0}` failed")]
    Call(&'static str),
    #[error("model too large for HiGHS integer indices")]
    TooLarge,
    #[error("invalid option name `{0}`")]
    OptionName(String),
}

/// Options of one run.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub time_limit: Option<f64>,
    pub mip_rel_gap: Option<f64>,
    pub threads: Option<u32>,
    pub seed: Option<u32>,
    /// Limit on branch-and-bound nodes (deterministic, unlike the time limit).
    pub node_limit: Option<u64>,
    /// Stop once a solution exists and none better came for this many seconds.
    pub stall_seconds: Option<f64>,
    /// Stop if no solution was found after this many seconds.
    pub give_up_seconds: Option<f64>,
    /// HiGHS `mip_heuristic_effort` (its default is 0.05). Beware: at 0.3 we saw HiGHS 1.15
    /// abort ("double free") inside its reduced-cost sub-MIP heuristic on Curtois Instance 8.
    pub heuristic_effort: Option<f64>,
    pub verbose: bool,
}

/// Reported by the improving-solution callback.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub elapsed: f64,
    pub objective: f64,
    pub bound: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Optimal,
    Infeasible,
    TimeLimit,
    Interrupted,
    OtherLimit,
    Error,
}

#[derive(Debug, Clone)]
pub struct RunOutcome {
    pub status: RunStatus,
    /// Column values of the best solution found, if any.
    pub values: Option<Vec<f64>>,
    pub objective: Option<f64>,
    /// Dual bound (valid lower bound for a minimisation), if HiGHS computed one.
    pub bound: Option<f64>,
}

struct CallbackState<'a> {
    on_improve: Option<&'a mut (dyn FnMut(Progress) + 'a)>,
    cancel: Option<&'a AtomicBool>,
    stall_seconds: Option<f64>,
    give_up_seconds: Option<f64>,
    /// Running time of the last improving solution, if any.
    last_improvement: Option<f64>,
}

/// The C callback; `user_data` is a `*mut CallbackState`.
unsafe extern "C" fn callback(
    kind: c_int,
    _message: *const c_char,
    data_out: *const highs_sys::HighsCallbackDataOut,
    data_in: *mut highs_sys::HighsCallbackDataIn,
    user_data: *mut c_void,
) {
    if user_data.is_null() {
        return;
    }
    // SAFETY: `user_data` is the `&mut CallbackState` set in `Highs::run`, which outlives the
    // run; HiGHS calls back on the thread that called `Highs_run`, one call at a time.
    let state = unsafe { &mut *user_data.cast::<CallbackState>() };
    if kind == CALLBACK_MIP_INTERRUPT {
        let cancelled = state.cancel.is_some_and(|c| c.load(Ordering::Relaxed));
        // SAFETY: HiGHS passes a valid `data_out` (or null) for MIP callbacks.
        let now = unsafe { data_out.as_ref() }.map(|o| o.running_time);
        let stalled = match (
            state.stall_seconds,
            state.give_up_seconds,
            state.last_improvement,
            now,
        ) {
            (Some(s), _, Some(last), Some(now)) => now - last > s,
            (_, Some(g), None, Some(now)) => now > g,
            _ => false,
        };
        if (cancelled || stalled) && !data_in.is_null() {
            // SAFETY: HiGHS passes a valid `data_in` for interrupt callbacks.
            unsafe { (*data_in).user_interrupt = 1 };
        }
    } else if kind == CALLBACK_MIP_IMPROVING_SOLUTION && !data_out.is_null() {
        // SAFETY: HiGHS passes a valid `data_out` for MIP callbacks.
        let out = unsafe { &*data_out };
        state.last_improvement = Some(out.running_time);
        let p = Progress {
            elapsed: out.running_time,
            objective: out.objective_function_value,
            bound: out.mip_dual_bound,
        };
        if let Some(f) = state.on_improve.as_mut() {
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(p)));
        }
    }
}

/// One HiGHS instance holding one model.
pub struct Highs {
    ptr: NonNull<c_void>,
    n_cols: usize,
    n_rows: usize,
}

// SAFETY: a HiGHS instance is not tied to the thread that created it; `&mut self` on every
// mutating method prevents concurrent use.
unsafe impl Send for Highs {}

fn check(status: HighsInt, call: &'static str) -> Result<(), HighsError> {
    if status == highs_sys::STATUS_ERROR {
        Err(HighsError::Call(call))
    } else {
        Ok(())
    }
}

fn to_int(v: usize) -> Result<HighsInt, HighsError> {
    HighsInt::try_from(v).map_err(|_| HighsError::TooLarge)
}

fn cstr(name: &str) -> Result<CString, HighsError> {
    CString::new(name).map_err(|_| HighsError::OptionName(name.to_string()))
}

impl Highs {
    /// Creates a HiGHS instance with `m` loaded (minimisation).
    pub fn new(m: &MipBuilder) -> Result<Self, HighsError> {
        // SAFETY: `Highs_create` has no preconditions; a null result is handled.
        let raw = unsafe { highs_sys::Highs_create() };
        let ptr = NonNull::new(raw).ok_or(HighsError::Create)?;
        let mut h = Highs {
            ptr,
            n_cols: m.n_cols(),
            n_rows: m.n_rows(),
        };
        h.set_bool("output_flag", false)?;
        let n_col = to_int(m.n_cols())?;
        let n_row = to_int(m.n_rows())?;
        let n_nz = to_int(m.row_index.len())?;
        let start = m
            .row_start
            .iter()
            .map(|&s| to_int(s))
            .collect::<Result<Vec<_>, _>>()?;
        let index = m
            .row_index
            .iter()
            .map(|&s| to_int(s))
            .collect::<Result<Vec<_>, _>>()?;
        let integrality: Vec<HighsInt> = m
            .integer
            .iter()
            .map(|&i| {
                if i {
                    highs_sys::VAR_TYPE_INTEGER
                } else {
                    highs_sys::VAR_TYPE_CONTINUOUS
                }
            })
            .collect();
        // HiGHS reads `start` with `n_row` entries; give it a valid pointer even when empty.
        let start_ptr = if start.is_empty() {
            [0].as_ptr()
        } else {
            start.as_ptr()
        };
        // SAFETY: every array has the length HiGHS expects: `n_col` for column data, `n_row`
        // for row bounds and starts, `n_nz` for indices and values; they outlive the call,
        // which copies them.
        let status = unsafe {
            highs_sys::Highs_passMip(
                h.ptr.as_ptr(),
                n_col,
                n_row,
                n_nz,
                highs_sys::MATRIX_FORMAT_ROW_WISE,
                highs_sys::OBJECTIVE_SENSE_MINIMIZE,
                m.offset,
                m.cost.as_ptr(),
                m.lower.as_ptr(),
                m.upper.as_ptr(),
                m.row_lower.as_ptr(),
                m.row_upper.as_ptr(),
                start_ptr,
                index.as_ptr(),
                m.row_value.as_ptr(),
                integrality.as_ptr(),
            )
        };
        check(status, "Highs_passMip")?;
        Ok(h)
    }

    pub fn set_bool(&mut self, name: &str, v: bool) -> Result<(), HighsError> {
        let n = cstr(name)?;
        // SAFETY: valid instance and NUL-terminated option name.
        let s = unsafe {
            highs_sys::Highs_setBoolOptionValue(self.ptr.as_ptr(), n.as_ptr(), HighsInt::from(v))
        };
        check(s, "Highs_setBoolOptionValue")
    }

    pub fn set_string(&mut self, name: &str, v: &str) -> Result<(), HighsError> {
        let n = cstr(name)?;
        let value = cstr(v)?;
        // SAFETY: valid instance and NUL-terminated option name and value.
        let s = unsafe {
            highs_sys::Highs_setStringOptionValue(self.ptr.as_ptr(), n.as_ptr(), value.as_ptr())
        };
        check(s, "Highs_setStringOptionValue")
    }

    pub fn set_int(&mut self, name: &str, v: HighsInt) -> Result<(), HighsError> {
        let n = cstr(name)?;
        // SAFETY: valid instance and NUL-terminated option name.
        let s = unsafe { highs_sys::Highs_setIntOptionValue(self.ptr.as_ptr(), n.as_ptr(), v) };
        check(s, "Highs_setIntOptionValue")
    }

    pub fn set_double(&mut self, name: &str, v: f64) -> Result<(), HighsError> {
        let n = cstr(name)?;
        // SAFETY: valid instance and NUL-terminated option name.
        let s = unsafe { highs_sys::Highs_setDoubleOptionValue(self.ptr.as_ptr(), n.as_ptr(), v) };
        check(s, "Highs_setDoubleOptionValue")
    }

    /// The value of a double option (tests).
    #[cfg(test)]
    pub fn double_option(&self, name: &str) -> Result<f64, HighsError> {
        let n = cstr(name)?;
        let mut v = 0.0;
        // SAFETY: valid instance, NUL-terminated option name, and a valid out pointer.
        let s =
            unsafe { highs_sys::Highs_getDoubleOptionValue(self.ptr.as_ptr(), n.as_ptr(), &mut v) };
        check(s, "Highs_getDoubleOptionValue")?;
        Ok(v)
    }

    /// Appends a continuous column with its entries `(row, value)`; returns its index. HiGHS
    /// keeps the current basis, so the next LP solve starts from it (column generation).
    pub fn add_col(
        &mut self,
        cost: f64,
        lower: f64,
        upper: f64,
        entries: &[(usize, f64)],
    ) -> Result<usize, HighsError> {
        let index = entries
            .iter()
            .map(|&(r, _)| to_int(r))
            .collect::<Result<Vec<_>, _>>()?;
        let value: Vec<f64> = entries.iter().map(|&(_, v)| v).collect();
        let n = to_int(entries.len())?;
        // SAFETY: valid instance; `index` and `value` both hold `n` entries, which HiGHS copies
        // (and checks against the row count).
        let s = unsafe {
            highs_sys::Highs_addCol(
                self.ptr.as_ptr(),
                cost,
                lower,
                upper,
                n,
                index.as_ptr(),
                value.as_ptr(),
            )
        };
        check(s, "Highs_addCol")?;
        self.n_cols += 1;
        Ok(self.n_cols - 1)
    }

    pub fn set_col_bounds(&mut self, col: usize, lower: f64, upper: f64) -> Result<(), HighsError> {
        let c = to_int(col)?;
        // SAFETY: valid instance; HiGHS checks the index range itself.
        let s = unsafe { highs_sys::Highs_changeColBounds(self.ptr.as_ptr(), c, lower, upper) };
        check(s, "Highs_changeColBounds")
    }

    /// Sets the bounds of columns `from .. from + lower.len()`.
    pub fn set_bounds_range(
        &mut self,
        from: usize,
        lower: &[f64],
        upper: &[f64],
    ) -> Result<(), HighsError> {
        if lower.is_empty() || lower.len() != upper.len() {
            return Ok(());
        }
        let a = to_int(from)?;
        let b = to_int(from + lower.len() - 1)?;
        // SAFETY: `lower` and `upper` both hold `b - a + 1` entries; HiGHS copies them.
        let s = unsafe {
            highs_sys::Highs_changeColsBoundsByRange(
                self.ptr.as_ptr(),
                a,
                b,
                lower.as_ptr(),
                upper.as_ptr(),
            )
        };
        check(s, "Highs_changeColsBoundsByRange")
    }

    /// Replaces the objective coefficients of all columns (`costs` has one entry per column).
    pub fn set_costs(&mut self, costs: &[f64]) -> Result<(), HighsError> {
        if costs.len() != self.n_cols || costs.is_empty() {
            return Err(HighsError::Call("Highs_changeColsCostByRange"));
        }
        let last = to_int(costs.len() - 1)?;
        // SAFETY: `costs` holds one entry per column of the loaded model; HiGHS copies them.
        let s = unsafe {
            highs_sys::Highs_changeColsCostByRange(self.ptr.as_ptr(), 0, last, costs.as_ptr())
        };
        check(s, "Highs_changeColsCostByRange")
    }

    /// Row duals of the last run of a continuous model (HiGHS convention: the reduced cost of
    /// column `j` is `c_j - sum_r a_rj * dual_r`).
    pub fn row_duals(&mut self) -> Vec<f64> {
        let mut col_value = vec![0.0; self.n_cols];
        let mut col_dual = vec![0.0; self.n_cols];
        let mut row_value = vec![0.0; self.n_rows];
        let mut row_dual = vec![0.0; self.n_rows];
        // SAFETY: each buffer has the length HiGHS writes (columns or rows of the loaded model).
        unsafe {
            highs_sys::Highs_getSolution(
                self.ptr.as_ptr(),
                col_value.as_mut_ptr(),
                col_dual.as_mut_ptr(),
                row_value.as_mut_ptr(),
                row_dual.as_mut_ptr(),
            );
        }
        row_dual
    }

    /// Gives HiGHS a starting solution; `values` may cover only some columns (the others are
    /// completed by HiGHS).
    pub fn set_start(&mut self, values: &[(usize, f64)]) -> Result<(), HighsError> {
        let idx = values
            .iter()
            .map(|v| to_int(v.0))
            .collect::<Result<Vec<_>, _>>()?;
        let val: Vec<f64> = values.iter().map(|v| v.1).collect();
        let n = to_int(values.len())?;
        // SAFETY: `idx` and `val` both have `n` entries and outlive the call, which copies them.
        let s = unsafe {
            highs_sys::Highs_setSparseSolution(self.ptr.as_ptr(), n, idx.as_ptr(), val.as_ptr())
        };
        check(s, "Highs_setSparseSolution")
    }

    /// Runs HiGHS. `on_improve` is called on every improving solution; when `cancel` becomes
    /// true the search stops and the best solution so far is returned.
    pub fn run<'a>(
        &mut self,
        opts: &RunOptions,
        on_improve: Option<&'a mut (dyn FnMut(Progress) + 'a)>,
        cancel: Option<&'a AtomicBool>,
    ) -> Result<RunOutcome, HighsError> {
        self.set_bool("output_flag", opts.verbose)?;
        self.set_double("time_limit", opts.time_limit.unwrap_or(f64::INFINITY))?;
        if let Some(g) = opts.mip_rel_gap {
            self.set_double("mip_rel_gap", g)?;
        }
        if let Some(t) = opts.threads {
            self.set_int("threads", HighsInt::try_from(t).unwrap_or(1))?;
        }
        if let Some(h) = opts.heuristic_effort {
            self.set_double("mip_heuristic_effort", h)?;
        }
        if let Some(s) = opts.seed {
            self.set_int(
                "random_seed",
                HighsInt::try_from(s % 2_000_000_000).unwrap_or(0),
            )?;
        }
        self.set_int(
            "mip_max_nodes",
            opts.node_limit.map_or(HighsInt::MAX, |n| {
                HighsInt::try_from(n).unwrap_or(HighsInt::MAX)
            }),
        )?;
        let mut state = CallbackState {
            on_improve,
            cancel,
            stall_seconds: opts.stall_seconds,
            give_up_seconds: opts.give_up_seconds,
            last_improvement: None,
        };
        let p = self.ptr.as_ptr();
        // HiGHS's run clock adds up over the runs of one instance, and `time_limit` is checked
        // against that sum: without this, an instance solved again and again (the dive's
        // master LP, a person's pricing MIP) soon stopped at once with "time limit reached".
        // SAFETY: valid instance.
        unsafe { highs_sys::Highs_zeroAllClocks(p) };
        // SAFETY: `state` lives until after `Highs_run` returns, and the callback is removed
        // before this function returns, so HiGHS never holds a dangling pointer.
        let run_status = unsafe {
            check(
                highs_sys::Highs_setCallback(
                    p,
                    Some(callback),
                    (&mut state as *mut CallbackState).cast::<c_void>(),
                ),
                "Highs_setCallback",
            )?;
            check(
                highs_sys::Highs_startCallback(p, CALLBACK_MIP_IMPROVING_SOLUTION as HighsInt),
                "Highs_startCallback",
            )?;
            check(
                highs_sys::Highs_startCallback(p, CALLBACK_MIP_INTERRUPT as HighsInt),
                "Highs_startCallback",
            )?;
            let r = highs_sys::Highs_run(p);
            highs_sys::Highs_setCallback(p, None, std::ptr::null_mut());
            r
        };
        if run_status == highs_sys::STATUS_ERROR {
            return Ok(RunOutcome {
                status: RunStatus::Error,
                values: None,
                objective: None,
                bound: None,
            });
        }
        // SAFETY: valid instance after a run.
        let model_status = unsafe { highs_sys::Highs_getModelStatus(p) };
        let status = match model_status {
            highs_sys::MODEL_STATUS_OPTIMAL => RunStatus::Optimal,
            highs_sys::MODEL_STATUS_INFEASIBLE => RunStatus::Infeasible,
            highs_sys::MODEL_STATUS_REACHED_TIME_LIMIT => RunStatus::TimeLimit,
            highs_sys::MODEL_STATUS_REACHED_INTERRUPT => RunStatus::Interrupted,
            highs_sys::MODEL_STATUS_REACHED_ITERATION_LIMIT
            | highs_sys::MODEL_STATUS_REACHED_SOLUTION_LIMIT
            | highs_sys::MODEL_STATUS_OBJECTIVE_BOUND
            | highs_sys::MODEL_STATUS_OBJECTIVE_TARGET
            | highs_sys::MODEL_STATUS_UNKNOWN => RunStatus::OtherLimit,
            _ => RunStatus::Error,
        };
        let mut sol_status: HighsInt = 0;
        let name = cstr("primal_solution_status")?;
        // SAFETY: valid instance, NUL-terminated name, valid out pointer.
        unsafe { highs_sys::Highs_getIntInfoValue(p, name.as_ptr(), &mut sol_status) };
        let (values, objective) = if sol_status == highs_sys::SOLUTION_STATUS_FEASIBLE {
            let mut v = vec![0.0; self.n_cols];
            // SAFETY: `v` has one entry per column, which is what HiGHS writes; the other
            // outputs are null and skipped.
            unsafe {
                highs_sys::Highs_getSolution(
                    p,
                    v.as_mut_ptr(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                );
            }
            // SAFETY: valid instance.
            let obj = unsafe { highs_sys::Highs_getObjectiveValue(p) };
            (Some(v), Some(obj))
        } else {
            (None, None)
        };
        let mut bound = f64::NAN;
        let name = cstr("mip_dual_bound")?;
        // SAFETY: valid instance, NUL-terminated name, valid out pointer.
        let s = unsafe { highs_sys::Highs_getDoubleInfoValue(p, name.as_ptr(), &mut bound) };
        let bound = (s != highs_sys::STATUS_ERROR && bound.is_finite()).then_some(bound);
        Ok(RunOutcome {
            status,
            values,
            objective,
            bound,
        })
    }
}

impl Drop for Highs {
    fn drop(&mut self) {
        // SAFETY: `ptr` came from `Highs_create` and is destroyed exactly once.
        unsafe { highs_sys::Highs_destroy(self.ptr.as_ptr()) }
    }
}

#[cfg(test)]
mod tests;
