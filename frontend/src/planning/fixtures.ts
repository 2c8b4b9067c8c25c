/** Données de test du planning (unité de quatre agents, trois postes, une semaine). */
import type { Absence, Assignment, MaquetteDemand, RuleViolation, ShiftType, StaffMember } from './planningApi.ts'

export const SHIFTS: ShiftType[] = [
  { id: 'm', code: 'M', label: 'Matin', startMinute: 405, durationMinutes: 450, isNight: false, qualifications: [], activity: 'WORK', halfDays: null },
  { id: 's', code: 'S', label: 'Soir', startMinute: 810, durationMinutes: 450, isNight: false, qualifications: [], activity: 'WORK', halfDays: null },
  { id: 'n', code: 'N', label: 'Nuit', startMinute: 1260, durationMinutes: 600, isNight: true, qualifications: [], activity: 'WORK', halfDays: null },
]

export const STAFF: StaffMember[] = [
  { id: 'a', firstName: 'Alice', lastName: 'Martin', profession: 'IDE', qualifications: [], quotite: 100 },
  { id: 'b', firstName: 'Bruno', lastName: 'Durand', profession: 'IDE', qualifications: [], quotite: 80 },
  { id: 'c', firstName: 'Chloé', lastName: 'Petit', profession: 'AS', qualifications: [], quotite: 100 },
  { id: 'd', firstName: 'David', lastName: 'Moreau', profession: 'AS', qualifications: ['IDE'], quotite: 100 },
]

/** Du mardi 1er au lundi 7 décembre 2026 (le 5 est un samedi, le 6 un dimanche). */
export const DAYS = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07']

export const MAQUETTE: MaquetteDemand[] = [
  { dayType: 'WEEKDAY', shiftTypeId: 'm', qualification: 'IDE', min: 2, target: 2 },
  { dayType: 'SATURDAY', shiftTypeId: 'm', qualification: 'IDE', min: 1, target: 1 },
  { dayType: 'SUNDAY_HOLIDAY', shiftTypeId: 'm', qualification: 'IDE', min: 1, target: 1 },
  { dayType: 'WEEKDAY', shiftTypeId: 'n', qualification: null, min: 1, target: 1 },
]

export const ASSIGNMENTS: Assignment[] = [
  { staffId: 'a', date: '2026-12-01', shiftTypeId: 'm' },
  { staffId: 'b', date: '2026-12-01', shiftTypeId: 'm' },
  { staffId: 'c', date: '2026-12-01', shiftTypeId: 'n' },
  { staffId: 'a', date: '2026-12-02', shiftTypeId: 'm' },
  { staffId: 'c', date: '2026-12-02', shiftTypeId: 'm' },
  { staffId: 'd', date: '2026-12-05', shiftTypeId: 'm' },
]

export const ABSENCES: Absence[] = [
  { id: 'abs1', staffId: 'b', startDate: '2026-12-02', endDate: '2026-12-03', category: 'LEAVE' },
]

export const VIOLATIONS: RuleViolation[] = [
  {
    rule: 'forbidden_successions',
    hard: true,
    staffId: 'c',
    dates: ['2026-12-01', '2026-12-02'],
    message: 'poste M le jour 1 (2026-12-02) après un poste N la veille : enchaînement interdit',
    cost: 0,
    fingerprint: 'f1',
    override: null,
  },
]
