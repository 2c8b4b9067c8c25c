/**
 * Le planning médical dans la grille : qui est médecin (praticiens et internes), les
 * demi-journées d'une cellule, les gardes et astreintes, et l'état des équipes des séances
 * du programme opératoire (l'équipe est-elle complète dans le planning ?).
 */
import type { Assignment, JointRequirement, ShiftType, StaffMember, TheatreSession } from './planningApi.ts'

/**
 * Professions du personnel médical : praticiens (PH, PHC, PU-PH, MCU-PH, CCA), internes et
 * docteurs juniors (INT, DJ), chirurgiens et anesthésistes (CHIR, ANES, MAR).
 */
const MEDICAL_PROFESSIONS = new Set(['PH', 'PHC', 'PU-PH', 'MCU-PH', 'CCA', 'INT', 'DJ', 'CHIR', 'ANES', 'MAR'])

export function isMedical(person: Pick<StaffMember, 'profession'>): boolean {
  return MEDICAL_PROFESSIONS.has(person.profession.toUpperCase())
}

/** Répartit l'effectif en deux groupes de lignes, paramédical puis médical, dans l'ordre donné. */
export function staffGroups<T extends Pick<StaffMember, 'profession'>>(staff: T[]): { paramedical: T[]; medical: T[] } {
  return { paramedical: staff.filter((p) => !isMedical(p)), medical: staff.filter(isMedical) }
}

/** Marque visuelle (icône + texte) d'une activité : garde et astreinte ne se lisent pas qu'à la couleur. */
export const ACTIVITY_MARKS = {
  GARDE: { icon: '◆', word: 'garde', className: 'roster-cell--garde' },
  ASTREINTE: { icon: '☎', word: 'astreinte', className: 'roster-cell--astreinte' },
} as const

export function activityMark(shifts: Pick<ShiftType, 'activity'>[]) {
  if (shifts.some((s) => s.activity === 'GARDE')) return ACTIVITY_MARKS.GARDE
  if (shifts.some((s) => s.activity === 'ASTREINTE')) return ACTIVITY_MARKS.ASTREINTE
  return null
}

/** Début de l'après-midi : un poste en demi-journée qui commence après est celui de l'après-midi. */
const AFTERNOON_MINUTE = 12 * 60 + 30

/**
 * Les demi-journées d'une cellule, quand tous ses postes comptent pour une demi-journée
 * (`halfDays` = 1) : le poste du matin et celui de l'après-midi. `null` sinon (cellule entière).
 */
export function halfDayParts<S extends Pick<ShiftType, 'halfDays' | 'startMinute'>>(
  shifts: S[],
): { morning: S | null; afternoon: S | null } | null {
  if (shifts.length === 0 || !shifts.every((s) => s.halfDays === 1)) return null
  return {
    morning: shifts.find((s) => s.startMinute < AFTERNOON_MINUTE) ?? null,
    afternoon: shifts.find((s) => s.startMinute >= AFTERNOON_MINUTE) ?? null,
  }
}

/** Nom français du rôle d'un poste d'équipe, d'après la qualification qu'il demande. */
const ROLE_NAMES: Record<string, string> = {
  CHIR: 'chirurgien',
  ANES: 'anesthésiste',
  MAR: 'anesthésiste',
  IADE: 'IADE',
  IBODE: 'IBODE',
  PH: 'praticien',
  INT: 'interne',
  IDE: 'IDE',
  AS: 'aide-soignant',
}

export function roleName(shift: Pick<ShiftType, 'code' | 'qualifications'> | undefined): string {
  if (!shift) return 'poste inconnu'
  const q = shift.qualifications[0]
  return (q && ROLE_NAMES[q.toUpperCase()]) || shift.code
}

export interface TeamMember {
  shiftTypeId: string
  role: string
  filled: boolean
}

export interface SessionStatus {
  session: TheatreSession
  team: TeamMember[]
  complete: boolean
  /** Exigences conjointes de l'unité qui portent sur les postes de cette équipe ce jour-là. */
  requirements: JointRequirement[]
}

/** Lundi = 0, comme les `weekdays` des exigences conjointes. */
function weekdayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7
}

export function requirementApplies(r: JointRequirement, date: string): boolean {
  if (date < r.effectiveFrom || (r.effectiveTo !== null && date > r.effectiveTo)) return false
  return r.weekdays.length === 0 || r.weekdays.includes(weekdayOf(date))
}

/**
 * L'équipe de chaque séance tenue par le planning. Les séances d'un même jour partagent les
 * mêmes postes d'équipe : le n-ième agent posé sur un poste va à la n-ième séance (par salle).
 * Une séance est complète quand chaque poste de son équipe a son agent.
 */
export function sessionStatuses(
  sessions: TheatreSession[],
  assignments: Assignment[],
  shiftTypes: Pick<ShiftType, 'id' | 'code' | 'qualifications'>[],
  requirements: JointRequirement[],
): SessionStatus[] {
  const shiftById = new Map(shiftTypes.map((s) => [s.id, s]))
  const count = new Map<string, number>()
  for (const a of assignments) count.set(`${a.date}|${a.shiftTypeId}`, (count.get(`${a.date}|${a.shiftTypeId}`) ?? 0) + 1)
  const used = new Map<string, number>()
  const ordered = [...sessions].sort((a, b) => a.date.localeCompare(b.date) || a.room.localeCompare(b.room, 'fr', { numeric: true }))
  return ordered.map((session) => {
    const team = session.teamShiftTypeIds.map((shiftTypeId) => {
      const key = `${session.date}|${shiftTypeId}`
      const taken = used.get(key) ?? 0
      const filled = taken < (count.get(key) ?? 0)
      if (filled) used.set(key, taken + 1)
      return { shiftTypeId, role: roleName(shiftById.get(shiftTypeId)), filled }
    })
    return {
      session,
      team,
      complete: team.length > 0 && team.every((m) => m.filled),
      requirements: requirements.filter(
        (r) => r.unitId === session.unitId && requirementApplies(r, session.date) && r.shiftTypeIds.some((id) => session.teamShiftTypeIds.includes(id)),
      ),
    }
  })
}

export const JOINT_KIND_LABELS: Record<JointRequirement['kind'], string> = {
  ALL_OR_NONE: 'tout ou rien',
  AT_LEAST: 'au moins',
}

/** « équipe de bloc (tout ou rien) » : une exigence conjointe en une ligne. */
export function requirementText(r: Pick<JointRequirement, 'label' | 'kind' | 'count'>): string {
  return r.kind === 'AT_LEAST' ? `${r.label} (au moins ${r.count})` : `${r.label} (tout ou rien)`
}

/** Texte complet d'une séance dans la grille : équipe, état et exigence conjointe. */
export function sessionText(status: SessionStatus): string {
  const team = status.team.map((m) => `${m.role} ${m.filled ? 'présent' : 'manquant'}`).join(', ')
  const state = status.complete ? 'équipe complète' : 'équipe incomplète'
  // The session itself is a joint requirement: its whole team works together, or it is not held.
  const carried = [`équipe de la séance (tout ou rien)`, ...status.requirements.map(requirementText)].join(' ; ')
  return `Séance ${status.session.room} : ${state} (${team}). Exigence conjointe : ${carried}.`
}
