/** Requêtes des écrans de l'agent (types dérivés du schéma généré). */
import type * as S from '../api/schema.generated.ts'

export type MyShift = S.Assignment
export type ShiftType = Pick<S.ShiftType, 'id' | 'code' | 'label' | 'startMinute' | 'durationMinutes'>
export type Wish = Pick<S.Desiderata, 'id' | 'date' | 'shiftTypeId' | 'kind'>
export type Notification = Pick<S.RosterNotification, 'id' | 'version' | 'date' | 'reasonCode' | 'createdAt'>

export const MY_PLANNING_QUERY = `query MyPlanning($from: NaiveDate!, $to: NaiveDate!) {
  shiftTypes { id code label startMinute durationMinutes }
  myShifts(from: $from, to: $to) { staffId date shiftTypeId }
  myDesiderata(first: 100) { nodes { id date shiftTypeId kind } }
  myNotifications(first: 20) { nodes { id version date reasonCode createdAt } }
}`
export interface MyPlanningData {
  shiftTypes: ShiftType[]
  myShifts: MyShift[]
  myDesiderata: { nodes: Wish[] }
  myNotifications: { nodes: Notification[] }
}

export const SUBMIT_WISH_MUTATION = `mutation SubmitWish($date: NaiveDate!, $shiftTypeId: UUID, $kind: WishKind!) {
  submitDesiderata(date: $date, shiftTypeId: $shiftTypeId, kind: $kind) { id date shiftTypeId kind }
}`
export type SubmitWishVariables = S.MutationRootSubmitDesiderataArgs

export const DELETE_WISH_MUTATION = `mutation DeleteWish($id: UUID!) { deleteDesiderata(id: $id) }`
