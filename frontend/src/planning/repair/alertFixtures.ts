/** Alerts of a unit as `unitAlerts` returns them (tests only). */
export const ALERTS = [
  {
    rosterId: 'r1', version: 2, kind: 'weekly_48h', severity: 'warning', staffId: 'a', dates: ['2026-12-01'],
    value: 2900, limit: 2880, message: '48 h par semaine dépassées', loan: null,
  },
  {
    rosterId: 'r1', version: 2, kind: 'unit_imbalance', severity: 'critical', staffId: null, dates: ['2026-12-03'],
    value: 1, limit: 0, message: 'MED manque un IDE le matin du 3 quand CHIR en a un de trop',
    loan: { staff: 'b', day: 2, from_unit: 'CHIR', from_shift: 'M', to_unit: 'MED', to_shift: 'M', placement: 'volunteer', same_site: true },
  },
]
