/**
 * Requêtes de « Saisie des compteurs » : le réalisé (temps travaillé et heures supplémentaires),
 * les congés pris et le solde du compte épargne-temps d'un agent sur une période, et les
 * compteurs déjà enregistrés qui la recouvrent. Types pris dans les types générés.
 */
import type * as S from '../api/schema.generated.ts'

export type RecordedCounter = Pick<
  S.StaffCounter,
  | 'id'
  | 'periodStart'
  | 'periodEnd'
  | 'plannedMinutes'
  | 'workedMinutes'
  | 'overtimeMinutes'
  | 'leaveDaysTaken'
  | 'cetDaysBalance'
  | 'cetRecorded'
  | 'source'
>
const COUNTER_FIELDS = 'id periodStart periodEnd plannedMinutes workedMinutes overtimeMinutes leaveDaysTaken cetDaysBalance cetRecorded source'

export const RECORDED_COUNTERS_QUERY = `query RecordedCounters($staffId: UUID!, $from: NaiveDate!, $to: NaiveDate!) {
  recordedCounters(staffId: $staffId, from: $from, to: $to) { ${COUNTER_FIELDS} }
}`
export interface RecordedCountersData {
  recordedCounters: RecordedCounter[]
}

export const RECORD_WORKED_TIME_MUTATION = `mutation RecordWorkedTime($staffId: UUID!, $periodStart: NaiveDate!, $periodEnd: NaiveDate!, $workedMinutes: Int!, $overtimeMinutes: Int!) {
  recordWorkedTime(staffId: $staffId, periodStart: $periodStart, periodEnd: $periodEnd, workedMinutes: $workedMinutes, overtimeMinutes: $overtimeMinutes) { ${COUNTER_FIELDS} }
}`
export type RecordWorkedTimeVariables = S.MutationRootRecordWorkedTimeArgs

export const RECORD_LEAVE_TAKEN_MUTATION = `mutation RecordLeaveTaken($staffId: UUID!, $periodStart: NaiveDate!, $periodEnd: NaiveDate!, $leaveDaysTaken: Int!) {
  recordLeaveTaken(staffId: $staffId, periodStart: $periodStart, periodEnd: $periodEnd, leaveDaysTaken: $leaveDaysTaken) { ${COUNTER_FIELDS} }
}`
export type RecordLeaveTakenVariables = S.MutationRootRecordLeaveTakenArgs

export const SET_CET_BALANCE_MUTATION = `mutation SetCetBalance($staffId: UUID!, $periodStart: NaiveDate!, $periodEnd: NaiveDate!, $cetDaysBalance: Int!) {
  setCetBalance(staffId: $staffId, periodStart: $periodStart, periodEnd: $periodEnd, cetDaysBalance: $cetDaysBalance) { ${COUNTER_FIELDS} }
}`
export type SetCetBalanceVariables = S.MutationRootSetCetBalanceArgs

/** Source d'un compteur, en français. */
export const COUNTER_SOURCE_LABELS: Record<string, string> = {
  published: 'planning publié',
  realised: 'réalisé saisi',
  manual: 'saisie manuelle',
}

/**
 * Une durée saisie en heures : « 151 », « 151,5 », « 151.5 », « 151:30 » ou « 151h30 ».
 * Renvoie des minutes, ou null si le texte n'en est pas une.
 */
export function parseHours(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '')
  const hm = /^(\d{1,4})(?::|h)(\d{1,2})?$/.exec(t)
  if (hm) {
    const minutes = Number(hm[2] ?? '0')
    return minutes < 60 ? Number(hm[1]) * 60 + minutes : null
  }
  if (/^\d{1,4}([.,]\d{1,2})?$/.test(t)) return Math.round(Number(t.replace(',', '.')) * 60)
  return null
}

/** Des minutes écrites en heures : « 151 h 30 », « 7 h », « 0 h 45 ». */
export function hoursText(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`
}
