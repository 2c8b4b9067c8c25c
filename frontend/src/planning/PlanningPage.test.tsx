import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { SessionProvider } from '../auth/SessionContext.tsx'
import { SessionManager } from '../auth/session.ts'
import { AUTH, ME, gqlError, installFakeApi, type FakeHandler } from '../test/fakeApi.ts'
import { gridOf } from '../test/rosterGrid.ts'
import { ASSIGNMENTS, MAQUETTE, MEDICAL_SHIFTS, REQUIREMENTS, SESSIONS, SHIFTS, STAFF, TEAM_ASSIGNMENTS, VIOLATIONS } from './fixtures.ts'
import { PlanningPage } from './PlanningPage.tsx'
import type { RosterState } from './planningApi.ts'

const ROSTER = {
  id: 'r1',
  periodStart: '2026-12-01',
  periodEnd: '2026-12-07',
  currentVersion: 2,
  publishedVersion: null,
}

const rosterView = (state: RosterState, violations = VIOLATIONS) => ({
  data: {
    roster: {
      version: 2,
      hardViolations: violations.filter((v) => v.hard).length,
      blockingViolations: violations.filter((v) => v.hard && !v.override).length,
      grid: gridOf(ASSIGNMENTS, ROSTER.periodStart, ROSTER.periodEnd),
      violations,
      roster: { ...ROSTER, state, versions: [] },
    },
  },
})

beforeEach(() => {
  sessionStorage.clear()
})

