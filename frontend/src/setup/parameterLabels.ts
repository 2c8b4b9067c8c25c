/** Libellés français des paramètres de règles (clés de `ruleParameterCatalogue`) et de leurs unités. */

/** `minutes`, `bool`, `date`, `count`, `percent`, `weight`, `minute-of-day`, `month`: pour afficher la valeur. */
export type ParameterUnit = 'minutes' | 'minuteOfDay' | 'bool' | 'date' | 'count' | 'percent' | 'weight' | 'month'

export const PARAMETER_LABELS: Record<string, { label: string; unit: ParameterUnit }> = {
  fph_max_minutes_per_7_days: { label: 'Durée maximale sur 7 jours glissants', unit: 'minutes' },
  fph_max_minutes_per_week: { label: 'Durée maximale par semaine civile', unit: 'minutes' },
  fph_day_max_minutes: { label: 'Durée maximale d’un poste de jour', unit: 'minutes' },
  fph_night_max_minutes: { label: 'Durée maximale d’un poste de nuit', unit: 'minutes' },
  fph_derogation_12h: { label: 'Dérogation aux postes de 12 heures', unit: 'bool' },
  fph_amplitude_max_minutes: { label: 'Amplitude maximale de la journée', unit: 'minutes' },
  fph_split_amplitude_max_minutes: { label: 'Amplitude maximale d’une journée coupée', unit: 'minutes' },
  fph_split_max_vacations: { label: 'Nombre maximal de vacations d’une journée coupée', unit: 'count' },
  fph_split_min_vacation_minutes: { label: 'Durée minimale d’une vacation (journée coupée)', unit: 'minutes' },
  break_after_minutes: { label: 'Pause due au-delà de', unit: 'minutes' },
  fph_break_minutes: { label: 'Durée de la pause', unit: 'minutes' },
  night_start_minute: { label: 'Début de la période de nuit', unit: 'minuteOfDay' },
  night_end_minute: { label: 'Fin de la période de nuit', unit: 'minuteOfDay' },
  night_worker_share_percent: { label: 'Part de nuit faisant un travailleur de nuit', unit: 'percent' },
  fph_daily_rest_minutes: { label: 'Repos quotidien minimal', unit: 'minutes' },
  fph_daily_rest_accord: { label: 'Accord local de repos quotidien réduit', unit: 'bool' },
  fph_daily_rest_accord_minutes: { label: 'Repos quotidien réduit par accord', unit: 'minutes' },
  fph_weekly_rest_minutes: { label: 'Repos hebdomadaire minimal', unit: 'minutes' },
  fph_fortnight_days_off: { label: 'Jours de repos par quinzaine', unit: 'count' },
  fph_fortnight_anchor: { label: 'Premier jour des quinzaines', unit: 'date' },
  cycle_weeks: { label: 'Durée du cycle de travail (semaines)', unit: 'count' },
  cycle_anchor: { label: 'Premier jour du cycle de travail', unit: 'date' },
  weekly_reference_minutes: { label: 'Durée hebdomadaire de référence', unit: 'minutes' },
  annual_minutes: { label: 'Durée annuelle de travail', unit: 'minutes' },
  annual_minutes_repos_variable: { label: 'Durée annuelle (repos variables)', unit: 'minutes' },
  annual_minutes_night: { label: 'Durée annuelle (travail de nuit)', unit: 'minutes' },
  repos_variable_min_sundays_holidays: { label: 'Dimanches et fériés travaillés ouvrant les repos variables', unit: 'count' },
  fph_overtime_year_minutes: { label: 'Heures supplémentaires maximales par an', unit: 'minutes' },
  fph_overtime_month_minutes: { label: 'Heures supplémentaires maximales par mois', unit: 'minutes' },
  fph_overtime_derogation: { label: 'Dérogation au plafond d’heures supplémentaires', unit: 'bool' },
  ph_weekly_half_days: { label: 'Demi-journées hebdomadaires (praticiens)', unit: 'count' },
  ph_obligation_weight: { label: 'Poids des obligations de service (praticiens)', unit: 'weight' },
  ph_temps_continu: { label: 'Décompte en temps continu (praticiens)', unit: 'bool' },
  ph_temps_continu_weekly_minutes: { label: 'Durée hebdomadaire en temps continu (praticiens)', unit: 'minutes' },
  ph_daily_rest_minutes: { label: 'Repos quotidien (praticiens)', unit: 'minutes' },
  ph_max_continuous_minutes: { label: 'Durée maximale de travail continu (praticiens)', unit: 'minutes' },
  ph_securite_rest_minutes: { label: 'Repos de sécurité après une garde (praticiens)', unit: 'minutes' },
  ph_average_weekly_minutes: { label: 'Moyenne hebdomadaire maximale (praticiens)', unit: 'minutes' },
  ph_period_months: { label: 'Période de la moyenne (praticiens)', unit: 'count' },
  ph_period_anchor_month: { label: 'Premier mois de la période (praticiens)', unit: 'month' },
  int_stage_half_days: { label: 'Demi-journées de stage (internes)', unit: 'count' },
  int_average_weekly_minutes: { label: 'Moyenne hebdomadaire maximale (internes)', unit: 'minutes' },
  int_period_months: { label: 'Période de la moyenne (internes)', unit: 'count' },
  int_period_anchor_month: { label: 'Premier mois de la période (internes)', unit: 'month' },
  int_break_minutes_per_half_day: { label: 'Pause par demi-journée (internes)', unit: 'minutes' },
  int_securite_rest_minutes: { label: 'Repos de sécurité (internes)', unit: 'minutes' },
  eu_daily_rest_minutes: { label: 'Repos quotidien (directive européenne)', unit: 'minutes' },
  eu_break_minutes: { label: 'Pause (directive européenne)', unit: 'minutes' },
  eu_weekly_rest_minutes: { label: 'Repos hebdomadaire (directive européenne)', unit: 'minutes' },
  eu_average_weekly_minutes: { label: 'Moyenne hebdomadaire maximale (directive européenne)', unit: 'minutes' },
  eu_period_months: { label: 'Période de la moyenne (directive européenne)', unit: 'count' },
  eu_period_anchor_month: { label: 'Premier mois de la période (directive européenne)', unit: 'month' },
  eu_night_average_daily_minutes: { label: 'Moyenne quotidienne maximale de nuit (directive européenne)', unit: 'minutes' },
  qvt_max_consecutive_nights: { label: 'Nuits consécutives au plus', unit: 'count' },
  qvt_nights_weight: { label: 'Poids : nuits consécutives', unit: 'weight' },
  qvt_long_shift_minutes: { label: 'Poste long à partir de', unit: 'minutes' },
  qvt_max_consecutive_long_shifts: { label: 'Postes longs consécutifs au plus', unit: 'count' },
  qvt_long_shifts_weight: { label: 'Poids : postes longs consécutifs', unit: 'weight' },
  qvt_isolated_day_weight: { label: 'Poids : jour travaillé isolé', unit: 'weight' },
  qvt_split_weekend_weight: { label: 'Poids : week-end coupé', unit: 'weight' },
  qvt_quick_return_minutes: { label: 'Retour rapide : repos de moins de', unit: 'minutes' },
  qvt_quick_return_weight: { label: 'Poids : retour rapide', unit: 'weight' },
  min_daily_rest_minutes: { label: 'Repos quotidien minimal (moteur)', unit: 'minutes' },
  max_minutes_per_7_days: { label: 'Durée maximale sur 7 jours (moteur)', unit: 'minutes' },
  max_consecutive_days: { label: 'Jours travaillés consécutifs au plus', unit: 'count' },
  desiderata_weight: { label: 'Poids : souhaits des agents', unit: 'weight' },
  cycle_departure_weight: { label: 'Poids : écart à la trame', unit: 'weight' },
  placement_pool_weight: { label: 'Poids : renfort du pool', unit: 'weight' },
  placement_volunteer_weight: { label: 'Poids : renfort volontaire', unit: 'weight' },
  placement_other_site_weight: { label: 'Poids : renfort d’un autre site', unit: 'weight' },
  cover_under_weight: { label: 'Poids : besoin minimal non couvert', unit: 'weight' },
}

