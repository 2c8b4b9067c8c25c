/** Couverture : combien de personnes par jour, poste et qualification, face à la maquette. */
import { dayType } from './calendar.ts'
import type { Assignment, MaquetteDemand, StaffMember } from './planningApi.ts'

export interface CoverageLine {
  shiftTypeId: string
  /** `null` : tout le monde compte. */
  qualification: string | null
}

export interface CoverageCell {
  count: number
  min: number
  target: number
  /** Moins que le minimum de la maquette. */
  short: boolean
}

/** La personne compte pour une qualification si sa profession ou ses qualifications la portent. */
export function hasQualification(person: Pick<StaffMember, 'profession' | 'qualifications'>, qualification: string | null) {
  return qualification === null || person.profession === qualification || person.qualifications.includes(qualification)
}

/** Lignes de couverture : une par poste et qualification présents dans la maquette, dans l'ordre des postes. */
export function coverageLines(maquette: MaquetteDemand[], shiftOrder: string[]): CoverageLine[] {
  const seen = new Map<string, CoverageLine>()
  for (const demand of maquette) {
    const key = `${demand.shiftTypeId}|${demand.qualification ?? ''}`
    if (!seen.has(key)) seen.set(key, { shiftTypeId: demand.shiftTypeId, qualification: demand.qualification })
  }
  return [...seen.values()].sort(
    (a, b) =>
      shiftOrder.indexOf(a.shiftTypeId) - shiftOrder.indexOf(b.shiftTypeId) ||
      (a.qualification ?? '').localeCompare(b.qualification ?? ''),
  )
}

export function coverageCell(
  line: CoverageLine,
  date: string,
  assignments: Assignment[],
  staffById: Map<string, Pick<StaffMember, 'profession' | 'qualifications'>>,
  maquette: MaquetteDemand[],
): CoverageCell {
  const type = dayType(date)
  const demand = maquette.find(
    (d) => d.shiftTypeId === line.shiftTypeId && d.qualification === line.qualification && d.dayType === type,
  )
  let count = 0
  for (const a of assignments) {
    if (a.date !== date || a.shiftTypeId !== line.shiftTypeId) continue
    const person = staffById.get(a.staffId)
    if (person && hasQualification(person, line.qualification)) count += 1
  }
  const min = demand?.min ?? 0
  return { count, min, target: demand?.target ?? 0, short: count < min }
}
