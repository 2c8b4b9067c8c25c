//! The organisation of a GHT and its people: establishments, pôles, units, shift types,
//! maquettes and staff, with the viewer's scope resolved on every request.

pub mod joint_requirements;
pub mod maquette;
pub mod parameter_labels;
pub mod rule_parameters;
pub mod scope;
pub mod shift_types;
pub mod staff;
pub mod structure;
pub mod substitutions;
pub mod theatre_programme;
pub mod travel_times;
pub mod work_cycles;
