//! French labels of the rule-parameter keys, and the unit their value is read in, so that
//! every screen names a parameter the same way (the catalogue gives the key, its default and
//! legal sources; this gives what a cadre reads).

/// What a parameter's value counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterUnit {
    /// A duration in minutes.
    Minutes,
    /// A time of day, in minutes after midnight.
    MinuteOfDay,
    Bool,
    /// An ISO date (`AAAA-MM-JJ`).
    Date,
    Count,
    Percent,
    /// A weight of the objective (local policy).
    Weight,
    /// A month number, 1 to 12.
    Month,
}

/// Key, French label and unit of every parameter of the catalogue.
pub const LABELS: &[(&str, &str, ParameterUnit)] = &[
    (
        "cet_max_days",
        "Plafond du compte épargne-temps (jours)",
        ParameterUnit::Count,
    ),
    (
        "cet_threshold_days",
        "Seuil du CET au-delà duquel la hausse annuelle est limitée (jours)",
        ParameterUnit::Count,
    ),
    (
        "cet_yearly_increase_days",
        "Hausse annuelle maximale du CET au-delà du seuil (jours)",
        ParameterUnit::Count,
    ),
    (
        "fph_max_minutes_per_7_days",
        "Durée maximale sur 7 jours glissants",
        ParameterUnit::Minutes,
    ),
    (
        "fph_max_minutes_per_week",
        "Durée maximale par semaine civile",
        ParameterUnit::Minutes,
    ),
    (
        "fph_day_max_minutes",
        "Durée maximale d’un poste de jour",
        ParameterUnit::Minutes,
    ),
    (
        "fph_night_max_minutes",
        "Durée maximale d’un poste de nuit",
        ParameterUnit::Minutes,
    ),
    (
        "fph_derogation_12h",
        "Dérogation aux postes de 12 heures",
        ParameterUnit::Bool,
    ),
    (
        "fph_amplitude_max_minutes",
        "Amplitude maximale de la journée",
        ParameterUnit::Minutes,
    ),
    (
        "fph_split_amplitude_max_minutes",
        "Amplitude maximale d’une journée coupée",
        ParameterUnit::Minutes,
    ),
    (
        "fph_split_max_vacations",
        "Nombre maximal de vacations d’une journée coupée",
        ParameterUnit::Count,
    ),
    (
        "fph_split_min_vacation_minutes",
        "Durée minimale d’une vacation (journée coupée)",
        ParameterUnit::Minutes,
    ),
    (
        "break_after_minutes",
        "Pause due au-delà de",
        ParameterUnit::Minutes,
    ),
    (
        "fph_break_minutes",
        "Durée de la pause",
        ParameterUnit::Minutes,
    ),
    (
        "night_start_minute",
        "Début de la période de nuit",
        ParameterUnit::MinuteOfDay,
    ),
    (
        "night_end_minute",
        "Fin de la période de nuit",
        ParameterUnit::MinuteOfDay,
    ),
    (
        "night_worker_share_percent",
        "Part de nuit faisant un travailleur de nuit",
        ParameterUnit::Percent,
    ),
    (
        "fph_daily_rest_minutes",
        "Repos quotidien minimal",
        ParameterUnit::Minutes,
    ),
    (
        "fph_daily_rest_accord",
        "Accord local de repos quotidien réduit",
        ParameterUnit::Bool,
    ),
    (
        "fph_daily_rest_accord_minutes",
        "Repos quotidien réduit par accord",
        ParameterUnit::Minutes,
    ),
    (
        "fph_weekly_rest_minutes",
        "Repos hebdomadaire minimal",
        ParameterUnit::Minutes,
    ),
    (
        "fph_fortnight_days_off",
        "Jours de repos par quinzaine",
        ParameterUnit::Count,
    ),
    (
        "fph_fortnight_anchor",
        "Premier jour des quinzaines",
        ParameterUnit::Date,
    ),
    (
        "cycle_weeks",
        "Durée du cycle de travail (semaines)",
        ParameterUnit::Count,
    ),
    (
        "cycle_anchor",
        "Premier jour du cycle de travail",
        ParameterUnit::Date,
    ),
    (
        "weekly_reference_minutes",
        "Durée hebdomadaire de référence",
        ParameterUnit::Minutes,
    ),
    (
        "annual_minutes",
        "Durée annuelle de travail",
        ParameterUnit::Minutes,
    ),
    (
        "annual_minutes_repos_variable",
        "Durée annuelle (repos variables)",
        ParameterUnit::Minutes,
    ),
    (
        "annual_minutes_night",
        "Durée annuelle (travail de nuit)",
        ParameterUnit::Minutes,
    ),
    (
        "repos_variable_min_sundays_holidays",
        "Dimanches et fériés travaillés ouvrant les repos variables",
        ParameterUnit::Count,
    ),
    (
        "fph_overtime_year_minutes",
        "Heures supplémentaires maximales par an",
        ParameterUnit::Minutes,
    ),
    (
        "fph_overtime_month_minutes",
        "Heures supplémentaires maximales par mois",
        ParameterUnit::Minutes,
    ),
    (
        "fph_overtime_derogation",
        "Dérogation au plafond d’heures supplémentaires",
        ParameterUnit::Bool,
    ),
    (
        "ph_weekly_half_days",
        "Demi-journées hebdomadaires (praticiens)",
        ParameterUnit::Count,
    ),
    (
        "ph_obligation_weight",
        "Poids des obligations de service (praticiens)",
        ParameterUnit::Weight,
    ),
    (
        "ph_temps_continu",
        "Décompte en temps continu (praticiens)",
        ParameterUnit::Bool,
    ),
    (
        "ph_temps_continu_weekly_minutes",
        "Durée hebdomadaire en temps continu (praticiens)",
        ParameterUnit::Minutes,
    ),
    (
        "ph_daily_rest_minutes",
        "Repos quotidien (praticiens)",
        ParameterUnit::Minutes,
    ),
    (
        "ph_max_continuous_minutes",
        "Durée maximale de travail continu (praticiens)",
        ParameterUnit::Minutes,
    ),
    (
        "ph_securite_rest_minutes",
        "Repos de sécurité après une garde (praticiens)",
        ParameterUnit::Minutes,
    ),
    (
        "ph_average_weekly_minutes",
        "Moyenne hebdomadaire maximale (praticiens)",
        ParameterUnit::Minutes,
    ),
    (
        "ph_period_months",
        "Période de la moyenne (praticiens)",
        ParameterUnit::Count,
    ),
    (
        "ph_period_anchor_month",
        "Premier mois de la période (praticiens)",
        ParameterUnit::Month,
    ),
    (
        "int_stage_half_days",
        "Demi-journées de stage (internes)",
        ParameterUnit::Count,
    ),
    (
        "int_average_weekly_minutes",
        "Moyenne hebdomadaire maximale (internes)",
        ParameterUnit::Minutes,
    ),
    (
        "int_period_months",
        "Période de la moyenne (internes)",
        ParameterUnit::Count,
    ),
    (
        "int_period_anchor_month",
        "Premier mois de la période (internes)",
        ParameterUnit::Month,
    ),
    (
        "int_break_minutes_per_half_day",
        "Pause par demi-journée (internes)",
        ParameterUnit::Minutes,
    ),
    (
        "int_securite_rest_minutes",
        "Repos de sécurité (internes)",
        ParameterUnit::Minutes,
    ),
    (
        "eu_daily_rest_minutes",
        "Repos quotidien (directive européenne)",
        ParameterUnit::Minutes,
    ),
    (
        "eu_break_minutes",
        "Pause (directive européenne)",
        ParameterUnit::Minutes,
    ),
    (
        "eu_weekly_rest_minutes",
        "Repos hebdomadaire (directive européenne)",
        ParameterUnit::Minutes,
    ),
    (
        "eu_average_weekly_minutes",
        "Moyenne hebdomadaire maximale (directive européenne)",
        ParameterUnit::Minutes,
    ),
    (
        "eu_period_months",
        "Période de la moyenne (directive européenne)",
        ParameterUnit::Count,
    ),
    (
        "eu_period_anchor_month",
        "Premier mois de la période (directive européenne)",
        ParameterUnit::Month,
    ),
    (
        "eu_night_average_daily_minutes",
        "Moyenne quotidienne maximale de nuit (directive européenne)",
        ParameterUnit::Minutes,
    ),
    (
        "qvt_max_consecutive_nights",
        "Nuits consécutives au plus",
        ParameterUnit::Count,
    ),
    (
        "qvt_nights_weight",
        "Poids : nuits consécutives",
        ParameterUnit::Weight,
    ),
    (
        "qvt_long_shift_minutes",
        "Poste long à partir de",
        ParameterUnit::Minutes,
    ),
    (
        "qvt_max_consecutive_long_shifts",
        "Postes longs consécutifs au plus",
        ParameterUnit::Count,
    ),
    (
        "qvt_long_shifts_weight",
        "Poids : postes longs consécutifs",
        ParameterUnit::Weight,
    ),
    (
        "qvt_isolated_day_weight",
        "Poids : jour travaillé isolé",
        ParameterUnit::Weight,
    ),
    (
        "qvt_split_weekend_weight",
        "Poids : week-end coupé",
        ParameterUnit::Weight,
    ),
    (
        "qvt_quick_return_minutes",
        "Retour rapide : repos de moins de",
        ParameterUnit::Minutes,
    ),
    (
        "qvt_quick_return_weight",
        "Poids : retour rapide",
        ParameterUnit::Weight,
    ),
    (
        "min_daily_rest_minutes",
        "Repos quotidien minimal (moteur)",
        ParameterUnit::Minutes,
    ),
    (
        "max_minutes_per_7_days",
        "Durée maximale sur 7 jours (moteur)",
        ParameterUnit::Minutes,
    ),
    (
        "max_consecutive_days",
        "Jours travaillés consécutifs au plus",
        ParameterUnit::Count,
    ),
    (
        "desiderata_weight",
        "Poids : souhaits des agents",
        ParameterUnit::Weight,
    ),
    (
        "cycle_departure_weight",
        "Poids : écart à la trame",
        ParameterUnit::Weight,
    ),
    (
        "placement_pool_weight",
        "Poids : renfort du pool",
        ParameterUnit::Weight,
    ),
    (
        "placement_volunteer_weight",
        "Poids : renfort volontaire",
        ParameterUnit::Weight,
    ),
    (
        "placement_other_site_weight",
        "Poids : renfort d’un autre site",
        ParameterUnit::Weight,
    ),
    (
        "cover_under_weight",
        "Poids : besoin minimal non couvert",
        ParameterUnit::Weight,
    ),
];

/// The French label and unit of `key`; `None` for a key this table does not know.
pub fn label_of(key: &str) -> Option<(&'static str, ParameterUnit)> {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, label, unit)| (*label, *unit))
}
