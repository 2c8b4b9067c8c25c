/**
 * « Vue d'ensemble » du GHT (administrateur du GHT, directeur de site) : les établissements et
 * leurs unités, l'état du planning en cours de chaque unité et sa couverture face à la maquette,
 * et une carte de chaleur unités × semaines à venir colorée selon les postes manquants.
 */
import { useEffect, useId, useMemo, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { addDays, daysBetween, longDate, today } from '../planning/calendar.ts'
import { ROSTER_STATE_LABELS, errorText } from '../planning/labels.ts'
import type { RosterSummary } from '../planning/planningApi.ts'
import {
  ESTABLISHMENTS_QUERY,
  OVERVIEW_MAQUETTE_QUERY,
  OVERVIEW_ROSTERS_QUERY,
  OVERVIEW_ROSTER_QUERY,
  OVERVIEW_SHIFTS_QUERY,
  OVERVIEW_STAFF_QUERY,
  OVERVIEW_UNITS_QUERY,
  type Establishment,
  type OverviewUnit,
  type UnitOverviewData,
} from './overviewApi.ts'
import { GhtAlertsGains } from './GhtAlertsGains.tsx'
import { PoolUsePanel } from './PoolUsePanel.tsx'
import { comingWeeks, heatLevel, summarise, type CoverageSummary } from './overviewCoverage.ts'

/** Semaines montrées dans la carte de chaleur. */
export const HEATMAP_WEEKS = 8

const HEAT_LABELS = ['couverture complète', 'manque léger (≤ 10 %)', 'manque marqué (≤ 30 %)', 'manque important (> 30 %)']

/** Le planning en cours (qui couvre aujourd'hui), sinon le prochain, sinon le dernier. */
export function currentRoster(rosters: RosterSummary[], day: string): RosterSummary | null {
  const sorted = [...rosters].sort((a, b) => a.periodStart.localeCompare(b.periodStart))
  return (
    sorted.find((r) => r.periodStart <= day && day <= r.periodEnd) ??
    sorted.find((r) => r.periodStart > day) ??
    sorted[sorted.length - 1] ??
    null
  )
}

function summaryText(s: CoverageSummary): string {
  if (s.slots === 0) return 'pas de maquette'
  const rate = Math.round((100 * s.covered) / s.slots)
  return `${rate} % des besoins minimum couverts, ${s.missing} poste${s.missing > 1 ? 's' : ''} manquant${s.missing > 1 ? 's' : ''}`
}

function shortDate(date: string): string {
  const [, m, d] = date.split('-')
  return `${d}/${m}`
}

export function OverviewPage() {
  const manager = useSessionManager()
  const [establishments, setEstablishments] = useState<Establishment[]>([])
  const [units, setUnits] = useState<OverviewUnit[]>([])
  const [shiftOrder, setShiftOrder] = useState<string[]>([])
  const [data, setData] = useState<Record<string, UnitOverviewData | { error: string }>>({})
  const [error, setError] = useState<string | null>(null)
  const [loaded, setLoaded] = useState(false)
  const id = useId()
  const day = today()
  const weeks = useMemo(() => comingWeeks(day, HEATMAP_WEEKS), [day])

  useEffect(() => {
    let live = true
    const load = async () => {
      const est = await manager.request<{ establishments: { nodes: Establishment[] } }>(ESTABLISHMENTS_QUERY)
      const uns = await manager.request<{ units: { nodes: OverviewUnit[] } }>(OVERVIEW_UNITS_QUERY)
      const shifts = await manager.request<{ shiftTypes: { id: string }[] }>(OVERVIEW_SHIFTS_QUERY)
      if (!live) return
      setEstablishments(est.establishments.nodes)
      setUnits(uns.units.nodes)
      setShiftOrder(shifts.shiftTypes.map((s) => s.id))
      const horizonEnd = addDays(weeks[weeks.length - 1], 6)
      // Units one after another: one root field per request (SQLite write lock, see planningApi).
      for (const unit of uns.units.nodes) {
        try {
          const maquette = (await manager.request<{ maquette: UnitOverviewData['maquette'] }>(OVERVIEW_MAQUETTE_QUERY, { unitId: unit.id }))
            .maquette
          const staff = (
            await manager.request<{ staffMembers: { nodes: UnitOverviewData['staff'] } }>(OVERVIEW_STAFF_QUERY, { unitId: unit.id })
          ).staffMembers.nodes
          const all = (await manager.request<{ rosters: { nodes: RosterSummary[] } }>(OVERVIEW_ROSTERS_QUERY, { unitId: unit.id })).rosters
            .nodes
          const current = currentRoster(all, day)
          const shown = all.filter((r) => r === current || (r.periodEnd >= weeks[0] && r.periodStart <= horizonEnd))
          const rosters: UnitOverviewData['rosters'] = []
          for (const roster of shown) {
            const view = await manager.request<{ roster: { assignments: UnitOverviewData['rosters'][number]['assignments'] } }>(
              OVERVIEW_ROSTER_QUERY,
              { id: roster.id },
            )
            rosters.push({ roster, assignments: view.roster.assignments })
          }
          if (live) setData((d) => ({ ...d, [unit.id]: { maquette, staff, rosters } }))
        } catch (e) {
          if (live) setData((d) => ({ ...d, [unit.id]: { error: errorText(e) } }))
        }
      }
    }
    load()
      .catch((e) => live && setError(errorText(e)))
      .finally(() => live && setLoaded(true))
    return () => {
      live = false
    }
  }, [manager, day, weeks])

  const loadedCount = units.filter((u) => data[u.id]).length

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Vue d’ensemble du GHT
      </h1>
      <p className="page-intro">
        Les établissements et leurs unités : état du planning en cours, couverture face à la maquette (comme la ligne de
        couverture de la grille) et carte des manques sur les {HEATMAP_WEEKS} semaines à venir.
      </p>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      <div role="status" className="results-live">
        {!loaded && !error && (
          <p className="notice notice--info">
            Chargement des unités… {units.length > 0 ? `(${loadedCount}/${units.length})` : ''}
          </p>
        )}
      </div>
      {loaded && !error && units.length === 0 && <p className="notice notice--info">Aucune unité dans votre périmètre.</p>}

      {establishments.map((est) => {
        const estUnits = units.filter((u) => u.establishmentId === est.id)
        if (estUnits.length === 0) return null
        return (
          <section key={est.id} className="panel panel--wide" aria-labelledby={`${id}-${est.id}`}>
            <h2 id={`${id}-${est.id}`}>
              {est.name} <span className="muted">(FINESS {est.finess})</span>
            </h2>
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Unité</th>
                    <th scope="col">Planning en cours</th>
                    <th scope="col">Couverture</th>
                  </tr>
                </thead>
                <tbody>
                  {estUnits.map((unit) => {
                    const d = data[unit.id]
                    if (!d) {
                      return (
                        <tr key={unit.id}>
                          <th scope="row">{unit.code} — {unit.name}</th>
                          <td colSpan={2}>Chargement…</td>
                        </tr>
                      )
                    }
                    if ('error' in d) {
                      return (
                        <tr key={unit.id}>
                          <th scope="row">{unit.code} — {unit.name}</th>
                          <td colSpan={2}>{d.error}</td>
                        </tr>
                      )
                    }
                    const current = currentRoster(d.rosters.map((r) => r.roster), day)
                    const view = d.rosters.find((r) => r.roster === current)
                    const summary = current && view
                      ? summarise({ days: daysBetween(current.periodStart, current.periodEnd), assignments: view.assignments, maquette: d.maquette, staff: d.staff, shiftOrder })
                      : null
                    return (
                      <tr key={unit.id} data-unit={unit.code}>
                        <th scope="row">
                          {unit.code} — {unit.name}
                        </th>
                        <td>
                          {current
                            ? `${ROSTER_STATE_LABELS[current.state]} (version ${current.currentVersion}), du ${longDate(current.periodStart)} au ${longDate(current.periodEnd)}`
                            : 'Aucun planning'}
                        </td>
                        <td>{summary ? summaryText(summary) : '—'}</td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>
          </section>
        )
      })}

      {units.length > 0 && (
        <section className="panel panel--wide" aria-labelledby={`${id}-heatmap`}>
          <h2 id={`${id}-heatmap`}>Manques de couverture par semaine</h2>
          <p>Postes manquants face aux minimums de la maquette, semaine par semaine (planning actuel de chaque unité).</p>
          <ul className="heat-legend" aria-label="Légende des couleurs">
            {HEAT_LABELS.map((label, level) => (
              <li key={label} className={`heat--${level}`}>
                {label}
              </li>
            ))}
            <li className="heat--none">— : pas de planning</li>
          </ul>
          <div className="table-scroll">
            <table className="table heatmap">
              <caption className="visually-hidden">Postes manquants par unité et par semaine</caption>
              <thead>
                <tr>
                  <th scope="col">Unité</th>
                  {weeks.map((w) => (
                    <th key={w} scope="col" abbr={`semaine du ${longDate(w)}`}>
                      sem. du {shortDate(w)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {units.map((unit) => {
                  const d = data[unit.id]
                  return (
                    <tr key={unit.id}>
                      <th scope="row">{unit.code}</th>
                      {weeks.map((w) => {
                        if (!d || 'error' in d) return <td key={w} className="heat--none">…</td>
                        const weekDays = daysBetween(w, addDays(w, 6))
                        let summary: CoverageSummary | null = null
                        for (const { roster, assignments } of d.rosters) {
                          const days = weekDays.filter((x) => x >= roster.periodStart && x <= roster.periodEnd)
                          if (days.length === 0) continue
                          const s = summarise({ days, assignments, maquette: d.maquette, staff: d.staff, shiftOrder })
                          summary = summary
                            ? { slots: summary.slots + s.slots, covered: summary.covered + s.covered, missing: summary.missing + s.missing }
                            : s
                        }
                        if (!summary) {
                          return (
                            <td key={w} className="heat--none" data-week={w}>
                              —<span className="visually-hidden"> pas de planning</span>
                            </td>
                          )
                        }
                        const level = heatLevel(summary)
                        return (
                          <td key={w} className={`heat--${level}`} data-week={w} data-level={level} title={`${unit.code}, semaine du ${longDate(w)} : ${summaryText(summary)}`}>
                            {summary.missing}
                            <span className="visually-hidden"> postes manquants ({HEAT_LABELS[level]})</span>
                          </td>
                        )
                      })}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {loaded && units.length > 0 && (
        <PoolUsePanel
          establishments={establishments}
          units={units}
          from={`${day.slice(0, 8)}01`}
          to={addDays(weeks[weeks.length - 1], 6)}
        />
      )}
      {loaded && <GhtAlertsGains units={units} />}
    </>
  )
}
