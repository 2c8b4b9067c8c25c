import { describe, expect, it } from 'vitest'
import { gridOf } from '../test/rosterGrid.ts'
import { ASSIGNMENTS, MEDICAL_ASSIGNMENTS } from './fixtures.ts'
import { assignmentsOf, rosterViewOf } from './planningApi.ts'

const byKey = (list: { staffId: string; date: string; shiftTypeId: string }[]) =>
  list.map((a) => `${a.staffId} ${a.date} ${a.shiftTypeId}`).sort()

describe('assignmentsOf', () => {
  it('lit la grille compacte jour par jour, plusieurs postes le même jour compris', () => {
    const grid = {
      firstDay: '2026-12-30',
      shiftSets: [[], ['m'], ['am', 'pm']],
      rows: [
        { staffId: 'a', days: [1, 0, 2, 0] },
        { staffId: 'b', days: [0, 0, 0, 1] },
      ],
    }
    expect(assignmentsOf(grid)).toEqual([
      { staffId: 'a', date: '2026-12-30', shiftTypeId: 'm' },
      { staffId: 'a', date: '2027-01-01', shiftTypeId: 'am' },
      { staffId: 'a', date: '2027-01-01', shiftTypeId: 'pm' },
      { staffId: 'b', date: '2027-01-02', shiftTypeId: 'm' },
    ])
  })

  it('rend les affectations dont la grille est faite', () => {
    const all = [...ASSIGNMENTS, ...MEDICAL_ASSIGNMENTS]
    const view = rosterViewOf({
      version: 1,
      hardViolations: 0,
      blockingViolations: 0,
      violations: [],
      roster: { id: 'r', periodStart: '2026-12-01', periodEnd: '2026-12-07', state: 'DRAFT', currentVersion: 1, publishedVersion: null, versions: [] },
      grid: gridOf(all, '2026-12-01', '2026-12-07'),
    })
    expect(byKey(view.assignments)).toEqual(byKey(all))
    expect(view).not.toHaveProperty('grid')
  })
})
