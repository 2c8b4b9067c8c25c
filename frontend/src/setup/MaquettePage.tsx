/**
 * « Maquettes » (paramétrage) : l'effectif minimal et cible d'une unité par type de jour,
 * poste et qualification. Un tableau : une ligne par poste × qualification, pour chaque type
 * de jour un minimum et une cible. « Enregistrer » envoie les cases changées
 * (`setMaquetteDemand` ; 0 et 0 retirent la ligne de ce type de jour).
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { errorText } from '../planning/labels.ts'
import {
  DAY_TYPES,
  SETUP_MAQUETTE_QUERY,
  SETUP_SHIFT_TYPES_QUERY,
  SETUP_UNITS_QUERY,
  SET_DEMAND_MUTATION,
  type DayType,
  type Demand,
  type SetupMaquetteData,
  type SetupShiftTypesData,
  type SetupUnit,
  type SetupUnitsData,
  type ShiftTypeRow,
} from './setupApi.ts'

export interface MaquetteLine {
  shiftTypeId: string
  qualification: string | null
}
/** `min`/`target` en texte (saisie), par `ligne|type de jour`. */
export type Cells = Record<string, { min: string; target: string }>

export const lineKey = (line: MaquetteLine) => `${line.shiftTypeId}|${line.qualification ?? ''}`
const cellKey = (line: MaquetteLine, dayType: DayType) => `${lineKey(line)}|${dayType}`

export function cellsOf(maquette: Demand[]): Cells {
  const cells: Cells = {}
  for (const d of maquette) cells[cellKey(d, d.dayType)] = { min: String(d.min), target: String(d.target) }
  return cells
}

export function linesOf(maquette: Demand[], shifts: ShiftTypeRow[]): MaquetteLine[] {
  const seen = new Map<string, MaquetteLine>()
  for (const d of maquette) seen.set(lineKey(d), { shiftTypeId: d.shiftTypeId, qualification: d.qualification })
  const order = shifts.map((s) => s.id)
  return [...seen.values()].sort(
    (a, b) => order.indexOf(a.shiftTypeId) - order.indexOf(b.shiftTypeId) || (a.qualification ?? '').localeCompare(b.qualification ?? ''),
  )
}

/** Les cases changées, prêtes à envoyer, ou l'erreur de chaque case invalide. */
export function changedDemands(
  lines: MaquetteLine[],
  cells: Cells,
  saved: Cells,
): { demands: (Demand & { key: string })[]; errors: Record<string, string> } {
  const demands: (Demand & { key: string })[] = []
  const errors: Record<string, string> = {}
  for (const line of lines) {
    for (const { value: dayType } of DAY_TYPES) {
      const key = cellKey(line, dayType)
      const cell = cells[key] ?? { min: '', target: '' }
      const before = saved[key] ?? { min: '0', target: '0' }
      const min = cell.min.trim() === '' ? 0 : Number(cell.min)
      const target = cell.target.trim() === '' ? min : Number(cell.target)
      if (!Number.isInteger(min) || min < 0 || min > 500) {
        errors[key] = 'Minimum : un nombre entier entre 0 et 500.'
        continue
      }
      if (!Number.isInteger(target) || target < min || target > 500) {
        errors[key] = 'Cible : un nombre entier entre le minimum et 500.'
        continue
      }
      if (min !== Number(before.min) || target !== Number(before.target)) {
        demands.push({ key, dayType, shiftTypeId: line.shiftTypeId, qualification: line.qualification, min, target })
      }
    }
  }
  return { demands, errors }
}

