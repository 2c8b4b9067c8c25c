/** Liste des règles enfreintes, avec l'explication française du contrôleur. */
import { longDate } from './calendar.ts'
import { REASON_LABELS } from './labels.ts'
import type { ReasonCode, RuleViolation, StaffMember } from './planningApi.ts'
import { staffName } from './RosterGrid.tsx'

export function ViolationList({
  violations,
  staff,
  limit,
}: {
  violations: RuleViolation[]
  staff: StaffMember[]
  limit?: number
}) {
  const sorted = [...violations].sort((a, b) => Number(b.hard) - Number(a.hard) || b.cost - a.cost)
  const shown = limit === undefined ? sorted : sorted.slice(0, limit)
  return (
    <>
      <ul className="violations">
        {shown.map((v) => {
          const person = staff.find((p) => p.id === v.staffId)
          return (
            <li key={v.fingerprint} className={v.hard ? 'violation violation--hard' : 'violation'}>
              <span className="violation__kind">{v.hard ? 'Règle impérative' : 'Alerte'}</span>{' '}
              <span className="violation__message">{v.message}</span>
              <span className="violation__meta">
                {person ? staffName(person) : 'Unité'}
                {v.dates.length > 0 ? ` · ${v.dates.map(longDate).join(', ')}` : ''} · règle {v.rule}
                {v.override ? ` · dérogation : ${REASON_LABELS[v.override.reasonCode as ReasonCode] ?? v.override.reasonCode}` : ''}
              </span>
            </li>
          )
        })}
      </ul>
      {shown.length < sorted.length && <p>… et {sorted.length - shown.length} autres.</p>}
    </>
  )
}
