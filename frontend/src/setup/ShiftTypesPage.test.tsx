import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { ShiftTypesPage, parseTime, shiftInput } from './ShiftTypesPage.tsx'

const M = { id: 'm', code: 'M', label: 'Matin', startMinute: 405, durationMinutes: 450, isNight: false, qualifications: [], activity: 'WORK', halfDays: null, breakMinutes: null }
const BLANK = { code: 'M', label: 'Matin', start: '06:45', duration: '07:30', isNight: false, qualifications: '', activity: 'WORK', halfDays: '', breakMinutes: '' } as const

beforeEach(() => sessionStorage.clear())

async function renderPage(handlers: Record<string, FakeHandler | FakeHandler[]>, canEdit = true) {
  const api = installFakeApi({ login: AUTH('t', 'r', 'ght_admin'), me: ME('ght_admin'), shiftTypes: { data: { shiftTypes: [M] } }, ...handlers })
  const manager = new SessionManager()
  await manager.login('admin@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <ShiftTypesPage canEdit={canEdit} />
    </SessionProvider>,
  )
  return api
}

describe('types de poste', () => {
  it('lit les heures HH:MM ou HHhMM et refuse le reste', () => {
    expect(parseTime('06:45')).toBe(405)
    expect(parseTime('7h30')).toBe(450)
    expect(parseTime('24:00')).toBeNull()
    expect(parseTime('matin')).toBeNull()
    expect(shiftInput({ ...BLANK, code: '', label: 'x', start: '25:00', duration: '00:00' }).errors).toEqual({
      code: 'Indiquez le code (par exemple M, S, N).',
      startMinute: 'Heure de début au format HH:MM, par exemple 06:45.',
      durationMinutes: 'Durée au format HH:MM, non nulle, par exemple 07:30.',
    })
  })

  it('crée un poste : le code en double est refusé par le serveur à côté du champ', async () => {
    const J = { id: 'j', code: 'J', label: 'Journée', startMinute: 480, durationMinutes: 600, isNight: false, qualifications: ['IDE'] }
    const api = await renderPage({
      createShiftType: [
        { data: null, errors: [{ message: 'code : déjà utilisé dans ce GHT', extensions: { code: 'BAD_USER_INPUT', field: 'code' } }] },
        { data: { createShiftType: J } },
      ],
    })
    expect(await screen.findByRole('rowheader', { name: 'M' })).toBeInTheDocument()
    expect(screen.getByRole('cell', { name: '06h45' })).toBeInTheDocument()
    fireEvent.click(screen.getByRole('button', { name: 'Nouveau type de poste' }))
    const form = screen.getByRole('region', { name: 'Nouveau type de poste' })
    fireEvent.change(within(form).getByLabelText('Code'), { target: { value: 'M' } })
    fireEvent.change(within(form).getByLabelText('Libellé'), { target: { value: 'Journée' } })
    fireEvent.change(within(form).getByLabelText('Début (HH:MM)'), { target: { value: '08:00' } })
    fireEvent.change(within(form).getByLabelText('Durée (HH:MM)'), { target: { value: '10:00' } })
    fireEvent.change(within(form).getByLabelText(/Qualifications requises/), { target: { value: 'IDE' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    expect(await within(form).findByText('Déjà utilisé dans ce GHT.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Code')).toHaveFocus()
    expect(api.callsTo('createShiftType')[0].variables.input).toEqual({
      code: 'M',
      label: 'Journée',
      startMinute: 480,
      durationMinutes: 600,
      isNight: false,
      qualifications: ['IDE'],
      activity: 'WORK',
      halfDays: null,
      breakMinutes: null,
    })
    fireEvent.change(within(form).getByLabelText('Code'), { target: { value: 'J' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    expect(await screen.findByText('Type de poste J — Journée enregistré.')).toBeInTheDocument()
    expect(screen.getByRole('rowheader', { name: 'J' })).toBeInTheDocument()
  })

  it('modifie un poste sans changer son code ; lecture seule hors administrateur', async () => {
    const api = await renderPage({ updateShiftType: { data: { updateShiftType: { ...M, label: 'Matin long' } } } })
    fireEvent.click(await screen.findByRole('button', { name: 'Modifier le poste M' }))
    const form = screen.getByRole('region', { name: 'Modifier le poste M' })
    expect(within(form).getByLabelText('Code')).toHaveAttribute('readonly')
    expect(within(form).getByLabelText('Début (HH:MM)')).toHaveValue('06h45')
    fireEvent.change(within(form).getByLabelText('Libellé'), { target: { value: 'Matin long' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    expect(await screen.findByRole('cell', { name: 'Matin long' })).toBeInTheDocument()
    expect(api.callsTo('updateShiftType')[0].variables).toMatchObject({ id: 'm', input: { code: 'M', startMinute: 405 } })
  })

  it('garde l’activité, les demi-journées et la pause d’une garde quand on modifie son libellé', async () => {
    const G = { id: 'g', code: 'G', label: 'Garde', startMinute: 1110, durationMinutes: 840, isNight: true, qualifications: ['PH'], activity: 'GARDE', halfDays: 2, breakMinutes: 0 }
    const api = await renderPage({
      shiftTypes: { data: { shiftTypes: [M, G] } },
      updateShiftType: { data: { updateShiftType: { ...G, label: 'Garde de sénior' } } },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Modifier le poste G' }))
    const form = screen.getByRole('region', { name: 'Modifier le poste G' })
    fireEvent.change(within(form).getByLabelText('Libellé'), { target: { value: 'Garde de sénior' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    await waitFor(() => expect(api.callsTo('updateShiftType')).toHaveLength(1))
    expect(api.callsTo('updateShiftType')[0].variables).toMatchObject({
      id: 'g',
      input: { label: 'Garde de sénior', activity: 'GARDE', halfDays: 2, breakMinutes: 0 },
    })
  })

  it('contrôle les demi-journées et la pause avant l’envoi, en nommant le champ', () => {
    expect(shiftInput({ ...BLANK, halfDays: '5', breakMinutes: '450' }).errors).toEqual({
      halfDays: 'Demi-journées : un nombre entier de 0 à 4, ou vide pour les déduire des horaires.',
      breakMinutes: 'Pause : un nombre entier de minutes, inférieur à la durée du poste, ou vide pour le minimum légal.',
    })
    expect(shiftInput({ ...BLANK, halfDays: 'deux', breakMinutes: '-5' }).input).toBeNull()
    expect(shiftInput({ ...BLANK, activity: 'ASTREINTE', halfDays: '0', breakMinutes: '20' }).input).toMatchObject({
      activity: 'ASTREINTE',
      halfDays: 0,
      breakMinutes: 20,
    })
    expect(shiftInput(BLANK).input).toMatchObject({ activity: 'WORK', halfDays: null, breakMinutes: null })
  })

  it('crée une demi-journée de bloc : activité, demi-journées et pause envoyées ; l’erreur du serveur va au bon champ', async () => {
    const AM = { id: 'am', code: 'AM', label: 'Bloc matin', startMinute: 480, durationMinutes: 270, isNight: false, qualifications: ['CHIR'], activity: 'WORK', halfDays: 1, breakMinutes: 0 }
    const api = await renderPage({
      createShiftType: [
        { data: null, errors: [{ message: 'halfDays : entre 0 et 4 demi-journées', extensions: { code: 'BAD_USER_INPUT', field: 'halfDays' } }] },
        { data: { createShiftType: AM } },
      ],
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Nouveau type de poste' }))
    const form = screen.getByRole('region', { name: 'Nouveau type de poste' })
    fireEvent.change(within(form).getByLabelText('Code'), { target: { value: 'AM' } })
    fireEvent.change(within(form).getByLabelText('Libellé'), { target: { value: 'Bloc matin' } })
    fireEvent.change(within(form).getByLabelText('Début (HH:MM)'), { target: { value: '08:00' } })
    fireEvent.change(within(form).getByLabelText('Durée (HH:MM)'), { target: { value: '04:30' } })
    fireEvent.change(within(form).getByLabelText(/Activité/), { target: { value: 'GARDE' } })
    fireEvent.change(within(form).getByLabelText(/Demi-journées/), { target: { value: '1' } })
    fireEvent.change(within(form).getByLabelText(/Pause/), { target: { value: '0' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    expect(await within(form).findByText('Entre 0 et 4 demi-journées.')).toBeInTheDocument()
    expect(within(form).getByLabelText(/Demi-journées/)).toHaveFocus()
    expect(within(form).getByLabelText(/Demi-journées/)).toHaveAttribute('aria-invalid', 'true')
    expect(api.callsTo('createShiftType')[0].variables.input).toMatchObject({ code: 'AM', activity: 'GARDE', halfDays: 1, breakMinutes: 0 })
    fireEvent.change(within(form).getByLabelText(/Activité/), { target: { value: 'WORK' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    expect(await screen.findByText('Type de poste AM — Bloc matin enregistré.')).toBeInTheDocument()
    expect(api.callsTo('createShiftType')[1].variables.input).toMatchObject({ activity: 'WORK', halfDays: 1, breakMinutes: 0 })
    const row = screen.getByRole('rowheader', { name: 'AM' }).closest('tr') as HTMLElement
    expect(within(row).getByRole('cell', { name: 'Travail' })).toBeInTheDocument()
    expect(within(row).getByRole('cell', { name: '0 min' })).toBeInTheDocument()
  })

  it('modifie l’activité et efface les demi-journées d’un poste existant', async () => {
    const G = { id: 'g', code: 'G', label: 'Garde', startMinute: 1110, durationMinutes: 840, isNight: true, qualifications: ['PH'], activity: 'GARDE', halfDays: 2, breakMinutes: 0 }
    const api = await renderPage({
      shiftTypes: { data: { shiftTypes: [G] } },
      updateShiftType: { data: { updateShiftType: { ...G, activity: 'ASTREINTE', halfDays: null } } },
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Modifier le poste G' }))
    const form = screen.getByRole('region', { name: 'Modifier le poste G' })
    expect(within(form).getByLabelText(/Activité/)).toHaveValue('GARDE')
    expect(within(form).getByLabelText(/Demi-journées/)).toHaveValue('2')
    expect(within(form).getByLabelText(/Pause/)).toHaveValue('0')
    fireEvent.change(within(form).getByLabelText(/Activité/), { target: { value: 'ASTREINTE' } })
    fireEvent.change(within(form).getByLabelText(/Demi-journées/), { target: { value: '' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer' }))
    await waitFor(() => expect(api.callsTo('updateShiftType')).toHaveLength(1))
    expect(api.callsTo('updateShiftType')[0].variables.input).toMatchObject({ activity: 'ASTREINTE', halfDays: null, breakMinutes: 0 })
    const row = (await screen.findByRole('cell', { name: 'Astreinte' })).closest('tr') as HTMLElement
    expect(within(row).getByRole('cell', { name: 'selon horaires' })).toBeInTheDocument()
  })

  it('n’offre pas la modification aux autres rôles', async () => {
    await renderPage({}, false)
    await screen.findByRole('rowheader', { name: 'M' })
    expect(screen.queryByRole('button', { name: /Modifier/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Nouveau type de poste' })).not.toBeInTheDocument()
  })
})
