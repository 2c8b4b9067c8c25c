/**
 * Requêtes de la re-planification (réparation, indicateurs, explications, alertes, gains) et
 * lecture prudente de leurs champs JSON (formes décrites dans backend/src/graphql/replan.rs).
 */
import type * as S from '../../api/schema.generated.ts'

export type RosterScore = Omit<S.RosterScore, 'details'>
export type RosterAlert = Omit<S.RosterAlert, 'loan'> & { loan: unknown }

export const REQUEST_REPAIR_MUTATION = `mutation RequestRepair($rosterId: UUID!, $timeLimit: Float!) {
  requestRosterRepair(rosterId: $rosterId, timeLimit: $timeLimit) { id state }
}`
export interface RequestRepairData {
  requestRosterRepair: Pick<S.Job, 'id' | 'state'>
}

export const REPAIR_QUERY = `query RepairProposal($jobId: UUID!) {
  rosterRepair(jobId: $jobId) {
    rosterId importedVersion preferenceOrder alternatives
    job { id state error summary { objective lowerBound seconds } }
  }
}`
export interface RepairData {
  rosterRepair: {
    rosterId: string
    importedVersion: number | null
    preferenceOrder: string | null
    alternatives: unknown
    job: Pick<S.Job, 'id' | 'state' | 'error'> & { summary: Pick<S.JobSummary, 'objective' | 'lowerBound' | 'seconds'> | null }
  }
}

/** Makes another alternative (its `rank`) of a finished repair the proposed version. */
export const ADOPT_REPAIR_MUTATION = `mutation AdoptRepair($jobId: UUID!, $alternative: Int!) {
  adoptRosterRepair(jobId: $jobId, alternative: $alternative) { currentVersion }
}`
export interface AdoptRepairData {
  adoptRosterRepair: { currentVersion: number }
}

export const SCORE_QUERY = `query RosterScore($rosterId: UUID!, $version: Int) {
  rosterScore(rosterId: $rosterId, version: $version) {
    rosterId version from to coverageRate belowMinimum desiderataRate overtimeMinutes
    nightsGini weekendsGini refusedWishesGini changesAgainstPublished hardViolations softCost
  }
}`
export interface ScoreData {
  rosterScore: RosterScore
}

export const EXPLANATIONS_QUERY = `query RosterExplanations($rosterId: UUID!, $version: Int) {
  rosterExplanations(rosterId: $rosterId, version: $version) { version uncovered refusedWishes conflict }
}`
export interface ExplanationsData {
  rosterExplanations: { version: number; uncovered: unknown; refusedWishes: unknown; conflict: unknown }
}

export const UNIT_ALERTS_QUERY = `query UnitAlerts($unitId: UUID!, $weeks: Int!) {
  unitAlerts(unitId: $unitId, weeks: $weeks) { rosterId version kind severity staffId dates value limit message loan }
}`
export interface UnitAlertsData {
  unitAlerts: RosterAlert[]
}

export const UNIT_GAINS_QUERY = `query UnitGains($unitId: UUID!, $month: String!) {
  unitGains(unitId: $unitId, month: $month) { unitId month report }
}`
export interface UnitGainsData {
  unitGains: { unitId: string; month: string; report: unknown }
}

/** One change of a repair alternative (`changes[]`). */
export interface RepairChange {
  staff: string
  date: string
  removed: string
  added: string
  needsReasonCode: boolean
  source: string
  overtime: boolean
}

export interface RepairAlternative {
  rank: number
  hardViolations: number
  changedAssignments: number
  peopleAffected: string[]
  softCost: number
  overtimeMinutesAdded: number
  needsReasonCode: boolean
  sources: Record<string, number>
  changes: RepairChange[]
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const num = (v: unknown): number => (typeof v === 'number' ? v : Array.isArray(v) ? v.length : 0)
/** A shift value of the engine: a code, a list of codes, or nothing (rest). */
export const shiftCodes = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) && v.length > 0 ? v.map(String).join('+') : 'repos'

export function readAlternatives(json: unknown): RepairAlternative[] {
  if (!Array.isArray(json)) return []
  return json.map((raw, i) => {
    const a = record(raw)
    const sources = record(a.sources)
    return {
      rank: typeof a.rank === 'number' ? a.rank : i + 1,
      hardViolations: num(a.hard_violations),
      changedAssignments: num(a.changed_assignments),
      peopleAffected: Array.isArray(a.people_affected) ? a.people_affected.map(String) : [],
      softCost: num(a.soft_cost),
      overtimeMinutesAdded: num(a.overtime_minutes_added),
      needsReasonCode: a.needs_reason_code === true,
      sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, num(v)])),
      changes: (Array.isArray(a.changes) ? a.changes : []).map((c) => {
        const ch = record(c)
        return {
          staff: String(ch.staff ?? ''),
          date: String(ch.date ?? ''),
          removed: shiftCodes(ch.removed),
          added: shiftCodes(ch.added),
          needsReasonCode: ch.needs_reason_code === true,
          source: ch.source == null ? '' : String(ch.source),
          overtime: ch.overtime === true,
        }
      }),
    }
  })
}

