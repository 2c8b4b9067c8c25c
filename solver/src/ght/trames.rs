//! The demo's work cycles: 4-week lines written week by week (Monday to Sunday, `.` = rest),
//! chosen so that each keeps the FPH rules on its own for every week offset: at most 44 h a
//! calendar week, 12 h between shifts, a 36 h rest each week and, in every fortnight, a
//! Saturday-Sunday off. Part-timers get the line with some shifts removed.

/// 7 h 30 day staff: morning `M`, evening `S` (no evening before a morning). Each weekday
/// has 1 or 2 of each over the four week offsets (found by a local search under the FPH rules
/// and the quality ones: 9 mornings and 9 evenings as before, no isolated worked day, no split
/// weekend, at most 5 days in a row).
pub const DAY_7H30: &[[&str; 4]] = &[[
    ". S S S . S S",
    "S . M M M . .",
    "M M M . . M M",
    ". M S S S . .",
]];
/// 10 h night team `N`: 10 nights as before, 1 or 2 on each weekday over the four week
/// offsets, 2 to 4 a week, never more than 2 in a row.
pub const NIGHT_10H: &[[&str; 4]] = &[[
    ". . . N N . .",
    ". N N . . . .",
    "N N . . . N N",
    ". . N N . . .",
]];
/// 12 h day `J` and night `N` (3 shifts a week): two patterns, half the team on each, so
/// that every day of the week has its day and night staff (the weekend a little fewer).
pub const MIXED_12H: &[[&str; 4]] = &[
    [
        "N . J . . . .",
        "J J . . N . .",
        "J . N N . . .",
        ". . J . . J J",
    ],
    [
        ". N . J . . N",
        ". N . J J . .",
        ". J . N . N .",
        "N . N . J . .",
    ],
];
/// 10 h operating-theatre days `J` (weekends off): 14 days as before, 2 or 3 on each weekday
/// over the four week offsets (the programme has sessions every weekday), at most 4 in any 7
/// days (48 h); the one isolated Friday is the price of both (an exhaustive search over the
/// weekday rows found no line with neither).
pub const THEATRE_10H: &[[&str; 4]] = &[[
    ". . J J J . .",
    ". J J J . . .",
    "J J J . J . .",
    "J J . J J . .",
]];

/// The line as codes per day (`None` = rest), keeping about `quotite` percent of the shifts.
pub fn line(weeks: &[&str; 4], quotite: u32) -> Vec<Option<&'static str>> {
    let codes: Vec<Option<&'static str>> = weeks
        .iter()
        .flat_map(|w| w.split(' '))
        .map(|c| match c {
            "M" => Some("M"),
            "S" => Some("S"),
            "N" => Some("N"),
            "J" => Some("J"),
            _ => None,
        })
        .collect();
    let total = codes.iter().filter(|c| c.is_some()).count();
    let keep = (total * quotite as usize).div_ceil(100);
    let drop = total - keep.min(total);
    if drop == 0 {
        return codes;
    }
    // Drop shifts evenly spread over the cycle.
    let mut out = codes;
    let step = total as f64 / drop as f64;
    let mut k = 0usize;
    let mut next = step / 2.0;
    let mut dropped = 0;
    for c in out.iter_mut() {
        if c.is_some() {
            if dropped < drop && (k as f64) >= next {
                *c = None;
                dropped += 1;
                next += step;
            }
            k += 1;
        }
    }
    out
}
