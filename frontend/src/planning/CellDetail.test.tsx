import { fireEvent, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { CellDetail } from './CellDetail.tsx'
import { SHIFTS, STAFF, VIOLATIONS } from './fixtures.ts'
import { gqlError } from '../test/fakeApi.ts'
import { renderLoggedIn } from './repair/testSession.tsx'

beforeEach(() => sessionStorage.clear())

const UUID_B = '0000000b-0000-4000-8000-000000000000'
const TEAM = [...STAFF, { ...STAFF[1], id: UUID_B, firstName: 'Bérénice', lastName: 'Roux' }]

/** Ce que renvoie `cellExplanation(staffId: c, date: 2026-12-02)` : le poste M de Chloé Petit ce jour-là. */
const WHYS = [
  {
    staff: 'c',
    day: 1,
    shift: 'M',
    text: 'c fait le poste M du jour 1 (2026-12-02) : d’autres pouvaient le faire',
    alternatives: [
      { staff: 'a', blocked: false, cost: 40, reasons: [], text: 'a pourrait faire… (coût +40)' },
      { staff: 'd', blocked: false, cost: -10, reasons: [], text: 'd pourrait faire… (coût -10)' },
      {
        staff: UUID_B,
        blocked: true,
        cost: 0,
        reasons: [{ rule: 'daily_rest', source: 'Décret 2002-9 art. 6', staff: UUID_B, message: `repos quotidien de 12 h non respecté après le poste de ${UUID_B} la veille (Décret 2002-9 art. 6)` }],
        text: '…',
      },
      { staff: 'x-inconnu', blocked: true, cost: 0, reasons: [{ rule: 'required_qualifications', source: null, message: 'n’a pas les qualifications du poste M' }], text: '…' },
    ],
  },
]

const props = {
  rosterId: 'r1',
  version: 4,
  person: STAFF[2],
  date: '2026-12-02',
  shifts: [SHIFTS[0]],
  absence: null,
  wishes: ['souhaite ne pas travailler (journée)'],
  violations: VIOLATIONS,
  staff: TEAM,
}

describe('CellDetail : pourquoi cette personne', () => {
  it('montre le poste, le souhait et la règle enfreinte, puis qui d’autre pouvait le faire et pourquoi pas', async () => {
    const api = await renderLoggedIn(<CellDetail {...props} />, {
      cellExplanation: { data: { cellExplanation: { version: 4, assignments: WHYS } } },
    })
    const panel = screen.getByRole('region', { name: 'PETIT Chloé, mercredi 2 décembre 2026' })
    expect(panel).toHaveTextContent('M — Matin')
    expect(panel).toHaveTextContent('Souhait : souhaite ne pas travailler (journée).')
    expect(panel).toHaveTextContent('Règle impérative : poste M le jour 1 (2026-12-02) après un poste N la veille : enchaînement interdit')
    expect(api.callsTo('cellExplanation')).toHaveLength(0)
    fireEvent.click(within(panel).getByRole('button', { name: 'Pourquoi cette personne ?' }))
    expect(await within(panel).findByRole('heading', { name: 'Pourquoi PETIT Chloé fait le poste M' })).toBeInTheDocument()
    expect(api.callsTo('cellExplanation')[0].variables).toEqual({ rosterId: 'r1', version: 4, staffId: 'c', date: '2026-12-02' })
    expect(panel).toHaveTextContent('2 autres personnes pouvaient le tenir sans enfreindre de règle impérative')
    const possible = within(panel).getByRole('heading', { name: 'Pouvaient aussi le faire' }).nextElementSibling as HTMLElement
    expect(within(possible).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'MARTIN Alice — écart de coût +40',
      'MOREAU David — écart de coût -10',
    ])
    const blocked = within(panel).getByRole('heading', { name: 'Ne le pouvaient pas (2)' }).nextElementSibling as HTMLElement
    expect(within(blocked).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'ROUX Bérénice : repos quotidien de 12 h non respecté après le poste de ROUX Bérénice la veille (Décret 2002-9 art. 6)',
      'une personne hors de l’unité : n’a pas les qualifications du poste M',
    ])
    expect(within(panel).queryByRole('button', { name: 'Pourquoi cette personne ?' })).not.toBeInTheDocument()
  })

  it('dit quand personne d’autre ne pouvait tenir le poste, et montre une erreur du serveur en français', async () => {
    const alone = [{ ...WHYS[0], alternatives: [WHYS[0].alternatives[2]] }]
    await renderLoggedIn(<CellDetail {...props} />, {
      cellExplanation: [gqlError('planning introuvable', 'NOT_FOUND'), { data: { cellExplanation: { version: 4, assignments: alone } } }],
    })
    const panel = screen.getByRole('region', { name: /PETIT Chloé/ })
    fireEvent.click(within(panel).getByRole('button', { name: 'Pourquoi cette personne ?' }))
    expect(await within(panel).findByRole('alert')).toHaveTextContent(/introuvable/)
    fireEvent.click(within(panel).getByRole('button', { name: 'Pourquoi cette personne ?' }))
    expect(await within(panel).findByText('Personne d’autre ne pouvait tenir ce poste sans enfreindre une règle.')).toBeInTheDocument()
    expect(within(panel).queryByRole('alert')).not.toBeInTheDocument()
  })

  it('n’offre pas l’explication sur un jour de repos', async () => {
    await renderLoggedIn(<CellDetail {...props} shifts={[]} violations={[]} wishes={[]} absence="congé annuel" />, {})
    const panel = screen.getByRole('region', { name: /PETIT Chloé/ })
    expect(panel).toHaveTextContent('congé annuel')
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument()
  })
})
