import { render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { MAQUETTE, STAFF } from '../planning/fixtures.ts'
import { AUTH, ME, installFakeApi } from '../test/fakeApi.ts'
import { OverviewPage, currentRoster } from './OverviewPage.tsx'
import { comingWeeks, heatLevel, summarise } from './overviewCoverage.ts'

const roster = (id: string, periodStart: string, periodEnd: string, state: 'DRAFT' | 'PUBLISHED' = 'DRAFT') => ({
  id,
  periodStart,
  periodEnd,
  state,
  currentVersion: 2,
  publishedVersion: state === 'PUBLISHED' ? 2 : null,
})

describe('couverture de la vue d’ensemble', () => {
  it('compte les besoins couverts et les postes manquants comme la ligne de couverture', () => {
    // Mardi 1er décembre 2026 : M · IDE demande 2 (a et b présents), N demande 1 (c présent).
    const full = summarise({
      days: ['2026-12-01'],
      assignments: [
        { staffId: 'a', date: '2026-12-01', shiftTypeId: 'm' },
        { staffId: 'b', date: '2026-12-01', shiftTypeId: 'm' },
        { staffId: 'c', date: '2026-12-01', shiftTypeId: 'n' },
      ],
      maquette: MAQUETTE,
      staff: STAFF,
      shiftOrder: ['m', 's', 'n'],
    })
    expect(full).toEqual({ slots: 2, covered: 2, missing: 0 })
    expect(heatLevel(full)).toBe(0)
    // Mardi et mercredi vides : 2 × (2 + 1) postes manquants.
    const empty = summarise({ days: ['2026-12-01', '2026-12-02'], assignments: [], maquette: MAQUETTE, staff: STAFF, shiftOrder: ['m', 'n'] })
    expect(empty).toEqual({ slots: 4, covered: 0, missing: 6 })
    expect(heatLevel(empty)).toBe(3)
    expect(heatLevel({ slots: 100, covered: 95, missing: 5 })).toBe(1)
    expect(heatLevel({ slots: 100, covered: 80, missing: 20 })).toBe(2)
  })

  it('part du lundi de la semaine courante', () => {
    expect(comingWeeks('2026-12-03', 3)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14'])
    expect(comingWeeks('2026-12-06', 1)).toEqual(['2026-11-30'])
  })

  it('choisit le planning qui couvre aujourd’hui, sinon le prochain', () => {
    const past = roster('p', '2026-11-01', '2026-11-30')
    const now = roster('c', '2026-12-01', '2026-12-31')
    const next = roster('n', '2027-01-01', '2027-01-31')
    expect(currentRoster([next, now, past], '2026-12-10')?.id).toBe('c')
    expect(currentRoster([next, past], '2026-12-10')?.id).toBe('n')
    expect(currentRoster([past], '2026-12-10')?.id).toBe('p')
    expect(currentRoster([], '2026-12-10')).toBeNull()
  })
})

describe('OverviewPage', () => {
  beforeEach(() => {
    sessionStorage.clear()
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-02T09:00:00') })
  })
  afterEach(() => vi.useRealTimers())

  it('montre établissements, état du planning, couverture et carte de chaleur', async () => {
    const api = installFakeApi({
      login: AUTH('t', 'r', 'ght_admin'),
      me: ME('ght_admin'),
      establishments: { data: { establishments: { nodes: [{ id: 'e1', finess: '690000002', name: 'Centre hospitalier Bêta' }] } } },
      units: {
        data: {
          units: {
            nodes: [
              { id: 'u1', code: 'MED', name: 'Médecine', establishmentId: 'e1' },
              { id: 'u2', code: 'CHIR', name: 'Chirurgie', establishmentId: 'e1' },
            ],
          },
        },
      },
      shiftTypes: { data: { shiftTypes: [{ id: 'm' }, { id: 's' }, { id: 'n' }] } },
      maquette: { data: { maquette: MAQUETTE } },
      staffMembers: { data: { staffMembers: { nodes: STAFF } } },
      rosters: (call: { variables: Record<string, unknown> }) => ({
        data: {
          rosters: {
            nodes: call.variables.unitId === 'u1' ? [roster('r1', '2026-12-01', '2026-12-31', 'PUBLISHED')] : [],
          },
        },
      }),
      poolUse: { data: { poolUse: [{ fromUnitId: 'u2', toUnitId: 'u1', crossSite: false, people: 1, poolMembers: 1, shifts: 3, minutes: 1350 }] } },
      roster: {
        data: {
          roster: {
            assignments: [
              { staffId: 'a', date: '2026-12-01', shiftTypeId: 'm' },
              { staffId: 'b', date: '2026-12-01', shiftTypeId: 'm' },
              { staffId: 'c', date: '2026-12-01', shiftTypeId: 'n' },
            ],
          },
        },
      },
    })
    const manager = new SessionManager()
    await manager.login('admin@beta.demo', 'releve-demo')
    render(
      <SessionProvider manager={manager}>
        <OverviewPage />
      </SessionProvider>,
    )
    const site = await screen.findByRole('region', { name: /Centre hospitalier Bêta/ })
    const med = await within(site).findByRole('row', { name: /MED — Médecine Publié \(version 2\)/ })
    expect(med).toHaveTextContent(/% des besoins minimum couverts, \d+ postes manquants/)
    expect(within(site).getByRole('row', { name: /CHIR — Chirurgie Aucun planning/ })).toBeInTheDocument()

    const heat = screen.getByRole('table', { name: 'Postes manquants par unité et par semaine' })
    expect(within(heat).getAllByRole('columnheader')).toHaveLength(9)
    const medRow = within(heat).getByRole('row', { name: /^MED/ })
    // Semaine du 30 novembre (planning à partir du 1er) : le 1er couvert (M et N), les 2, 3 et 4
    // vides (3 postes chacun), samedi 5 et dimanche 6 vides (1 poste chacun).
    const first = medRow.querySelector('[data-week="2026-11-30"]')
    expect(first).toHaveTextContent('11 postes manquants')
    expect(first).toHaveAttribute('data-level', '3')
    const chirRow = within(heat).getByRole('row', { name: /^CHIR/ })
    expect(chirRow.querySelector('[data-week="2026-11-30"]')).toHaveTextContent('pas de planning')
    // Renforts : calculés par le serveur, du 1er du mois à la fin de la carte.
    const pool = screen.getByRole('region', { name: 'Renforts entre unités et sites' })
    expect(await within(pool).findByTestId('pool-summary')).toHaveTextContent('3 postes tenus hors de l’unité d’affectation, 22.5 h au total')
    expect(api.callsTo('poolUse')[0].variables).toEqual({ from: '2026-12-01', to: '2027-01-24' })
  })
})
