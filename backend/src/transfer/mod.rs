//! Data in and out of Relève as files: staff and roster imports (CSV, Excel) with per-row
//! errors and nothing half-imported, roster exports (CSV, JSON) and a person's published
//! shifts as iCalendar.

pub mod calendar;
pub mod roster_export;
pub mod roster_import;
pub mod staff_import;
pub mod table;
