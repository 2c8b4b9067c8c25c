import { fireEvent, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, installFakeApi } from '../test/fakeApi.ts'
import { MaquettePage, cellsOf, changedDemands } from './MaquettePage.tsx'
import type { Demand } from './setupApi.ts'

const SHIFTS = [
  { id: 'm', code: 'M', label: 'Matin', startMinute: 405, durationMinutes: 450, isNight: false, qualifications: [] },
  { id: 'n', code: 'N', label: 'Nuit', startMinute: 1260, durationMinutes: 600, isNight: true, qualifications: [] },
]
const MAQUETTE: Demand[] = [
  { dayType: 'WEEKDAY', shiftTypeId: 'm', qualification: 'IDE', min: 2, target: 3 },
  { dayType: 'SATURDAY', shiftTypeId: 'm', qualification: 'IDE', min: 1, target: 1 },
]

beforeEach(() => sessionStorage.clear())

describe('maquette', () => {
  it('n’envoie que les cases changées et refuse une cible sous le minimum', () => {
    const lines = [{ shiftTypeId: 'm', qualification: 'IDE' }]
    const saved = cellsOf(MAQUETTE)
    const cells = { ...saved, 'm|IDE|SATURDAY': { min: '2', target: '' }, 'm|IDE|SUNDAY_HOLIDAY': { min: '1', target: '0' } }
    const { demands, errors } = changedDemands(lines, cells, saved)
    expect(errors).toEqual({ 'm|IDE|SUNDAY_HOLIDAY': 'Cible : un nombre entier entre le minimum et 500.' })
    // Cible vide : égale au minimum.
    expect(demands).toEqual([{ key: 'm|IDE|SATURDAY', dayType: 'SATURDAY', shiftTypeId: 'm', qualification: 'IDE', min: 2, target: 2 }])
  })

  it('affiche le tableau type de jour × poste × qualification et enregistre une case', async () => {
    const api = installFakeApi({
      login: AUTH('t', 'r', 'unit_manager'),
      me: ME('unit_manager'),
      units: { data: { units: { nodes: [{ id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' }] } } },
      shiftTypes: { data: { shiftTypes: SHIFTS } },
      maquette: { data: { maquette: MAQUETTE } },
      setMaquetteDemand: (call: { variables: Record<string, unknown> }) => ({ data: { setMaquetteDemand: (call.variables as { input: Demand }).input } }),
    })
    const manager = new SessionManager()
    await manager.login('cadre@beta.demo', 'releve-demo')
    render(
      <SessionProvider manager={manager}>
        <MaquettePage />
      </SessionProvider>,
    )
    const min = await screen.findByLabelText('Minimum M · IDE, Semaine')
    expect(min).toHaveValue(2)
    expect(screen.getByLabelText('Cible M · IDE, Semaine')).toHaveValue(3)
    expect(screen.getByLabelText('Minimum M · IDE, Dimanche et férié')).toHaveValue(null)

    fireEvent.change(screen.getByLabelText('Minimum M · IDE, Dimanche et férié'), { target: { value: '1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer la maquette' }))
    expect(await screen.findByText('Maquette enregistrée : 1 case modifiée.')).toBeInTheDocument()
    expect(api.callsTo('setMaquetteDemand').map((c) => c.variables.input)).toEqual([
      { unitId: 'u1', dayType: 'SUNDAY_HOLIDAY', shiftTypeId: 'm', qualification: 'IDE', min: 1, target: 1 },
    ])

    // Nouvelle ligne : N pour toutes professions.
    fireEvent.change(screen.getByLabelText('Poste'), { target: { value: 'n' } })
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter la ligne' }))
    expect(screen.getByLabelText('Minimum N · toutes professions, Semaine')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Minimum N · toutes professions, Semaine'), { target: { value: '-1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer la maquette' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Certaines cases sont invalides')
    expect(screen.getByLabelText('Minimum N · toutes professions, Semaine')).toHaveAccessibleDescription('Minimum : un nombre entier entre 0 et 500.')
    expect(api.callsTo('setMaquetteDemand')).toHaveLength(1)
  })
})