export function MaquettePage() {
  const manager = useSessionManager()
  const [units, setUnits] = useState<SetupUnit[]>([])
  const [unitId, setUnitId] = useState('')
  const [shifts, setShifts] = useState<ShiftTypeRow[]>([])
  const [lines, setLines] = useState<MaquetteLine[]>([])
  const [cells, setCells] = useState<Cells>({})
  const [saved, setSaved] = useState<Cells>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [status, setStatus] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [newLine, setNewLine] = useState({ shiftTypeId: '', qualification: '' })
  const id = useId()

  useEffect(() => {
    manager
      .request<SetupUnitsData>(SETUP_UNITS_QUERY)
      .then((data) => {
        setUnits(data.units.nodes)
        setUnitId((current) => current || (data.units.nodes[0]?.id ?? ''))
        return manager.request<SetupShiftTypesData>(SETUP_SHIFT_TYPES_QUERY)
      })
      .then((data) => {
        setShifts(data.shiftTypes)
        setNewLine((l) => ({ ...l, shiftTypeId: data.shiftTypes[0]?.id ?? '' }))
      })
      .catch((e) => setError(errorText(e)))
  }, [manager])

  useEffect(() => {
    if (!unitId || shifts.length === 0) return
    let live = true
    setLoading(true)
    manager
      .request<SetupMaquetteData>(SETUP_MAQUETTE_QUERY, { unitId })
      .then((data) => {
        if (!live) return
        setLines(linesOf(data.maquette, shifts))
        setCells(cellsOf(data.maquette))
        setSaved(cellsOf(data.maquette))
        setErrors({})
        setError(null)
      })
      .catch((e) => live && setError(errorText(e)))
      .finally(() => live && setLoading(false))
    return () => {
      live = false
    }
  }, [manager, unitId, shifts])

  const shiftById = useMemo(() => new Map(shifts.map((s) => [s.id, s])), [shifts])
  const lineName = (line: MaquetteLine) => `${shiftById.get(line.shiftTypeId)?.code ?? '?'} · ${line.qualification ?? 'toutes professions'}`

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setStatus(null)
    const { demands, errors: found } = changedDemands(lines, cells, saved)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      setError('Certaines cases sont invalides : corrigez-les avant d’enregistrer.')
      document.querySelector<HTMLInputElement>('.maquette-table input[aria-invalid="true"]')?.focus()
      return
    }
    setError(null)
    let done = 0
    try {
      // One root field per request (see planningApi: SQLite write lock).
      for (const d of demands) {
        await manager.request(SET_DEMAND_MUTATION, {
          input: { unitId, dayType: d.dayType, shiftTypeId: d.shiftTypeId, qualification: d.qualification, min: d.min, target: d.target },
        })
        setSaved((s) => ({ ...s, [d.key]: { min: String(d.min), target: String(d.target) } }))
        done += 1
      }
      setStatus(demands.length === 0 ? 'Aucune modification à enregistrer.' : `Maquette enregistrée : ${done} case${done > 1 ? 's' : ''} modifiée${done > 1 ? 's' : ''}.`)
    } catch (e) {
      setError(`${errorText(e)} (${done} case${done > 1 ? 's' : ''} enregistrée${done > 1 ? 's' : ''} avant l’erreur)`)
    }
  }

  const addLine = () => {
    const line = { shiftTypeId: newLine.shiftTypeId, qualification: newLine.qualification.trim() || null }
    if (!line.shiftTypeId) return
    if (lines.some((l) => lineKey(l) === lineKey(line))) {
      setStatus(`La ligne ${lineName(line)} existe déjà.`)
      return
    }
    setLines((ls) => [...ls, line])
    setStatus(`Ligne ${lineName(line)} ajoutée : saisissez ses effectifs puis enregistrez.`)
  }

  const setCell = (key: string, part: 'min' | 'target', value: string) =>
    setCells((c) => ({ ...c, [key]: { ...(c[key] ?? { min: '', target: '' }), [part]: value } }))

  const unit = units.find((u) => u.id === unitId)

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Maquettes
      </h1>
      <p className="page-intro">
        L’effectif minimal et cible de chaque unité, par type de jour, poste et qualification. La couverture de la grille
        du planning se mesure face à ces chiffres.
      </p>
      <section className="panel panel--wide" aria-labelledby={`${id}-unit`}>
        <h2 id={`${id}-unit`}>Unité</h2>
        <div className="field">
          <label htmlFor={`${id}-unit-select`}>Unité</label>
          <select id={`${id}-unit-select`} value={unitId} onChange={(event) => setUnitId(event.target.value)}>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.code} — {u.name}
              </option>
            ))}
          </select>
        </div>
      </section>

      <section className="panel panel--wide" aria-labelledby={`${id}-table`} aria-busy={loading}>
        <h2 id={`${id}-table`}>Maquette {unit ? `${unit.code} — ${unit.name}` : ''}</h2>
        <div role="status" className="results-live">
          {status && <p className="notice notice--ok">{status}</p>}
        </div>
        {error && (
          <p role="alert" className="notice notice--error">
            {error}
          </p>
        )}
        {loading && !error && <p className="notice notice--info">Chargement de la maquette…</p>}
        <form noValidate onSubmit={(event) => void save(event)}>
          {lines.length === 0 && !loading && <p className="notice notice--info">Cette unité n’a pas encore de maquette : ajoutez une ligne.</p>}
          {lines.length > 0 && (
            <div className="table-scroll">
              <table className="table maquette-table">
                <caption className="visually-hidden">Effectifs minimum et cible par poste, qualification et type de jour</caption>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>
                      Poste · qualification
                    </th>
                    {DAY_TYPES.map((d) => (
                      <th key={d.value} scope="colgroup" colSpan={2}>
                        {d.label}
                      </th>
                    ))}
                  </tr>
                  <tr>
                    {DAY_TYPES.map((d) => [
                      <th key={`${d.value}-min`} scope="col">
                        Min.
                      </th>,
                      <th key={`${d.value}-target`} scope="col">
                        Cible
                      </th>,
                    ])}
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line) => (
                    <tr key={lineKey(line)}>
                      <th scope="row">{lineName(line)}</th>
                      {DAY_TYPES.map((d) => {
                        const key = cellKey(line, d.value)
                        const cell = cells[key] ?? { min: '', target: '' }
                        const err = errors[key]
                        return [
                          <td key={`${key}-min`}>
                            <input
                              type="number"
                              min={0}
                              max={500}
                              inputMode="numeric"
                              aria-label={`Minimum ${lineName(line)}, ${d.label}`}
                              value={cell.min}
                              placeholder="0"
                              onChange={(event) => setCell(key, 'min', event.target.value)}
                              aria-invalid={err ? true : undefined}
                              aria-describedby={err ? `${id}-${key}-error` : undefined}
                            />
                            {err && (
                              <p id={`${id}-${key}-error`} className="field__error">
                                {err}
                              </p>
                            )}
                          </td>,
                          <td key={`${key}-target`}>
                            <input
                              type="number"
                              min={0}
                              max={500}
                              inputMode="numeric"
                              aria-label={`Cible ${lineName(line)}, ${d.label}`}
                              value={cell.target}
                              placeholder={cell.min || '0'}
                              onChange={(event) => setCell(key, 'target', event.target.value)}
                              aria-invalid={err ? true : undefined}
                              aria-describedby={err ? `${id}-${key}-error` : undefined}
                            />
                          </td>,
                        ]
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="actions">
            <button type="submit" className="button" disabled={lines.length === 0}>
              Enregistrer la maquette
            </button>
          </div>
        </form>
      </section>

      <section className="panel panel--wide" aria-labelledby={`${id}-add`}>
        <h2 id={`${id}-add`}>Ajouter une ligne</h2>
        <div className="setup-form">
          <div className="field">
            <label htmlFor={`${id}-add-shift`}>Poste</label>
            <select
              id={`${id}-add-shift`}
              value={newLine.shiftTypeId}
              onChange={(event) => setNewLine((l) => ({ ...l, shiftTypeId: event.target.value }))}
            >
              {shifts.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} — {s.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-add-qualification`}>Qualification</label>
            <p id={`${id}-add-hint`} className="field__hint">
              Vide : toutes professions confondues.
            </p>
            <input
              id={`${id}-add-qualification`}
              aria-describedby={`${id}-add-hint`}
              value={newLine.qualification}
              onChange={(event) => setNewLine((l) => ({ ...l, qualification: event.target.value }))}
            />
          </div>
          <div className="actions setup-form__actions">
            <button type="button" className="button button--secondary" onClick={addLine}>
              Ajouter la ligne
            </button>
          </div>
        </div>
      </section>
    </>
  )
}
