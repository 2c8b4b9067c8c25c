import { fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { STAFF } from '../fixtures.ts'
import { ConflictExplanation, ConflictView } from './ConflictView.tsx'
import { IndicatorsPanel } from './IndicatorsPanel.tsx'
import { readConflict } from './replanApi.ts'
import { renderLoggedIn } from './testSession.tsx'

beforeEach(() => sessionStorage.clear())

const UUID_A = '0000000a-0000-4000-8000-000000000000'
const TEAM = [...STAFF, { ...STAFF[0], id: UUID_A, firstName: 'Agathe', lastName: 'Blanc' }]

/** Le `Conflict` du moteur : un besoin minimum, une absence et une règle incompatibles. */
const CONFLICT = {
  irreducible: true,
  feasibility_checks: 14,
  seconds: 1.2,
  text: 'Le besoin ne peut pas être couvert : …',
  items: [
    { element: { kind: 'cover_minimum', index: 3 }, text: 'besoin minimum de 2 personne(s) (IDE) sur le poste N le jour 5 (2026-12-06)' },
    { element: { kind: 'absence', index: 0 }, text: `absence de ${UUID_A} le jour 5 (2026-12-06)` },
    { element: { kind: 'rule', id: 'daily_rest' }, text: 'règle daily_rest (Décret 2002-9 art. 6)' },
  ],
}

describe('ensemble incompatible (maquette impossible à couvrir)', () => {
  it('lit le JSON du moteur prudemment', () => {
    expect(readConflict(null)).toBeNull()
    expect(readConflict([])).toBeNull()
    expect(readConflict(CONFLICT)?.items.map((i) => i.kind)).toEqual(['cover_minimum', 'absence', 'rule'])
  })

  it('le montre dans les indicateurs, sous les besoins non couverts, avec les noms', async () => {
    await renderLoggedIn(<IndicatorsPanel rosterId="r1" version={3} staff={TEAM} />, {
      rosterScore: {
        data: {
          rosterScore: {
            rosterId: 'r1', version: 3, from: '2026-12-01', to: '2026-12-07', coverageRate: 0.8, belowMinimum: 1,
            desiderataRate: 1, overtimeMinutes: 0, nightsGini: 0, weekendsGini: 0, refusedWishesGini: 0,
            changesAgainstPublished: null, hardViolations: 1, softCost: 10,
          },
        },
      },
      rosterExplanations: {
        data: {
          rosterExplanations: {
            version: 3,
            uncovered: [{ day: 5, shift: 'N', text: 'Nuit du 6 : 1 présent pour 2 minimum ; personne d’autre ne peut le faire' }],
            refusedWishes: [],
            assignments: [],
            conflict: CONFLICT,
          },
        },
      },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Calculer les indicateurs' }))
    expect(await screen.findByRole('heading', { name: 'Pourquoi la maquette n’est pas couverte' })).toBeInTheDocument()
    const conflict = screen.getByTestId('conflict')
    expect(conflict).toHaveTextContent('ces 3 éléments sont incompatibles ensemble, et en retirer un seul suffit à rendre le planning possible.')
    expect(within(conflict).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Besoin minimum : besoin minimum de 2 personne(s) (IDE) sur le poste N le jour 5 (2026-12-06)',
      'Absence : absence de BLANC Agathe le jour 5 (2026-12-06)',
      'Règle impérative : règle daily_rest (Décret 2002-9 art. 6)',
    ])
  })

  it('le cherche à la demande après un calcul sans solution, et dit quand il n’y en a pas', async () => {
    const api = await renderLoggedIn(<ConflictExplanation rosterId="r1" version={5} staff={TEAM} />, {
      rosterExplanations: [
        { data: { rosterExplanations: { version: 5, conflict: { ...CONFLICT, irreducible: false } } } },
      ],
    })
    fireEvent.click(screen.getByRole('button', { name: 'Chercher les éléments incompatibles' }))
    expect(await screen.findByTestId('conflict')).toHaveTextContent('recherche arrêtée faute de temps')
    expect(api.callsTo('rosterExplanations')[0].variables).toEqual({ rosterId: 'r1', version: 5 })
    expect(api.callsTo('rosterExplanations')[0].query).toContain('conflict')
  })

  it('un seul élément : une phrase au singulier', () => {
    const single = readConflict({ ...CONFLICT, items: [CONFLICT.items[0]] })
    expect(single).not.toBeNull()
    if (single) render(<ConflictView conflict={single} staff={TEAM} />)
    expect(screen.getByTestId('conflict')).toHaveTextContent(
      'La maquette ne peut pas être couverte avec l’effectif et les règles : cet élément ne peut pas être tenu à lui seul, et le retirer suffit à rendre le planning possible.',
    )
  })

  it('sans ensemble incompatible : le dit', async () => {
    await renderLoggedIn(<ConflictExplanation rosterId="r1" version={5} staff={TEAM} />, {
      rosterExplanations: { data: { rosterExplanations: { version: 5, conflict: null } } },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Chercher les éléments incompatibles' }))
    expect(await screen.findByText(/Aucun ensemble incompatible trouvé/)).toBeInTheDocument()
  })
})
