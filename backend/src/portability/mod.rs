//! Portability (RGPD art. 20) and tenant exit: a person's data and a whole GHT's data as
//! JSON and CSV, with personal fields opened; and the crypto-shredding of a GHT that leaves.

pub mod dataset;
pub mod person_export;
pub mod tenant_export;
pub mod tenant_shred;
