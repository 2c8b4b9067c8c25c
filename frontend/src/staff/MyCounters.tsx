/**
 * « Mes compteurs » (agent) : pour un mois, heures planifiées face aux heures dues, nuits et
 * week-ends travaillés ; et le téléchargement de « mon planning » au format iCalendar.
 */
import { useEffect, useId, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { addDays, monthLabel, today } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import { downloadText } from '../audit/accessLogExport.ts'
import { computeCounters, hoursText, monthBounds, type Counters } from './counters.ts'
import {
  MY_CALENDAR_QUERY,
  MY_QUOTITE_QUERY,
  MY_SHIFTS_QUERY,
  WEEKLY_REFERENCE_QUERY,
  type MyCalendarVariables,
  type MyPlanningData,
  type MyQuotiteData,
  type ShiftType,
  type WeeklyReferenceData,
} from './myPlanningApi.ts'

const DEFAULT_WEEKLY_MINUTES = 35 * 60

type Loaded = { counters: Counters; quotite: number | null; weeklyMinutes: number }

export function MyCounters({ shiftTypes, staffIdHint }: { shiftTypes: ShiftType[]; staffIdHint: string | null }) {
  const manager = useSessionManager()
  const id = useId()
  const [month, setMonth] = useState(() => monthBounds(today()))
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [staffId, setStaffId] = useState<string | null>(staffIdHint)
  const [error, setError] = useState<string | null>(null)
  const [download, setDownload] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    let live = true
    setLoaded(null)
    ;(async () => {
      const { myShifts } = await manager.request<Pick<MyPlanningData, 'myShifts'>>(MY_SHIFTS_QUERY, month)
      const who = myShifts[0]?.staffId ?? staffIdHint
      let quotite: number | null = null
      if (who) {
        const { staffMember } = await manager.request<MyQuotiteData>(MY_QUOTITE_QUERY, { id: who })
        quotite = staffMember.quotite
      }
      const { ruleParameterCatalogue } = await manager.request<WeeklyReferenceData>(WEEKLY_REFERENCE_QUERY)
      const weekly = Number(ruleParameterCatalogue.find((p) => p.key === 'weekly_reference_minutes')?.defaultValue)
      const weeklyMinutes = Number.isFinite(weekly) && weekly > 0 ? weekly : DEFAULT_WEEKLY_MINUTES
      return { who, loaded: { counters: computeCounters(myShifts, shiftTypes, month, quotite, weeklyMinutes), quotite, weeklyMinutes } }
    })()
      .then((r) => {
        if (!live) return
        if (r.who) setStaffId(r.who)
        setLoaded(r.loaded)
        setError(null)
      })
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, month, shiftTypes, staffIdHint])

  const shiftMonth = (delta: number) =>
    setMonth((m) => monthBounds(delta < 0 ? addDays(m.from, -1) : addDays(m.to, 1)))

  const downloadCalendar = async () => {
    if (!staffId) return
    setDownload(null)
    const from = monthBounds(today()).from
    const variables: MyCalendarVariables = { staffId, from, to: addDays(from, 365) }
    try {
      const { staffCalendar } = await manager.request<{ staffCalendar: string }>(MY_CALENDAR_QUERY, { ...variables })
      downloadText(staffCalendar, 'mon-planning.ics', 'text/calendar;charset=utf-8')
      const events = (staffCalendar.match(/BEGIN:VEVENT/g) ?? []).length
      setDownload({ ok: true, text: `Fichier mon-planning.ics téléchargé : ${events} poste${events > 1 ? 's' : ''} publié${events > 1 ? 's' : ''} sur un an. Ouvrez-le avec votre agenda.` })
    } catch (e) {
      setDownload({ ok: false, text: errorText(e) })
    }
  }

  const c = loaded?.counters
  const gap = c && c.dueMinutes !== null ? c.plannedMinutes - c.dueMinutes : null
  return (
    <section className="panel" aria-labelledby={`${id}-title`} aria-busy={loaded === null && !error}>
      <h2 id={`${id}-title`}>Mes compteurs</h2>
      <div className="counters__month">
        <button type="button" className="button button--secondary button--small" onClick={() => shiftMonth(-1)} aria-label="Mois précédent">
          ‹
        </button>
        <p className="counters__label" aria-live="polite">
          {monthLabel(month.from)}
        </p>
        <button type="button" className="button button--secondary button--small" onClick={() => shiftMonth(1)} aria-label="Mois suivant">
          ›
        </button>
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {!loaded && !error && <p className="notice notice--info">Calcul de vos compteurs…</p>}
      {c && loaded && (
        <>
          <dl className="counters">
            <div>
              <dt>Heures planifiées</dt>
              <dd data-counter="planned">{hoursText(c.plannedMinutes)}</dd>
            </div>
            <div>
              <dt>Heures dues</dt>
              <dd data-counter="due">{c.dueMinutes === null ? 'inconnues' : hoursText(c.dueMinutes)}</dd>
            </div>
            <div>
              <dt>Écart</dt>
              <dd data-counter="gap" className={gap !== null && gap < 0 ? 'counters__short' : undefined}>
                {gap === null ? '—' : hoursText(gap, true)}
              </dd>
            </div>
            <div>
              <dt>Nuits</dt>
              <dd data-counter="nights">{c.nights}</dd>
            </div>
            <div>
              <dt>Week-ends travaillés</dt>
              <dd data-counter="weekends">{c.weekends}</dd>
            </div>
            <div>
              <dt>Dimanches et fériés</dt>
              <dd data-counter="sundays">{c.sundaysAndHolidays}</dd>
            </div>
          </dl>
          <p className="field__hint">
            {c.dueMinutes === null
              ? 'Heures dues inconnues : aucun poste ni souhait ne permet encore de retrouver votre fiche.'
              : `Dû : ${hoursText(loaded.weeklyMinutes)} par semaine à ${loaded.quotite} %, sur les ${c.workingDays} jours ouvrés du mois ; congés et absences non déduits. Postes publiés seulement.`}
          </p>
        </>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={() => void downloadCalendar()} disabled={!staffId} aria-describedby={`${id}-ics`}>
          Télécharger mon planning (iCalendar)
        </button>
      </div>
      <p id={`${id}-ics`} className="field__hint">
        {staffId
          ? 'Vos postes publiés sur un an, à importer dans l’agenda de votre téléphone (fichier .ics).'
          : 'Disponible dès qu’un poste vous est publié ou que vous avez saisi un souhait.'}
      </p>
      <div aria-live="polite">
        {download && (
          <p className={`notice ${download.ok ? 'notice--ok' : 'notice--error'}`} role={download.ok ? 'status' : 'alert'}>
            {download.text}
          </p>
        )}
      </div>
    </section>
  )
}
