/** Libellés français des alertes (`RosterAlert.kind`, `severity`) et du prêt suggéré. */
const KIND_LABELS: Record<string, string> = {
  coverage_gap: 'Manque de couverture',
  unit_imbalance: 'Déséquilibre entre unités',
  annual_hours: 'Heures annuelles',
  overtime_year: 'Heures supplémentaires (année)',
  overtime_month: 'Heures supplémentaires (mois)',
  weekly_48h: '48 h hebdomadaires',
  interne_quarter: 'Trimestre de l’interne',
  cet_ceiling: 'Plafond du CET',
  cet_yearly_increase: 'Alimentation annuelle du CET',
  night_run: 'Nuits consécutives',
  long_shift_run: 'Postes longs consécutifs',
  wishes_refused: 'Souhaits souvent refusés',
}
export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind
export const severityLabel = (severity: string) => (severity === 'critical' ? 'Critique' : 'À surveiller')

/** The suggested loan of an imbalance, in French (`{staff, day, from_unit, from_shift, to_unit, to_shift, same_site}`). */
export function loanText(loan: unknown, name: (staffId: string) => string = (id) => `agent ${id.slice(0, 8)}`): string | null {
  if (!loan || typeof loan !== 'object') return null
  const l = loan as Record<string, unknown>
  const s = (k: string) => (l[k] === undefined || l[k] === null ? '?' : String(l[k]))
  const who = typeof l.staff === 'string' ? name(l.staff) : 'un agent'
  return `Prêt suggéré : ${who}, de ${s('from_unit')} (${s('from_shift')}) vers ${s('to_unit')} (${s('to_shift')})${l.same_site === false ? ', autre site' : ''}`
}

export function shortDates(dates: string[]): string {
  const fmt = (d: string) => {
    const [, m, day] = d.split('-')
    return `${day}/${m}`
  }
  if (dates.length === 0) return '—'
  if (dates.length <= 3) return dates.map(fmt).join(', ')
  return `${fmt(dates[0])} → ${fmt(dates[dates.length - 1])} (${dates.length} jours)`
}