export function parameterLabel(key: string): string {
  return PARAMETER_LABELS[key]?.label ?? key
}

/** La valeur (texte JSON de l'API) lisible : « 11 h 00 (660 min) », « oui », une date… */
export function formatParameterValue(key: string, value: string): string {
  const unit = PARAMETER_LABELS[key]?.unit
  const raw = value.replace(/^"|"$/g, '')
  if (raw === 'true') return 'oui'
  if (raw === 'false') return 'non'
  const n = Number(raw)
  if (unit === 'minutes' && Number.isInteger(n)) {
    return `${Math.floor(n / 60)} h ${String(n % 60).padStart(2, '0')} (${n} min)`
  }
  if (unit === 'minuteOfDay' && Number.isInteger(n)) return `${String(Math.floor(n / 60)).padStart(2, '0')}h${String(n % 60).padStart(2, '0')}`
  if (unit === 'percent') return `${raw} %`
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) {
    const [y, m, d] = raw.split('-')
    return `${d}/${m}/${y}`
  }
  return raw
}

/** Indication de saisie selon l'unité du paramètre. */
export function valueHint(key: string): string {
  switch (PARAMETER_LABELS[key]?.unit) {
    case 'minutes':
      return 'En minutes (par exemple 660 pour 11 h).'
    case 'minuteOfDay':
      return 'Minute de la journée (par exemple 1260 pour 21h00).'
    case 'bool':
      return '« true » (oui) ou « false » (non).'
    case 'date':
      return 'Une date AAAA-MM-JJ.'
    case 'percent':
      return 'Un pourcentage entier.'
    case 'month':
      return 'Un numéro de mois, de 1 à 12.'
    default:
      return 'Un nombre entier.'
  }
}
