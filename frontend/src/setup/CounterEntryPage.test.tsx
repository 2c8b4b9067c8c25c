import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { renderLoggedIn } from '../planning/repair/testSession.tsx'
import { gqlError } from '../test/fakeApi.ts'
import { hoursText, parseHours } from './counterEntryApi.ts'
import { CounterEntryPage, previousMonth } from './CounterEntryPage.tsx'

beforeEach(() => sessionStorage.clear())

const UNITS = { data: { units: { nodes: [{ id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' }] } } }
const STAFF = {
  data: {
    staffMembers: {
      nodes: [
        { id: 's1', firstName: 'Camille', lastName: 'Martin', email: null, phone: null, profession: 'IDE', qualifications: [], quotite: 100, homeUnitId: 'u1', pool: false },
        { id: 's2', firstName: 'Hugo', lastName: 'Petit', email: null, phone: null, profession: 'AS', qualifications: [], quotite: 80, homeUnitId: 'u1', pool: false },
      ],
      pageInfo: { hasNextPage: false, endCursor: null },
    },
  },
}
const row = (over: Record<string, unknown>) => ({
  id: 'c1',
  periodStart: '2026-10-01',
  periodEnd: '2026-10-31',
  plannedMinutes: 9000,
  workedMinutes: 0,
  overtimeMinutes: 0,
  leaveDaysTaken: 0,
  cetDaysBalance: 0,
  cetRecorded: false,
  source: 'published',
  ...over,
})

describe('Saisie des compteurs', () => {
  it('lit les durées en heures et le mois précédent', () => {
    expect(parseHours('151')).toBe(9060)
    expect(parseHours('151,5')).toBe(9090)
    expect(parseHours('151:30')).toBe(9090)
    expect(parseHours('7h05')).toBe(425)
    expect(parseHours('7:75')).toBeNull()
    expect(parseHours('beaucoup')).toBeNull()
    expect(hoursText(9090)).toBe('151 h 30')
    expect(hoursText(420)).toBe('7 h')
    expect(previousMonth('2026-11-23')).toEqual({ start: '2026-10-01', end: '2026-10-31' })
    expect(previousMonth('2026-01-05')).toEqual({ start: '2025-12-01', end: '2025-12-31' })
  })

  it('le cadre saisit le réalisé : contrôle local, erreur du serveur à côté du champ, puis le compteur relu', async () => {
    const api = await renderLoggedIn(<CounterEntryPage />, {
      units: UNITS,
      staffMembers: STAFF,
      recordedCounters: [
        { data: { recordedCounters: [row({})] } },
        { data: { recordedCounters: [row({ source: 'realised', workedMinutes: 9090, overtimeMinutes: 90 })] } },
      ],
      recordWorkedTime: [
        { data: null, errors: [{ message: 'overtimeMinutes : doit être compris entre 0 et 60 minutes', extensions: { code: 'BAD_USER_INPUT', field: 'overtimeMinutes' } }] },
        { data: { recordWorkedTime: row({ source: 'realised', workedMinutes: 9090, overtimeMinutes: 90 }) } },
      ],
    })
    // Le cadre ne voit que le réalisé ; congés et CET sont aux RH.
    expect(screen.queryByRole('region', { name: 'Congés pris' })).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Compte épargne-temps' })).not.toBeInTheDocument()
    const table = await screen.findByRole('table', { name: 'Compteurs enregistrés de Martin Camille, période par période' })
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('planning publié150 h—')
    const period = screen.getByRole('region', { name: 'Agent et période' })
    fireEvent.change(within(period).getByLabelText('Du'), { target: { value: '2026-10-01' } })
    fireEvent.change(within(period).getByLabelText('Au (inclus)'), { target: { value: '2026-10-31' } })

    const form = screen.getByRole('region', { name: 'Temps travaillé (réalisé)' })
    const worked = within(form).getByLabelText('Temps travaillé')
    fireEvent.change(worked, { target: { value: 'beaucoup' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le temps travaillé' }))
    expect(worked).toHaveFocus()
    expect(worked).toHaveAccessibleDescription(/Indiquez une durée/)
    expect(api.callsTo('recordWorkedTime')).toHaveLength(0)

    fireEvent.change(worked, { target: { value: '151:30' } })
    fireEvent.change(within(form).getByLabelText('Dont heures supplémentaires'), { target: { value: '1,5' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le temps travaillé' }))
    const overtime = within(form).getByLabelText('Dont heures supplémentaires')
    expect(await within(form).findByText('Doit être compris entre 0 et 60 minutes.')).toBeInTheDocument()
    expect(overtime).toHaveAttribute('aria-invalid', 'true')
    expect(overtime).toHaveFocus()
    expect(api.callsTo('recordWorkedTime')[0].variables).toEqual({
      staffId: 's1',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      workedMinutes: 9090,
      overtimeMinutes: 90,
    })

    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le temps travaillé' }))
    expect(await screen.findByText(/Temps travaillé enregistré pour Martin Camille, du jeudi 1 octobre 2026 au samedi 31 octobre 2026\./)).toBeInTheDocument()
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')[1]).toHaveTextContent('réalisé saisi150 h151 h 301 h 30'))
  })

  it('les RH saisissent congés et CET ; une période refusée par le serveur est signalée sur la période', async () => {
    const api = await renderLoggedIn(
      <CounterEntryPage />,
      {
        units: UNITS,
        staffMembers: STAFF,
        recordedCounters: { data: { recordedCounters: [] } },
        setCetBalance: { data: null, errors: [{ message: 'periodEnd : la période du 01/10/2026 est enregistrée jusqu’au 31/10/2026', extensions: { code: 'BAD_USER_INPUT', field: 'periodEnd' } }] },
        recordLeaveTaken: gqlError('saisie des congés pris', 'FORBIDDEN'),
      },
      'hr',
    )
    expect(await screen.findByText('Rien d’enregistré pour Martin Camille sur cette période.')).toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Agent'), { target: { value: 's2' } })
    await waitFor(() => expect(api.callsTo('recordedCounters').at(-1)?.variables.staffId).toBe('s2'))

    const cet = screen.getByRole('region', { name: 'Compte épargne-temps' })
    fireEvent.change(within(cet).getByLabelText('Solde en fin de période (jours)'), { target: { value: '12' } })
    fireEvent.click(within(cet).getByRole('button', { name: 'Enregistrer le solde du CET' }))
    const end = screen.getByLabelText('Au (inclus)')
    await waitFor(() => expect(end).toHaveAttribute('aria-invalid', 'true'))
    expect(end).toHaveAccessibleDescription('La période du 01/10/2026 est enregistrée jusqu’au 31/10/2026.')
    expect(api.callsTo('setCetBalance')[0].variables).toMatchObject({ staffId: 's2', cetDaysBalance: 12 })

    const leave = screen.getByRole('region', { name: 'Congés pris' })
    fireEvent.change(within(leave).getByLabelText('Jours de congé pris sur la période'), { target: { value: '3' } })
    fireEvent.click(within(leave).getByRole('button', { name: 'Enregistrer les congés pris' }))
    expect(await within(leave).findByRole('alert')).toHaveTextContent('Action non autorisée pour votre rôle ou votre périmètre. Saisie des congés pris.')

    // Une période à l'envers est refusée avant tout envoi.
    fireEvent.change(screen.getByLabelText('Du'), { target: { value: '2026-11-10' } })
    fireEvent.change(end, { target: { value: '2026-11-01' } })
    fireEvent.click(within(leave).getByRole('button', { name: 'Enregistrer les congés pris' }))
    expect(end).toHaveAccessibleDescription('La fin précède le début de la période.')
    expect(end).toHaveFocus()
    expect(api.callsTo('recordLeaveTaken')).toHaveLength(1)
  })

  it('écarte une unité hors du périmètre du cadre', async () => {
    const api = await renderLoggedIn(<CounterEntryPage />, {
      units: { data: { units: { nodes: [{ id: 'u2', code: 'CHIR', name: 'Chirurgie', establishmentId: 'e1' }, ...UNITS.data.units.nodes] } } },
      staffMembers: (call: { variables: Record<string, unknown> }) =>
        call.variables.unitId === 'u2' ? gqlError('unité hors de votre périmètre', 'FORBIDDEN') : STAFF,
      recordedCounters: { data: { recordedCounters: [] } },
    })
    expect(await screen.findByText('Rien d’enregistré pour Martin Camille sur cette période.')).toBeInTheDocument()
    const unit = screen.getByLabelText('Unité')
    expect(within(unit).getAllByRole('option').map((o) => o.textContent)).toEqual(['MED — Médecine'])
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(api.callsTo('staffMembers').map((c) => c.variables.unitId)).toEqual(['u2', 'u1'])
  })
})
