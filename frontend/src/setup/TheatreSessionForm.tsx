/**
 * Formulaire d'une séance du programme opératoire (salle, jour, postes de l'équipe, poids),
 * partagé par « Programme du bloc » et la grille du « Planning » : `setTheatreSession` crée la
 * séance ou remplace l'équipe et le poids de celle de la même salle ce jour-là ;
 * `deleteTheatreSession` la retire.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { longDate } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import { formErrors } from './formErrors.ts'
import type { ShiftTypeRow } from './setupApi.ts'
import {
  DELETE_THEATRE_SESSION_MUTATION,
  SET_THEATRE_SESSION_MUTATION,
  type SetTheatreSessionData,
  type SetTheatreSessionVariables,
  type TheatreSession,
} from './theatreApi.ts'

/** Ce que les cases à cocher montrent d'un type de poste. */
export type ChecklistShift = Pick<ShiftTypeRow, 'id' | 'code' | 'label'>

/** Cases à cocher des types de poste (équipe d'une séance, postes d'une exigence). */
export function ShiftChecklist(props: {
  legend: string
  shiftTypes: ChecklistShift[]
  chosen: string[]
  onChange: (ids: string[]) => void
  error?: string
  errorId: string
}) {
  return (
    <fieldset aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? props.errorId : undefined}>
      <legend>{props.legend}</legend>
      {props.shiftTypes.length === 0 ? (
        <p>Aucun type de poste dans le GHT.</p>
      ) : (
        <div className="checkbox-list">
          {props.shiftTypes.map((s) => (
            <label key={s.id}>
              <input
                type="checkbox"
                checked={props.chosen.includes(s.id)}
                onChange={(e) => props.onChange(e.target.checked ? [...props.chosen, s.id] : props.chosen.filter((x) => x !== s.id))}
              />{' '}
              {s.code} — {s.label}
            </label>
          ))}
        </div>
      )}
      {props.error && (
        <p id={props.errorId} className="field__error">
          {props.error}
        </p>
      )}
    </fieldset>
  )
}

export function useFieldErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  return { errors, setErrors, general, setGeneral }
}

export interface SessionFormProps {
  unitId: string
  shiftTypes: ChecklistShift[]
  initial: TheatreSession | null
  defaultDate: string
  /** Salle proposée pour une nouvelle séance (cellule vide d'une ligne de salle). */
  defaultRoom?: string
  /** Salle et jour fixés (séance ouverte depuis la grille) : seuls l'équipe et le poids changent. */
  placeFixed?: boolean
  /** Le titre prend le focus à l'ouverture (séance ouverte depuis la grille). */
  focusOnOpen?: boolean
  onSaved: (s: TheatreSession) => void
  /** Offre « Supprimer la séance » pour une séance existante. */
  onDeleted?: (s: TheatreSession) => void
  onCancel: () => void
  cancelLabel?: string
}

export function SessionForm(props: SessionFormProps) {
  const manager = useSessionManager()
  const id = useId()
  const heading = useRef<HTMLHeadingElement>(null)
  const [room, setRoom] = useState(props.initial?.room ?? props.defaultRoom ?? '')
  const [date, setDate] = useState(props.initial?.date ?? props.defaultDate)
  const [team, setTeam] = useState<string[]>(props.initial?.teamShiftTypeIds ?? [])
  const [weight, setWeight] = useState(props.initial ? String(props.initial.weight) : '')
  const { errors, setErrors, general, setGeneral } = useFieldErrors()

  useEffect(() => {
    if (props.focusOnOpen) heading.current?.focus()
  }, [props.focusOnOpen])

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const local: Record<string, string> = {}
    if (room.trim() === '') local.room = 'Indiquez la salle (par exemple « Salle 1 »).'
    if (date === '') local.date = 'Indiquez le jour de la séance.'
    if (team.length === 0) local.teamShiftTypeIds = 'Cochez au moins un poste de l’équipe.'
    const w = weight.trim() === '' ? null : Number(weight)
    if (w !== null && (!Number.isInteger(w) || w < 0 || w > 100_000)) local.weight = 'Un nombre entier de 0 à 100 000, ou vide (500).'
    setErrors(local)
    if (Object.keys(local).length > 0) return
    const variables: SetTheatreSessionVariables = { unitId: props.unitId, room: room.trim(), date, teamShiftTypeIds: team, weight: w }
    try {
      const data = await manager.request<SetTheatreSessionData>(SET_THEATRE_SESSION_MUTATION, { ...variables })
      setRoom(props.defaultRoom ?? '')
      setTeam([])
      setWeight('')
      props.onSaved(data.setTheatreSession)
    } catch (e) {
      const found = formErrors(e, ['room', 'date', 'teamShiftTypeIds', 'weight'])
      setErrors(found.fields)
      setGeneral(found.general)
    }
  }

  const remove = async (session: TheatreSession) => {
    setGeneral(null)
    try {
      await manager.request(DELETE_THEATRE_SESSION_MUTATION, { id: session.id })
      props.onDeleted?.(session)
    } catch (e) {
      setGeneral(errorText(e))
    }
  }

  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${name}-error` } : {})
  const errorOf = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field__error">
        {errors[name]}
      </p>
    ) : null
  const fixed = props.placeFixed === true
  const title = props.initial
    ? fixed
      ? `Modifier la séance ${props.initial.room} du ${longDate(props.initial.date)}`
      : 'Modifier la séance'
    : fixed
      ? `Ajouter une séance ${room} le ${longDate(date)}`
      : 'Ajouter une séance'

  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p>Une séance par salle et par jour : enregistrer une séance existante remplace son équipe et son poids.</p>
      <form className="setup-form theatre-form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-room`}>Salle</label>
          <input id={`${id}-room`} value={room} readOnly={fixed} onChange={(e) => setRoom(e.target.value)} {...invalid('room')} />
          {errorOf('room')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-date`}>Jour</label>
          <input id={`${id}-date`} type="date" value={date} readOnly={fixed} onChange={(e) => setDate(e.target.value)} {...invalid('date')} />
          {errorOf('date')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-weight`}>Poids (coût d’une séance non tenue)</label>
          <input id={`${id}-weight`} inputMode="numeric" value={weight} placeholder="500" onChange={(e) => setWeight(e.target.value)} {...invalid('weight')} />
          {errorOf('weight')}
        </div>
        <div className="setup-form__actions">
          <ShiftChecklist
            legend="Équipe (un agent par poste)"
            shiftTypes={props.shiftTypes}
            chosen={team}
            onChange={setTeam}
            error={errors.teamShiftTypeIds}
            errorId={`${id}-teamShiftTypeIds-error`}
          />
        </div>
        {general && (
          <p role="alert" className="notice notice--error setup-form__actions">
            {general}
          </p>
        )}
        <div className="actions setup-form__actions">
          <button type="submit" className="button">
            Enregistrer la séance
          </button>
          {props.initial && props.onDeleted && (
            <button type="button" className="button button--secondary" onClick={() => props.initial && void remove(props.initial)}>
              Supprimer la séance
            </button>
          )}
          {(props.initial || props.cancelLabel) && (
            <button type="button" className="button button--secondary" onClick={props.onCancel}>
              {props.cancelLabel ?? 'Annuler la modification'}
            </button>
          )}
        </div>
      </form>
    </section>
  )
}
