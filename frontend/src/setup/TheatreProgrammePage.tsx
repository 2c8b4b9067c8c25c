/**
 * « Programme du bloc » (paramétrage) : les séances opératoires d'une unité par salle et par
 * jour sur une période, chacune avec les postes de son équipe (chirurgien, anesthésiste, IADE,
 * IBODE…), et les exigences conjointes de l'unité (une équipe travaille ensemble ou pas du
 * tout ; au moins N personnes sur des postes). Le moteur les respecte à la génération.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { isGraphQLRequestError } from '../api/graphql.ts'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { addDays, longDate, today } from '../planning/calendar.ts'
import { errorText, plural } from '../planning/labels.ts'
import { JOINT_KIND_LABELS, requirementText, roleName } from '../planning/medical.ts'
import { formErrors } from './formErrors.ts'
import { ShiftChecklist, useFieldErrors, SessionForm } from './TheatreSessionForm.tsx'
import { SETUP_SHIFT_TYPES_QUERY, SETUP_UNITS_QUERY, type SetupShiftTypesData, type SetupUnit, type SetupUnitsData, type ShiftTypeRow } from './setupApi.ts'
import {
  CREATE_JOINT_REQUIREMENT_MUTATION,
  DELETE_JOINT_REQUIREMENT_MUTATION,
  DELETE_THEATRE_SESSION_MUTATION,
  JOINT_REQUIREMENTS_QUERY,
  THEATRE_PROGRAMME_QUERY,
  WEEKDAY_LABELS,
  type CreateJointRequirementData,
  type CreateJointRequirementVariables,
  type JointRequirement,
  type JointRequirementsData,
  type TheatreProgrammeData,
  type TheatreSession,
} from './theatreApi.ts'
import { useUnitChoice } from './useUnitChoice.ts'

/** Premier et dernier jour du mois suivant `date` (la période proposée par défaut). */
export function nextMonth(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number)
  const from = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  const [fy, fm] = from.split('-').map(Number)
  const after = fm === 12 ? `${fy + 1}-01-01` : `${fy}-${String(fm + 1).padStart(2, '0')}-01`
  return { from, to: addDays(after, -1) }
}

/** « SEANCE-CHIR (chirurgien) » : un poste d'équipe lisible. */
function teamText(ids: string[], shiftById: Map<string, ShiftTypeRow>): string {
  return ids.map((id) => `${shiftById.get(id)?.code ?? 'poste inconnu'} (${roleName(shiftById.get(id))})`).join(', ')
}

interface Programme {
  sessions: TheatreSession[]
  requirements: JointRequirement[]
}

