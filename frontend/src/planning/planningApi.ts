/**
 * Requêtes GraphQL de l'écran « Planning » et types des réponses, dérivés des types
 * générés depuis le schéma (`src/api/schema.generated.ts`, voir scripts/schema-types.mjs).
 */
import type * as S from '../api/schema.generated.ts'

export type Unit = Pick<S.Unit, 'id' | 'code' | 'name'>
export type ShiftType = Pick<
  S.ShiftType,
  'id' | 'code' | 'label' | 'startMinute' | 'durationMinutes' | 'isNight' | 'qualifications' | 'activity' | 'halfDays'
>
export type TheatreSession = Pick<S.TheatreSession, 'id' | 'unitId' | 'room' | 'date' | 'teamShiftTypeIds' | 'weight'>
export type JointRequirement = Pick<
  S.JointRequirement,
  'id' | 'unitId' | 'kind' | 'shiftTypeIds' | 'weekdays' | 'count' | 'weight' | 'label' | 'effectiveFrom' | 'effectiveTo'
>
export type MaquetteDemand = Pick<S.MaquetteDemand, 'dayType' | 'shiftTypeId' | 'qualification' | 'min' | 'target'>
export type StaffMember = Pick<S.StaffMember, 'id' | 'firstName' | 'lastName' | 'profession' | 'qualifications' | 'quotite'>
export type Absence = Pick<S.Absence, 'id' | 'staffId' | 'startDate' | 'endDate' | 'category'>
export type Wish = Pick<S.Desiderata, 'id' | 'staffId' | 'date' | 'shiftTypeId' | 'kind'>
export type RosterSummary = Pick<S.Roster, 'id' | 'periodStart' | 'periodEnd' | 'state' | 'currentVersion' | 'publishedVersion'>
export type Assignment = S.Assignment
export type RuleViolation = Pick<S.RuleViolation, 'rule' | 'hard' | 'staffId' | 'dates' | 'message' | 'cost' | 'fingerprint'> & {
  override: Pick<S.RosterOverride, 'reasonCode'> | null
}
export type RosterVersionInfo = Pick<S.RosterVersionInfo, 'number' | 'source' | 'createdAt'>
export type RosterDetail = RosterSummary & { versions: RosterVersionInfo[] }
export interface RosterView extends Pick<S.RosterVersionView, 'version' | 'hardViolations' | 'blockingViolations'> {
  assignments: Assignment[]
  violations: RuleViolation[]
  roster: RosterDetail
}
export type AssignmentChange = S.AssignmentChange
export type VersionComparison = Pick<S.VersionComparison, 'fromVersion' | 'toVersion' | 'staffAffected'> & {
  changes: AssignmentChange[]
}
export type JobProgress = Pick<S.JobProgress, 'jobId' | 'state' | 'elapsed' | 'objective' | 'bound'>
export type ReasonCode = S.ReasonCode
export type RosterState = S.RosterState
export type DayType = S.DayType

const ROSTER_FIELDS = 'id periodStart periodEnd state currentVersion publishedVersion'
const VIOLATION_FIELDS = 'rule hard staffId dates message cost fingerprint override { reasonCode }'

// One root field per request: root fields run concurrently on the server, and on the
// embedded SQLite database two of them writing the access log at once fail with
// « database is locked » (reported to the backend). The page sends them one after another.
export const UNITS_QUERY = `query Units { units(first: 100) { nodes { id code name } } }`
export const SHIFT_TYPES_QUERY = `query ShiftTypes { shiftTypes { id code label startMinute durationMinutes isNight qualifications activity halfDays } }`
export interface PlanningContextData {
  units: { nodes: Unit[] }
  shiftTypes: ShiftType[]
}

export const MAQUETTE_QUERY = `query Maquette($unitId: UUID!) {
  maquette(unitId: $unitId) { dayType shiftTypeId qualification min target }
}`
export const STAFF_QUERY = `query UnitStaff($unitId: UUID!) {
  staffMembers(unitId: $unitId, first: 100) { nodes { id firstName lastName profession qualifications quotite } }
}`
export const ROSTERS_QUERY = `query UnitRosters($unitId: UUID!) {
  rosters(unitId: $unitId, first: 50) { nodes { ${ROSTER_FIELDS} } }
}`
export interface UnitData {
  maquette: MaquetteDemand[]
  staffMembers: { nodes: StaffMember[] }
  rosters: { nodes: RosterSummary[] }
}

export const ABSENCES_QUERY = `query UnitAbsences($unitId: UUID!, $from: NaiveDate!, $to: NaiveDate!) {
  absences(unitId: $unitId, from: $from, to: $to, first: 100) { nodes { id staffId startDate endDate category } }
}`
export interface AbsencesData {
  absences: { nodes: Absence[] }
}

