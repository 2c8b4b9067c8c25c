/**
 * Requêtes des écrans de paramétrage (agents, types de poste, maquettes), types pris dans
 * les types générés depuis le schéma.
 */
import type * as S from '../api/schema.generated.ts'

export type SetupUnit = Pick<S.Unit, 'id' | 'code' | 'name' | 'establishmentId'>
export type StaffRow = Pick<
  S.StaffMember,
  'id' | 'firstName' | 'lastName' | 'email' | 'phone' | 'profession' | 'qualifications' | 'quotite' | 'homeUnitId' | 'pool'
>
export type StaffMemberInput = Pick<
  S.StaffMemberInput,
  'firstName' | 'lastName' | 'email' | 'phone' | 'profession' | 'qualifications' | 'quotite' | 'homeUnitId' | 'pool'
>
export type ShiftTypeRow = Pick<
  S.ShiftType,
  'id' | 'code' | 'label' | 'startMinute' | 'durationMinutes' | 'isNight' | 'qualifications' | 'activity' | 'halfDays' | 'breakMinutes'
>
export type ShiftTypeInput = S.ShiftTypeInput
export type Demand = Pick<S.MaquetteDemand, 'dayType' | 'shiftTypeId' | 'qualification' | 'min' | 'target'>
export type DayType = S.DayType

export const SETUP_UNITS_QUERY = `query SetupUnits { units(first: 100) { nodes { id code name establishmentId } } }`
export interface SetupUnitsData {
  units: { nodes: SetupUnit[] }
}

const STAFF_FIELDS = 'id firstName lastName email phone profession qualifications quotite homeUnitId pool'

export const STAFF_PAGE_SIZE = 15
export const STAFF_LIST_QUERY = `query StaffList($unitId: UUID, $lastName: String, $first: Int, $after: String) {
  staffMembers(unitId: $unitId, lastName: $lastName, first: $first, after: $after) {
    nodes { ${STAFF_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`
export interface StaffListData {
  staffMembers: { nodes: StaffRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
}

export const CREATE_STAFF_MUTATION = `mutation CreateStaff($input: StaffMemberInput!) {
  createStaffMember(input: $input) { ${STAFF_FIELDS} }
}`
export const UPDATE_STAFF_MUTATION = `mutation UpdateStaff($id: UUID!, $input: StaffMemberInput!) {
  updateStaffMember(id: $id, input: $input) { ${STAFF_FIELDS} }
}`

const SHIFT_FIELDS = 'id code label startMinute durationMinutes isNight qualifications activity halfDays breakMinutes'
export const SETUP_SHIFT_TYPES_QUERY = `query SetupShiftTypes { shiftTypes { ${SHIFT_FIELDS} } }`
export interface SetupShiftTypesData {
  shiftTypes: ShiftTypeRow[]
}
export const CREATE_SHIFT_TYPE_MUTATION = `mutation CreateShiftType($input: ShiftTypeInput!) {
  createShiftType(input: $input) { ${SHIFT_FIELDS} }
}`
export const UPDATE_SHIFT_TYPE_MUTATION = `mutation UpdateShiftType($id: UUID!, $input: ShiftTypeInput!) {
  updateShiftType(id: $id, input: $input) { ${SHIFT_FIELDS} }
}`

export const SETUP_MAQUETTE_QUERY = `query SetupMaquette($unitId: UUID!) {
  maquette(unitId: $unitId) { dayType shiftTypeId qualification min target }
}`
export interface SetupMaquetteData {
  maquette: Demand[]
}
export const SET_DEMAND_MUTATION = `mutation SetMaquetteDemand($input: MaquetteDemandInput!) {
  setMaquetteDemand(input: $input) { dayType shiftTypeId qualification min target }
}`

export const DAY_TYPES: { value: DayType; label: string }[] = [
  { value: 'WEEKDAY', label: 'Semaine' },
  { value: 'SATURDAY', label: 'Samedi' },
  { value: 'SUNDAY_HOLIDAY', label: 'Dimanche et férié' },
]

export type ImportFormat = S.ImportFormat
export type ImportRowError = Pick<S.ImportRowError, 'row' | 'column' | 'message'>
export const IMPORT_STAFF_MUTATION = `mutation ImportStaff($format: ImportFormat!, $content: String!) {
  importStaffMembers(format: $format, content: $content) { imported staffIds errors { row column message } }
}`
export interface ImportStaffData {
  importStaffMembers: Pick<S.StaffImportReport, 'imported' | 'staffIds'> & { errors: ImportRowError[] }
}

export type SetupEstablishment = Pick<S.Establishment, 'id' | 'finess' | 'name'>
export const SETUP_ESTABLISHMENTS_QUERY = `query SetupEstablishments { establishments(first: 100) { nodes { id finess name } } }`
export interface SetupEstablishmentsData {
  establishments: { nodes: SetupEstablishment[] }
}
