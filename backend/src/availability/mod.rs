//! What people ask for and when they are away: desiderata (entered by staff themselves) and
//! absences (entered by HR; the category is shared with planners, the reason is not).

pub mod absences;
pub mod desiderata;