export const UNIT_WISHES_QUERY = `query UnitWishes($unitId: UUID!, $from: NaiveDate!, $to: NaiveDate!, $after: String) {
  desiderata(unitId: $unitId, from: $from, to: $to, first: 100, after: $after) {
    nodes { id staffId date shiftTypeId kind }
    pageInfo { hasNextPage endCursor }
  }
}`
export interface UnitWishesData {
  desiderata: { nodes: Wish[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
}

// The shifts come as the compact `grid` (one row of day numbers per person) rather than one
// object per shift: a month of 60 people is read several times faster (backend bench-read).
export const ROSTER_QUERY = `query RosterView($id: UUID!, $version: Int) {
  roster(id: $id, version: $version) {
    version hardViolations blockingViolations
    grid { firstDay shiftSets rows { staffId days } }
    violations { ${VIOLATION_FIELDS} }
    roster { ${ROSTER_FIELDS} versions { number source createdAt } }
  }
}`
export type RosterGrid = Pick<S.RosterGrid, 'firstDay' | 'shiftSets'> & { rows: S.RosterGridRow[] }
export interface RosterData {
  roster: Omit<RosterView, 'assignments'> & { grid: RosterGrid }
}

/** The roster view with the grid's shifts listed one per person, day and shift type. */
export function rosterViewOf(wire: RosterData['roster']): RosterView {
  const { grid, ...rest } = wire
  return { ...rest, assignments: assignmentsOf(grid) }
}

/** Lists the grid's shifts: day `i` of a row is `firstDay` + i, its value a position in `shiftSets`. */
export function assignmentsOf(grid: RosterGrid): Assignment[] {
  const start = Date.parse(`${grid.firstDay}T00:00:00Z`)
  const dates: string[] = []
  const dateOf = (day: number) => (dates[day] ??= new Date(start + day * 86_400_000).toISOString().slice(0, 10))
  const found: Assignment[] = []
  for (const row of grid.rows) {
    row.days.forEach((set, day) => {
      for (const shiftTypeId of grid.shiftSets[set] ?? []) found.push({ staffId: row.staffId, date: dateOf(day), shiftTypeId })
    })
  }
  return found
}

export const COMPARE_QUERY = `query CompareVersions($rosterId: UUID!, $from: Int!, $to: Int!) {
  compareRosterVersions(rosterId: $rosterId, fromVersion: $from, toVersion: $to) {
    fromVersion toVersion staffAffected changes { staffId date before after }
  }
}`
export interface CompareData {
  compareRosterVersions: VersionComparison
}

export const SET_ASSIGNMENT_MUTATION = `mutation SetAssignment($input: SetAssignmentInput!) {
  setAssignment(input: $input) { version notifiedStaffIds violations { ${VIOLATION_FIELDS} } roster { ${ROSTER_FIELDS} } }
}`
export interface SetAssignmentData {
  setAssignment: { version: number; notifiedStaffIds: string[]; violations: RuleViolation[]; roster: RosterSummary }
}
export type SetAssignmentVariables = { input: S.SetAssignmentInput }

export const REQUEST_SOLVE_MUTATION = `mutation RequestSolve($rosterId: UUID!, $timeLimit: Float!) {
  requestRosterSolve(rosterId: $rosterId, timeLimit: $timeLimit) { id state }
}`
export interface RequestSolveData {
  requestRosterSolve: Pick<S.Job, 'id' | 'state'>
}

export const JOB_QUERY = `query Job($id: UUID!) {
  job(id: $id) { id state error summary { status objective lowerBound hardViolations seconds } }
}`
export interface JobData {
  job: Pick<S.Job, 'id' | 'state' | 'error'> & {
    summary: Pick<S.JobSummary, 'status' | 'objective' | 'lowerBound' | 'hardViolations' | 'seconds'> | null
  }
}

export const JOB_PROGRESS_SUBSCRIPTION = `subscription JobProgress($id: UUID!) {
  jobProgress(id: $id) { jobId state elapsed objective bound }
}`

export const PROPOSE_MUTATION = `mutation Propose($id: UUID!) { proposeRoster(id: $id) { ${ROSTER_FIELDS} } }`
export const VALIDATE_MUTATION = `mutation Validate($id: UUID!) { validateRoster(id: $id) { ${ROSTER_FIELDS} } }`
export const PUBLISH_MUTATION = `mutation Publish($id: UUID!, $reasonCode: ReasonCode) {
  publishRoster(id: $id, reasonCode: $reasonCode) { ${ROSTER_FIELDS} }
}`
export const OVERRIDE_MUTATION = `mutation Override($rosterId: UUID!, $fingerprint: String!, $reasonCode: ReasonCode!) {
  overrideViolation(rosterId: $rosterId, fingerprint: $fingerprint, reasonCode: $reasonCode) { id }
}`

export const THEATRE_SESSION_FIELDS = 'id unitId room date teamShiftTypeIds weight'
export const JOINT_REQUIREMENT_FIELDS = 'id unitId kind shiftTypeIds weekdays count weight label effectiveFrom effectiveTo'
export const THEATRE_PROGRAMME_QUERY = `query TheatreProgramme($unitId: UUID!, $from: NaiveDate!, $to: NaiveDate!) {
  theatreProgramme(unitId: $unitId, from: $from, to: $to) { ${THEATRE_SESSION_FIELDS} }
}`
export interface TheatreProgrammeData {
  theatreProgramme: TheatreSession[]
}
export const JOINT_REQUIREMENTS_QUERY = `query JointRequirements($unitId: UUID!) {
  jointRequirements(unitId: $unitId) { ${JOINT_REQUIREMENT_FIELDS} }
}`
export interface JointRequirementsData {
  jointRequirements: JointRequirement[]
}