export function TheatreProgrammePage() {
  const manager = useSessionManager()
  const id = useId()
  const [units, setUnits] = useState<SetupUnit[] | null>(null)
  const [shiftTypes, setShiftTypes] = useState<ShiftTypeRow[]>([])
  const { visible, unitId, setUnitId, forbid } = useUnitChoice(units ?? [])
  const [period, setPeriod] = useState(() => nextMonth(today()))
  const [programme, setProgramme] = useState<Programme | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const [editing, setEditing] = useState<TheatreSession | null>(null)
  const shiftById = useMemo(() => new Map(shiftTypes.map((s) => [s.id, s])), [shiftTypes])

  useEffect(() => {
    ;(async () => {
      const { units } = await manager.request<SetupUnitsData>(SETUP_UNITS_QUERY)
      const { shiftTypes } = await manager.request<SetupShiftTypesData>(SETUP_SHIFT_TYPES_QUERY)
      return { units: [...units.nodes].sort((a, b) => a.code.localeCompare(b.code, 'fr')), shiftTypes }
    })()
      .then((d) => {
        setUnits(d.units)
        setShiftTypes([...d.shiftTypes].sort((a, b) => a.code.localeCompare(b.code, 'fr')))
      })
      .catch((e) => setError(errorText(e)))
  }, [manager])

  useEffect(() => {
    if (!unitId || period.from === '' || period.to === '' || period.to < period.from) return
    let live = true
    setProgramme(null)
    ;(async () => {
      const { theatreProgramme } = await manager.request<TheatreProgrammeData>(THEATRE_PROGRAMME_QUERY, { unitId, ...period })
      const { jointRequirements } = await manager.request<JointRequirementsData>(JOINT_REQUIREMENTS_QUERY, { unitId })
      return { sessions: theatreProgramme, requirements: jointRequirements }
    })()
      .then((d) => {
        if (!live) return
        setProgramme(d)
        setError(null)
      })
      .catch((e) => {
        if (!live) return
        if (isGraphQLRequestError(e) && e.code === 'FORBIDDEN' && forbid(unitId)) return
        setError(errorText(e))
      })
    return () => {
      live = false
    }
  }, [manager, unitId, period, reload, forbid])

  const refresh = (message: string) => {
    setStatus(message)
    setReload((n) => n + 1)
  }

  const remove = async (mutation: string, targetId: string, message: string) => {
    try {
      await manager.request(mutation, { id: targetId })
      refresh(message)
    } catch (e) {
      setError(errorText(e))
    }
  }

  const rooms = useMemo(() => {
    const byRoom = new Map<string, TheatreSession[]>()
    for (const s of programme?.sessions ?? []) byRoom.set(s.room, [...(byRoom.get(s.room) ?? []), s])
    return [...byRoom.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'fr', { numeric: true }))
      .map(([room, sessions]) => [room, sessions.sort((a, b) => a.date.localeCompare(b.date))] as const)
  }, [programme])

  const unit = visible.find((u) => u.id === unitId)

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Programme du bloc
      </h1>
      <p className="page-intro">
        Les séances opératoires de l’unité, par salle et par jour, avec les postes de leur équipe ; et les exigences
        conjointes que le moteur respecte à la génération (une équipe de bloc travaille au complet ou pas du tout).
      </p>
      <div role="status" className="results-live">
        {status && <p className="notice notice--ok">{status}</p>}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}

      <section className="panel panel--wide planning-toolbar" aria-label="Unité et période">
        <div className="field">
          <label htmlFor={`${id}-unit`}>Unité</label>
          <select id={`${id}-unit`} value={unitId} onChange={(e) => setUnitId(e.target.value)} disabled={units === null}>
            {visible.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} — {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>Du</label>
          <input id={`${id}-from`} type="date" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>Au</label>
          <input id={`${id}-to`} type="date" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} />
        </div>
      </section>
      {period.to < period.from && <p className="notice notice--error">La fin de la période précède son début.</p>}

      {units !== null && visible.length === 0 && !error && <p className="notice notice--info">Aucune unité dans votre périmètre.</p>}

      <section className="panel panel--wide" aria-labelledby={`${id}-sessions`} aria-busy={programme === null && !error}>
        <h2 id={`${id}-sessions`}>Séances {unit ? `de ${unit.code}` : ''}</h2>
        {programme === null && !error && <p className="notice notice--info">Chargement du programme…</p>}
        {programme && programme.sessions.length === 0 && (
          <p className="notice notice--info">Aucune séance programmée sur la période pour cette unité.</p>
        )}
        {programme && programme.sessions.length > 0 && (
          <>
            <p>
              {plural(programme.sessions.length, 'séance', 'séances')} dans {plural(rooms.length, 'salle', 'salles')}, du{' '}
              {longDate(period.from)} au {longDate(period.to)}.
            </p>
            <div className="table-scroll">
              <table className="table theatre-table">
                <caption className="visually-hidden">Séances du programme opératoire par salle et par jour</caption>
                <thead>
                  <tr>
                    <th scope="col">Salle</th>
                    <th scope="col">Jour</th>
                    <th scope="col">Équipe</th>
                    <th scope="col">Poids</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {rooms.flatMap(([room, sessions]) =>
                    sessions.map((s) => (
                      <tr key={s.id} data-session-id={s.id}>
                        <th scope="row">{room}</th>
                        <td>{longDate(s.date)}</td>
                        <td>{teamText(s.teamShiftTypeIds, shiftById)}</td>
                        <td>{s.weight}</td>
                        <td className="actions">
                          <button type="button" className="button button--secondary" onClick={() => setEditing(s)}>
                            Modifier <span className="visually-hidden">la séance {room} du {longDate(s.date)}</span>
                          </button>
                          <button
                            type="button"
                            className="button button--secondary"
                            onClick={() => void remove(DELETE_THEATRE_SESSION_MUTATION, s.id, `Séance ${room} du ${longDate(s.date)} supprimée.`)}
                          >
                            Supprimer <span className="visually-hidden">la séance {room} du {longDate(s.date)}</span>
                          </button>
                        </td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      {unitId && (
        <SessionForm
          key={editing?.id ?? 'new'}
          unitId={unitId}
          shiftTypes={shiftTypes}
          initial={editing}
          defaultDate={period.from}
          onSaved={(s) => {
            setEditing(null)
            refresh(`Séance ${s.room} du ${longDate(s.date)} enregistrée : ${teamText(s.teamShiftTypeIds, shiftById)}.`)
          }}
          onCancel={() => setEditing(null)}
        />
      )}

      <section className="panel panel--wide" aria-labelledby={`${id}-joint`} aria-busy={programme === null && !error}>
        <h2 id={`${id}-joint`}>Exigences conjointes {unit ? `de ${unit.code}` : ''}</h2>
        {programme === null && !error && <p className="notice notice--info">Chargement des exigences…</p>}
        {programme && programme.requirements.length === 0 && (
          <p className="notice notice--info">Aucune exigence conjointe pour cette unité.</p>
        )}
        {programme && programme.requirements.length > 0 && (
          <div className="table-scroll">
            <table className="table joint-table">
              <caption className="visually-hidden">Exigences conjointes de l’unité</caption>
              <thead>
                <tr>
                  <th scope="col">Libellé</th>
                  <th scope="col">Règle</th>
                  <th scope="col">Postes</th>
                  <th scope="col">Jours</th>
                  <th scope="col">Poids</th>
                  <th scope="col">Période</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {programme.requirements.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">{r.label}</th>
                    <td>{r.kind === 'AT_LEAST' ? `au moins ${r.count}` : `tout ou rien (jusqu’à ${r.count})`}</td>
                    <td>{teamText(r.shiftTypeIds, shiftById)}</td>
                    <td>{r.weekdays.length === 0 ? 'tous les jours' : r.weekdays.map((d) => WEEKDAY_LABELS[d] ?? '?').join(', ')}</td>
                    <td>{r.weight}</td>
                    <td>
                      depuis le {longDate(r.effectiveFrom)}
                      {r.effectiveTo ? ` jusqu’au ${longDate(r.effectiveTo)}` : ''}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => void remove(DELETE_JOINT_REQUIREMENT_MUTATION, r.id, `Exigence « ${requirementText(r)} » supprimée.`)}
                      >
                        Supprimer <span className="visually-hidden">l’exigence {r.label}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {unitId && (
        <JointForm
          unitId={unitId}
          shiftTypes={shiftTypes}
          defaultFrom={period.from}
          onSaved={(r) => refresh(`Exigence « ${requirementText(r)} » créée.`)}
        />
      )}
    </>
  )
}

function JointForm(props: { unitId: string; shiftTypes: ShiftTypeRow[]; defaultFrom: string; onSaved: (r: JointRequirement) => void }) {
  const manager = useSessionManager()
  const id = useId()
  const [label, setLabel] = useState('')
  const [kind, setKind] = useState<JointRequirement['kind']>('ALL_OR_NONE')
  const [shifts, setShifts] = useState<string[]>([])
  const [weekdays, setWeekdays] = useState<number[]>([])
  const [count, setCount] = useState('1')
  const [weight, setWeight] = useState('500')
  const [from, setFrom] = useState(props.defaultFrom)
  const [to, setTo] = useState('')
  const { errors, setErrors, general, setGeneral } = useFieldErrors()

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const local: Record<string, string> = {}
    if (label.trim() === '') local.label = 'Indiquez un libellé (par exemple « équipe de bloc »).'
    if (shifts.length === 0) local.shiftTypeIds = 'Cochez au moins un poste.'
    const n = Number(count)
    if (!Number.isInteger(n) || n < 1 || n > 50) local.count = 'Un nombre entier de 1 à 50.'
    const w = Number(weight)
    if (weight.trim() === '' || !Number.isInteger(w) || w < 0 || w > 100_000) local.weight = 'Un nombre entier de 0 à 100 000.'
    if (from === '') local.effectiveFrom = 'Indiquez la date d’effet.'
    if (to !== '' && from !== '' && to < from) local.effectiveTo = 'La fin précède la date d’effet.'
    setErrors(local)
    if (Object.keys(local).length > 0) return
    const variables: CreateJointRequirementVariables = {
      unitId: props.unitId,
      kind,
      shiftTypeIds: shifts,
      weekdays,
      count: n,
      weight: w,
      label: label.trim(),
      effectiveFrom: from,
      effectiveTo: to === '' ? null : to,
    }
    try {
      const data = await manager.request<CreateJointRequirementData>(CREATE_JOINT_REQUIREMENT_MUTATION, { ...variables })
      setLabel('')
      setShifts([])
      setWeekdays([])
      props.onSaved(data.createJointRequirement)
    } catch (e) {
      const found = formErrors(e, ['label', 'kind', 'shiftTypeIds', 'weekdays', 'count', 'weight', 'effectiveFrom', 'effectiveTo'])
      setErrors(found.fields)
      setGeneral(found.general)
    }
  }

  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {})
  const errorOf = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field__error">
        {errors[name]}
      </p>
    ) : null

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Ajouter une exigence conjointe</h2>
      <form className="setup-form theatre-form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-label`}>Libellé</label>
          <input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} {...invalid('label')} />
          {errorOf('label')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>Règle</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as JointRequirement['kind'])} {...invalid('kind')}>
            <option value="ALL_OR_NONE">Tout ou rien : les postes sont tenus ensemble ({JOINT_KIND_LABELS.ALL_OR_NONE})</option>
            <option value="AT_LEAST">Au moins N personnes sur ces postes ({JOINT_KIND_LABELS.AT_LEAST})</option>
          </select>
          {errorOf('kind')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-count`}>Nombre</label>
          <input id={`${id}-count`} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} {...invalid('count')} />
          {errorOf('count')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-weight`}>Poids</label>
          <input id={`${id}-weight`} inputMode="numeric" value={weight} onChange={(e) => setWeight(e.target.value)} {...invalid('weight')} />
          {errorOf('weight')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-effectiveFrom`}>Date d’effet</label>
          <input id={`${id}-effectiveFrom`} type="date" value={from} onChange={(e) => setFrom(e.target.value)} {...invalid('effectiveFrom')} />
          {errorOf('effectiveFrom')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-effectiveTo`}>Fin (facultative)</label>
          <input id={`${id}-effectiveTo`} type="date" value={to} onChange={(e) => setTo(e.target.value)} {...invalid('effectiveTo')} />
          {errorOf('effectiveTo')}
        </div>
        <div className="setup-form__actions">
          <ShiftChecklist
            legend="Postes concernés"
            shiftTypes={props.shiftTypes}
            chosen={shifts}
            onChange={setShifts}
            error={errors.shiftTypeIds}
            errorId={`${id}-shiftTypeIds-error`}
          />
        </div>
        <fieldset className="setup-form__actions" {...invalid('weekdays')}>
          <legend>Jours (aucun coché : tous les jours)</legend>
          <div className="checkbox-list">
            {WEEKDAY_LABELS.map((day, d) => (
              <label key={day}>
                <input
                  type="checkbox"
                  checked={weekdays.includes(d)}
                  onChange={(e) => setWeekdays((w) => (e.target.checked ? [...w, d].sort() : w.filter((x) => x !== d)))}
                />{' '}
                {day}
              </label>
            ))}
          </div>
          {errorOf('weekdays')}
        </fieldset>
        {general && (
          <p role="alert" className="notice notice--error setup-form__actions">
            {general}
          </p>
        )}
        <div className="actions setup-form__actions">
          <button type="submit" className="button">
            Créer l’exigence
          </button>
        </div>
      </form>
    </section>
  )
}
