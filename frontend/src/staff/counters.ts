/**
 * « Mes compteurs » : ce que l'agent a de planifié sur un mois (heures, nuits, week-ends)
 * face à ce qu'il doit, calculé dans le navigateur à partir de ses postes publiés.
 */
import { addDays, dayType, daysBetween, weekday } from '../planning/calendar.ts'

export interface CounterShift {
  date: string
  shiftTypeId: string
}
export interface CounterShiftType {
  id: string
  durationMinutes: number
  isNight: boolean
}

export interface Counters {
  plannedMinutes: number
  /** `null` quand la quotité n'est pas connue. */
  dueMinutes: number | null
  nights: number
  /** Samedis ou dimanches travaillés, comptés par week-end. */
  weekends: number
  /** Dimanches et fériés (fixes) travaillés. */
  sundaysAndHolidays: number
  /** Jours ouvrés (lundi–vendredi hors fériés fixes) du mois, base des heures dues. */
  workingDays: number
}

/** Premier et dernier jour du mois de `date`. */
export function monthBounds(date: string): { from: string; to: string } {
  const from = `${date.slice(0, 7)}-01`
  const next = addDays(from, 32)
  return { from, to: addDays(`${next.slice(0, 7)}-01`, -1) }
}

/**
 * Heures dues : la durée hebdomadaire de référence / 5 par jour ouvré du mois, à la quotité
 * de l'agent. Les congés et absences ne sont pas déduits (l'API ne les donne pas à l'agent).
 */
export function computeCounters(
  shifts: CounterShift[],
  types: CounterShiftType[],
  month: { from: string; to: string },
  quotite: number | null,
  weeklyReferenceMinutes: number,
): Counters {
  const inMonth = shifts.filter((s) => s.date >= month.from && s.date <= month.to)
  const typeOf = (id: string) => types.find((t) => t.id === id)
  const workingDays = daysBetween(month.from, month.to).filter((d) => dayType(d) === 'WEEKDAY').length
  const weekendKeys = new Set<string>()
  const sundays = new Set<string>()
  let plannedMinutes = 0
  let nights = 0
  for (const s of inMonth) {
    const type = typeOf(s.shiftTypeId)
    plannedMinutes += type?.durationMinutes ?? 0
    if (type?.isNight) nights += 1
    const day = weekday(s.date)
    // A weekend is named by its Saturday.
    if (day === 6) weekendKeys.add(s.date)
    if (day === 0) weekendKeys.add(addDays(s.date, -1))
    if (dayType(s.date) === 'SUNDAY_HOLIDAY') sundays.add(s.date)
  }
  return {
    plannedMinutes,
    dueMinutes: quotite === null ? null : Math.round(((weeklyReferenceMinutes / 5) * workingDays * quotite) / 100),
    nights,
    weekends: weekendKeys.size,
    sundaysAndHolidays: sundays.size,
    workingDays,
  }
}

/** « 151 h 40 » ; signe explicite pour un écart. */
export function hoursText(minutes: number, signed = false): string {
  const sign = minutes < 0 ? '−' : signed && minutes > 0 ? '+' : ''
  const abs = Math.abs(minutes)
  return `${sign}${Math.floor(abs / 60)} h ${String(abs % 60).padStart(2, '0')}`
}
