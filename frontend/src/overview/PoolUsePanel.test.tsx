import { screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { renderLoggedIn } from '../planning/repair/testSession.tsx'
import { gqlError } from '../test/fakeApi.ts'
import { PoolUsePanel } from './PoolUsePanel.tsx'

beforeEach(() => sessionStorage.clear())

const SITES = [
  { id: 'e1', finess: '690000002', name: 'CH Bêta' },
  { id: 'e2', finess: '690000003', name: 'Hôpital Gamma' },
]
const UNITS = [
  { id: 'rea', code: 'REA', name: 'Réanimation', establishmentId: 'e1' },
  { id: 'med', code: 'MED', name: 'Médecine', establishmentId: 'e1' },
]
/** Ce que le serveur renvoie : entre sites d'abord, puis par heures. URG n'est pas dans le périmètre. */
const LINES = [
  { fromUnitId: 'urg', toUnitId: 'rea', crossSite: true, people: 1, poolMembers: 1, shifts: 1, minutes: 600 },
  { fromUnitId: 'med', toUnitId: 'rea', crossSite: false, people: 2, poolMembers: 0, shifts: 2, minutes: 900 },
]
const panel = <PoolUsePanel establishments={SITES} units={UNITS} from="2026-12-01" to="2026-12-31" />

describe('renforts entre unités et sites', () => {
  it('demande au serveur les renforts de la période et les montre, avec les heures et le résumé', async () => {
    const api = await renderLoggedIn(panel, { poolUse: { data: { poolUse: LINES } } }, 'ght_admin')
    const region = screen.getByRole('region', { name: 'Renforts entre unités et sites' })
    expect(await within(region).findByTestId('pool-summary')).toHaveTextContent(
      '3 postes tenus hors de l’unité d’affectation, 25 h au total, dont 10 h sur un autre établissement.',
    )
    expect(api.callsTo('poolUse')[0].variables).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    const rows = within(region).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['unité hors de votre périmètre', 'MED (CH Bêta)'])
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['REA (CH Bêta)', 'oui', '1', '1', '1', '10 h'],
      ['REA (CH Bêta)', 'non', '2', '0', '2', '15 h'],
    ])
  })

  it('dit quand personne n’a travaillé hors de son unité', async () => {
    await renderLoggedIn(panel, { poolUse: { data: { poolUse: [] } } }, 'site_manager')
    expect(await screen.findByText('Aucun agent planifié hors de son unité sur la période.')).toBeInTheDocument()
  })

  it('montre une erreur du serveur en français', async () => {
    await renderLoggedIn(panel, { poolUse: gqlError('renforts entre unités et sites', 'FORBIDDEN') }, 'site_manager')
    expect(await screen.findByRole('alert')).toHaveTextContent('Action non autorisée pour votre rôle ou votre périmètre. Renforts entre unités et sites.')
  })
})
