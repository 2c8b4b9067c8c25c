//! `releve-solver`: solve and check rosters from the command line.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use releve_solver::alerts;
use releve_solver::checker;
use releve_solver::curtois;
use releve_solver::explain;
use releve_solver::indicators::{self, counts::Period};
use releve_solver::problem::{Instance, Problem, Roster, RosterFile};
use releve_solver::repair;
use releve_solver::solve::{self, Outcome, Params};
use serde::Serialize;
use std::path::{Path, PathBuf};

mod bench_replan;
mod bench_unit;

/// mimalloc rather than glibc's malloc (as the `releve` binary): the hospital annealing checks
/// each tried move on one person's roster, and glibc's malloc and free took a quarter of its
/// samples on the 60-nurse month (`bench-unit`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "releve-solver", version, about = "Relève planning engine")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct SolveArgs {
    /// Wall-clock budget in seconds.
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    #[arg(long, default_value_t = 2)]
    threads: u32,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Neighbourhood iterations (makes the search deterministic for a seed).
    #[arg(long)]
    max_iterations: Option<u64>,
    /// Print progress to standard error.
    #[arg(long)]
    verbose: bool,
    /// Tuning: share of the time for the whole-model run (1 = no neighbourhood search).
    #[arg(long, default_value_t = 0.7)]
    first_run_share: f64,
    /// Tuning: share of the time for the column generation over staff schedules (0 = none).
    #[arg(long, default_value_t = 0.97)]
    colgen_share: f64,
    /// Tuning: share of the time for the Lagrangian bound of hospital problems (0 = none).
    #[arg(long, default_value_t = 0.1)]
    lagrangian_share: f64,
}

