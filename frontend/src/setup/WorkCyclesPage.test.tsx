import { fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { addDays, today } from '../planning/calendar.ts'
import { AUTH, ME, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { WorkCyclesPage } from './WorkCyclesPage.tsx'
import { lineOn, mondayOf } from './cyclesApi.ts'

const UNITS = { data: { units: { nodes: [{ id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' }] } } }
const SHIFTS = {
  data: {
    shiftTypes: [
      { id: 's-m', code: 'M', label: 'Matin', startMinute: 420, durationMinutes: 450, isNight: false, qualifications: [] },
      { id: 's-n', code: 'N', label: 'Nuit', startMinute: 1260, durationMinutes: 600, isNight: true, qualifications: [] },
    ],
  },
}
const monday = mondayOf(today())
// Week 1: M Monday to Friday; week 2: N Monday and Tuesday.
const PATTERN = ['M', 'M', 'M', 'M', 'M', null, null, 'N', 'N', null, null, null, null, null]
const CYCLE = { id: 'c1', unitId: 'u1', name: 'Alternance jour-nuit', weeks: 2, pattern: PATTERN }
const STAFF = {
  data: {
    staffMembers: {
      nodes: [
        { id: 'p1', firstName: 'Alice', lastName: 'Martin', profession: 'IDE', homeUnitId: 'u1' },
        { id: 'p2', firstName: 'Bruno', lastName: 'Petit', profession: 'IDE', homeUnitId: 'u1' },
      ],
    },
  },
}

beforeEach(() => sessionStorage.clear())

async function renderPage(handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({ login: AUTH('t', 'r', 'unit_manager'), me: ME('unit_manager'), units: UNITS, shiftTypes: SHIFTS, staffMembers: STAFF, ...handlers })
  const manager = new SessionManager()
  await manager.login('cadre@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <WorkCyclesPage />
    </SessionProvider>,
  )
  return api
}

describe('lineOn', () => {
  it('donne la ligne de la semaine d’après le lundi d’ancrage, et rien avant ou après', () => {
    const assignment = { anchorDate: '2026-11-02', endDate: '2026-12-27' }
    expect(lineOn({ weeks: 3 }, assignment, '2026-11-04')).toBe(1)
    expect(lineOn({ weeks: 3 }, assignment, '2026-11-09')).toBe(2)
    expect(lineOn({ weeks: 3 }, assignment, '2026-11-29')).toBe(1)
    expect(lineOn({ weeks: 3 }, assignment, '2026-11-01')).toBeNull()
    expect(lineOn({ weeks: 3 }, assignment, '2026-12-28')).toBeNull()
    expect(mondayOf('2026-11-22')).toBe('2026-11-16')
  })
})

describe('WorkCyclesPage', () => {
  it('montre chaque trame semaine par semaine, ses heures et qui est sur chaque ligne cette semaine', async () => {
    const api = await renderPage({
      workCycles: { data: { workCycles: [CYCLE] } },
      workCycleMembers: {
        data: {
          workCycleMembers: [
            { id: 'a1', staffId: 'p1', cycleId: 'c1', anchorDate: monday, endDate: null },
            { id: 'a2', staffId: 'p2', cycleId: 'c1', anchorDate: addDays(monday, -7), endDate: null },
            // Someone of another unit on a shared trame: not listed here.
            { id: 'a3', staffId: 'p9', cycleId: 'c1', anchorDate: monday, endDate: null },
          ],
        },
      },
    })
    const table = await screen.findByRole('table', { name: /Alternance jour-nuit/ })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent(/^1MMMMM(·repos){2}37 h 30Alice Martin$/)
    expect(rows[1]).toHaveTextContent(/^2NN(·repos){5}20 h 00Bruno Petit$/)
    const people = screen.getByRole('region', { name: 'Agents et trames' })
    expect(within(people).getByRole('row', { name: /Bruno Petit/ })).toHaveTextContent('ligne 2')
    expect(within(people).getAllByRole('row')).toHaveLength(3)
    // One request for the trame's people, none per person.
    expect(api.callsTo('workCycleMembers').map((c) => c.variables)).toEqual([{ cycleId: 'c1' }])
    expect(api.callsTo('staffCycles')).toHaveLength(0)
  })

  it('modifie une trame dans l’éditeur, puis la supprime après confirmation', async () => {
    const renamed = { ...CYCLE, name: 'Jour-nuit bis', weeks: 1, pattern: ['N', null, null, null, null, null, null] }
    const api = await renderPage({
      workCycles: [{ data: { workCycles: [CYCLE] } }, { data: { workCycles: [renamed] } }, { data: { workCycles: [] } }],
      workCycleMembers: { data: { workCycleMembers: [] } },
      updateWorkCycle: { data: { updateWorkCycle: renamed } },
      deleteWorkCycle: [
        {
          data: null,
          errors: [{ message: 'la trame « Jour-nuit bis » est suivie par 2 agents : elle ne peut pas être supprimée', extensions: { code: 'CONFLICT' } }],
        },
        { data: { deleteWorkCycle: true } },
      ],
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Modifier la trame « Alternance jour-nuit »' }))
    const editor = screen.getByRole('region', { name: 'Modifier la trame « Alternance jour-nuit »' })
    expect(within(editor).getByLabelText('Nom de la trame')).toHaveValue('Alternance jour-nuit')
    expect(within(editor).getByLabelText('Nom de la trame')).toHaveFocus()
    expect(within(editor).getByLabelText('Semaine 2, lundi')).toHaveValue('N')
    fireEvent.change(within(editor).getByLabelText('Nom de la trame'), { target: { value: 'Jour-nuit bis' } })
    fireEvent.change(within(editor).getByLabelText('Nombre de semaines'), { target: { value: '1' } })
    fireEvent.change(within(editor).getByLabelText('Semaine 1, lundi'), { target: { value: 'N' } })
    for (const day of ['mardi', 'mercredi', 'jeudi', 'vendredi']) {
      fireEvent.change(within(editor).getByLabelText(`Semaine 1, ${day}`), { target: { value: '' } })
    }
    fireEvent.click(within(editor).getByRole('button', { name: 'Enregistrer les modifications' }))
    expect(await screen.findByText('Trame « Jour-nuit bis » enregistrée (1 semaine).')).toBeInTheDocument()
    expect(api.callsTo('updateWorkCycle')[0].variables).toEqual({ id: 'c1', name: 'Jour-nuit bis', weeks: 1, pattern: renamed.pattern })
    expect(screen.getByRole('region', { name: 'Nouvelle trame' })).toBeInTheDocument()

    // Deleting asks for a confirmation; the server's refusal is shown, then the deletion.
    fireEvent.click(await screen.findByRole('button', { name: 'Supprimer la trame « Jour-nuit bis »' }))
    expect(api.callsTo('deleteWorkCycle')).toHaveLength(0)
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer la suppression de « Jour-nuit bis »' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Suppression impossible : La trame « Jour-nuit bis » est suivie par 2 agents')
    fireEvent.click(screen.getByRole('button', { name: 'Supprimer la trame « Jour-nuit bis »' }))
    fireEvent.click(screen.getByRole('button', { name: 'Confirmer la suppression de « Jour-nuit bis »' }))
    expect(await screen.findByText('Trame « Jour-nuit bis » supprimée.')).toBeInTheDocument()
    expect(api.callsTo('deleteWorkCycle').map((c) => c.variables)).toEqual([{ id: 'c1' }, { id: 'c1' }])
    expect(await screen.findByText('Aucune trame pour cette unité : créez-en une ci-dessous.')).toBeInTheDocument()
  })

  it('crée une trame avec l’éditeur visuel : nom exigé, puis les codes choisis, repos à null', async () => {
    const api = await renderPage({
      workCycles: [{ data: { workCycles: [] } }, { data: { workCycles: [{ ...CYCLE, id: 'c2', name: 'Matins', weeks: 1 }] } }],
      workCycleMembers: { data: { workCycleMembers: [] } },
      createWorkCycle: { data: { createWorkCycle: { id: 'c2', unitId: 'u1', name: 'Matins', weeks: 1, pattern: [] } } },
    })
    expect(await screen.findByText('Aucune trame pour cette unité : créez-en une ci-dessous.')).toBeInTheDocument()
    const editor = screen.getByRole('region', { name: 'Nouvelle trame' })
    fireEvent.change(within(editor).getByLabelText('Nombre de semaines'), { target: { value: '1' } })
    fireEvent.click(within(editor).getByRole('button', { name: 'Enregistrer la trame' }))
    expect(within(editor).getByText('Indiquez le nom de la trame.')).toBeInTheDocument()
    expect(within(editor).getByLabelText('Nom de la trame')).toHaveFocus()
    fireEvent.change(within(editor).getByLabelText('Nom de la trame'), { target: { value: 'Matins' } })
    fireEvent.change(within(editor).getByLabelText('Semaine 1, lundi'), { target: { value: 'M' } })
    fireEvent.change(within(editor).getByLabelText('Semaine 1, mercredi'), { target: { value: 'N' } })
    expect(within(editor).getByRole('row', { name: /^1/ })).toHaveTextContent('17 h 30')
    fireEvent.click(within(editor).getByRole('button', { name: 'Enregistrer la trame' }))
    expect(await screen.findByText('Trame « Matins » enregistrée (1 semaine).')).toBeInTheDocument()
    expect(api.callsTo('createWorkCycle')[0].variables).toEqual({
      unitId: 'u1',
      name: 'Matins',
      weeks: 1,
      pattern: ['M', null, 'N', null, null, null, null],
    })
  })

  it('place un agent sur une ligne : un lundi exigé, puis l’erreur du serveur à côté du champ', async () => {
    const api = await renderPage({
      workCycles: { data: { workCycles: [CYCLE] } },
      workCycleMembers: { data: { workCycleMembers: [] } },
      assignWorkCycle: [
        {
          data: null,
          errors: [{ message: "startDate : l'agent suit déjà une trame sur cette période", extensions: { code: 'BAD_USER_INPUT', field: 'startDate' } }],
        },
        { data: { assignWorkCycle: { id: 'a9', staffId: 'p2', cycleId: 'c1', anchorDate: addDays(monday, -7), endDate: null } } },
      ],
    })
    const form = await screen.findByRole('region', { name: 'Placer un agent sur une trame' })
    fireEvent.change(within(form).getByLabelText('Agent'), { target: { value: 'p2' } })
    fireEvent.change(within(form).getByLabelText('Ligne la semaine de début'), { target: { value: '2' } })
    fireEvent.change(within(form).getByLabelText('À partir du (lundi)'), { target: { value: addDays(monday, 2) } })
    fireEvent.click(within(form).getByRole('button', { name: 'Placer l’agent' }))
    expect(within(form).getByText(/Un lundi est attendu/)).toBeInTheDocument()
    expect(api.callsTo('assignWorkCycle')).toHaveLength(0)
    fireEvent.change(within(form).getByLabelText('À partir du (lundi)'), { target: { value: monday } })
    fireEvent.click(within(form).getByRole('button', { name: 'Placer l’agent' }))
    expect(await within(form).findByText("L'agent suit déjà une trame sur cette période.")).toBeInTheDocument()
    expect(within(form).getByLabelText('À partir du (lundi)')).toHaveAttribute('aria-invalid', 'true')
    expect(api.callsTo('assignWorkCycle')[0].variables).toEqual({ staffId: 'p2', cycleId: 'c1', startDate: monday, line: 2, endDate: null })
    fireEvent.click(within(form).getByRole('button', { name: 'Placer l’agent' }))
    expect(await screen.findByText('Bruno Petit suit la trame « Alternance jour-nuit », ligne 2.')).toBeInTheDocument()
  })
})

describe('WorkCyclesPage — unités hors périmètre', () => {
  it('écarte une unité refusée (FORBIDDEN) et passe à la suivante', async () => {
    const api = await renderPage({
      units: { data: { units: { nodes: [{ id: 'u2', code: 'CHIR', name: 'Chirurgie', establishmentId: 'e1' }, ...UNITS.data.units.nodes] } } },
      workCycles: ({ variables }: { variables: Record<string, unknown> }) =>
        variables.unitId === 'u2'
          ? { data: null, errors: [{ message: 'unité hors de votre périmètre', extensions: { code: 'FORBIDDEN' } }] }
          : { data: { workCycles: [CYCLE] } },
      workCycleMembers: { data: { workCycleMembers: [] } },
    })
    expect(await screen.findByRole('table', { name: /Alternance jour-nuit/ })).toBeInTheDocument()
    expect(within(screen.getByLabelText('Unité')).getAllByRole('option').map((o) => o.textContent)).toEqual(['MED — Médecine'])
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(api.callsTo('workCycles').map((c) => c.variables.unitId)).toEqual(['u2', 'u1'])
  })
})
