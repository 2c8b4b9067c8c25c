/** Requêtes de la vue d'ensemble du GHT (une racine par requête : voir planningApi). */
import type * as S from '../api/schema.generated.ts'
import type { Assignment, MaquetteDemand, RosterSummary } from '../planning/planningApi.ts'

export type Establishment = Pick<S.Establishment, 'id' | 'finess' | 'name'>
export type OverviewUnit = Pick<S.Unit, 'id' | 'code' | 'name' | 'establishmentId'>
export type OverviewStaff = Pick<S.StaffMember, 'id' | 'profession' | 'qualifications' | 'homeUnitId'>

export const ESTABLISHMENTS_QUERY = `query OverviewEstablishments { establishments(first: 100) { nodes { id finess name } } }`
export const OVERVIEW_UNITS_QUERY = `query OverviewUnits { units(first: 100) { nodes { id code name establishmentId } } }`
export const OVERVIEW_SHIFTS_QUERY = `query OverviewShiftTypes { shiftTypes { id } }`
export const OVERVIEW_MAQUETTE_QUERY = `query OverviewMaquette($unitId: UUID!) {
  maquette(unitId: $unitId) { dayType shiftTypeId qualification min target }
}`
export const OVERVIEW_STAFF_QUERY = `query OverviewStaff($unitId: UUID!) {
  staffMembers(unitId: $unitId, first: 100) { nodes { id profession qualifications homeUnitId } }
}`
export const OVERVIEW_ROSTERS_QUERY = `query OverviewRosters($unitId: UUID!) {
  rosters(unitId: $unitId, first: 50) { nodes { id periodStart periodEnd state currentVersion publishedVersion } }
}`
export const OVERVIEW_ROSTER_QUERY = `query OverviewRoster($id: UUID!) {
  roster(id: $id) { assignments { staffId date shiftTypeId } }
}`

export interface UnitOverviewData {
  maquette: MaquetteDemand[]
  staff: OverviewStaff[]
  rosters: { roster: RosterSummary; assignments: Assignment[] }[]
}

/** Pool use across sites, computed by the server over the rosters of the viewer's units. */
export type PoolUseLine = Pick<S.PoolUse, 'fromUnitId' | 'toUnitId' | 'crossSite' | 'people' | 'poolMembers' | 'shifts' | 'minutes'>
export const POOL_USE_QUERY = `query PoolUse($from: NaiveDate!, $to: NaiveDate!) {
  poolUse(from: $from, to: $to) { fromUnitId toUnitId crossSite people poolMembers shifts minutes }
}`
export interface PoolUseData {
  poolUse: PoolUseLine[]
}
