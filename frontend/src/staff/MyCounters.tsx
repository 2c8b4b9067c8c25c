/**
 * « Mes compteurs » (agent) : pour un mois, heures planifiées face aux heures dues, nuits,
 * week-ends, dimanches et fériés travaillés, calculés par le serveur (paramètres en vigueur
 * dans l'unité, quotité, absences et congés déduits) ; et le téléchargement de « mon
 * planning » au format iCalendar.
 */
import { useEffect, useId, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { addDays, monthLabel, today } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import { downloadText } from '../audit/accessLogExport.ts'
import { hoursText, monthBounds } from './counters.ts'
import {
  MY_CALENDAR_QUERY,
  STAFF_COUNTERS_QUERY,
  type MyCalendarVariables,
  type StaffCounters,
  type StaffCountersData,
} from './myPlanningApi.ts'

function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`
}

/** `staffId` : la fiche d'agent du compte (`me.staffId`), nulle pour un compte sans fiche. */
export function MyCounters({ staffId }: { staffId: string | null }) {
  const manager = useSessionManager()
  const id = useId()
  const [month, setMonth] = useState(() => monthBounds(today()))
  const [counters, setCounters] = useState<StaffCounters | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [download, setDownload] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    if (!staffId) return
    let live = true
    setCounters(null)
    manager
      .request<StaffCountersData>(STAFF_COUNTERS_QUERY, { staffId, ...month })
      .then((data) => {
        if (!live) return
        setCounters(data.staffCounters)
        setError(null)
      })
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, month, staffId])

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

  const c = counters
  const gap = c ? c.plannedMinutes - c.dueMinutes : null
  const loading = staffId !== null && c === null && !error
  return (
    <section className="panel" aria-labelledby={`${id}-title`} aria-busy={loading}>
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
      {!staffId && (
        <p className="notice notice--info">
          Votre compte n’est lié à aucune fiche d’agent : pas de compteurs ni de planning à télécharger.
        </p>
      )}
      {loading && <p className="notice notice--info">Calcul de vos compteurs…</p>}
      {c && (
        <>
          <dl className="counters">
            <div>
              <dt>Heures planifiées</dt>
              <dd data-counter="planned">{hoursText(c.plannedMinutes)}</dd>
            </div>
            <div>
              <dt>Heures dues</dt>
              <dd data-counter="due">{hoursText(c.dueMinutes)}</dd>
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
            <div>
              <dt>Jours d’absence ou de congé</dt>
              <dd data-counter="absences">{c.absenceDays}</dd>
            </div>
            <div>
              <dt>Heures réalisées (saisies)</dt>
              <dd data-counter="worked">{c.workedMinutes === null ? 'non saisies' : hoursText(c.workedMinutes)}</dd>
            </div>
            <div>
              <dt>Heures supplémentaires</dt>
              <dd data-counter="overtime">{hoursText(c.overtimeMinutes)}</dd>
            </div>
            <div>
              <dt>Congés pris (saisis)</dt>
              <dd data-counter="leave">{plural(c.leaveDaysTaken, 'jour', 'jours')}</dd>
            </div>
            <div>
              <dt>Solde du CET</dt>
              <dd data-counter="cet">{c.cetDaysBalance === null ? 'non renseigné' : plural(c.cetDaysBalance, 'jour', 'jours')}</dd>
            </div>
          </dl>
          <p className="field__hint">
            {`Dû : ${hoursText(c.weeklyReferenceMinutes)} par semaine (paramètre en vigueur dans votre unité) à ${c.quotite} %, sur ${plural(c.workingDays - c.absenceDays, 'jour ouvré', 'jours ouvrés')} du mois hors absences et congés (${plural(c.absenceDays, 'jour déduit', 'jours déduits')}). Postes publiés seulement.`}
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
          : 'Réservé aux comptes liés à une fiche d’agent.'}
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
