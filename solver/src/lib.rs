//! Relève planning engine (work in progress).
