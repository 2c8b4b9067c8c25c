/** Requêtes de l'écran « Programme du bloc » : séances par salle et jour, exigences conjointes. */
import type * as S from '../api/schema.generated.ts'
import { JOINT_REQUIREMENT_FIELDS, THEATRE_SESSION_FIELDS, type JointRequirement, type TheatreSession } from '../planning/planningApi.ts'

export { JOINT_REQUIREMENTS_QUERY, THEATRE_PROGRAMME_QUERY } from '../planning/planningApi.ts'
export type { JointRequirement, JointRequirementsData, TheatreProgrammeData, TheatreSession } from '../planning/planningApi.ts'

export const SET_THEATRE_SESSION_MUTATION = `mutation SetTheatreSession($unitId: UUID!, $room: String!, $date: NaiveDate!, $teamShiftTypeIds: [UUID!]!, $weight: Int) {
  setTheatreSession(unitId: $unitId, room: $room, date: $date, teamShiftTypeIds: $teamShiftTypeIds, weight: $weight) { ${THEATRE_SESSION_FIELDS} }
}`
export type SetTheatreSessionVariables = S.MutationRootSetTheatreSessionArgs
export interface SetTheatreSessionData {
  setTheatreSession: TheatreSession
}

export const DELETE_THEATRE_SESSION_MUTATION = `mutation DeleteTheatreSession($id: UUID!) { deleteTheatreSession(id: $id) }`

export const CREATE_JOINT_REQUIREMENT_MUTATION = `mutation CreateJointRequirement($unitId: UUID!, $kind: JointKind!, $shiftTypeIds: [UUID!]!, $weekdays: [Int!]!, $count: Int!, $weight: Int!, $label: String!, $effectiveFrom: NaiveDate!, $effectiveTo: NaiveDate) {
  createJointRequirement(unitId: $unitId, kind: $kind, shiftTypeIds: $shiftTypeIds, weekdays: $weekdays, count: $count, weight: $weight, label: $label, effectiveFrom: $effectiveFrom, effectiveTo: $effectiveTo) { ${JOINT_REQUIREMENT_FIELDS} }
}`
export type CreateJointRequirementVariables = S.MutationRootCreateJointRequirementArgs
export interface CreateJointRequirementData {
  createJointRequirement: JointRequirement
}

export const DELETE_JOINT_REQUIREMENT_MUTATION = `mutation DeleteJointRequirement($id: UUID!) { deleteJointRequirement(id: $id) }`

/** Jours de la semaine des exigences conjointes (0 = lundi). */
export const WEEKDAY_LABELS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']
