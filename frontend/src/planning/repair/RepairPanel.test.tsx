import { fireEvent, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { STAFF } from '../fixtures.ts'
import { RepairPanel } from './RepairPanel.tsx'
import { renderLoggedIn } from './testSession.tsx'

vi.mock('../jobSubscription.ts', () => ({
  subscribeJobProgress: (jobId: string, _token: string, handlers: { onProgress: (p: unknown) => void }) => {
    handlers.onProgress({ jobId, state: 'RUNNING', elapsed: 0.5, objective: 120, bound: 80 })
    return () => {}
  },
}))

const ALTERNATIVES = [
  {
    rank: 1,
    hard_violations: 0,
    changed_assignments: 2,
    people_affected: ['a', 'b'],
    soft_cost: 40,
    objective: 1040,
    overtime_minutes_added: 0,
    needs_reason_code: true,
    sources: { home: 1, pool: 1, volunteer: 0, other_site: 0, overtime_people: 0 },
    changes: [
      { staff: 'a', day: 1, date: '2026-12-02', removed: 'M', added: null, needs_reason_code: true, source: null, overtime: false },
      { staff: 'b', day: 1, date: '2026-12-02', removed: null, added: 'M', needs_reason_code: true, source: 'pool', overtime: false },
    ],
  },
  {
    rank: 2,
    hard_violations: 0,
    changed_assignments: 2,
    people_affected: ['a', 'c'],
    soft_cost: 95,
    objective: 1095,
    overtime_minutes_added: 450,
    needs_reason_code: false,
    sources: { home: 0, pool: 0, volunteer: 0, other_site: 0, overtime_people: 1 },
    changes: [{ staff: 'c', day: 1, date: '2026-12-02', removed: null, added: 'M', needs_reason_code: false, source: 'home', overtime: true }],
  },
]

const repair = (state: string) => ({
  data: {
    rosterRepair: {
      rosterId: 'r1',
      importedVersion: state === 'SUCCEEDED' ? 5 : null,
      preferenceOrder: 'unité, pool, volontaires, autre site, heures supplémentaires',
      alternatives: state === 'SUCCEEDED' ? ALTERNATIVES : [],
      job: { id: 'j1', state, error: null, summary: state === 'SUCCEEDED' ? { objective: 1040, lowerBound: 1000, seconds: 2.1 } : null },
    },
  },
})

beforeEach(() => sessionStorage.clear())

describe('RepairPanel', () => {
  it('demande la durée, suit le calcul puis montre les alternatives côte à côte et ouvre la proposition', async () => {
    const open = vi.fn()
    const api = await renderLoggedIn(<RepairPanel rosterId="r1" published staff={STAFF} onOpenProposal={open} />, {
      requestRosterRepair: { data: { requestRosterRepair: { id: 'j1', state: 'QUEUED' } } },
      rosterRepair: [repair('RUNNING'), repair('SUCCEEDED')],
      adoptRosterRepair: { data: { adoptRosterRepair: { currentVersion: 6 } } },
    })
    fireEvent.change(screen.getByLabelText('Durée de calcul (secondes)'), { target: { value: '0' } })
    fireEvent.click(screen.getByRole('button', { name: 'Réparer' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('entre 1 et 300')
    expect(api.callsTo('requestRosterRepair')).toHaveLength(0)

    fireEvent.change(screen.getByLabelText('Durée de calcul (secondes)'), { target: { value: '5' } })
    fireEvent.click(screen.getByRole('button', { name: 'Réparer' }))
    expect(await screen.findByText(/Réparation terminée : 2 alternatives, la meilleure est la version 5/, {}, { timeout: 4000 })).toBeInTheDocument()
    expect(api.callsTo('requestRosterRepair')[0].variables).toEqual({ rosterId: 'r1', timeLimit: 5 })
    expect(screen.getByRole('img').getAttribute('aria-label')).toMatch(/Progression du calcul/)

    const best = screen.getByRole('article', { name: 'Alternative 1' })
    expect(best).toHaveTextContent('2 affectations changées')
    expect(best).toHaveTextContent('coût : 40')
    expect(best).toHaveTextContent('motif exigé : changement à moins de 48 h')
    expect(best).toHaveTextContent('renforts : 1 agent de l’unité, 1 pool de suppléance')
    expect(within(best).getByText('DURAND Bruno', { exact: false })).toBeInTheDocument()
    expect(best).toHaveTextContent(/repos → M \(pool de suppléance\), motif exigé \(< 48 h\)/)
    const second = screen.getByRole('article', { name: 'Alternative 2' })
    expect(second).toHaveTextContent('heures supplémentaires ajoutées : 7.5 h')
    expect(second).toHaveTextContent('en heures supplémentaires')

    fireEvent.click(within(best).getByRole('button', { name: /Ouvrir la proposition \(version 5\)/ }))
    expect(open).toHaveBeenCalledWith(5)
    expect(within(best).queryByRole('button', { name: /Proposer l’alternative/ })).toBeNull()

    // The second alternative instead: it becomes the proposed version 6, opened in the comparison.
    fireEvent.click(within(second).getByRole('button', { name: 'Proposer l’alternative 2 à la place de la meilleure' }))
    await vi.waitFor(() => expect(open).toHaveBeenCalledWith(6))
    expect(api.callsTo('adoptRosterRepair')[0].variables).toEqual({ jobId: 'j1', alternative: 2 })
  })

  it('n’est pas proposé sur un planning non publié et affiche le refus du serveur en français', async () => {
    await renderLoggedIn(<RepairPanel rosterId="r1" published={false} staff={STAFF} onOpenProposal={() => {}} />, {})
    expect(screen.getByRole('button', { name: 'Réparer' })).toBeDisabled()
    expect(screen.getByText('Seul un planning publié peut être réparé.')).toBeInTheDocument()
  })

  it('affiche un conflit du serveur en français', async () => {
    await renderLoggedIn(<RepairPanel rosterId="r1" published staff={STAFF} onOpenProposal={() => {}} />, {
      requestRosterRepair: { data: null, errors: [{ message: 'seul un planning publié peut être réparé', extensions: { code: 'CONFLICT' } }] },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Réparer' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Seul un planning publié peut être réparé.')
  })
})
