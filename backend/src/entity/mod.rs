//! sea-orm entities: the database rows, never exposed as GraphQL types directly.

pub mod tenant;
