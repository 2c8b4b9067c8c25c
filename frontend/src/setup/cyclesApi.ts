/** Requêtes de l'écran « Trames » (cycles de travail), types pris dans le schéma généré. */
import type * as S from '../api/schema.generated.ts'
import { addDays, weekday } from '../planning/calendar.ts'

export type WorkCycle = Pick<S.WorkCycle, 'id' | 'unitId' | 'name' | 'weeks' | 'pattern'>
export type StaffCycle = Pick<S.StaffCycle, 'id' | 'staffId' | 'cycleId' | 'anchorDate' | 'endDate'>
export type CycleStaff = Pick<S.StaffMember, 'id' | 'firstName' | 'lastName' | 'profession' | 'homeUnitId'>

const CYCLE_FIELDS = 'id unitId name weeks pattern'
const STAFF_CYCLE_FIELDS = 'id staffId cycleId anchorDate endDate'

export const WORK_CYCLES_QUERY = `query WorkCycles($unitId: UUID!) { workCycles(unitId: $unitId) { ${CYCLE_FIELDS} } }`
export interface WorkCyclesData {
  workCycles: WorkCycle[]
}
export const CYCLE_STAFF_QUERY = `query CycleStaff($unitId: UUID!) {
  staffMembers(unitId: $unitId, first: 100) { nodes { id firstName lastName profession homeUnitId } }
}`
export interface CycleStaffData {
  staffMembers: { nodes: CycleStaff[] }
}
/** Les agents d'une trame, en une requête (ceux dont le lecteur peut voir la fiche). */
export const CYCLE_MEMBERS_QUERY = `query WorkCycleMembers($cycleId: UUID!) { workCycleMembers(cycleId: $cycleId) { ${STAFF_CYCLE_FIELDS} } }`
export interface CycleMembersData {
  workCycleMembers: StaffCycle[]
}
export const CREATE_CYCLE_MUTATION = `mutation CreateWorkCycle($unitId: UUID, $name: String!, $weeks: Int!, $pattern: [String]!) {
  createWorkCycle(unitId: $unitId, name: $name, weeks: $weeks, pattern: $pattern) { ${CYCLE_FIELDS} }
}`
export type CreateCycleVariables = S.MutationRootCreateWorkCycleArgs
export const UPDATE_CYCLE_MUTATION = `mutation UpdateWorkCycle($id: UUID!, $name: String!, $weeks: Int!, $pattern: [String]!) {
  updateWorkCycle(id: $id, name: $name, weeks: $weeks, pattern: $pattern) { ${CYCLE_FIELDS} }
}`
export type UpdateCycleVariables = S.MutationRootUpdateWorkCycleArgs
export const DELETE_CYCLE_MUTATION = `mutation DeleteWorkCycle($id: UUID!) { deleteWorkCycle(id: $id) }`
export type DeleteCycleVariables = S.MutationRootDeleteWorkCycleArgs
export const ASSIGN_CYCLE_MUTATION = `mutation AssignWorkCycle($staffId: UUID!, $cycleId: UUID!, $startDate: NaiveDate!, $line: Int!, $endDate: NaiveDate) {
  assignWorkCycle(staffId: $staffId, cycleId: $cycleId, startDate: $startDate, line: $line, endDate: $endDate) { ${STAFF_CYCLE_FIELDS} }
}`
export type AssignCycleVariables = S.MutationRootAssignWorkCycleArgs

export const WEEKDAY_LABELS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']

/** Le lundi de la semaine de `date`. */
export function mondayOf(date: string): string {
  return addDays(date, -((weekday(date) + 6) % 7))
}

/**
 * La ligne (1 à `weeks`) de la trame qu'un agent suit la semaine de `date`, ou `null` s'il ne la
 * suit pas encore ou plus. `anchorDate` est le lundi où tombe la première semaine de la trame.
 */
export function lineOn(cycle: Pick<WorkCycle, 'weeks'>, assignment: Pick<StaffCycle, 'anchorDate' | 'endDate'>, date: string): number | null {
  if (date < assignment.anchorDate || (assignment.endDate !== null && date > assignment.endDate)) return null
  const days = Math.round((Date.parse(mondayOf(date)) - Date.parse(assignment.anchorDate)) / 86_400_000)
  const week = Math.floor(days / 7)
  return (((week % cycle.weeks) + cycle.weeks) % cycle.weeks) + 1
}

/** Les jours d'une ligne (semaine) de la trame, lundi d'abord. */
export function lineDays(pattern: readonly (string | null)[], line: number): (string | null)[] {
  return pattern.slice((line - 1) * 7, line * 7)
}
