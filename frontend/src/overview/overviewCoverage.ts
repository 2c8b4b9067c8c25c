/**
 * Couverture d'une unité face à sa maquette, calculée comme la ligne de couverture de la
 * grille du planning (mêmes lignes poste × qualification, même type de jour), puis résumée
 * par période et par semaine pour la vue d'ensemble du GHT.
 */
import { addDays, weekday } from '../planning/calendar.ts'
import { coverageCell, coverageLines } from '../planning/coverage.ts'
import type { Assignment, MaquetteDemand, StaffMember } from '../planning/planningApi.ts'

export interface CoverageSummary {
  /** Cases jour × ligne de la maquette avec un minimum. */
  slots: number
  /** Cases où le minimum est atteint. */
  covered: number
  /** Somme des postes manquants (minimum − présents, quand c'est positif). */
  missing: number
}

export interface CoverageInput {
  days: string[]
  assignments: Assignment[]
  maquette: MaquetteDemand[]
  staff: Pick<StaffMember, 'id' | 'profession' | 'qualifications'>[]
  shiftOrder: string[]
}

export function summarise({ days, assignments, maquette, staff, shiftOrder }: CoverageInput): CoverageSummary {
  const staffById = new Map(staff.map((p) => [p.id, p]))
  const lines = coverageLines(maquette, shiftOrder)
  const summary: CoverageSummary = { slots: 0, covered: 0, missing: 0 }
  for (const day of days) {
    for (const line of lines) {
      const cell = coverageCell(line, day, assignments, staffById, maquette)
      if (cell.min === 0) continue
      summary.slots += 1
      if (!cell.short) summary.covered += 1
      summary.missing += Math.max(0, cell.min - cell.count)
    }
  }
  return summary
}

/** Lundi de la semaine de `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekday(date) + 6) % 7))
}

/** `count` semaines (leurs lundis) à partir de celle de `date`. */
export function comingWeeks(date: string, count: number): string[] {
  const first = mondayOf(date)
  return Array.from({ length: count }, (_, i) => addDays(first, 7 * i))
}

/** Niveau de couleur de la carte de chaleur : 0 (complet) à 3 (manque important). */
export function heatLevel(summary: CoverageSummary): 0 | 1 | 2 | 3 {
  if (summary.missing === 0) return 0
  const ratio = summary.missing / Math.max(summary.slots, 1)
  if (ratio <= 0.1) return 1
  if (ratio <= 0.3) return 2
  return 3
}