impl SolveArgs {
    fn params(&self) -> Params {
        Params {
            time_limit: self.time_limit,
            threads: self.threads,
            seed: self.seed,
            max_iterations: self.max_iterations,
            verbose: self.verbose,
            first_run_share: self.first_run_share.clamp(0.0, 1.0),
            colgen_share: self.colgen_share.clamp(0.0, 1.0),
            lagrangian_share: self.lagrangian_share.clamp(0.0, 1.0),
            ..Params::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Solve a Curtois & Qu benchmark instance.
    Curtois {
        instance: PathBuf,
        #[command(flatten)]
        solve: SolveArgs,
        /// Print one JSON line.
        #[arg(long)]
        json: bool,
        /// Write the roster: one line per employee, one tab-separated cell per day.
        #[arg(long)]
        roster_out: Option<PathBuf>,
    },
    /// Solve every instance of a directory and print a table.
    Bench {
        dir: PathBuf,
        #[command(flatten)]
        solve: SolveArgs,
        /// CSV `instance,best_known,lower_bound` (default: DIR/best-known.csv).
        #[arg(long)]
        best_known: Option<PathBuf>,
    },
    /// Solve a problem in the general JSON format.
    Solve {
        problem: PathBuf,
        #[command(flatten)]
        solve: SolveArgs,
        #[arg(long)]
        json: bool,
        /// Write the roster as JSON.
        #[arg(long)]
        roster_out: Option<PathBuf>,
    },
    /// Generate the seeded demo GHT (`--seed` also seeds the search), solve it unit by unit
    /// coupled through the pool, and print the numbers.
    Ght {
        #[command(flatten)]
        solve: SolveArgs,
        #[arg(long, default_value_t = 4)]
        weeks: u32,
        /// First day (YYYY-MM-DD).
        #[arg(long, default_value = "2026-03-02")]
        start: String,
        #[arg(long)]
        json: bool,
        /// Write the generated problem (JSON, the `solve`/`check` format).
        #[arg(long)]
        problem_out: Option<PathBuf>,
        /// Write the roster (JSON).
        #[arg(long)]
        roster_out: Option<PathBuf>,
    },
    /// Indicators and legal violations of any roster (score mode).
    Score {
        problem: PathBuf,
        roster: PathBuf,
        /// First day index of the period (default: 0).
        #[arg(long)]
        from: Option<usize>,
        /// Day index after the period (default: the horizon's end).
        #[arg(long)]
        to: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Explanations in French: uncovered needs, refused wishes, a person's assignments, and a
    /// conflicting set when the demand cannot be covered.
    Explain {
        problem: PathBuf,
        roster: PathBuf,
        /// Explain the assignments of this staff id (repeatable).
        #[arg(long)]
        staff: Vec<String>,
        /// Seconds for the conflicting set (0 = do not look for one).
        #[arg(long, default_value_t = 30.0)]
        conflict_time_limit: f64,
        #[arg(long)]
        json: bool,
    },
    /// Repair a published roster after new absences or demand changes (PROBLEM.json holds
    /// them, and `replan` the frozen past and now): the best alternatives, fewest changes first.
    Repair {
        problem: PathBuf,
        published: PathBuf,
        #[command(flatten)]
        solve: SolveArgs,
        /// How many alternatives to propose.
        #[arg(long, default_value_t = 3)]
        alternatives: usize,
        #[arg(long)]
        json: bool,
        /// Write the best repaired roster as JSON.
        #[arg(long)]
        roster_out: Option<PathBuf>,
    },
    /// Forward alerts from now (`replan.now_day`, else day 0): coverage gaps, counters
    /// projected to break limits, fatigue, refused wishes.
    Alerts {
        problem: PathBuf,
        roster: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Timings of repair, explanations and indicators on generated units (medians).
    BenchReplan {
        /// Staff of the unit for repair and explanations.
        #[arg(long, default_value_t = 60)]
        staff: usize,
        #[arg(long, default_value_t = 28)]
        days: usize,
        /// Staff of the large problem for the indicators.
        #[arg(long, default_value_t = 600)]
        large_staff: usize,
        /// Runs per measure (median reported).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[command(flatten)]
        solve: SolveArgs,
    },
    /// A unit month under the whole French rules pack: time to the first feasible roster and
    /// gap to the lower bound at the time limit (medians of `runs` seeds).
    BenchUnit {
        #[arg(long, default_value_t = 60)]
        staff: usize,
        #[arg(long, default_value_t = 28)]
        days: usize,
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Seed of the first run (run `i` uses `first_seed + i`).
        #[arg(long, default_value_t = 100)]
        first_seed: u64,
        /// Start from the GHT units' legal start instead of the engine's greedy.
        #[arg(long)]
        legal_start: bool,
        #[command(flatten)]
        solve: SolveArgs,
    },
    /// Violations and objective of a roster, from the checker alone.
    Check {
        problem: PathBuf,
        roster: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct Line<'a> {
    instance: &'a str,
    objective: Option<i64>,
    lower_bound: Option<i64>,
    status: solve::Status,
    seconds: f64,
    hard_violations: Option<usize>,
}

fn line<'a>(name: &'a str, o: &Outcome) -> Line<'a> {
    Line {
        instance: name,
        objective: o.report.as_ref().map(|r| r.objective),
        lower_bound: o.lower_bound,
        status: o.status,
        seconds: (o.seconds * 100.0).round() / 100.0,
        hard_violations: o.report.as_ref().map(|r| r.hard_violations),
    }
}

fn load_curtois(path: &Path) -> Result<Instance> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("Failed to read {}", path.display()))?;
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let problem = curtois::parse(&text, &file)?;
    instance(problem)
}

fn instance(problem: Problem) -> Result<Instance> {
    Instance::new(problem).map_err(|errs| {
        let msg: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        anyhow::anyhow!("invalid problem:\n{}", msg.join("\n"))
    })
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("Failed to read {}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let p = e.path().to_string();
        anyhow::anyhow!(
            "{}: $.{}: {}",
            path.display(),
            if p == "." { String::new() } else { p },
            e.inner()
        )
    })
}

/// A problem and a roster on it.
fn load_pair(problem: &Path, roster: &Path) -> Result<(Instance, Roster)> {
    let inst = instance(read_json(problem)?)?;
    let file: RosterFile = read_json(roster)?;
    let r = inst.roster(&file).map_err(|errs| {
        let msg: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        anyhow::anyhow!("invalid roster:\n{}", msg.join("\n"))
    })?;
    Ok((inst, r))
}

/// One JSON line with `--json`, else indented JSON.
fn print_json<T: Serialize>(v: &T, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(v)?);
    } else {
        println!("{}", serde_json::to_string_pretty(v)?);
    }
    Ok(())
}

