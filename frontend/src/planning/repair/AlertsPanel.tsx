/** « Alertes » d'une unité sur les semaines à venir : gravité, message, dates, prêt suggéré. */
import { useEffect, useId, useState } from 'react'
import { useSessionManager } from '../../auth/SessionContext.tsx'
import { errorText } from '../labels.ts'
import type { StaffMember } from '../planningApi.ts'
import { staffName } from '../RosterGrid.tsx'
import { kindLabel, loanText, severityLabel, shortDates } from './alertText.ts'
import { UNIT_ALERTS_QUERY, withNames, type RosterAlert, type UnitAlertsData } from './replanApi.ts'

export const ALERT_WEEKS = 4

/** Critical first, imbalances (with their loan) first among equals; at most `limit` rows shown. */
export function AlertTable({
  alerts,
  staff = [],
  caption,
  limit = 20,
}: {
  alerts: RosterAlert[]
  staff?: StaffMember[]
  caption: string
  limit?: number
}) {
  const name = (id: string) => {
    const person = staff.find((p) => p.id === id)
    return person ? staffName(person) : `agent ${id.slice(0, 8)}`
  }
  const rank = (a: RosterAlert) => (a.severity === 'critical' ? 0 : 2) + (a.kind === 'unit_imbalance' ? 0 : 1)
  const sorted = [...alerts].sort((a, b) => rank(a) - rank(b))
  const shown = sorted.slice(0, limit)
  return (
    <div className="table-scroll">
      <table className="table alert-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Gravité</th>
            <th scope="col">Alerte</th>
            <th scope="col">Dates</th>
            <th scope="col">Détail</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a, i) => (
            <tr key={i} data-kind={a.kind} data-severity={a.severity}>
              <td className={a.severity === 'critical' ? 'text-error' : undefined}>{severityLabel(a.severity)}</td>
              <th scope="row">{kindLabel(a.kind)}</th>
              <td>{shortDates(a.dates)}</td>
              <td>
                {a.staffId ? `${name(a.staffId)} : ` : ''}
                {withNames(a.message, (id) => {
                  const person = staff.find((p) => p.id === id)
                  return person ? staffName(person) : null
                })}
                {a.loan ? (
                  <>
                    <br />
                    <strong>{loanText(a.loan, name)}</strong>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length > shown.length && (
        <p className="muted">
          … et {sorted.length - shown.length} autre{sorted.length - shown.length > 1 ? 's' : ''} alerte
          {sorted.length - shown.length > 1 ? 's' : ''} (les plus graves sont en tête).
        </p>
      )}
    </div>
  )
}

export function AlertsPanel({ unitId, staff }: { unitId: string; staff: StaffMember[] }) {
  const manager = useSessionManager()
  const titleId = useId()
  const [alerts, setAlerts] = useState<RosterAlert[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  // On demand, like the indicators: the page's own requests go one after another.
  const [asked, setAsked] = useState<string | null>(null)

  useEffect(() => {
    setAlerts(null)
    setError(null)
    if (asked !== unitId) return
    let live = true
    manager
      .request<UnitAlertsData>(UNIT_ALERTS_QUERY, { unitId, weeks: ALERT_WEEKS })
      .then((d) => live && setAlerts(d.unitAlerts))
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, unitId, asked])

  return (
    <section className="panel panel--wide no-print" aria-labelledby={titleId}>
      <h2 id={titleId}>Alertes des {ALERT_WEEKS} semaines à venir</h2>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {asked !== unitId && (
        <button type="button" className="button button--secondary" onClick={() => setAsked(unitId)}>
          Rechercher les alertes
        </button>
      )}
      {asked === unitId && !alerts && !error && <p role="status">Recherche des alertes…</p>}
      {alerts && alerts.length === 0 && <p>Aucune alerte sur les {ALERT_WEEKS} semaines à venir.</p>}
      {alerts && alerts.length > 0 && (
        <>
          <p>
            {alerts.length} alerte{alerts.length > 1 ? 's' : ''}, dont {alerts.filter((a) => a.severity === 'critical').length} critique
            {alerts.filter((a) => a.severity === 'critical').length > 1 ? 's' : ''}.
          </p>
          <AlertTable alerts={alerts} staff={staff} caption="Alertes de l’unité" />
        </>
      )}
    </section>
  )
}
