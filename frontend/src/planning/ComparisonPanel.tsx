/** Comparaison de deux versions : ce qui change, pour qui (une ligne par agent concerné). */
import { shortDay } from './calendar.ts'

const shortDate = (date: string) => {
  const { weekday, day } = shortDay(date)
  return `${weekday} ${day}`
}
import { plural } from './labels.ts'
import type { ShiftType, StaffMember, VersionComparison } from './planningApi.ts'
import { staffName } from './RosterGrid.tsx'

export function ComparisonPanel({
  comparison,
  staff,
  shiftTypes,
  onClose,
}: {
  comparison: VersionComparison
  staff: StaffMember[]
  shiftTypes: ShiftType[]
  onClose: () => void
}) {
  const code = (ids: string[]) =>
    ids.length === 0 ? 'repos' : ids.map((id) => shiftTypes.find((s) => s.id === id)?.code ?? '?').join('+')
  const byPerson = new Map<string, VersionComparison['changes']>()
  for (const change of comparison.changes) byPerson.set(change.staffId, [...(byPerson.get(change.staffId) ?? []), change])
  const people = [...byPerson.entries()]
    .map(([id, changes]) => ({ person: staff.find((p) => p.id === id), id, changes }))
    .sort((a, b) => b.changes.length - a.changes.length)
  return (
    <section className="panel panel--wide no-print" aria-labelledby="comparison-title">
      <h2 id="comparison-title">
        Comparaison : version {comparison.fromVersion} → version {comparison.toVersion}
      </h2>
      <p>
        {plural(comparison.changes.length, 'changement', 'changements')} pour{' '}
        {plural(comparison.staffAffected.length, 'agent', 'agents')}. Les cellules modifiées sont marquées dans la grille.
      </p>
      {people.length > 0 && (
        <div className="table-scroll">
          <table className="table comparison-table">
            <caption className="visually-hidden">Changements par agent</caption>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Changements</th>
                <th scope="col">Détail (avant → après)</th>
              </tr>
            </thead>
            <tbody>
              {people.map(({ person, id, changes }) => (
                <tr key={id}>
                  <th scope="row">{person ? staffName(person) : id}</th>
                  <td className="num">{changes.length}</td>
                  <td>
                    {changes
                      .slice(0, 4)
                      .map((c) => `${shortDate(c.date)} : ${code(c.before)} → ${code(c.after)}`)
                      .join(' ; ')}
                    {changes.length > 4 ? ` ; … (${changes.length - 4} de plus)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <button type="button" className="button button--secondary" onClick={onClose}>
        Fermer la comparaison
      </button>
    </section>
  )
}