async function renderPage(handlers: Record<string, FakeHandler | FakeHandler[]>) {
  const api = installFakeApi({
    login: AUTH('jeton-cadre', 'r1', 'unit_manager'),
    me: ME('unit_manager'),
    units: {
      data: {
        units: {
          nodes: [
            { id: 'u-chir', code: 'CHIR', name: 'Chirurgie' },
            { id: 'u-med', code: 'MED', name: 'Médecine' },
          ],
        },
      },
    },
    shiftTypes: { data: { shiftTypes: SHIFTS } },
    // CHIR est hors du périmètre du cadre : l'écran passe à MED.
    staffMembers: (call: { variables: Record<string, unknown> }) =>
      call.variables.unitId === 'u-chir'
        ? gqlError("l'unité CHIR est hors de votre périmètre", 'FORBIDDEN')
        : { data: { staffMembers: { nodes: STAFF } } },
    maquette: { data: { maquette: MAQUETTE } },
    rosters: { data: { rosters: { nodes: [{ ...ROSTER, state: 'DRAFT' }] } } },
    absences: { data: { absences: { nodes: [] } } },
    desiderata: {
      data: {
        desiderata: {
          nodes: [{ id: 'w1', staffId: 'd', date: '2026-12-03', shiftTypeId: null, kind: 'OFF' }],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
    },
    theatreProgramme: { data: { theatreProgramme: [] } },
    jointRequirements: { data: { jointRequirements: [] } },
    ...handlers,
  })
  const manager = new SessionManager()
  await manager.login('cadre@beta.demo', 'releve-demo')
  render(
    <SessionProvider manager={manager}>
      <PlanningPage />
    </SessionProvider>,
  )
  await screen.findByRole('grid')
  return api
}

describe('PlanningPage', () => {
  it('lit le programme du bloc de la période et résume l’état des équipes sous la grille', async () => {
    const api = await renderPage({
      shiftTypes: { data: { shiftTypes: [...SHIFTS, ...MEDICAL_SHIFTS] } },
      roster: {
        data: {
          roster: { ...rosterView('DRAFT', []).data.roster, grid: gridOf([...ASSIGNMENTS, ...TEAM_ASSIGNMENTS], ROSTER.periodStart, ROSTER.periodEnd) },
        },
      },
      theatreProgramme: { data: { theatreProgramme: SESSIONS } },
      jointRequirements: { data: { jointRequirements: REQUIREMENTS } },
    })
    expect(await screen.findByText('Bloc opératoire : 2 séances au programme sur la période, 1 équipe complète, 1 équipe incomplète.')).toBeInTheDocument()
    expect(api.callsTo('theatreProgramme')[0].variables).toEqual({ unitId: 'u-med', from: ROSTER.periodStart, to: ROSTER.periodEnd })
    expect(api.callsTo('jointRequirements')[0].variables).toEqual({ unitId: 'u-med' })
    expect(screen.getByRole('row', { name: /^Bloc — Salle 2/ }).querySelector('[data-session]')).toHaveAttribute('data-session', 'incomplete')
    expect(screen.getByRole('list', { name: 'Légende des codes' })).toHaveTextContent('garde (icône losange, fond hachuré)')
    expect(screen.getByRole('list', { name: 'Légende des codes' })).toHaveTextContent('équipe incomplète')
  })

  it('modifie une séance du bloc depuis la grille, puis la supprime ; le programme est relu', async () => {
    const changed = { ...SESSIONS[1], teamShiftTypeIds: ['sc', 'sa'], weight: 800 }
    const api = await renderPage({
      shiftTypes: { data: { shiftTypes: [...SHIFTS, ...MEDICAL_SHIFTS] } },
      roster: {
        data: {
          roster: { ...rosterView('DRAFT', []).data.roster, grid: gridOf([...ASSIGNMENTS, ...TEAM_ASSIGNMENTS], ROSTER.periodStart, ROSTER.periodEnd) },
        },
      },
      theatreProgramme: [
        { data: { theatreProgramme: SESSIONS } },
        { data: { theatreProgramme: [SESSIONS[0], changed] } },
        { data: { theatreProgramme: [SESSIONS[0]] } },
      ],
      jointRequirements: { data: { jointRequirements: REQUIREMENTS } },
      setTheatreSession: [
        { data: null, errors: [{ message: 'weight : au plus 100 000', extensions: { code: 'BAD_USER_INPUT', field: 'weight' } }] },
        { data: { setTheatreSession: changed } },
      ],
      deleteTheatreSession: { data: { deleteTheatreSession: true } },
    })
    await screen.findByText(/^Bloc opératoire : 2 séances/)
    const salle2 = document.querySelector('[data-cell="bloc:Salle 2|2026-12-01"]') as HTMLElement
    salle2.focus()
    fireEvent.keyDown(salle2, { key: 'Enter' })
    const form = screen.getByRole('region', { name: 'Modifier la séance Salle 2 du mardi 1 décembre 2026' })
    expect(within(form).getByRole('heading', { level: 2 })).toHaveFocus()
    expect(within(form).getByLabelText('Salle')).toHaveAttribute('readonly')
    expect(within(form).getByLabelText(/IBODE/)).toBeChecked()
    fireEvent.click(within(form).getByLabelText(/J10-IADE/))
    fireEvent.click(within(form).getByLabelText(/J10-IBODE/))
    fireEvent.change(within(form).getByLabelText(/Poids/), { target: { value: '800' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la séance' }))
    expect(await within(form).findByText('Au plus 100 000.')).toBeInTheDocument()
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer la séance' }))
    expect(await screen.findByText('Séance Salle 2 du mardi 1 décembre 2026 enregistrée.')).toBeInTheDocument()
    expect(api.callsTo('setTheatreSession')[1].variables).toEqual({
      unitId: 'u-med',
      room: 'Salle 2',
      date: '2026-12-01',
      teamShiftTypeIds: ['sc', 'sa'],
      weight: 800,
    })
    // Relu : la salle 2 n'a plus que deux postes, tenus tous les deux.
    await waitFor(() => expect(api.callsTo('theatreProgramme')).toHaveLength(2))
    await waitFor(() =>
      expect(document.querySelector('[data-cell="bloc:Salle 2|2026-12-01"]')).toHaveAttribute('data-session', 'incomplete'),
    )
    expect(screen.queryByRole('region', { name: /Modifier la séance/ })).not.toBeInTheDocument()

    const again = document.querySelector('[data-cell="bloc:Salle 2|2026-12-01"]') as HTMLElement
    fireEvent.doubleClick(again)
    fireEvent.click(within(screen.getByRole('region', { name: /Modifier la séance Salle 2/ })).getByRole('button', { name: 'Supprimer la séance' }))
    expect(await screen.findByText('Séance Salle 2 du mardi 1 décembre 2026 supprimée.')).toBeInTheDocument()
    expect(api.callsTo('deleteTheatreSession')[0].variables).toEqual({ id: 's2' })
    await waitFor(() => expect(screen.queryByRole('row', { name: /^Bloc — Salle 2/ })).not.toBeInTheDocument())
  })

  it('un clic sur une cellule montre son détail ; « Pourquoi cette personne ? » interroge le moteur pour elle', async () => {
    const api = await renderPage({
      roster: rosterView('DRAFT'),
      cellExplanation: {
        data: {
          cellExplanation: {
            version: 2,
            assignments: [{ staff: 'c', day: 1, shift: 'M', text: '…', alternatives: [{ staff: 'a', blocked: false, cost: 5, reasons: [], text: '…' }] }],
          },
        },
      },
    })
    fireEvent.click(document.querySelector('[data-cell="c|2026-12-02"]') as HTMLElement)
    const detail = screen.getByRole('region', { name: 'PETIT Chloé, mercredi 2 décembre 2026' })
    expect(detail).toHaveTextContent('Règle impérative : poste M le jour 1 (2026-12-02) après un poste N la veille : enchaînement interdit')
    fireEvent.click(within(detail).getByRole('button', { name: 'Pourquoi cette personne ?' }))
    expect(await within(detail).findByText('MARTIN Alice — écart de coût +5')).toBeInTheDocument()
    expect(api.callsTo('cellExplanation')[0].variables).toEqual({ rosterId: 'r1', version: 2, staffId: 'c', date: '2026-12-02' })
    // Au clavier : la cellule suivante remplace le détail.
    fireEvent.keyDown(document.querySelector('[data-cell="c|2026-12-02"]') as HTMLElement, { key: 'ArrowRight' })
    expect(screen.getByRole('region', { name: 'PETIT Chloé, jeudi 3 décembre 2026' })).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: /mercredi 2 décembre/ })).not.toBeInTheDocument()
  })

  it('ouvre la première unité du périmètre, avec la grille et les règles enfreintes', async () => {
    const api = await renderPage({ roster: rosterView('DRAFT') })
    expect(screen.getByLabelText('Unité')).toHaveDisplayValue('MED — Médecine')
    expect(within(screen.getByLabelText('Unité')).queryByText(/CHIR/)).not.toBeInTheDocument()
    expect(api.callsTo('roster')[0].variables).toEqual({ id: 'r1' })
    expect(screen.getByRole('region', { name: 'Règles enfreintes (1)' })).toHaveTextContent(
      'Règle impérative poste M le jour 1 (2026-12-02) après un poste N la veille : enchaînement interdit',
    )
    expect(screen.getByRole('region', { name: 'État du planning' })).toHaveTextContent('1 règle impérative enfreinte (dont 1 sans dérogation)')
    // Les souhaits de l'unité sur la période sont lus et marqués dans la grille.
    await waitFor(() => expect(document.querySelector('[data-cell="d|2026-12-03"] [data-wish="OFF"]')).not.toBeNull())
    expect(api.callsTo('desiderata')[0].variables).toMatchObject({ unitId: 'u-med', from: ROSTER.periodStart, to: ROSTER.periodEnd })
  })

  it('modifie une cellule et affiche le contrôle immédiat', async () => {
    const api = await renderPage({
      roster: rosterView('DRAFT'),
      setAssignment: {
        data: {
          setAssignment: {
            version: 3,
            notifiedStaffIds: [],
            violations: VIOLATIONS,
            roster: { ...ROSTER, state: 'DRAFT', currentVersion: 3 },
          },
        },
      },
    })
    const cell = document.querySelector('[data-cell="c|2026-12-03"]') as HTMLElement
    cell.focus()
    fireEvent.keyDown(cell, { key: 'n' })
    const check = await screen.findByRole('region', { name: 'Contrôle immédiat' })
    expect(api.callsTo('setAssignment')[0].variables).toEqual({
      input: { rosterId: 'r1', staffId: 'c', date: '2026-12-03', shiftTypeId: 'n' },
    })
    expect(check).toHaveTextContent('PETIT Chloé, jeudi 3 décembre 2026 : N (Nuit) — version 3')
    expect(check).toHaveTextContent('enchaînement interdit')
    // Une saisie identique au poste actuel n'envoie rien.
    const same = document.querySelector('[data-cell="a|2026-12-01"]') as HTMLElement
    fireEvent.keyDown(same, { key: 'm' })
    expect(await screen.findByText('Aucun changement : MARTIN Alice a déjà ce poste le mardi 1 décembre 2026.')).toBeInTheDocument()
    expect(api.callsTo('setAssignment')).toHaveLength(1)
  })

  it('« Valider » refusé pour règles impératives : dérogation motivée puis validation', async () => {
    const api = await renderPage({
      roster: [rosterView('DRAFT'), rosterView('DRAFT'), rosterView('VALIDATED')],
      validateRoster: [
        gqlError('Validation refusée : 1 règle impérative sans dérogation', 'HARD_VIOLATIONS'),
        { data: { validateRoster: { ...ROSTER, state: 'VALIDATED' } } },
      ],
      overrideViolation: { data: { overrideViolation: { id: 'o1' } } },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Valider' }))
    const dialog = await screen.findByRole('dialog', { name: 'Déroger aux règles impératives' })
    expect(dialog).toHaveTextContent('enchaînement interdit')
    // The dialog moves the focus in an effect, after it is shown.
    await waitFor(() => expect(document.activeElement).toBe(within(dialog).getByLabelText('Motif')))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Déroger et valider' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Choisissez un motif.')
    fireEvent.change(within(dialog).getByLabelText('Motif'), { target: { value: 'SERVICE_CONTINUITY' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Déroger et valider' }))
    expect(await screen.findByText('Planning validé avec 1 dérogation motivée.')).toBeInTheDocument()
    expect(api.callsTo('overrideViolation')[0].variables).toEqual({
      rosterId: 'r1',
      fingerprint: 'f1',
      reasonCode: 'SERVICE_CONTINUITY',
    })
    expect(api.callsTo('validateRoster')).toHaveLength(2)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('« Publier » moins de 15 jours avant : motif demandé, puis publication avec ce motif', async () => {
    const api = await renderPage({
      roster: [rosterView('VALIDATED', []), rosterView('PUBLISHED', [])],
      publishRoster: [
        gqlError('FPH-TDS-2 : publication à moins de 15 jours du début, motif exigé', 'REASON_REQUIRED'),
        { data: { publishRoster: { ...ROSTER, state: 'PUBLISHED' } } },
      ],
    })
    fireEvent.click(screen.getByRole('button', { name: 'Publier' }))
    const dialog = await screen.findByRole('dialog', { name: 'Motif de publication tardive' })
    fireEvent.change(within(dialog).getByLabelText('Motif'), { target: { value: 'EXCEPTIONAL_EVENT' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Publier avec ce motif' }))
    expect(await screen.findByText('Planning publié : les agents le voient dans « Mon planning ».')).toBeInTheDocument()
    expect(api.callsTo('publishRoster').map((c) => c.variables)).toEqual([
      { id: 'r1', reasonCode: null },
      { id: 'r1', reasonCode: 'EXCEPTIONAL_EVENT' },
    ])
  })

  it('Échap ferme la boîte de dialogue sans publier', async () => {
    const api = await renderPage({
      roster: rosterView('VALIDATED', []),
      publishRoster: gqlError('motif exigé', 'REASON_REQUIRED'),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Publier' }))
    const dialog = await screen.findByRole('dialog')
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(api.callsTo('publishRoster')).toHaveLength(1)
  })
})
