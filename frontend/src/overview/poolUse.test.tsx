import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { PoolUsePanel } from './PoolUsePanel.tsx'
import { poolUse } from './poolUse.ts'
import type { UnitOverviewData } from './overviewApi.ts'

const SITES = [
  { id: 'e1', finess: '690000002', name: 'CH Bêta' },
  { id: 'e2', finess: '690000003', name: 'Hôpital Gamma' },
]
const UNITS = [
  { id: 'rea', code: 'REA', name: 'Réanimation', establishmentId: 'e1' },
  { id: 'med', code: 'MED', name: 'Médecine', establishmentId: 'e1' },
  { id: 'urg', code: 'URG', name: 'Urgences', establishmentId: 'e2' },
]
const MINUTES = new Map([
  ['m', 450],
  ['n', 600],
])
const person = (id: string, homeUnitId: string) => ({ id, profession: 'IDE', qualifications: [], homeUnitId })
const roster = { id: 'r', periodStart: '2026-12-01', periodEnd: '2026-12-31', state: 'PUBLISHED' as const, currentVersion: 1, publishedVersion: 1 }

/** REA : ses agents r1, r2 et deux renforts, p1 (de MED, même site) et g1 (d'URG, autre site). */
const DATA: Record<string, UnitOverviewData | { error: string }> = {
  rea: {
    maquette: [],
    staff: [person('r1', 'rea'), person('p1', 'med'), person('g1', 'urg')],
    rosters: [
      {
        roster,
        assignments: [
          { staffId: 'r1', date: '2026-12-01', shiftTypeId: 'm' },
          { staffId: 'p1', date: '2026-12-01', shiftTypeId: 'm' },
          { staffId: 'p1', date: '2026-12-02', shiftTypeId: 'm' },
          { staffId: 'g1', date: '2026-12-03', shiftTypeId: 'n' },
          // Hors période : pas compté.
          { staffId: 'g1', date: '2027-01-10', shiftTypeId: 'n' },
        ],
      },
    ],
  },
  med: { maquette: [], staff: [person('p1', 'med')], rosters: [{ roster, assignments: [{ staffId: 'p1', date: '2026-12-04', shiftTypeId: 'm' }] }] },
  urg: { error: 'unité hors de votre périmètre' },
}

describe('renforts entre unités et sites', () => {
  it('compte agents, postes et heures par unité d’origine et unité renforcée, entre sites d’abord', () => {
    const lines = poolUse({
      siteOfUnit: new Map(UNITS.map((u) => [u.id, u.establishmentId])),
      homeOfStaff: new Map([
        ['r1', 'rea'],
        ['p1', 'med'],
        ['g1', 'urg'],
        ['r2', 'rea'],
      ]),
      minutesOfShift: MINUTES,
      assignmentsByUnit: new Map([
        ['rea', (DATA.rea as UnitOverviewData).rosters[0].assignments],
        ['med', [{ staffId: 'r2', date: '2026-12-05', shiftTypeId: 'n' }, { staffId: 'r1', date: '2026-12-06', shiftTypeId: 'n' }]],
      ]),
      from: '2026-12-01',
      to: '2026-12-31',
    })
    expect(lines).toEqual([
      { fromUnitId: 'urg', toUnitId: 'rea', crossSite: true, people: 1, shifts: 1, minutes: 600 },
      { fromUnitId: 'rea', toUnitId: 'med', crossSite: false, people: 2, shifts: 2, minutes: 1200 },
      { fromUnitId: 'med', toUnitId: 'rea', crossSite: false, people: 1, shifts: 2, minutes: 900 },
    ])
  })

  it('les montre dans la vue d’ensemble, avec les heures et le résumé', () => {
    render(<PoolUsePanel establishments={SITES} units={UNITS} data={DATA} shiftMinutes={MINUTES} from="2026-12-01" to="2026-12-31" />)
    const panel = screen.getByRole('region', { name: 'Renforts entre unités et sites' })
    expect(within(panel).getByTestId('pool-summary')).toHaveTextContent(
      '3 postes tenus hors de l’unité d’affectation, 25 h au total, dont 10 h sur un autre établissement.',
    )
    const rows = within(panel).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['REA (CH Bêta)', 'oui', '1', '1', '10 h'],
      ['REA (CH Bêta)', 'non', '1', '2', '15 h'],
    ])
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['URG (Hôpital Gamma)', 'MED (CH Bêta)'])
  })

  it('dit quand personne n’a travaillé hors de son unité', () => {
    render(<PoolUsePanel establishments={SITES} units={UNITS} data={{ med: DATA.med }} shiftMinutes={MINUTES} from="2026-12-01" to="2026-12-31" />)
    expect(screen.getByText('Aucun agent planifié hors de son unité sur la période.')).toBeInTheDocument()
  })
})
