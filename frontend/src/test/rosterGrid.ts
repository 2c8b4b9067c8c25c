/** Grille compacte (`RosterVersionView.grid`) des faux backends, construite depuis une liste d'affectations. */
import type { Assignment, RosterGrid } from '../planning/planningApi.ts'

export function gridOf(assignments: Assignment[], firstDay: string, lastDay: string): RosterGrid {
  const dayOf = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${firstDay}T00:00:00Z`)) / 86_400_000)
  const length = dayOf(lastDay) + 1
  const byPerson = new Map<string, string[][]>()
  for (const a of assignments) {
    const days = byPerson.get(a.staffId) ?? Array.from({ length }, () => [] as string[])
    days[dayOf(a.date)].push(a.shiftTypeId)
    byPerson.set(a.staffId, days)
  }
  const shiftSets: string[][] = [[]]
  const position = (set: string[]) => {
    const key = [...set].sort().join(' ')
    const found = shiftSets.findIndex((s) => s.join(' ') === key)
    if (found >= 0) return found
    shiftSets.push([...set].sort())
    return shiftSets.length - 1
  }
  const rows = [...byPerson].map(([staffId, days]) => ({ staffId, days: days.map(position) }))
  return { firstDay, shiftSets, rows }
}
