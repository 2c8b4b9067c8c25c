import { fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, installFakeApi } from '../test/fakeApi.ts'
import { SHIFTS } from '../planning/fixtures.ts'
import { MyPlanningPage } from './MyPlanningPage.tsx'

beforeEach(() => {
  sessionStorage.clear()
})

async function renderPage(wishes: unknown[] = [], extra: Record<string, unknown> = {}) {
  const api = installFakeApi({
    ...extra,
    login: AUTH('jeton-agent', 'r1', 'staff'),
    me: ME('staff', undefined, 'a'),
    staffCounters: {
      data: {
        staffCounters: {
          staffId: 'a', from: '2026-12-01', to: '2026-12-31', quotite: 80, weeklyReferenceMinutes: 2100,
          plannedMinutes: 1050, dueMinutes: 6720, workingDays: 22, absenceDays: 2, shifts: 2, nights: 1,
          weekends: 0, sundaysAndHolidays: 0, holidays: 0,
        },
      },
    },
    shiftTypes: { data: { shiftTypes: SHIFTS } },
    myShifts: {
      data: {
        myShifts: [
          { staffId: 'a', date: '2026-12-02', shiftTypeId: 'n' },
          { staffId: 'a', date: '2026-12-01', shiftTypeId: 'm' },
        ],
      },
    },
    myDesiderata: [{ data: { myDesiderata: { nodes: [] } } }, { data: { myDesiderata: { nodes: wishes } } }],
    myNotifications: {
      data: {
        myNotifications: {
          nodes: [{ id: 'n1', version: 4, date: '2026-12-02', reasonCode: 'unplanned_absence', createdAt: '2026-11-30T08:00:00Z' }],
        },
      },
    },
    submitDesiderata: { data: { submitDesiderata: { id: 'w1', date: '2026-12-20', shiftTypeId: 'n', kind: 'OFF' } } },
  })
  const manager = new SessionManager()
  await manager.login('agent@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <MyPlanningPage />
    </SessionProvider>,
  )
  await screen.findByRole('region', { name: 'Mes postes publiés' })
  return api
}

describe('MyPlanningPage', () => {
  it('liste mes postes dans l’ordre des dates, avec horaires, et mes notifications', async () => {
    await renderPage()
    const items = within(screen.getByRole('region', { name: 'Mes postes publiés' })).getAllByRole('listitem')
    expect(items.map((li) => li.textContent)).toEqual([
      'Mmardi 1 décembre 2026Matin, 06h45 – 14h15Pourquoi moi ?',
      'Nmercredi 2 décembre 2026Nuit, 21h00 – 07h00Pourquoi moi ?',
    ])
    expect(screen.getByRole('region', { name: 'Mes notifications' })).toHaveTextContent(
      'Changement le mercredi 2 décembre 2026 (version 4) — motif : Absence imprévue',
    )
  })

  it('« Pourquoi moi ? » : combien de collègues pouvaient aussi tenir le poste, et les règles des autres, sans nom', async () => {
    const api = await renderPage([], {
      myShiftExplanations: [
        { data: null, errors: [{ message: 'votre compte n’est lié à aucune fiche d’agent', extensions: { code: 'FORBIDDEN' } }] },
        {
          data: {
            myShiftExplanations: [
              {
                date: '2026-12-02',
                shiftTypeId: 'n',
                othersPossible: 2,
                othersBlocked: 3,
                blockedBy: [
                  { rule: 'fixed_days_off', label: 'absence ou repos fixé ce jour-là', source: null, colleagues: 2 },
                  { rule: 'forbidden_successions', label: 'enchaînement de postes interdit (repos entre deux postes)', source: 'Décret 2002-9 art. 6', colleagues: 1 },
                ],
                text: 'Poste N : …',
              },
            ],
          },
        },
      ],
    })
    const night = within(screen.getByRole('region', { name: 'Mes postes publiés' })).getAllByRole('listitem')[1]
    const button = within(night).getByRole('button', { name: 'Pourquoi moi ? — Nuit du mercredi 2 décembre 2026' })
    fireEvent.click(button)
    expect(await within(night).findByRole('alert')).toHaveTextContent('Votre compte n’est lié à aucune fiche d’agent.')
    fireEvent.click(within(night).getByRole('button', { name: /Pourquoi moi/ }))
    const answer = await within(night).findByRole('group', { name: 'Pourquoi moi ? — Nuit du mercredi 2 décembre 2026' })
    expect(answer).toHaveTextContent('2 autres agents pouvaient aussi le tenir')
    expect(answer).toHaveTextContent('3 collègues ne le pouvaient pas')
    expect(within(answer).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'absence ou repos fixé ce jour-là : 2 collègues',
      'enchaînement de postes interdit (repos entre deux postes) (Décret 2002-9 art. 6) : 1 collègue',
    ])
    expect(api.callsTo('myShiftExplanations').map((c) => c.variables)).toEqual([{ date: '2026-12-02' }, { date: '2026-12-02' }])
    expect(within(night).queryByRole('button', { name: /Pourquoi moi/ })).not.toBeInTheDocument()
  })

  it('saisit un souhait : date obligatoire, puis envoi et liste mise à jour', async () => {
    const api = await renderPage([{ id: 'w1', date: '2026-12-20', shiftTypeId: 'n', kind: 'OFF' }])
    const form = screen.getByRole('region', { name: 'Saisir un souhait' })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le souhait' }))
    expect(await within(form).findByText('Indiquez la date du souhait.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Date')).toHaveAttribute('aria-invalid', 'true')
    expect(api.callsTo('submitDesiderata')).toHaveLength(0)

    fireEvent.change(within(form).getByLabelText('Date'), { target: { value: '2026-12-20' } })
    fireEvent.change(within(form).getByLabelText('Poste'), { target: { value: 'n' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le souhait' }))
    expect(await within(form).findByRole('status')).toHaveTextContent('Souhait enregistré pour le dimanche 20 décembre 2026.')
    expect(api.callsTo('submitDesiderata')[0].variables).toEqual({ date: '2026-12-20', shiftTypeId: 'n', kind: 'OFF' })
    expect(
      await within(screen.getByRole('region', { name: 'Mes souhaits' })).findByText(
        'dimanche 20 décembre 2026 : ne pas travailler (Nuit)',
      ),
    ).toBeInTheDocument()
  })
})
