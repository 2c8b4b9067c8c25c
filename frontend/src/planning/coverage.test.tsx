import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { coverageCell, coverageLines, hasQualification } from './coverage.ts'
import { ASSIGNMENTS, DAYS, MAQUETTE, SHIFTS, STAFF } from './fixtures.ts'
import { RosterGrid } from './RosterGrid.tsx'

const staffById = new Map(STAFF.map((p) => [p.id, p]))

describe('couverture face à la maquette', () => {
  it('une ligne par poste et qualification, dans l’ordre des postes', () => {
    const lines = coverageLines(MAQUETTE, SHIFTS.map((s) => s.id))
    expect(lines).toEqual([
      { shiftTypeId: 'm', qualification: 'IDE' },
      { shiftTypeId: 'n', qualification: null },
    ])
  })

  it('compte la profession et les qualifications', () => {
    expect(hasQualification(STAFF[0], 'IDE')).toBe(true)
    expect(hasQualification(STAFF[2], 'IDE')).toBe(false)
    expect(hasQualification(STAFF[3], 'IDE')).toBe(true)
    expect(hasQualification(STAFF[2], null)).toBe(true)
  })

  it('compare au minimum du type de jour et signale le manque', () => {
    const morningIde = { shiftTypeId: 'm', qualification: 'IDE' }
    // Mardi : deux IDE le matin pour un minimum de 2.
    expect(coverageCell(morningIde, '2026-12-01', ASSIGNMENTS, staffById, MAQUETTE)).toEqual({
      count: 2,
      min: 2,
      target: 2,
      short: false,
    })
    // Mercredi : une IDE (l'AS du matin ne compte pas) → manque.
    expect(coverageCell(morningIde, '2026-12-02', ASSIGNMENTS, staffById, MAQUETTE)).toMatchObject({ count: 1, short: true })
    // Samedi : minimum 1, couvert par l'AS qui a la qualification IDE.
    expect(coverageCell(morningIde, '2026-12-05', ASSIGNMENTS, staffById, MAQUETTE)).toMatchObject({
      count: 1,
      min: 1,
      short: false,
    })
    // Dimanche : personne.
    expect(coverageCell(morningIde, '2026-12-06', ASSIGNMENTS, staffById, MAQUETTE)).toMatchObject({ count: 0, min: 1, short: true })
    // Nuit sans qualification le week-end : pas de demande, pas de manque.
    expect(coverageCell({ shiftTypeId: 'n', qualification: null }, '2026-12-05', ASSIGNMENTS, staffById, MAQUETTE)).toEqual({
      count: 0,
      min: 0,
      target: 0,
      short: false,
    })
  })

  it('la ligne de couverture de la grille est rouge là où il manque du monde', () => {
    render(
      <RosterGrid
        caption="Planning"
        days={DAYS}
        staff={STAFF}
        shiftTypes={SHIFTS}
        assignments={ASSIGNMENTS}
        absences={[]}
        maquette={MAQUETTE}
        violations={[]}
        editable={false}
      />,
    )
    const rows = document.querySelectorAll('tfoot tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].querySelector('th')).toHaveTextContent('Couverture M · IDE')
    const cells = [...rows[0].querySelectorAll('td')]
    expect(cells.map((c) => c.getAttribute('data-short') === 'true')).toEqual([false, true, true, true, false, true, true])
    expect(cells[1]).toHaveClass('coverage-cell--short')
    expect(cells[1]).toHaveTextContent('1/2')
    expect(cells[1]).toHaveTextContent('manque 1')
    expect(rows[1].querySelector('th')).toHaveTextContent('Couverture N')
  })
})
