import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { MEDICAL_SHIFTS, REQUIREMENTS, SESSIONS } from '../planning/fixtures.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { TheatreProgrammePage, nextMonth } from './TheatreProgrammePage.tsx'

const UNITS = {
  data: {
    units: {
      nodes: [
        { id: 'u-rea', code: 'E1-REA1', name: 'Réanimation 1', establishmentId: 'e1' },
        { id: 'u-bloc', code: 'E1-BLOC1', name: 'Bloc 1', establishmentId: 'e1' },
      ],
    },
  },
}
const SHIFT_ROWS = MEDICAL_SHIFTS.map((s) => ({ ...s, breakMinutes: null }))

beforeEach(() => sessionStorage.clear())

async function renderPage(handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({
    login: AUTH('t', 'r', 'site_manager'),
    me: ME('site_manager'),
    units: UNITS,
    shiftTypes: { data: { shiftTypes: SHIFT_ROWS } },
    ...handlers,
  })
  const manager = new SessionManager()
  await manager.login('site@alpha.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <TheatreProgrammePage />
    </SessionProvider>,
  )
  return api
}

describe('Programme du bloc', () => {
  it('propose le mois suivant comme période', () => {
    expect(nextMonth('2026-11-22')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(nextMonth('2026-12-05')).toEqual({ from: '2027-01-01', to: '2027-01-31' })
    expect(nextMonth('2027-01-31')).toEqual({ from: '2027-02-01', to: '2027-02-28' })
  })

  it('écarte l’unité hors périmètre, liste les séances par salle et les exigences conjointes', async () => {
    const api = await renderPage({
      theatreProgramme: (call: { variables: Record<string, unknown> }) =>
        call.variables.unitId === 'u-rea' ? gqlError('unité hors de votre périmètre', 'FORBIDDEN') : { data: { theatreProgramme: SESSIONS } },
      jointRequirements: { data: { jointRequirements: REQUIREMENTS } },
    })
    const sessions = await screen.findByRole('region', { name: 'Séances de E1-BLOC1' })
    expect(screen.getByLabelText('Unité')).toHaveDisplayValue('E1-BLOC1 — Bloc 1')
    expect(await within(sessions).findByText(/2 séances dans 2 salles/)).toBeInTheDocument()
    const row = within(sessions).getByRole('row', { name: /^Salle 2/ })
    expect(row).toHaveTextContent('mardi 1 décembre 2026')
    expect(row).toHaveTextContent('SEANCE-CHIR (chirurgien), SEANCE-ANES (anesthésiste), J10-IADE (IADE), J10-IBODE (IBODE)')
    const joint = screen.getByRole('region', { name: 'Exigences conjointes de E1-BLOC1' })
    expect(within(joint).getByRole('row', { name: /^équipe de bloc/ })).toHaveTextContent('tout ou rien (jusqu’à 2)')
    expect(within(joint).getByRole('row', { name: /^garde du week-end/ })).toHaveTextContent('au moins 1G (praticien)samedi, dimanche')
    const period = nextMonth(new Date().toISOString().slice(0, 10))
    expect(api.callsTo('theatreProgramme').at(-1)?.variables).toEqual({ unitId: 'u-bloc', ...period })
  })

  it('montre l’état vide, puis ajoute une séance : contrôles locaux, erreur du serveur au champ, succès', async () => {
    const saved = { id: 's9', unitId: 'u-bloc', room: 'Salle 3', date: '2026-12-02', teamShiftTypeIds: ['sc', 'sa'], weight: 500 }
    const api = await renderPage({
      theatreProgramme: [{ data: { theatreProgramme: [] } }, { data: { theatreProgramme: [saved] } }],
      jointRequirements: { data: { jointRequirements: [] } },
      setTheatreSession: [
        { data: null, errors: [{ message: 'room : entre 1 et 64 caractères', extensions: { code: 'BAD_USER_INPUT', field: 'room' } }] },
        { data: { setTheatreSession: saved } },
      ],
    })
    expect(await screen.findByText('Aucune séance programmée sur la période pour cette unité.')).toBeInTheDocument()
    expect(screen.getByText('Aucune exigence conjointe pour cette unité.')).toBeInTheDocument()
    const form = screen.getByRole('region', { name: 'Ajouter une séance' })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la séance' }))
    expect(within(form).getByText('Indiquez la salle (par exemple « Salle 1 »).')).toBeInTheDocument()
    expect(within(form).getByText('Cochez au moins un poste de l’équipe.')).toBeInTheDocument()
    expect(api.callsTo('setTheatreSession')).toHaveLength(0)
    fireEvent.change(within(form).getByLabelText('Salle'), { target: { value: 'Salle 3' } })
    fireEvent.change(within(form).getByLabelText('Jour'), { target: { value: '2026-12-02' } })
    fireEvent.click(within(form).getByLabelText(/^SEANCE-CHIR/))
    fireEvent.click(within(form).getByLabelText(/^SEANCE-ANES/))
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la séance' }))
    expect(await within(form).findByText('Entre 1 et 64 caractères.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Salle')).toHaveAttribute('aria-invalid', 'true')
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la séance' }))
    expect(await screen.findByText(/^Séance Salle 3 du mercredi 2 décembre 2026 enregistrée/)).toBeInTheDocument()
    expect(api.callsTo('setTheatreSession')[1].variables).toEqual({
      unitId: 'u-bloc',
      room: 'Salle 3',
      date: '2026-12-02',
      teamShiftTypeIds: ['sc', 'sa'],
      weight: null,
    })
    expect(await screen.findByRole('row', { name: /^Salle 3/ })).toBeInTheDocument()
  })

  it('remplace l’équipe d’une séance, la supprime, et dit en français un refus du serveur', async () => {
    const api = await renderPage({
      theatreProgramme: { data: { theatreProgramme: SESSIONS } },
      jointRequirements: { data: { jointRequirements: [] } },
      setTheatreSession: { data: { setTheatreSession: { ...SESSIONS[0], teamShiftTypeIds: ['sc'] } } },
      deleteTheatreSession: [gqlError('action réservée aux planificateurs de l’unité', 'FORBIDDEN'), { data: { deleteTheatreSession: true } }],
    })
    const sessions = await screen.findByRole('region', { name: 'Séances de E1-BLOC1' })
    await within(sessions).findByText(/2 séances/)
    fireEvent.click(within(sessions).getByRole('button', { name: /^Modifier la séance Salle 1 du mardi 1\s+décembre 2026$/ }))
    const form = screen.getByRole('region', { name: 'Modifier la séance' })
    expect(within(form).getByLabelText('Salle')).toHaveValue('Salle 1')
    fireEvent.click(within(form).getByLabelText(/^SEANCE-ANES/))
    fireEvent.click(within(form).getByLabelText(/^J10-IADE/))
    fireEvent.click(within(form).getByLabelText(/^J10-IBODE/))
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la séance' }))
    await waitFor(() => expect(api.callsTo('setTheatreSession')).toHaveLength(1))
    expect(api.callsTo('setTheatreSession')[0].variables).toMatchObject({ room: 'Salle 1', date: '2026-12-01', teamShiftTypeIds: ['sc'], weight: 500 })
    expect(await screen.findByRole('region', { name: 'Ajouter une séance' })).toBeInTheDocument()

    const remove = within(sessions).getByRole('button', { name: /^Supprimer la séance Salle 2 du mardi 1\s+décembre 2026$/ })
    fireEvent.click(remove)
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Action non autorisée pour votre rôle ou votre périmètre. Action réservée aux planificateurs de l’unité.',
    )
    fireEvent.click(remove)
    expect(await screen.findByText('Séance Salle 2 du mardi 1 décembre 2026 supprimée.')).toBeInTheDocument()
    expect(api.callsTo('deleteTheatreSession')[1].variables).toEqual({ id: 's2' })
  })

  it('crée une exigence conjointe (jours, nombre, poids) et en supprime une', async () => {
    const created = { ...REQUIREMENTS[1], id: 'jr3', label: 'nuit commune', weekdays: [0, 4] }
    const api = await renderPage({
      theatreProgramme: { data: { theatreProgramme: [] } },
      jointRequirements: [{ data: { jointRequirements: [REQUIREMENTS[0]] } }, { data: { jointRequirements: [REQUIREMENTS[0], created] } }],
      createJointRequirement: [
        { data: null, errors: [{ message: 'count : entre 1 et 50', extensions: { code: 'BAD_USER_INPUT', field: 'count' } }] },
        { data: { createJointRequirement: created } },
      ],
      deleteJointRequirement: { data: { deleteJointRequirement: true } },
    })
    const form = await screen.findByRole('region', { name: 'Ajouter une exigence conjointe' })
    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: '0' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Créer l’exigence' }))
    expect(within(form).getByText('Indiquez un libellé (par exemple « équipe de bloc »).')).toBeInTheDocument()
    expect(within(form).getByText('Cochez au moins un poste.')).toBeInTheDocument()
    expect(within(form).getByText('Un nombre entier de 1 à 50.')).toBeInTheDocument()
    fireEvent.change(within(form).getByLabelText('Libellé'), { target: { value: 'nuit commune' } })
    fireEvent.change(within(form).getByLabelText('Règle'), { target: { value: 'AT_LEAST' } })
    fireEvent.change(within(form).getByLabelText('Nombre'), { target: { value: '1' } })
    fireEvent.change(within(form).getByLabelText('Date d’effet'), { target: { value: '2026-12-01' } })
    fireEvent.click(within(form).getByLabelText(/^G —/))
    fireEvent.click(within(form).getByLabelText('vendredi'))
    fireEvent.click(within(form).getByLabelText('lundi'))
    fireEvent.click(within(form).getByRole('button', { name: 'Créer l’exigence' }))
    expect(await within(form).findByText('Entre 1 et 50.')).toBeInTheDocument()
    fireEvent.click(within(form).getByRole('button', { name: 'Créer l’exigence' }))
    expect(await screen.findByText('Exigence « nuit commune (au moins 1) » créée.')).toBeInTheDocument()
    expect(api.callsTo('createJointRequirement')[1].variables).toEqual({
      unitId: 'u-bloc',
      kind: 'AT_LEAST',
      shiftTypeIds: ['g'],
      weekdays: [0, 4],
      count: 1,
      weight: 500,
      label: 'nuit commune',
      effectiveFrom: '2026-12-01',
      effectiveTo: null,
    })
    const joint = screen.getByRole('region', { name: 'Exigences conjointes de E1-BLOC1' })
    expect(await within(joint).findByRole('row', { name: /^nuit commune/ })).toHaveTextContent('lundi, vendredi')
    fireEvent.click(within(joint).getByRole('button', { name: /^Supprimer l’exigence\s+équipe de bloc$/ }))
    expect(await screen.findByText('Exigence « équipe de bloc (tout ou rien) » supprimée.')).toBeInTheDocument()
    expect(api.callsTo('deleteJointRequirement')[0].variables).toEqual({ id: 'jr1' })
  })
})
