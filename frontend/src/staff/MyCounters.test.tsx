import { fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { monthLabel, today } from '../planning/calendar.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeCall, type FakeHandler } from '../test/fakeApi.ts'
import { MyCounters } from './MyCounters.tsx'
import { hoursText, monthBounds } from './counters.ts'
import type { StaffCounters } from './myPlanningApi.ts'

/** Réponse du serveur pour le mois demandé : ses compteurs, ou des zéros pour un autre. */
function countersOf(month: string, filled: Partial<StaffCounters>) {
  return (call: FakeCall) => {
    const from = String(call.variables.from)
    const base: StaffCounters = {
      staffId: String(call.variables.staffId),
      from,
      to: String(call.variables.to),
      quotite: 80,
      weeklyReferenceMinutes: 2250,
      plannedMinutes: 0,
      dueMinutes: 0,
      workingDays: 20,
      absenceDays: 0,
      shifts: 0,
      nights: 0,
      weekends: 0,
      sundaysAndHolidays: 0,
      holidays: 0,
      workedMinutes: null,
      overtimeMinutes: 0,
      leaveDaysTaken: 0,
      cetDaysBalance: null,
    }
    return { data: { staffCounters: from === month ? { ...base, ...filled } : base } }
  }
}

describe('counters', () => {
  it('borne le mois et écrit les durées', () => {
    expect(monthBounds('2026-12-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(monthBounds('2027-02-10')).toEqual({ from: '2027-02-01', to: '2027-02-28' })
    expect(hoursText(-75, true)).toBe('−1 h 15')
    expect(hoursText(75, true)).toBe('+1 h 15')
    expect(hoursText(9060)).toBe('151 h 00')
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

  async function renderCounters(handlers: Record<string, FakeHandler | FakeHandler[]>, staffId: string | null = 'p1') {
    const api = installFakeApi({ login: AUTH('t', 'r', 'staff'), me: ME('staff', undefined, staffId), ...handlers })
    const manager = new SessionManager()
    await manager.login('agent@beta.demo', 'releve-demo')
    render(
      <SessionProvider manager={manager}>
        <MyCounters staffId={staffId} />
      </SessionProvider>,
    )
    return api
  }

  it('affiche les compteurs calculés par le serveur, passe au mois suivant et télécharge le planning', async () => {
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const month = monthBounds(today())
    const api = await renderCounters({
      staffCounters: countersOf(month.from, {
        plannedMinutes: 600 + 450,
        // 18 days owing 450 min at 80 %.
        dueMinutes: 6480,
        absenceDays: 2,
        shifts: 2,
        nights: 1,
        weekends: 1,
        sundaysAndHolidays: 1,
        workedMinutes: 1110,
        overtimeMinutes: 60,
        leaveDaysTaken: 2,
        cetDaysBalance: 12,
      }),
      staffCalendar: { data: { staffCalendar: 'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' } },
    })
    const region = screen.getByRole('region', { name: 'Mes compteurs' })
    expect(await within(region).findByText('17 h 30')).toHaveAttribute('data-counter', 'planned')
    expect(region.querySelector('[data-counter="due"]')).toHaveTextContent('108 h 00')
    expect(region.querySelector('[data-counter="gap"]')).toHaveTextContent('−90 h 30')
    expect(region.querySelector('[data-counter="nights"]')).toHaveTextContent('1')
    expect(region.querySelector('[data-counter="absences"]')).toHaveTextContent('2')
    // Entered by HR or the cadre: worked time, overtime, leave and the CET balance.
    expect(region.querySelector('[data-counter="worked"]')).toHaveTextContent('18 h 30')
    expect(region.querySelector('[data-counter="overtime"]')).toHaveTextContent('1 h 00')
    expect(region.querySelector('[data-counter="leave"]')).toHaveTextContent('2 jours')
    expect(region.querySelector('[data-counter="cet"]')).toHaveTextContent('12 jours')
    expect(region).toHaveTextContent(monthLabel(today()))
    expect(region).toHaveTextContent(/Dû : 37 h 30 par semaine \(paramètre en vigueur dans votre unité\) à 80 %, sur 18 jours ouvrés/)
    expect(region).toHaveTextContent('2 jours déduits')
    expect(api.callsTo('staffCounters')[0].variables).toEqual({ staffId: 'p1', ...month })

    fireEvent.click(within(region).getByRole('button', { name: 'Télécharger mon planning (iCalendar)' }))
    expect(await within(region).findByRole('status')).toHaveTextContent('Fichier mon-planning.ics téléchargé : 1 poste publié sur un an.')
    expect(clicked).toHaveBeenCalled()
    expect(blobs[0].type).toBe('text/calendar;charset=utf-8')
    expect(api.callsTo('staffCalendar')[0].variables).toMatchObject({ staffId: 'p1', from: month.from })

    fireEvent.click(within(region).getByRole('button', { name: 'Mois suivant' }))
    expect(await within(region).findByText('0 h 00', { selector: '[data-counter="planned"]' })).toBeInTheDocument()
    expect(region.querySelector('[data-counter="worked"]')).toHaveTextContent('non saisies')
    expect(region.querySelector('[data-counter="cet"]')).toHaveTextContent('non renseigné')
    const next = api.callsTo('staffCounters')[1].variables
    expect(String(next.from) > month.to).toBe(true)
    expect(String(next.from).endsWith('-01')).toBe(true)
  })

  it('sans fiche d’agent liée au compte, rien n’est demandé et le téléchargement attend', async () => {
    const api = await renderCounters({}, null)
    const region = screen.getByRole('region', { name: 'Mes compteurs' })
    expect(within(region).getByText(/Votre compte n’est lié à aucune fiche d’agent/)).toBeInTheDocument()
    expect(within(region).getByRole('button', { name: 'Télécharger mon planning (iCalendar)' })).toBeDisabled()
    expect(api.callsTo('staffCounters')).toHaveLength(0)
  })

  it('affiche en français une erreur de l’API', async () => {
    await renderCounters({ staffCounters: gqlError('erreur interne, veuillez réessayer', 'INTERNAL') })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Erreur interne du serveur : réessayez, puis signalez-la si elle persiste.',
    )
    expect(screen.queryByText('Calcul de vos compteurs…')).not.toBeInTheDocument()
  })
})