fn run_solve(inst: &Instance, args: &SolveArgs) -> Result<Outcome> {
    let verbose = args.verbose;
    let mut on_event = |e: solve::Event| {
        if verbose {
            eprintln!(
                "{:8.2}s objective {:.0} bound {:?}",
                e.elapsed, e.objective, e.bound
            );
        }
    };
    Ok(solve::solve(
        inst,
        &args.params(),
        None,
        &mut on_event,
        None,
    )?)
}

fn main() -> std::process::ExitCode {
    match run(Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Curtois {
            instance,
            solve,
            json,
            roster_out,
        } => {
            let inst = load_curtois(&instance)?;
            let out = run_solve(&inst, &solve)?;
            if let (Some(path), Some(r)) = (&roster_out, &out.roster) {
                std::fs::write(path, curtois::roster_text(&inst, r))
                    .with_context(|| format!("Failed to write {}", path.display()))?;
            }
            let l = line(&inst.problem.name, &out);
            if json {
                println!("{}", serde_json::to_string(&l)?);
            } else {
                println!(
                    "{}: objective {:?}, lower bound {:?}, {:?}, {:.1} s, {:?} hard violations",
                    l.instance, l.objective, l.lower_bound, l.status, l.seconds, l.hard_violations
                );
            }
        }
        Command::Bench {
            dir,
            solve,
            best_known,
        } => bench(&dir, &solve, best_known.as_deref())?,
        Command::Solve {
            problem,
            solve,
            json,
            roster_out,
        } => {
            let inst = instance(read_json(&problem)?)?;
            let out = run_solve(&inst, &solve)?;
            if let (Some(path), Some(r)) = (&roster_out, &out.roster) {
                std::fs::write(path, serde_json::to_string_pretty(&inst.roster_file(r))?)
                    .with_context(|| format!("Failed to write {}", path.display()))?;
            }
            let name = inst.problem.name.clone();
            let l = line(&name, &out);
            if json {
                println!("{}", serde_json::to_string(&l)?);
            } else {
                println!("{}", serde_json::to_string_pretty(&l)?);
            }
        }
        Command::Ght {
            solve,
            weeks,
            start,
            json,
            problem_out,
            roster_out,
        } => {
            let Some(date) = releve_solver::calendar::parse_date(&start) else {
                bail!("--start: not a date YYYY-MM-DD: {start}");
            };
            if !(1..=12).contains(&weeks) {
                bail!("--weeks: must be between 1 and 12, not {weeks}");
            }
            let problem = releve_solver::ght::generate(solve.seed, weeks, date);
            if let Some(path) = &problem_out {
                std::fs::write(path, serde_json::to_string(&problem)?)
                    .with_context(|| format!("Failed to write {}", path.display()))?;
            }
            let (inst, roster, report) =
                releve_solver::ght::solve_by_unit(&problem, &solve.params())?;
            if let Some(path) = &roster_out {
                std::fs::write(path, serde_json::to_string(&inst.roster_file(&roster))?)
                    .with_context(|| format!("Failed to write {}", path.display()))?;
            }
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
        }
        Command::Score {
            problem,
            roster,
            from,
            to,
            json,
        } => {
            let (inst, r) = load_pair(&problem, &roster)?;
            let period = Period::new(&inst, from.unwrap_or(0), to.unwrap_or(inst.n_days));
            let out = indicators::compute(&inst, &r, period);
            print_json(&out, json)?;
        }
        Command::Explain {
            problem,
            roster,
            staff,
            conflict_time_limit,
            json,
        } => {
            let (inst, r) = load_pair(&problem, &roster)?;
            let ids = staff
                .iter()
                .map(|s| {
                    inst.staff_ix(s)
                        .with_context(|| format!("--staff: unknown staff `{s}`"))
                })
                .collect::<Result<Vec<_>>>()?;
            let out = explain::explain(&inst, &r, &ids, conflict_time_limit)?;
            print_json(&out, json)?;
        }
        Command::Repair {
            problem,
            published,
            solve,
            alternatives,
            json,
            roster_out,
        } => {
            let p: Problem = read_json(&problem)?;
            let file: RosterFile = read_json(&published)?;
            let opts = repair::RepairOptions {
                params: solve.params(),
                alternatives,
                ..repair::RepairOptions::default()
            };
            let out = repair::repair(&p, &file.assignments, &opts)?;
            if let (Some(path), Some(best)) = (&roster_out, out.alternatives.first()) {
                let inst = instance(p.clone())?;
                std::fs::write(
                    path,
                    serde_json::to_string_pretty(&inst.roster_file(&best.roster))?,
                )
                .with_context(|| format!("Failed to write {}", path.display()))?;
            }
            print_json(&out, json)?;
        }
        Command::Alerts {
            problem,
            roster,
            json,
        } => {
            let (inst, r) = load_pair(&problem, &roster)?;
            let out = alerts::alerts(&inst, &r, &alerts::Thresholds::default());
            print_json(&out, json)?;
        }
        Command::BenchReplan {
            staff,
            days,
            large_staff,
            runs,
            solve,
        } => bench_replan::run(staff, days, large_staff, runs, &solve.params())?,
        Command::BenchUnit {
            staff,
            days,
            runs,
            first_seed,
            legal_start,
            solve,
        } => bench_unit::run(staff, days, runs, first_seed, legal_start, &solve.params())?,
        Command::Check {
            problem,
            roster,
            json,
        } => {
            let inst = instance(read_json(&problem)?)?;
            let file: RosterFile = read_json(&roster)?;
            let r = inst.roster(&file).map_err(|errs| {
                let msg: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
                anyhow::anyhow!("invalid roster:\n{}", msg.join("\n"))
            })?;
            let report = checker::check(&inst, &r);
            if json {
                println!("{}", serde_json::to_string(&report)?);
            } else {
                for v in &report.violations {
                    println!(
                        "[{:?}] {} {}: {}",
                        v.kind,
                        v.rule,
                        v.staff.as_deref().unwrap_or("-"),
                        v.message
                    );
                }
                println!(
                    "hard violations: {}, objective: {}",
                    report.hard_violations, report.objective
                );
            }
        }
    }
    Ok(())
}

