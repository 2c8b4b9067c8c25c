/** Dates `AAAA-MM-JJ` du planning (calendrier civil, sans fuseau horaire). */
import type { DayType } from './planningApi.ts'

const WEEKDAYS_SHORT = ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.']
const WEEKDAYS_LONG = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi']
const MONTHS = [
  'janvier', 'février', 'mars', 'avril', 'mai', 'juin',
  'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre',
]

function toUtc(date: string): Date {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}

function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function addDays(date: string, days: number): string {
  const d = toUtc(date)
  d.setUTCDate(d.getUTCDate() + days)
  return fromUtc(d)
}

/** Jours de `from` à `to` inclus. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day)
  return days
}

export function weekday(date: string): number {
  return toUtc(date).getUTCDay()
}

/** Fêtes légales fixes (les fêtes mobiles ne sont pas encore comptées). */
const FIXED_HOLIDAYS = ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25']

export function dayType(date: string): DayType {
  const day = weekday(date)
  if (day === 0 || FIXED_HOLIDAYS.includes(date.slice(5))) return 'SUNDAY_HOLIDAY'
  if (day === 6) return 'SATURDAY'
  return 'WEEKDAY'
}

export function isWeekend(date: string): boolean {
  return dayType(date) !== 'WEEKDAY'
}

/** « lun. 3 » */
export function shortDay(date: string): { weekday: string; day: number } {
  return { weekday: WEEKDAYS_SHORT[weekday(date)], day: Number(date.slice(8, 10)) }
}

/** « lundi 3 décembre 2026 » */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  return `${WEEKDAYS_LONG[weekday(date)]} ${d} ${MONTHS[m - 1]} ${y}`
}

/** « décembre 2026 » */
export function monthLabel(date: string): string {
  const [y, m] = date.split('-').map(Number)
  return `${MONTHS[m - 1]} ${y}`
}

/** Semaines (lundi → dimanche) coupées aux bornes de la période. */
export function weeksOf(days: string[]): string[][] {
  const weeks: string[][] = []
  for (const day of days) {
    if (weeks.length === 0 || weekday(day) === 1) weeks.push([])
    weeks[weeks.length - 1].push(day)
  }
  return weeks
}

/** Date du jour, heure locale. */
export function today(): string {
  const now = new Date()
  return fromUtc(new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())))
}

export function minutesToTime(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}h${String(m % 60).padStart(2, '0')}`
}
