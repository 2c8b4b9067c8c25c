/**
 * Grille du planning : agents × jours, codes horaires en couleur, absences, alertes de
 * règles, couverture par poste et qualification face à la maquette (en pied de tableau).
 *
 * Clavier (motif ARIA « grid ») : flèches pour se déplacer, Origine/Fin en début/fin de
 * ligne, Entrée (ou F2) pour ouvrir la liste des postes, lettre d'un code pour le poser
 * directement, Suppr pour mettre en repos. Dans la liste : flèches, Origine/Fin, Entrée, Échap.
 *
 * Le personnel médical (praticiens et internes) a son propre groupe de lignes, sous le
 * paramédical : demi-journées (matin / après-midi) dans la cellule, gardes et astreintes
 * marquées d'une icône et d'un motif. Les séances du programme opératoire ont une ligne par
 * salle, avec l'état de leur équipe (complète ou non) et l'exigence conjointe qu'elles portent ;
 * la navigation au clavier les traverse, Entrée (ou F2, double-clic) ouvre la séance du jour
 * (ou l'ajout d'une séance dans cette salle) quand `onOpenSession` est donné.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { isWeekend, longDate, shortDay } from './calendar.ts'
import { coverageCell, coverageLines } from './coverage.ts'
import { ABSENCE_LABELS } from './labels.ts'
import { activityMark, halfDayParts, sessionText, staffGroups, type SessionStatus } from './medical.ts'
import type { Absence, Assignment, MaquetteDemand, RuleViolation, ShiftType, StaffMember, TheatreSession, Wish } from './planningApi.ts'
import { shiftClass } from './shiftColours.ts'

export interface RosterGridProps {
  days: string[]
  staff: StaffMember[]
  shiftTypes: ShiftType[]
  assignments: Assignment[]
  absences: Absence[]
  maquette: MaquetteDemand[]
  violations: RuleViolation[]
  /** Souhaits (desiderata) des agents sur la période : marqueur dans la cellule. */
  wishes?: Wish[]
  /** Cellules changées par rapport à la version comparée (`staffId|date`). */
  changed?: Set<string>
  editable: boolean
  onEdit?: (staffId: string, date: string, shiftTypeId: string | null) => void
  caption: string
  /** Séances du programme opératoire sur la période, avec l'état de leur équipe. */
  theatre?: SessionStatus[]
  /** Ouvre la séance d'une salle un jour (`null` : pas encore de séance ce jour-là). */
  onOpenSession?: (room: string, date: string, session: TheatreSession | null) => void
  /** Cellule d'agent choisie (clic ou clavier) : son détail s'affiche sous la grille. */
  onSelectCell?: (staffId: string, date: string) => void
}

export function staffName(person: Pick<StaffMember, 'firstName' | 'lastName'>): string {
  const name = [person.lastName?.toUpperCase(), person.firstName].filter(Boolean).join(' ')
  return name === '' ? 'Personne effacée' : name
}

const cellKey = (staffId: string, date: string) => `${staffId}|${date}`
const roomKey = (room: string, date: string) => `bloc:${room}|${date}`

/** « souhaite ne pas travailler (poste M) » : texte d'un souhait pour la cellule. */
export function wishText(wish: Pick<Wish, 'kind' | 'shiftTypeId'>, shiftById: Map<string, Pick<ShiftType, 'code'>>): string {
  const what = wish.kind === 'ON' ? 'souhaite travailler' : 'souhaite ne pas travailler'
  if (!wish.shiftTypeId) return `${what} (journée)`
  return `${what} (poste ${shiftById.get(wish.shiftTypeId)?.code ?? 'inconnu'})`
}

