import { fireEvent, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { ALERTS } from '../planning/repair/alertFixtures.ts'
import { renderLoggedIn } from '../planning/repair/testSession.tsx'
import { GhtAlertsGains, monthEntry } from './GhtAlertsGains.tsx'

beforeEach(() => sessionStorage.clear())

const UNITS = [
  { id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' },
  { id: 'u2', code: 'CHIR', name: 'Chirurgie', establishmentId: 'e1' },
]

const REPORT = {
  months: [
    {
      unit: 'u1', month: '2026-12', before_releve: false,
      metrics: { draft_to_publication_hours: 26.5, manual_edits_after_solving: 3, changes_after_publication: 1, overtime_minutes: 120, desiderata_rate: 0.9, coverage_rate: 1, nights_gini: 0.1, weekends_gini: 0.2, refused_wishes_gini: 0 },
      against_before: { draft_to_publication_hours: -50, manual_edits_after_solving: null, changes_after_publication: -4, overtime_minutes: -300, desiderata_rate: 0.2, coverage_rate: 0.05, nights_gini: -0.1, weekends_gini: 0, refused_wishes_gini: 0 },
    },
  ],
  baselines: [{ unit: 'u1', months: 3, metrics: {} }],
}

describe('GhtAlertsGains', () => {
  it('rassemble les alertes des unités et montre le rapport de gains face aux mois d’avant Relève', async () => {
    const api = await renderLoggedIn(<GhtAlertsGains units={UNITS} />, {
      unitAlerts: (call: { variables: Record<string, unknown> }) => ({ data: { unitAlerts: call.variables.unitId === 'u1' ? ALERTS : [] } }),
      unitGains: (call: { variables: Record<string, unknown> }) => ({ data: { unitGains: { unitId: call.variables.unitId, month: call.variables.month, report: REPORT } } }),
    }, 'ght_admin')
    expect(await screen.findByText('2 alertes, dont 1 déséquilibre entre unités.')).toBeInTheDocument()
    const alerts = screen.getByRole('table', { name: 'Alertes des unités du GHT' })
    expect(alerts).toHaveTextContent('MED — MED manque un IDE le matin du 3')
    expect(alerts).toHaveTextContent('Prêt suggéré : agent b, de CHIR (M) vers MED (M)')

    fireEvent.change(screen.getByLabelText('Mois'), { target: { value: '2026-12' } })
    const gains = await screen.findByRole('table', { name: 'Gains du mois 2026-12' })
    const row = (label: string) => within(gains).getByRole('rowheader', { name: label }).closest('tr')
    expect(row('Du brouillon à la publication')).toHaveTextContent('26.5 h-50 h')
    expect(row('Changements après publication')).toHaveTextContent('1-4')
    expect(row('Desiderata satisfaits')).toHaveTextContent('90 %+20 %')
    expect(row('Modifications à la main après le calcul')).toHaveTextContent('3—')
    fireEvent.change(screen.getByLabelText('Unité du rapport'), { target: { value: 'u2' } })
    await screen.findByRole('table', { name: 'Gains du mois 2026-12' })
    expect(api.callsTo('unitGains').at(-1)?.variables).toEqual({ unitId: 'u2', month: '2026-12' })
  })

  it('lit le mois du rapport', () => {
    expect(monthEntry({ months: [] }, '2026-12')).toBeNull()
    expect(monthEntry(REPORT, '2026-12')?.baselineMonths).toBe(3)
  })
})
