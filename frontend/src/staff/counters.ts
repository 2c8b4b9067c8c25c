/**
 * « Mes compteurs » : le mois affiché et l'écriture des durées. Les compteurs eux-mêmes
 * (heures planifiées, heures dues selon les paramètres de l'unité, la quotité et les absences)
 * sont calculés par le serveur (`staffCounters`).
 */
import { addDays } from '../planning/calendar.ts'

/** Premier et dernier jour du mois de `date`. */
export function monthBounds(date: string): { from: string; to: string } {
  const from = `${date.slice(0, 7)}-01`
  const next = addDays(from, 32)
  return { from, to: addDays(`${next.slice(0, 7)}-01`, -1) }
}

/** « 151 h 40 » ; signe explicite pour un écart. */
export function hoursText(minutes: number, signed = false): string {
  const sign = minutes < 0 ? '−' : signed && minutes > 0 ? '+' : ''
  const abs = Math.abs(minutes)
  return `${sign}${Math.floor(abs / 60)} h ${String(abs % 60).padStart(2, '0')}`
}
