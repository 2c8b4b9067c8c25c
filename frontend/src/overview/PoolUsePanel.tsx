/**
 * « Renforts entre unités et sites » de la vue d'ensemble : les agents qui ont travaillé (ou
 * sont planifiés) hors de leur unité d'affectation sur la période, par unité d'origine et unité
 * de renfort, avec les heures, les renforts entre établissements d'abord (voir poolUse.ts).
 */
import { useId, useMemo } from 'react'
import { longDate } from '../planning/calendar.ts'
import { plural } from '../planning/labels.ts'
import { hours } from '../planning/repair/replanApi.ts'
import type { Establishment, OverviewUnit, UnitOverviewData } from './overviewApi.ts'
import { poolUse } from './poolUse.ts'

export interface PoolUsePanelProps {
  establishments: Establishment[]
  units: OverviewUnit[]
  data: Record<string, UnitOverviewData | { error: string }>
  shiftMinutes: Map<string, number>
  from: string
  to: string
}

export function PoolUsePanel({ establishments, units, data, shiftMinutes, from, to }: PoolUsePanelProps) {
  const titleId = useId()
  const lines = useMemo(() => {
    const homeOfStaff = new Map<string, string>()
    const assignmentsByUnit = new Map<string, UnitOverviewData['rosters'][number]['assignments']>()
    for (const unit of units) {
      const d = data[unit.id]
      if (!d || 'error' in d) continue
      for (const person of d.staff) if (person.homeUnitId) homeOfStaff.set(person.id, person.homeUnitId)
      assignmentsByUnit.set(
        unit.id,
        d.rosters.flatMap((r) => r.assignments),
      )
    }
    return poolUse({
      siteOfUnit: new Map(units.map((u) => [u.id, u.establishmentId])),
      homeOfStaff,
      minutesOfShift: shiftMinutes,
      assignmentsByUnit,
      from,
      to,
    })
  }, [units, data, shiftMinutes, from, to])

  const unitText = (unitId: string) => {
    const unit = units.find((u) => u.id === unitId)
    if (!unit) return 'unité hors de votre périmètre'
    const site = establishments.find((e) => e.id === unit.establishmentId)
    return `${unit.code}${site ? ` (${site.name})` : ''}`
  }
  const crossSite = lines.filter((l) => l.crossSite)
  const total = (list: typeof lines) => list.reduce((sum, l) => sum + l.minutes, 0)

  return (
    <section className="panel panel--wide" aria-labelledby={titleId}>
      <h2 id={titleId}>Renforts entre unités et sites</h2>
      <p>
        Agents planifiés hors de leur unité d’affectation (pool de suppléance, agents autorisés dans plusieurs unités), du{' '}
        {longDate(from)} au {longDate(to)}, d’après les plannings des unités.
      </p>
      {lines.length === 0 ? (
        <p className="notice notice--info">Aucun agent planifié hors de son unité sur la période.</p>
      ) : (
        <>
          <p data-testid="pool-summary">
            {plural(lines.reduce((n, l) => n + l.shifts, 0), 'poste tenu', 'postes tenus')} hors de l’unité d’affectation,{' '}
            {hours(total(lines))} au total, dont {hours(total(crossSite))} sur un autre établissement.
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