/** The French `text` of each explanation entry (uncovered needs, refused wishes). */
export function explanationTexts(json: unknown): { staff: string | null; text: string }[] {
  if (!Array.isArray(json)) return []
  return json
    .map((raw) => record(raw))
    .filter((r) => typeof r.text === 'string')
    .map((r) => ({ staff: typeof r.staff === 'string' ? r.staff : null, text: r.text as string }))
}

export const SOURCE_LABELS: Record<string, string> = {
  home: 'agent de l’unité',
  own_unit: 'agent de l’unité',
  pool: 'pool de suppléance',
  volunteer: 'volontaire',
  other_site: 'autre site',
  overtime: 'heures supplémentaires',
  overtime_people: 'heures supplémentaires',
}
export const sourceLabel = (source: string) => {
  const key = source.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()
  return SOURCE_LABELS[key] ?? (source && source !== 'null' ? source : 'non précisée')
}

export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10} %`)
export const hours = (minutes: number | null | undefined) =>
  minutes === null || minutes === undefined ? '—' : `${Math.round((minutes / 60) * 10) / 10} h`

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
/** The engine names people by id in its French texts: the UI shows their names instead. */
export const withNames = (text: string, name: (id: string) => string | null) => text.replace(UUID, (id) => name(id.toLowerCase()) ?? id)

/** Why a person holds the shifts of one day: `cellExplanation`, computed for that cell only. */
export const ASSIGNMENT_WHY_QUERY = `query CellExplanation($rosterId: UUID!, $version: Int, $staffId: UUID!, $date: NaiveDate!) {
  cellExplanation(rosterId: $rosterId, version: $version, staffId: $staffId, date: $date) { version assignments }
}`
export interface AssignmentWhyData {
  cellExplanation: Pick<S.CellExplanation, 'version' | 'assignments'>
}

/** One rule that keeps someone from a change (`Reason` of the engine). */
export interface WhyReason {
  rule: string
  source: string | null
  message: string
}
/** Someone else considered for the shift (`Candidate`): blocked by rules, or possible at a cost. */
export interface WhyCandidate {
  staff: string
  blocked: boolean
  cost: number
  reasons: WhyReason[]
  text: string
}
/** `AssignmentWhy` of the engine: a person's shift on a day (index in the period). */
export interface AssignmentWhy {
  staff: string
  day: number
  shift: string
  text: string
  alternatives: WhyCandidate[]
}

const reasonsOf = (v: unknown): WhyReason[] =>
  (Array.isArray(v) ? v : []).map((raw) => {
    const r = record(raw)
    return { rule: String(r.rule ?? ''), source: typeof r.source === 'string' ? r.source : null, message: String(r.message ?? '') }
  })

export function readAssignmentWhys(json: unknown): AssignmentWhy[] {
  if (!Array.isArray(json)) return []
  return json.map((raw) => {
    const a = record(raw)
    return {
      staff: String(a.staff ?? ''),
      day: num(a.day),
      shift: String(a.shift ?? ''),
      text: String(a.text ?? ''),
      alternatives: (Array.isArray(a.alternatives) ? a.alternatives : []).map((c) => {
        const x = record(c)
        return {
          staff: String(x.staff ?? ''),
          blocked: x.blocked === true,
          cost: num(x.cost),
          reasons: reasonsOf(x.reasons),
          text: String(x.text ?? ''),
        }
      }),
    }
  })
}

/** One element of a conflicting set: a cover minimum, an absence or a hard rule. */
export interface ConflictItem {
  kind: 'cover_minimum' | 'absence' | 'rule' | string
  text: string
}
/** The engine's `Conflict`: a small set of needs, absences and rules that cannot hold together. */
export interface Conflict {
  irreducible: boolean
  items: ConflictItem[]
  text: string
}

export function readConflict(json: unknown): Conflict | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null
  const c = record(json)
  const items = (Array.isArray(c.items) ? c.items : []).map((raw) => {
    const i = record(raw)
    return { kind: String(record(i.element).kind ?? ''), text: String(i.text ?? '') }
  })
  return { irreducible: c.irreducible === true, items, text: String(c.text ?? '') }
}

/** The conflicting set of a version (null when its minima can all be covered). */
export const CONFLICT_QUERY = `query RosterConflict($rosterId: UUID!, $version: Int) {
  rosterExplanations(rosterId: $rosterId, version: $version) { version conflict }
}`
export interface ConflictData {
  rosterExplanations: { version: number; conflict: unknown }
}