export function RosterGrid(props: RosterGridProps) {
  const { days, shiftTypes, assignments, absences, maquette, violations, wishes, changed, editable, onEdit, theatre, onOpenSession, onSelectCell } =
    props
  const groups = useMemo(() => staffGroups(props.staff), [props.staff])
  // Paramédical puis médical : l'ordre des lignes est celui de la navigation au clavier.
  const staff = useMemo(() => [...groups.paramedical, ...groups.medical], [groups])
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 })
  const [editing, setEditing] = useState(false)
  const cells = useRef(new Map<string, HTMLTableCellElement>())
  const shiftById = useMemo(() => new Map(shiftTypes.map((s) => [s.id, s])), [shiftTypes])
  const staffById = useMemo(() => new Map(staff.map((p) => [p.id, p])), [staff])
  const rooms = useMemo(() => {
    const byRoom = new Map<string, Map<string, SessionStatus>>()
    for (const status of theatre ?? []) {
      const room = byRoom.get(status.session.room) ?? new Map<string, SessionStatus>()
      room.set(status.session.date, status)
      byRoom.set(status.session.room, room)
    }
    return [...byRoom.entries()].sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }))
  }, [theatre])

  const assigned = useMemo(() => {
    const map = new Map<string, string[]>()
    for (const a of assignments) {
      const key = cellKey(a.staffId, a.date)
      map.set(key, [...(map.get(key) ?? []), a.shiftTypeId])
    }
    return map
  }, [assignments])

  const absent = useMemo(() => {
    const map = new Map<string, Absence>()
    for (const a of absences) {
      for (const day of days) if (day >= a.startDate && day <= a.endDate) map.set(cellKey(a.staffId, day), a)
    }
    return map
  }, [absences, days])

  const wished = useMemo(() => {
    const map = new Map<string, Wish[]>()
    for (const w of wishes ?? []) {
      const key = cellKey(w.staffId, w.date)
      map.set(key, [...(map.get(key) ?? []), w])
    }
    return map
  }, [wishes])

  const flagged = useMemo(() => {
    const map = new Map<string, RuleViolation[]>()
    for (const v of violations) {
      if (!v.staffId) continue
      for (const day of v.dates) {
        const key = cellKey(v.staffId, day)
        map.set(key, [...(map.get(key) ?? []), v])
      }
    }
    return map
  }, [violations])

  const lines = useMemo(
    () => coverageLines(maquette, shiftTypes.map((s) => s.id)),
    [maquette, shiftTypes],
  )

  // Lignes de la navigation au clavier : les agents, puis les salles du bloc.
  const rowCount = staff.length + rooms.length
  // Reste dans la grille quand la vue (semaine/mois) ou la liste change.
  const row = Math.min(active.row, Math.max(rowCount - 1, 0))
  const col = Math.min(active.col, Math.max(days.length - 1, 0))

  /** Clé de la cellule (ligne, colonne) : agent ou salle du bloc. */
  const keyAt = (r: number, c: number): string | null => {
    const day = days[c]
    if (!day) return null
    if (r < staff.length) return cellKey(staff[r].id, day)
    const room = rooms[r - staff.length]
    return room ? roomKey(room[0], day) : null
  }

  const focusCell = (r: number, c: number) => {
    setActive({ row: r, col: c })
    const key = keyAt(r, c)
    if (key) cells.current.get(key)?.focus()
    if (r < staff.length && days[c]) onSelectCell?.(staff[r].id, days[c])
  }

  const select = (r: number, c: number) => {
    setActive({ row: r, col: c })
    if (r < staff.length && days[c]) onSelectCell?.(staff[r].id, days[c])
  }

  const cellRef = (key: string) => (el: HTMLTableCellElement | null) => {
    if (el) cells.current.set(key, el)
    else cells.current.delete(key)
  }

  const commit = (staffId: string, date: string, shiftTypeId: string | null) => {
    setEditing(false)
    onEdit?.(staffId, date, shiftTypeId)
    focusCell(row, col)
  }

  const onCellKeyDown = (event: KeyboardEvent<HTMLTableCellElement>, r: number, c: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [r - 1, c],
      ArrowDown: [r + 1, c],
      ArrowLeft: [r, c - 1],
      ArrowRight: [r, c + 1],
      Home: [r, 0],
      End: [r, days.length - 1],
    }
    const move = moves[event.key]
    if (move) {
      event.preventDefault()
      const [nr, nc] = move
      if (nr >= 0 && nr < rowCount && nc >= 0 && nc < days.length) focusCell(nr, nc)
      return
    }
    if (r >= staff.length) {
      const room = rooms[r - staff.length]
      if (room && onOpenSession && (event.key === 'Enter' || event.key === 'F2')) {
        event.preventDefault()
        onOpenSession(room[0], days[c], room[1].get(days[c])?.session ?? null)
      }
      return
    }
    if (!editable) return
    const person = staff[r]
    const day = days[c]
    if (event.key === 'Enter' || event.key === 'F2') {
      event.preventDefault()
      setActive({ row: r, col: c })
      setEditing(true)
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault()
      commit(person.id, day, null)
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      const shift = shiftTypes.find((s) => s.code.toUpperCase() === event.key.toUpperCase())
      if (shift) {
        event.preventDefault()
        commit(person.id, day, shift.id)
      }
    }
  }

  return (
    <div className="grid-scroll">
      <table className="roster-grid" role="grid" aria-label={props.caption} aria-readonly={!editable}>
        <thead>
          <tr>
            <th scope="col" className="roster-grid__corner">
              Agent
            </th>
            {days.map((day) => {
              const { weekday, day: dayNumber } = shortDay(day)
              return (
                <th key={day} scope="col" className={isWeekend(day) ? 'is-weekend' : undefined} abbr={longDate(day)}>
                  <span className="roster-grid__weekday">{weekday}</span>
                  <span className="roster-grid__day">{dayNumber}</span>
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          {staff.map((person, r) => (
            <GroupedRow
              key={person.id}
              header={
                groups.medical.length === 0
                  ? null
                  : r === 0 && groups.paramedical.length > 0
                    ? `Personnel paramédical (${groups.paramedical.length})`
                    : r === groups.paramedical.length
                      ? `Personnel médical — praticiens et internes (${groups.medical.length})`
                      : null
              }
              span={days.length + 1}
            >
            <tr>
              <th scope="row" className="roster-grid__person">
                <span className="roster-grid__name">{staffName(person)}</span>
                <span className="roster-grid__meta">
                  {person.profession}
                  {person.quotite !== 100 ? ` · ${person.quotite} %` : ''}
                </span>
              </th>
              {days.map((day, c) => {
                const key = cellKey(person.id, day)
                const shifts = (assigned.get(key) ?? []).map((id) => shiftById.get(id)).filter((s) => s !== undefined)
                const absence = absent.get(key)
                const problems = flagged.get(key) ?? []
                const cellWishes = wished.get(key) ?? []
                const hard = problems.some((p) => p.hard && !p.override)
                const isActive = r === row && c === col
                const classes = ['roster-cell']
                if (isWeekend(day)) classes.push('is-weekend')
                if (shifts[0]) classes.push(shiftClass(shifts[0].code, shifts[0].isNight))
                const mark = activityMark(shifts)
                if (mark) classes.push(mark.className)
                const halves = halfDayParts(shifts)
                if (halves) classes.push('roster-cell--halves')
                if (absence) classes.push('roster-cell--absent')
                if (hard) classes.push('roster-cell--hard')
                else if (problems.length > 0) classes.push('roster-cell--soft')
                if (changed?.has(key)) classes.push('roster-cell--changed')
                const label = halves
                  ? `matin : ${halves.morning?.label ?? 'libre'}, après-midi : ${halves.afternoon?.label ?? 'libre'}`
                  : shifts.length > 0
                    ? shifts.map((s) => s.label).join(' et ') + (mark ? ` (${mark.word})` : '')
                    : absence
                      ? ABSENCE_LABELS[absence.category].label
                      : 'repos'
                const description = [
                  `${staffName(person)}, ${longDate(day)} : ${label}`,
                  absence && shifts.length > 0 ? `absence (${ABSENCE_LABELS[absence.category].label})` : '',
                  cellWishes.map((w) => wishText(w, shiftById)).join(' ; '),
                  problems.length > 0 ? problems.map((p) => p.message).join(' ; ') : '',
                  changed?.has(key) ? 'modifié par rapport à la version comparée' : '',
                ]
                  .filter(Boolean)
                  .join('. ')
                return (
                  <td
                    key={day}
                    role="gridcell"
                    className={classes.join(' ')}
                    tabIndex={isActive ? 0 : -1}
                    ref={cellRef(key)}
                    title={description}
                    data-cell={key}
                    onKeyDown={(event) => onCellKeyDown(event, r, c)}
                    onClick={() => select(r, c)}
                    onDoubleClick={() => {
                      if (!editable) return
                      setActive({ row: r, col: c })
                      setEditing(true)
                    }}
                  >
                    {halves ? (
                      <span className="roster-cell__halves" aria-hidden="true">
                        <span className="roster-cell__half">{halves.morning?.code ?? '·'}</span>
                        <span className="roster-cell__half">{halves.afternoon?.code ?? '·'}</span>
                      </span>
                    ) : (
                      <span className="roster-cell__code">
                        {shifts.length > 0 ? shifts.map((s) => s.code).join('+') : absence ? ABSENCE_LABELS[absence.category].code : ''}
                      </span>
                    )}
                    {mark && (
                      <span aria-hidden="true" className="roster-cell__activity" data-activity={mark.word}>
                        {mark.icon}
                      </span>
                    )}
                    <span className="visually-hidden"> {description}</span>
                    {cellWishes.length > 0 && (
                      <span
                        aria-hidden="true"
                        data-wish={cellWishes[0].kind}
                        className={`roster-cell__wish roster-cell__wish--${cellWishes[0].kind === 'ON' ? 'on' : 'off'}`}
                      >
                        {cellWishes[0].kind === 'ON' ? '+' : '−'}
                      </span>
                    )}
                    {problems.length > 0 && (
                      <span aria-hidden="true" className="roster-cell__flag">
                        !
                      </span>
                    )}
                    {isActive && editing && (
                      <ShiftPicker
                        label={`Poste de ${staffName(person)} le ${longDate(day)}`}
                        shiftTypes={shiftTypes}
                        current={shifts[0]?.id ?? null}
                        onPick={(id) => commit(person.id, day, id)}
                        onCancel={() => {
                          setEditing(false)
                          focusCell(r, c)
                        }}
                      />
                    )}
                  </td>
                )
              })}
            </tr>
            </GroupedRow>
          ))}
        </tbody>
        {rooms.length > 0 && (
          <tbody className="theatre-rows">
            <tr className="roster-group">
              <th scope="rowgroup" colSpan={days.length + 1}>
                Bloc opératoire — séances du programme et leur équipe
              </th>
            </tr>
            {rooms.map(([room, byDate], i) => {
              const r = staff.length + i
              return (
                <tr key={room} className="theatre-row">
                  <th scope="row">Bloc — {room}</th>
                  {days.map((day, c) => {
                    const status = byDate.get(day)
                    const key = roomKey(room, day)
                    const isActive = r === row && c === col
                    const open = onOpenSession ? () => onOpenSession(room, day, status?.session ?? null) : undefined
                    const common = {
                      role: 'gridcell',
                      tabIndex: isActive ? 0 : -1,
                      ref: cellRef(key),
                      'data-cell': key,
                      onKeyDown: (event: KeyboardEvent<HTMLTableCellElement>) => onCellKeyDown(event, r, c),
                      onClick: () => setActive({ row: r, col: c }),
                      onDoubleClick: open,
                    } as const
                    const hint = onOpenSession ? (status ? ' Entrée : modifier la séance.' : ' Entrée : ajouter une séance.') : ''
                    if (!status) {
                      return (
                        <td key={day} className="theatre-cell" {...common}>
                          <span className="visually-hidden">
                            Bloc — {room}, {longDate(day)} : pas de séance.{hint}
                          </span>
                        </td>
                      )
                    }
                    const filled = status.team.filter((m) => m.filled).length
                    const description = `Bloc — ${room}, ${longDate(day)}. ${sessionText(status)}`
                    return (
                      <td
                        key={day}
                        className={`theatre-cell ${status.complete ? 'theatre-cell--complete' : 'theatre-cell--incomplete'}`}
                        title={description}
                        data-session={status.complete ? 'complete' : 'incomplete'}
                        {...common}
                      >
                        <span aria-hidden="true" className="theatre-cell__icon">
                          {status.complete ? '✓' : '✗'}
                        </span>
                        <span aria-hidden="true" className="theatre-cell__count">
                          {filled}/{status.team.length}
                        </span>
                        <span className="visually-hidden">
                          {description}
                          {hint}
                        </span>
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        )}
        {lines.length > 0 && (
          <tfoot>
            {lines.map((line) => {
              const shift = shiftById.get(line.shiftTypeId)
              const name = `${shift?.code ?? '?'}${line.qualification ? ` · ${line.qualification}` : ''}`
              return (
                <tr key={`${line.shiftTypeId}|${line.qualification ?? ''}`} className="coverage-row">
                  <th scope="row">
                    Couverture {name}
                  </th>
                  {days.map((day) => {
                    const cell = coverageCell(line, day, assignments, staffById, maquette)
                    const text = `${cell.count}/${cell.min}`
                    const description = `${name}, ${longDate(day)} : ${cell.count} présent${cell.count > 1 ? 's' : ''} pour un minimum de ${cell.min}${cell.short ? `, manque ${cell.min - cell.count}` : ''}`
                    return (
                      <td
                        key={day}
                        role="gridcell"
                        className={`coverage-cell${cell.short ? ' coverage-cell--short' : ''}`}
                        title={description}
                        data-short={cell.short ? 'true' : undefined}
                      >
                        {text}
                        <span className="visually-hidden"> {description}</span>
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tfoot>
        )}
      </table>
    </div>
  )
}

interface ShiftPickerProps {
  label: string
  shiftTypes: ShiftType[]
  current: string | null
  onPick: (shiftTypeId: string | null) => void
  onCancel: () => void
}

/** Liste des postes (motif ARIA « listbox ») ouverte dans la cellule. */
function ShiftPicker({ label, shiftTypes, current, onPick, onCancel }: ShiftPickerProps) {
  const options: { id: string | null; text: string }[] = [
    ...shiftTypes.map((s) => ({ id: s.id, text: `${s.code} — ${s.label}` })),
    { id: null, text: 'Repos (aucun poste)' },
  ]
  const initial = Math.max(
    options.findIndex((o) => o.id === current),
    0,
  )
  const [index, setIndex] = useState(initial)
  const list = useRef<HTMLUListElement>(null)
  useEffect(() => {
    list.current?.focus()
  }, [])
  const optionId = (i: number) => `shift-option-${i}`

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    event.stopPropagation()
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setIndex((i) => Math.min(i + 1, options.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setIndex((i) => Math.max(i - 1, 0))
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault()
      setIndex(event.key === 'Home' ? 0 : options.length - 1)
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      onPick(options[index].id)
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault()
      onCancel()
    }
  }

  return (
    <ul
      ref={list}
      role="listbox"
      aria-label={label}
      tabIndex={-1}
      className="shift-picker"
      aria-activedescendant={optionId(index)}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onCancel()
      }}
    >
      {options.map((option, i) => (
        <li
          key={option.id ?? 'off'}
          id={optionId(i)}
          role="option"
          aria-selected={i === index}
          className={i === index ? 'is-active' : undefined}
          onMouseDown={(event) => {
            event.preventDefault()
            onPick(option.id)
          }}
        >
          {option.text}
        </li>
      ))}
    </ul>
  )
}

/** Une ligne d'agent, précédée de l'en-tête de son groupe (paramédical, médical) quand il commence. */
function GroupedRow({ header, span, children }: { header: string | null; span: number; children: ReactNode }) {
  return (
    <>
      {header && (
        <tr className="roster-group">
          <th scope="rowgroup" colSpan={span}>
            {header}
          </th>
        </tr>
      )}
      {children}
    </>
  )
}
