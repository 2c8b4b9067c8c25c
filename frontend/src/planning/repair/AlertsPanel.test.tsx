import { fireEvent, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { STAFF } from '../fixtures.ts'
import { AlertsPanel } from './AlertsPanel.tsx'
import { loanText, shortDates } from './alertText.ts'
import { ALERTS } from './alertFixtures.ts'
import { renderLoggedIn } from './testSession.tsx'

beforeEach(() => sessionStorage.clear())

describe('AlertsPanel', () => {
  it('liste les alertes, les critiques d’abord, avec le prêt suggéré', async () => {
    const api = await renderLoggedIn(<AlertsPanel unitId="u1" staff={STAFF} />, { unitAlerts: { data: { unitAlerts: ALERTS } } })
    expect(api.callsTo('unitAlerts')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher les alertes' }))
    const table = await screen.findByRole('table', { name: 'Alertes de l’unité' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent('Critique')
    expect(rows[0]).toHaveTextContent('Déséquilibre entre unités')
    expect(rows[0]).toHaveTextContent('Prêt suggéré : DURAND Bruno, de CHIR (M) vers MED (M)')
    expect(rows[1]).toHaveTextContent('À surveiller48 h hebdomadaires01/12MARTIN Alice : 48 h par semaine dépassées')
    expect(screen.getByText('2 alertes, dont 1 critique.')).toBeInTheDocument()
    expect(api.callsTo('unitAlerts')[0].variables).toEqual({ unitId: 'u1', weeks: 4 })
  })

  it('dit quand il n’y a aucune alerte', async () => {
    await renderLoggedIn(<AlertsPanel unitId="u1" staff={STAFF} />, { unitAlerts: { data: { unitAlerts: [] } } })
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher les alertes' }))
    expect(await screen.findByText('Aucune alerte sur les 4 semaines à venir.')).toBeInTheDocument()
  })

  it('limite le tableau aux alertes les plus graves', async () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ ...ALERTS[0], dates: [`2026-12-${String(i + 1).padStart(2, '0')}`] }))
    await renderLoggedIn(<AlertsPanel unitId="u1" staff={STAFF} />, { unitAlerts: { data: { unitAlerts: [...many, ALERTS[1]] } } })
    fireEvent.click(screen.getByRole('button', { name: 'Rechercher les alertes' }))
    const table = await screen.findByRole('table', { name: 'Alertes de l’unité' })
    expect(within(table).getAllByRole('row')).toHaveLength(21)
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Déséquilibre entre unités')
    expect(screen.getByText(/… et 6 autres\s+alertes/)).toBeInTheDocument()
  })

  it('formate les dates et le prêt', () => {
    expect(shortDates(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'])).toBe('01/12 → 04/12 (4 jours)')
    expect(loanText(null)).toBeNull()
    expect(loanText({ staff: 'x', from_unit: 'A', from_shift: 'N', to_unit: 'B', to_shift: 'N', same_site: false }, () => 'Zoé')).toBe(
      'Prêt suggéré : Zoé, de A (N) vers B (N), autre site',
    )
  })
})