/// Natural order: Instance2 before Instance10.
fn natural_key(p: &Path) -> (String, u64) {
    let s = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let digits: String = s
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let n = digits.parse().unwrap_or(0);
    (s[..s.len() - digits.len()].to_string(), n)
}

fn bench(dir: &Path, args: &SolveArgs, best_known: Option<&Path>) -> Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("Failed to read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort_by_key(|p| natural_key(p));
    if files.is_empty() {
        bail!("no .txt instance in {}", dir.display());
    }
    let csv = best_known
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.join("best-known.csv"));
    let mut known = std::collections::HashMap::new();
    if let Ok(text) = std::fs::read_to_string(&csv) {
        for l in text.lines().skip(1) {
            let f: Vec<&str> = l.split(',').collect();
            if let (Some(name), Some(v)) = (
                f.first(),
                f.get(1).and_then(|v| v.trim().parse::<i64>().ok()),
            ) {
                known.insert(name.to_string(), v);
            }
        }
    }
    println!(
        "{:<12} {:>12} {:>8} {:>8} {:>8} {:>8} {:>8} {:<10}",
        "instance", "size", "best", "ours", "gap %", "lb", "seconds", "status"
    );
    let n = files.len();
    for (i, f) in files.iter().enumerate() {
        let bar: String = (0..n).map(|j| if j < i { '#' } else { '.' }).collect();
        eprint!("\r[{bar}] {}/{n} {}          ", i, f.display());
        let inst = match load_curtois(f) {
            Ok(i) => i,
            Err(e) => {
                eprintln!();
                eprintln!("{e}");
                continue;
            }
        };
        let out = run_solve(&inst, args)?;
        let name = inst.problem.name.clone();
        let best = known.get(&name).copied();
        let ours = out
            .report
            .as_ref()
            .filter(|r| r.hard_violations == 0)
            .map(|r| r.objective);
        let gap = match (best, ours) {
            (Some(b), Some(o)) if b > 0 => format!("{:.1}", 100.0 * (o - b) as f64 / b as f64),
            _ => "-".into(),
        };
        let show = |v: Option<i64>| v.map_or("-".to_string(), |v| v.to_string());
        eprint!("\r{:120}\r", "");
        println!(
            "{:<12} {:>12} {:>8} {:>8} {:>8} {:>8} {:>8.1} {:<10}",
            name,
            format!("{}x{}x{}", inst.n_staff, inst.n_days, inst.n_shifts),
            show(best),
            show(ours),
            gap,
            show(out.lower_bound),
            out.seconds,
            serde_json::to_value(out.status)?.as_str().unwrap_or("?")
        );
    }
    Ok(())
}
