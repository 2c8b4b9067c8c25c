//! One file per `releve` subcommand.

/// Prints a line for the person who started the server. A closed standard output (a
/// launcher that stopped reading) must not bring the server down, so errors are ignored.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod audit;
pub mod demo;
pub mod keys;
pub mod migrate;
pub mod serve;
pub mod tenant;
pub mod worker;
