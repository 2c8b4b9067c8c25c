/**
 * « Alertes et gains » de la vue d'ensemble du GHT : les alertes des semaines à venir de chaque
 * unité (dont les déséquilibres entre unités avec le prêt suggéré) et le rapport de gains
 * d'une unité pour un mois, face à ses mois d'avant Relève.
 */
import { useEffect, useId, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { today } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import { ALERT_WEEKS, AlertTable } from '../planning/repair/AlertsPanel.tsx'
import {
  UNIT_ALERTS_QUERY,
  UNIT_GAINS_QUERY,
  hours,
  percent,
  type RosterAlert,
  type UnitAlertsData,
  type UnitGainsData,
} from '../planning/repair/replanApi.ts'
import type { OverviewUnit } from './overviewApi.ts'

type Metrics = Record<string, number | null | undefined>

const METRICS: { key: string; label: string; show: (v: number) => string }[] = [
  { key: 'draft_to_publication_hours', label: 'Du brouillon à la publication', show: (v) => `${Math.round(v * 10) / 10} h` },
  { key: 'manual_edits_after_solving', label: 'Modifications à la main après le calcul', show: (v) => `${Math.round(v * 10) / 10}` },
  { key: 'changes_after_publication', label: 'Changements après publication', show: (v) => `${Math.round(v * 10) / 10}` },
  { key: 'overtime_minutes', label: 'Heures supplémentaires', show: (v) => hours(v) },
  { key: 'desiderata_rate', label: 'Desiderata satisfaits', show: (v) => percent(v) },
  { key: 'coverage_rate', label: 'Taux de couverture', show: (v) => percent(v) },
  { key: 'nights_gini', label: 'Équité des nuits (Gini)', show: (v) => v.toFixed(2).replace('.', ',') },
  { key: 'weekends_gini', label: 'Équité des week-ends (Gini)', show: (v) => v.toFixed(2).replace('.', ',') },
  { key: 'refused_wishes_gini', label: 'Équité des refus (Gini)', show: (v) => v.toFixed(2).replace('.', ',') },
]

/** The month shown in the gains report (`YYYY-MM`) and its report's month entry. */
export function monthEntry(report: unknown, month: string): { metrics: Metrics; against: Metrics | null; baselineMonths: number } | null {
  const r = (report ?? {}) as { months?: unknown; baselines?: unknown }
  const months = Array.isArray(r.months) ? (r.months as Record<string, unknown>[]) : []
  const found = months.find((m) => m.month === month) ?? months[months.length - 1]
  if (!found) return null
  const baselines = Array.isArray(r.baselines) ? (r.baselines as Record<string, unknown>[]) : []
  return {
    metrics: (found.metrics ?? {}) as Metrics,
    against: (found.against_before ?? null) as Metrics | null,
    baselineMonths: typeof baselines[0]?.months === 'number' ? (baselines[0].months as number) : 0,
  }
}

const signed = (text: string, v: number) => (v > 0 ? `+${text}` : text)

export function GainsTable({ report, month }: { report: unknown; month: string }) {
  const entry = monthEntry(report, month)
  if (!entry) return <p>Pas encore de planning mesurable pour ce mois.</p>
  return (
    <div className="table-scroll">
      <table className="table gains-table">
        <caption className="visually-hidden">Gains du mois {month}</caption>
        <thead>
          <tr>
            <th scope="col">Mesure</th>
            <th scope="col">Ce mois</th>
            <th scope="col">Écart face aux mois d’avant Relève</th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map(({ key, label, show }) => {
            const v = entry.metrics[key]
            const d = entry.against?.[key]
            return (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{typeof v === 'number' ? show(v) : 'non mesurable'}</td>
                <td>{typeof d === 'number' ? signed(show(d), d) : entry.baselineMonths === 0 ? 'pas de mois d’avant Relève' : '—'}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export function GhtAlertsGains({ units }: { units: OverviewUnit[] }) {
  const manager = useSessionManager()
  const id = useId()
  const [alerts, setAlerts] = useState<Record<string, RosterAlert[] | { error: string }>>({})
  const [month, setMonth] = useState(() => today().slice(0, 7))
  const [gainsUnit, setGainsUnit] = useState<string>('')
  const [gains, setGains] = useState<{ report: unknown } | { error: string } | null>(null)
  const unitIds = units.map((u) => u.id).join(',')

  useEffect(() => {
    let live = true
    ;(async () => {
      for (const unit of units) {
        try {
          const d = await manager.request<UnitAlertsData>(UNIT_ALERTS_QUERY, { unitId: unit.id, weeks: ALERT_WEEKS })
          if (live) setAlerts((a) => ({ ...a, [unit.id]: d.unitAlerts }))
        } catch (e) {
          if (live) setAlerts((a) => ({ ...a, [unit.id]: { error: errorText(e) } }))
        }
      }
    })()
    return () => {
      live = false
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [manager, unitIds])

  const shownUnit = gainsUnit || units[0]?.id || ''
  const alertsDone = units.every((u) => alerts[u.id])
  useEffect(() => {
    // After the alerts: one request at a time (SQLite write lock, see planningApi).
    if (!alertsDone || !shownUnit || !/^\d{4}-\d{2}$/.test(month)) return
    let live = true
    setGains(null)
    manager
      .request<UnitGainsData>(UNIT_GAINS_QUERY, { unitId: shownUnit, month })
      .then((d) => live && setGains({ report: d.unitGains.report }))
      .catch((e) => live && setGains({ error: errorText(e) }))
    return () => {
      live = false
    }
  }, [manager, shownUnit, month, alertsDone])

  if (units.length === 0) return null
  const all = units.flatMap((u) => {
    const a = alerts[u.id]
    return Array.isArray(a) ? a.map((x) => ({ ...x, message: `${u.code} — ${x.message}` })) : []
  })
  const failed = units.filter((u) => alerts[u.id] && !Array.isArray(alerts[u.id]))
  const pending = units.filter((u) => !alerts[u.id]).length
  const imbalances = all.filter((a) => a.kind === 'unit_imbalance').length

  return (
    <>
      <section className="panel panel--wide" aria-labelledby={`${id}-alerts`}>
        <h2 id={`${id}-alerts`}>Alertes des unités ({ALERT_WEEKS} semaines à venir)</h2>
        {pending > 0 && <p role="status">Recherche des alertes… ({units.length - pending}/{units.length})</p>}
        {pending === 0 && (
          <p>
            {all.length === 0
              ? 'Aucune alerte dans les unités.'
              : `${all.length} alerte${all.length > 1 ? 's' : ''}, dont ${imbalances} déséquilibre${imbalances > 1 ? 's' : ''} entre unités.`}
          </p>
        )}
        {failed.map((u) => (
          <p key={u.id} className="notice notice--error">
            {u.code} : {(alerts[u.id] as { error: string }).error}
          </p>
        ))}
        {all.length > 0 && <AlertTable alerts={all} caption="Alertes des unités du GHT" />}
      </section>

      <section className="panel panel--wide" aria-labelledby={`${id}-gains`}>
        <h2 id={`${id}-gains`}>Rapport de gains</h2>
        <div className="planning-toolbar">
          <div className="field">
            <label htmlFor={`${id}-gains-unit`}>Unité du rapport</label>
            <select id={`${id}-gains-unit`} value={shownUnit} onChange={(e) => setGainsUnit(e.target.value)}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.code} — {u.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-gains-month`}>Mois</label>
            <input id={`${id}-gains-month`} type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
          </div>
        </div>
        {!gains && <p role="status">Calcul des gains…</p>}
        {gains && 'error' in gains && (
          <p className="notice notice--error" role="alert">
            {gains.error}
          </p>
        )}
        {gains && 'report' in gains && <GainsTable report={gains.report} month={month} />}
      </section>
    </>
  )
}
