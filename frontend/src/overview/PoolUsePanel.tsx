/**
 * « Renforts entre unités et sites » de la vue d'ensemble : les postes tenus hors de l'unité
 * d'affectation sur la période (pool de suppléance, agents autorisés dans d'autres unités), par
 * unité d'origine et unité renforcée, avec les heures, les renforts entre établissements
 * d'abord. Calculé par le serveur (`poolUse`) sur tous les plannings des unités de l'utilisateur ;
 * les agents sont comptés, jamais nommés.
 */
import { useEffect, useId, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { longDate } from '../planning/calendar.ts'
import { errorText, plural } from '../planning/labels.ts'
import { hours } from '../planning/repair/replanApi.ts'
import { POOL_USE_QUERY, type Establishment, type OverviewUnit, type PoolUseData, type PoolUseLine } from './overviewApi.ts'

export interface PoolUsePanelProps {
  establishments: Establishment[]
  units: OverviewUnit[]
  from: string
  to: string
}

export function PoolUsePanel({ establishments, units, from, to }: PoolUsePanelProps) {
  const manager = useSessionManager()
  const titleId = useId()
  const [lines, setLines] = useState<PoolUseLine[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    setLines(null)
    setError(null)
    manager
      .request<PoolUseData>(POOL_USE_QUERY, { from, to })
      .then((d) => live && setLines(d.poolUse))
      .catch((e) => live && setError(errorText(e)))
    return () => {
      live = false
    }
  }, [manager, from, to])

  const unitText = (unitId: string) => {
    const unit = units.find((u) => u.id === unitId)
    if (!unit) return 'unité hors de votre périmètre'
    const site = establishments.find((e) => e.id === unit.establishmentId)
    return `${unit.code}${site ? ` (${site.name})` : ''}`
  }
  const total = (list: PoolUseLine[]) => list.reduce((sum, l) => sum + l.minutes, 0)

  return (
    <section className="panel panel--wide" aria-labelledby={titleId} aria-busy={lines === null && !error}>
      <h2 id={titleId}>Renforts entre unités et sites</h2>
      <p>
        Postes tenus hors de l’unité d’affectation (pool de suppléance, agents autorisés dans plusieurs unités), du {longDate(from)}{' '}
        au {longDate(to)}, d’après les plannings de vos unités.
      </p>
      {lines === null && !error && <p className="notice notice--info">Calcul des renforts…</p>}
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      {lines && lines.length === 0 && <p className="notice notice--info">Aucun agent planifié hors de son unité sur la période.</p>}
      {lines && lines.length > 0 && (
        <>
          <p data-testid="pool-summary">
            {plural(lines.reduce((n, l) => n + l.shifts, 0), 'poste tenu', 'postes tenus')} hors de l’unité d’affectation,{' '}
            {hours(total(lines))} au total, dont {hours(total(lines.filter((l) => l.crossSite)))} sur un autre établissement.
          </p>
          <div className="table-scroll">
            <table className="table pool-table">
              <caption className="visually-hidden">Renforts par unité d’origine et unité de renfort</caption>
              <thead>
                <tr>
                  <th scope="col">Unité d’affectation</th>
                  <th scope="col">A renforcé</th>
                  <th scope="col">Entre sites</th>
                  <th scope="col">Agents</th>
                  <th scope="col">Dont pool</th>
                  <th scope="col">Postes</th>
                  <th scope="col">Heures</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={`${l.fromUnitId}|${l.toUnitId}`}>
                    <th scope="row">{unitText(l.fromUnitId)}</th>
                    <td>{unitText(l.toUnitId)}</td>
                    <td>{l.crossSite ? 'oui' : 'non'}</td>
                    <td>{l.people}</td>
                    <td>{l.poolMembers}</td>
                    <td>{l.shifts}</td>
                    <td>{hours(l.minutes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  )
}
