//! Rosters from the logs of Strandmark's solver (`reference_solutions/InstanceN.monolith.out`):
//! the last roster block before the last "Final solution" line. Each roster line is
//! `<staff id>: ` then 2 characters per day: ` .` off, `X=` or `XY` a shift id.

use crate::problem::{Instance, Roster};

/// Returns the roster and the value the log reports, or a reason.
pub fn parse_monolith(inst: &Instance, text: &str) -> Result<(Roster, i64), String> {
    let lines: Vec<&str> = text.lines().collect();
    let last = lines
        .iter()
        .rposition(|l| l.starts_with("Final solution"))
        .ok_or("no `Final solution` line")?;
    let value: i64 = lines[last]
        .rsplit(':')
        .next()
        .and_then(|v| v.trim().parse().ok())
        .ok_or("unreadable final value")?;
    // Roster lines are the block of `id: cells` lines right above.
    let mut roster = Roster::new(inst.n_staff, inst.n_days);
    let mut seen = 0;
    for l in lines[..last].iter().rev() {
        let Some((id, cells)) = l.split_once(": ") else {
            break;
        };
        let Some(e) = inst.staff_ix(id.trim()) else {
            break;
        };
        let cells = cells.trim_end();
        let chars: Vec<char> = cells.chars().collect();
        // Allow a missing leading space when the first day is off (` .` trimmed to `.`).
        let pad = (2 * inst.n_days).saturating_sub(chars.len());
        let mut padded = vec![' '; pad];
        padded.extend(chars);
        if padded.len() != 2 * inst.n_days {
            return Err(format!(
                "roster line of `{id}` has {} characters",
                padded.len()
            ));
        }
        for d in 0..inst.n_days {
            let cell: String = padded[2 * d..2 * d + 2].iter().collect();
            if cell == " ." {
                continue;
            }
            let sid = cell.trim_end_matches('=');
            let t = inst
                .shift_ix(sid)
                .ok_or(format!("unknown shift `{sid}` for `{id}` on day {d}"))?;
            roster.add(e, d, t);
        }
        seen += 1;
        if seen == inst.n_staff {
            break;
        }
    }
    if seen != inst.n_staff {
        return Err(format!(
            "found {seen} roster lines for {} staff",
            inst.n_staff
        ));
    }
    Ok((roster, value))
}
