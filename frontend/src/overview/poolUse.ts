/**
 * Renforts entre unités et entre sites : qui a travaillé hors de son unité d'affectation (pool
 * de suppléance, agents autorisés dans d'autres unités), où, et combien d'heures. Calculé à
 * partir des plannings que la vue d'ensemble lit déjà (affectations de chaque unité) et de
 * l'unité d'affectation des agents ; les agents sont comptés, pas nommés.
 */
import type { Assignment } from '../planning/planningApi.ts'

export interface PoolUseLine {
  fromUnitId: string
  toUnitId: string
  /** L'unité d'origine et celle du renfort sont sur deux établissements différents. */
  crossSite: boolean
  people: number
  shifts: number
  minutes: number
}

export interface PoolUseInput {
  /** Établissement de chaque unité. */
  siteOfUnit: Map<string, string>
  /** Unité d'affectation de chaque agent connu. */
  homeOfStaff: Map<string, string>
  /** Durée de chaque type de poste, en minutes. */
  minutesOfShift: Map<string, number>
  /** Affectations de chaque unité (tous ses plannings lus), `[date début, date fin]` incluses. */
  assignmentsByUnit: Map<string, Assignment[]>
  from: string
  to: string
}

/** Les renforts de la période, entre sites d'abord, puis par heures décroissantes. */
export function poolUse(input: PoolUseInput): PoolUseLine[] {
  const lines = new Map<string, PoolUseLine & { staff: Set<string> }>()
  for (const [toUnitId, assignments] of input.assignmentsByUnit) {
    for (const a of assignments) {
      if (a.date < input.from || a.date > input.to) continue
      const fromUnitId = input.homeOfStaff.get(a.staffId)
      if (!fromUnitId || fromUnitId === toUnitId) continue
      const key = `${fromUnitId}|${toUnitId}`
      const line = lines.get(key) ?? {
        fromUnitId,
        toUnitId,
        crossSite: input.siteOfUnit.get(fromUnitId) !== input.siteOfUnit.get(toUnitId),
        people: 0,
        shifts: 0,
        minutes: 0,
        staff: new Set<string>(),
      }
      line.staff.add(a.staffId)
      line.people = line.staff.size
      line.shifts += 1
      line.minutes += input.minutesOfShift.get(a.shiftTypeId) ?? 0
      lines.set(key, line)
    }
  }
  return [...lines.values()]
    .map(({ staff: _staff, ...line }) => line)
    .sort((a, b) => Number(b.crossSite) - Number(a.crossSite) || b.minutes - a.minutes)
}
