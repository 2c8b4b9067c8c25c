import { fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { SHIFTS } from '../planning/fixtures.ts'
import { monthLabel, today } from '../planning/calendar.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { MyCounters } from './MyCounters.tsx'
import { computeCounters, hoursText, monthBounds } from './counters.ts'

const DECEMBER = monthBounds('2026-12-15')
// Dec. 2026: 1 (Tue) M, 2 (Wed) N, 5 (Sat) M, 6 (Sun) M, 12 (Sat) N, 25 (Fri, Christmas) M; one in January.
const SHIFTS_DEC = [
  { staffId: 'p1', date: '2026-12-01', shiftTypeId: 'm' },
  { staffId: 'p1', date: '2026-12-02', shiftTypeId: 'n' },
  { staffId: 'p1', date: '2026-12-05', shiftTypeId: 'm' },
  { staffId: 'p1', date: '2026-12-06', shiftTypeId: 'm' },
  { staffId: 'p1', date: '2026-12-12', shiftTypeId: 'n' },
  { staffId: 'p1', date: '2026-12-25', shiftTypeId: 'm' },
  { staffId: 'p1', date: '2027-01-02', shiftTypeId: 'm' },
]

describe('computeCounters', () => {
  it('compte heures, nuits, week-ends et dimanches-fériés du mois, et les heures dues à la quotité', () => {
    expect(DECEMBER).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(monthBounds('2027-02-10')).toEqual({ from: '2027-02-01', to: '2027-02-28' })
    const c = computeCounters(SHIFTS_DEC, SHIFTS, DECEMBER, 80, 2100)
    // 4 × 7h30 + 2 × 10h.
    expect(c.plannedMinutes).toBe(4 * 450 + 2 * 600)
    expect(c.nights).toBe(2)
    // The weekend of the 5th–6th and the Saturday 12th.
    expect(c.weekends).toBe(2)
    // Sunday 6th and Christmas.
    expect(c.sundaysAndHolidays).toBe(2)
    // 23 weekdays in December 2026, minus Christmas.
    expect(c.workingDays).toBe(22)
    expect(c.dueMinutes).toBe(Math.round(420 * 22 * 0.8))
    expect(computeCounters([], SHIFTS, DECEMBER, null, 2100).dueMinutes).toBeNull()
    expect(hoursText(-75, true)).toBe('−1 h 15')
    expect(hoursText(75, true)).toBe('+1 h 15')
  })
})

describe('MyCounters', () => {
  const blobs: Blob[] = []
  beforeEach(() => {
    sessionStorage.clear()
    blobs.length = 0
    vi.stubGlobal(
      'URL',
      Object.assign(URL, {
        createObjectURL: vi.fn((blob: Blob) => {
          blobs.push(blob)
          return 'blob:ics'
        }),
        revokeObjectURL: vi.fn(),
      }),
    )
  })
  afterEach(() => vi.unstubAllGlobals())

  async function renderCounters(handlers: Record<string, FakeHandler | FakeHandler[]>, staffIdHint: string | null = null) {
    const api = installFakeApi({
      login: AUTH('t', 'r', 'staff'),
      me: ME('staff'),
      ruleParameterCatalogue: { data: { ruleParameterCatalogue: [{ key: 'weekly_reference_minutes', defaultValue: '2100' }] } },
      staffMember: { data: { staffMember: { id: 'p1', quotite: 100 } } },
      ...handlers,
    })
    const manager = new SessionManager()
    await manager.login('agent@beta.demo', 'releve-demo')
    render(
      <SessionProvider manager={manager}>
        <MyCounters shiftTypes={SHIFTS} staffIdHint={staffIdHint} />
      </SessionProvider>,
    )
    return api
  }

  it('affiche les compteurs du mois, passe au mois suivant et télécharge le planning en iCalendar', async () => {
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const shift = { staffId: 'p1', date: `${today().slice(0, 7)}-01`, shiftTypeId: 'n' }
    const api = await renderCounters({
      myShifts: [{ data: { myShifts: [shift] } }, { data: { myShifts: [] } }],
      staffCalendar: { data: { staffCalendar: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' } },
    })
    const region = screen.getByRole('region', { name: 'Mes compteurs' })
    expect(await within(region).findByText('10 h 00')).toHaveAttribute('data-counter', 'planned')
    expect(region.querySelector('[data-counter="nights"]')).toHaveTextContent('1')
    expect(region).toHaveTextContent(monthLabel(today()))
    expect(region).toHaveTextContent(/Dû : 35 h 00 par semaine à 100 %/)
    expect(api.callsTo('staffMember')[0].variables).toEqual({ id: 'p1' })

    fireEvent.click(within(region).getByRole('button', { name: 'Télécharger mon planning (iCalendar)' }))
    expect(await within(region).findByRole('status')).toHaveTextContent('Fichier mon-planning.ics téléchargé : 1 poste publié sur un an.')
    expect(clicked).toHaveBeenCalled()
    expect(blobs[0].type).toBe('text/calendar;charset=utf-8')
    const calendar = api.callsTo('staffCalendar')[0].variables
    expect(calendar).toMatchObject({ staffId: 'p1', from: `${today().slice(0, 7)}-01` })

    fireEvent.click(within(region).getByRole('button', { name: 'Mois suivant' }))
    expect(await within(region).findByText('0 h 00')).toHaveAttribute('data-counter', 'planned')
    const next = api.callsTo('myShifts')[1].variables
    expect(String(next.from) > String(shift.date)).toBe(true)
    expect(String(next.from).endsWith('-01')).toBe(true)
  })

  it('sans poste ni souhait, les heures dues sont inconnues et le téléchargement attend', async () => {
    const api = await renderCounters({ myShifts: { data: { myShifts: [] } } })
    const region = screen.getByRole('region', { name: 'Mes compteurs' })
    expect(await within(region).findByText('inconnues')).toBeInTheDocument()
    expect(within(region).getByRole('button', { name: 'Télécharger mon planning (iCalendar)' })).toBeDisabled()
    expect(api.callsTo('staffMember')).toHaveLength(0)
  })

  it('affiche en français une erreur de l’API', async () => {
    await renderCounters({ myShifts: gqlError('erreur interne, veuillez réessayer', 'INTERNAL') }, 'p1')
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Erreur interne du serveur : réessayez, puis signalez-la si elle persiste.',
    )
    expect(screen.queryByText('Calcul de vos compteurs…')).not.toBeInTheDocument()
  })
})
