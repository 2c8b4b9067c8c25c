/** Données de test du planning (unité de quatre agents, trois postes, une semaine). */
import type {
  Absence,
  Assignment,
  JointRequirement,
  MaquetteDemand,
  RuleViolation,
  ShiftType,
  StaffMember,
  TheatreSession,
} from './planningApi.ts'

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

/** Planning médical : demi-journées, garde, astreinte et équipe de bloc. */
export const MEDICAL_SHIFTS: ShiftType[] = [
  { id: 'am', code: 'AM', label: 'Demi-journée du matin', startMinute: 510, durationMinutes: 270, isNight: false, qualifications: ['PH'], activity: 'WORK', halfDays: 1 },
  { id: 'pm', code: 'PM', label: 'Demi-journée de l’après-midi', startMinute: 810, durationMinutes: 270, isNight: false, qualifications: ['PH'], activity: 'WORK', halfDays: 1 },
  { id: 'g', code: 'G', label: 'Garde de sénior', startMinute: 1110, durationMinutes: 840, isNight: true, qualifications: ['PH'], activity: 'GARDE', halfDays: 2 },
  { id: 'a', code: 'A', label: 'Astreinte de sénior', startMinute: 1110, durationMinutes: 840, isNight: true, qualifications: ['PH'], activity: 'ASTREINTE', halfDays: null },
  { id: 'sc', code: 'SEANCE-CHIR', label: 'Séance opératoire (chirurgien)', startMinute: 510, durationMinutes: 600, isNight: false, qualifications: ['CHIR'], activity: 'WORK', halfDays: 2 },
  { id: 'sa', code: 'SEANCE-ANES', label: 'Séance opératoire (anesthésiste)', startMinute: 510, durationMinutes: 600, isNight: false, qualifications: ['ANES'], activity: 'WORK', halfDays: 2 },
  { id: 'ji', code: 'J10-IADE', label: 'Journée de bloc 10 h (IADE)', startMinute: 480, durationMinutes: 600, isNight: false, qualifications: ['IADE'], activity: 'WORK', halfDays: null },
  { id: 'jb', code: 'J10-IBODE', label: 'Journée de bloc 10 h (IBODE)', startMinute: 480, durationMinutes: 600, isNight: false, qualifications: ['IBODE'], activity: 'WORK', halfDays: null },
]

export const DOCTORS: StaffMember[] = [
  { id: 'ph1', firstName: 'Paul', lastName: 'Bernard', profession: 'PH', qualifications: [], quotite: 100 },
  { id: 'int1', firstName: 'Inès', lastName: 'Roux', profession: 'INT', qualifications: [], quotite: 100 },
]

export const MEDICAL_ASSIGNMENTS: Assignment[] = [
  { staffId: 'ph1', date: '2026-12-01', shiftTypeId: 'g' },
  { staffId: 'ph1', date: '2026-12-03', shiftTypeId: 'am' },
  { staffId: 'ph1', date: '2026-12-03', shiftTypeId: 'pm' },
  { staffId: 'int1', date: '2026-12-02', shiftTypeId: 'pm' },
  { staffId: 'int1', date: '2026-12-04', shiftTypeId: 'a' },
]

const TEAM = ['sc', 'sa', 'ji', 'jb']
export const SESSIONS: TheatreSession[] = [
  { id: 's1', unitId: 'u-bloc', room: 'Salle 1', date: '2026-12-01', teamShiftTypeIds: TEAM, weight: 500 },
  { id: 's2', unitId: 'u-bloc', room: 'Salle 2', date: '2026-12-01', teamShiftTypeIds: TEAM, weight: 500 },
]

/** Le 1er : une équipe entière et un second chirurgien, donc la salle 2 n'a que lui. */
export const TEAM_ASSIGNMENTS: Assignment[] = [
  { staffId: 'c1', date: '2026-12-01', shiftTypeId: 'sc' },
  { staffId: 'c2', date: '2026-12-01', shiftTypeId: 'sc' },
  { staffId: 'a1', date: '2026-12-01', shiftTypeId: 'sa' },
  { staffId: 'i1', date: '2026-12-01', shiftTypeId: 'ji' },
  { staffId: 'b1', date: '2026-12-01', shiftTypeId: 'jb' },
]

export const REQUIREMENTS: JointRequirement[] = [
  {
    id: 'jr1',
    unitId: 'u-bloc',
    kind: 'ALL_OR_NONE',
    shiftTypeIds: TEAM,
    weekdays: [],
    count: 2,
    weight: 500,
    label: 'équipe de bloc',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  },
  {
    id: 'jr2',
    unitId: 'u-bloc',
    kind: 'AT_LEAST',
    shiftTypeIds: ['g'],
    weekdays: [5, 6],
    count: 1,
    weight: 0,
    label: 'garde du week-end',
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
  },
]
