/** Requêtes des écrans de l'agent (types dérivés du schéma généré). */
import type * as S from '../api/schema.generated.ts'

export type MyShift = S.Assignment
export type ShiftType = Pick<S.ShiftType, 'id' | 'code' | 'label' | 'startMinute' | 'durationMinutes' | 'isNight'>
export type Wish = Pick<S.Desiderata, 'id' | 'staffId' | 'date' | 'shiftTypeId' | 'kind'>
export type Notification = Pick<S.RosterNotification, 'id' | 'version' | 'date' | 'reasonCode' | 'createdAt'>

// One root field per request (see planning/planningApi.ts: concurrent root fields and SQLite).
export const MY_SHIFT_TYPES_QUERY = `query ShiftTypes { shiftTypes { id code label startMinute durationMinutes isNight } }`
export const MY_SHIFTS_QUERY = `query MyShifts($from: NaiveDate!, $to: NaiveDate!) {
  myShifts(from: $from, to: $to) { staffId date shiftTypeId }
}`
export const MY_WISHES_QUERY = `query MyWishes { myDesiderata(first: 100) { nodes { id staffId date shiftTypeId kind } } }`
export const MY_NOTIFICATIONS_QUERY = `query MyNotifications {
  myNotifications(first: 20) { nodes { id version date reasonCode createdAt } }
}`
export interface MyPlanningData {
  shiftTypes: ShiftType[]
  myShifts: MyShift[]
  myDesiderata: { nodes: Wish[] }
  myNotifications: { nodes: Notification[] }
  /** `me.staffId` : la fiche d'agent du compte. */
  staffId: string | null
}

export const SUBMIT_WISH_MUTATION = `mutation SubmitWish($date: NaiveDate!, $shiftTypeId: UUID, $kind: WishKind!) {
  submitDesiderata(date: $date, shiftTypeId: $shiftTypeId, kind: $kind) { id date shiftTypeId kind }
}`
export type SubmitWishVariables = S.MutationRootSubmitDesiderataArgs

export const DELETE_WISH_MUTATION = `mutation DeleteWish($id: UUID!) { deleteDesiderata(id: $id) }`

/** La fiche d'agent du compte connecté (nulle pour un compte sans fiche). */
export const MY_STAFF_QUERY = `query MyStaff { me { userId staffId homeUnitId } }`
export interface MyStaffData {
  me: Pick<S.Me, 'userId' | 'staffId' | 'homeUnitId'>
}
export type StaffCounters = S.StaffCounters
export const STAFF_COUNTERS_QUERY = `query StaffCounters($staffId: UUID!, $from: NaiveDate!, $to: NaiveDate!) {
  staffCounters(staffId: $staffId, from: $from, to: $to) {
    staffId from to quotite weeklyReferenceMinutes plannedMinutes dueMinutes workingDays absenceDays
    shifts nights weekends sundaysAndHolidays holidays
    workedMinutes overtimeMinutes leaveDaysTaken cetDaysBalance
  }
}`
export interface StaffCountersData {
  staffCounters: StaffCounters
}
export const MY_CALENDAR_QUERY = `query MyCalendar($staffId: UUID!, $from: NaiveDate!, $to: NaiveDate!) {
  staffCalendar(staffId: $staffId, from: $from, to: $to)
}`
export type MyCalendarVariables = S.QueryRootStaffCalendarArgs

/** « Pourquoi moi ? » : les postes publiés d'un jour, avec les collègues comptés par règle. */
export type MyShiftExplanation = Pick<
  S.MyShiftExplanation,
  'date' | 'shiftTypeId' | 'othersPossible' | 'othersBlocked' | 'text'
> & { blockedBy: Pick<S.BlockingRule, 'rule' | 'label' | 'source' | 'colleagues'>[] }
export const MY_SHIFT_EXPLANATIONS_QUERY = `query MyShiftExplanations($date: NaiveDate!) {
  myShiftExplanations(date: $date) { date shiftTypeId othersPossible othersBlocked blockedBy { rule label source colleagues } text }
}`
export interface MyShiftExplanationsData {
  myShiftExplanations: MyShiftExplanation[]
}
