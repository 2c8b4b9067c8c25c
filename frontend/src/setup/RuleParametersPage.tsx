/**
 * « Règles » (paramétrage) : les paramètres des règles de planification qui s'appliquent à une
 * unité (valeurs du GHT, de son site et de l'unité, avec leur date d'effet), la valeur en
 * vigueur aujourd'hui, le texte dont chaque paramètre vient, et la saisie d'une nouvelle valeur.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { isGraphQLRequestError } from '../api/graphql.ts'
import { useSession, useSessionManager } from '../auth/SessionContext.tsx'
import { today } from '../planning/calendar.ts'
import { errorText } from '../planning/labels.ts'
import { formErrors } from './formErrors.ts'
import { useUnitChoice } from './useUnitChoice.ts'
import { formatParameterValue, valueHint } from './parameterFormat.ts'
import {
  CATALOGUE_QUERY,
  DELETE_PARAMETER_MUTATION,
  RULE_PARAMETERS_QUERY,
  SET_PARAMETER_MUTATION,
  effectiveValues,
  type CatalogueData,
  type ParameterDefinition,
  type ParameterSource,
  type ParameterValue,
  type RuleParametersData,
  type ScopeKind,
  type SetParameterVariables,
} from './parametersApi.ts'
import {
  SETUP_ESTABLISHMENTS_QUERY,
  SETUP_UNITS_QUERY,
  type SetupEstablishment,
  type SetupEstablishmentsData,
  type SetupUnit,
  type SetupUnitsData,
} from './setupApi.ts'

/** « FPH-REST-1 — art. 6, décret 2002-9 » ; une pondération locale n'a pas de texte. */
export function sourceText(sources: ParameterSource[]): string {
  if (sources.length === 0) return 'Choix local : aucun texte ne le fixe'
  return sources.map((s) => `${s.rule} — ${s.citation ?? 'règle pas encore contrôlée par le moteur'}`).join(' ; ')
}

function frenchDate(date: string): string {
  const [y, m, d] = date.split('-')
  return `${d}/${m}/${y}`
}

export function RuleParametersPage() {
  const manager = useSessionManager()
  const session = useSession()
  const role = session.status === 'authenticated' ? session.user.role : null
  const [units, setUnits] = useState<SetupUnit[]>([])
  const [sites, setSites] = useState<SetupEstablishment[]>([])
  const { visible, unitId, setUnitId, forbid } = useUnitChoice(units)
  const [catalogue, setCatalogue] = useState<ParameterDefinition[] | null>(null)
  const [values, setValues] = useState<ParameterValue[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [reload, setReload] = useState(0)
  const id = useId()
  const day = today()

  useEffect(() => {
    ;(async () => {
      const { units: u } = await manager.request<SetupUnitsData>(SETUP_UNITS_QUERY)
      setUnits(u.nodes)
      // Only for the site's name: the page works without it.
      await manager
        .request<SetupEstablishmentsData>(SETUP_ESTABLISHMENTS_QUERY)
        .then(({ establishments }) => setSites(establishments.nodes))
        .catch(() => setSites([]))
      const { ruleParameterCatalogue } = await manager.request<CatalogueData>(CATALOGUE_QUERY)
      setCatalogue(ruleParameterCatalogue)
    })().catch((e) => setError(errorText(e)))
  }, [manager])

  useEffect(() => {
    if (!unitId) return
    let live = true
    setValues(null)
    manager
      .request<RuleParametersData>(RULE_PARAMETERS_QUERY, { unitId })
      .then((d) => {
        if (!live) return
        setValues(d.ruleParameters)
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
    // `forbid` changes with the units left; reloading on it would repeat the request.
  }, [manager, unitId, reload])

  const unit = units.find((u) => u.id === unitId)
  const site = sites.find((s) => s.id === unit?.establishmentId)
  const scopeName = (v: Pick<ParameterValue, 'scope'>) =>
    v.scope === 'UNIT' ? `Unité ${unit?.code ?? ''}` : v.scope === 'SITE' ? `Site ${site?.name ?? ''}` : 'GHT'
  const inForce = useMemo(() => effectiveValues(values ?? [], day), [values, day])
  const sourcesOf = (key: string) => catalogue?.find((c) => c.key === key)?.sources ?? []
  // Labels and units come from the server's catalogue.
  const unitOf = (key: string) => catalogue?.find((c) => c.key === key)?.unit
  const sorted = [...(values ?? [])].sort((a, b) => a.key.localeCompare(b.key) || a.effectiveFrom.localeCompare(b.effectiveFrom))

  const remove = async (v: ParameterValue) => {
    setStatus(null)
    try {
      await manager.request(DELETE_PARAMETER_MUTATION, { id: v.id })
      setStatus(`Valeur retirée : ${v.label} (${scopeName(v)}, à partir du ${frenchDate(v.effectiveFrom)}).`)
      setReload((n) => n + 1)
    } catch (e) {
      setError(errorText(e))
    }
  }

  const state = (v: ParameterValue) =>
    inForce.get(v.key)?.id === v.id ? 'en vigueur' : v.effectiveFrom > day ? 'à venir' : 'remplacée'

  return (
    <>
      <h1 className="page-title" tabIndex={-1}>
        Règles
      </h1>
      <p className="page-intro">
        Les paramètres des règles de planification : une valeur fixée pour l’unité l’emporte sur celle du site, qui l’emporte
        sur celle du GHT ; à portée égale, la date d’effet la plus récente s’applique. Sans valeur, le défaut du texte
        s’applique.
      </p>
      <div className="field field--inline">
        <label htmlFor={`${id}-unit`}>Unité</label>
        <select id={`${id}-unit`} value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          {visible.map((u) => (
            <option key={u.id} value={u.id}>
              {u.code} — {u.name}
            </option>
          ))}
        </select>
      </div>
      <div role="status" className="results-live">
        {status && <p className="notice notice--ok">{status}</p>}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}

      <section className="panel panel--wide" aria-labelledby={`${id}-values`} aria-busy={values === null && !error}>
        <h2 id={`${id}-values`}>Valeurs fixées pour {unit ? `${unit.code} — ${unit.name}` : 'l’unité'}</h2>
        {values === null && !error && <p className="notice notice--info">Chargement des paramètres…</p>}
        {values && values.length === 0 && (
          <p className="notice notice--info">Aucune valeur locale : les défauts des textes s’appliquent à toutes les règles.</p>
        )}
        {values && values.length > 0 && (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Paramètre</th>
                  <th scope="col">Portée</th>
                  <th scope="col">Valeur</th>
                  <th scope="col">À partir du</th>
                  <th scope="col">État</th>
                  <th scope="col">Source</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sorted.map((v) => (
                  <tr key={v.id} data-state={state(v)}>
                    <th scope="row">
                      {v.label}
                      <br />
                      <code>{v.key}</code>
                    </th>
                    <td>{scopeName(v)}</td>
                    <td>{formatParameterValue(unitOf(v.key), v.value)}</td>
                    <td>{frenchDate(v.effectiveFrom)}</td>
                    <td>{state(v)}</td>
                    <td>{sourceText(sourcesOf(v.key))}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        aria-label={`Retirer ${v.label} (${scopeName(v)}, ${frenchDate(v.effectiveFrom)})`}
                        onClick={() => void remove(v)}
                      >
                        Retirer
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {catalogue && unit && (
        <ParameterForm
          catalogue={catalogue}
          role={role}
          unit={unit}
          site={site}
          inForce={inForce}
          onSaved={(v) => {
            setStatus(`${v.label} : ${formatParameterValue(unitOf(v.key), v.value)} (${scopeName(v)}) à partir du ${frenchDate(v.effectiveFrom)}.`)
            setReload((n) => n + 1)
          }}
        />
      )}

      <section className="panel panel--wide" aria-labelledby={`${id}-catalogue`} aria-busy={catalogue === null && !error}>
        <h2 id={`${id}-catalogue`}>Catalogue des paramètres et sources légales</h2>
        {catalogue === null && !error && <p className="notice notice--info">Chargement du catalogue…</p>}
        {catalogue && (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Paramètre</th>
                  <th scope="col">Défaut</th>
                  <th scope="col">En vigueur pour {unit?.code ?? 'l’unité'}</th>
                  <th scope="col">Source légale</th>
                </tr>
              </thead>
              <tbody>
                {catalogue.map((c) => {
                  const local = inForce.get(c.key)
                  return (
                    <tr key={c.key} data-key={c.key}>
                      <th scope="row">
                        {c.label}
                        <br />
                        <code>{c.key}</code>
                      </th>
                      <td>
                        {formatParameterValue(c.unit, c.defaultValue)}
                        {c.unverified && <span className="badge"> à confirmer</span>}
                      </td>
                      <td>{local ? `${formatParameterValue(c.unit, local.value)} (${scopeName(local)})` : 'défaut'}</td>
                      <td>{sourceText(c.sources)}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}

function ParameterForm({
  catalogue,
  role,
  unit,
  site,
  inForce,
  onSaved,
}: {
  catalogue: ParameterDefinition[]
  role: string | null
  unit: SetupUnit
  site: SetupEstablishment | undefined
  inForce: Map<string, ParameterValue>
  onSaved: (v: ParameterValue) => void
}) {
  const manager = useSessionManager()
  const id = useId()
  const [key, setKey] = useState(catalogue[0]?.key ?? '')
  const [scope, setScope] = useState<ScopeKind>('UNIT')
  const [value, setValue] = useState('')
  const [effectiveFrom, setEffectiveFrom] = useState(today())
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState<string | null>(null)
  const definition = catalogue.find((c) => c.key === key)
  // Who may set what (the server checks it too): the GHT for its admin, a site for its manager.
  const scopes: { value: ScopeKind; label: string }[] = [
    { value: 'UNIT', label: `Unité ${unit.code}` },
    ...(role === 'ght_admin' || role === 'site_manager' ? [{ value: 'SITE' as const, label: `Site ${site?.name ?? ''}` }] : []),
    ...(role === 'ght_admin' ? [{ value: 'TENANT' as const, label: 'Tout le GHT' }] : []),
  ]

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setGeneral(null)
    const local: Record<string, string> = {}
    if (value.trim() === '') local.value = 'Indiquez la valeur.'
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) local.effectiveFrom = 'Indiquez la date d’effet.'
    setErrors(local)
    if (Object.keys(local).length > 0) {
      document.getElementById(`${id}-${Object.keys(local)[0]}`)?.focus()
      return
    }
    const variables: SetParameterVariables = {
      scope,
      scopeId: scope === 'UNIT' ? unit.id : scope === 'SITE' ? unit.establishmentId : null,
      key,
      value: value.trim(),
      effectiveFrom,
    }
    try {
      const { setRuleParameter } = await manager.request<{ setRuleParameter: ParameterValue }>(SET_PARAMETER_MUTATION, { ...variables })
      setValue('')
      onSaved(setRuleParameter)
    } catch (e) {
      const found = formErrors(e, ['value', 'key', 'scopeId', 'effectiveFrom'])
      setErrors(found.fields)
      setGeneral(found.general)
      if (found.fields.value) document.getElementById(`${id}-value`)?.focus()
    }
  }

  const current = inForce.get(key)
  return (
    <section className="panel panel--wide" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Fixer une valeur</h2>
      <form className="setup-form" noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={`${id}-key`}>Paramètre</label>
          <select id={`${id}-key`} value={key} onChange={(e) => setKey(e.target.value)} aria-describedby={`${id}-source`}>
            {catalogue.map((c) => (
              <option key={c.key} value={c.key}>
                {c.label}
              </option>
            ))}
          </select>
          {definition && (
            <p id={`${id}-source`} className="field__hint">
              Source : {sourceText(definition.sources)}. Défaut : {formatParameterValue(definition.unit, definition.defaultValue)}
              {definition.unverified ? ' (à confirmer)' : ''}
              {current ? `. En vigueur : ${formatParameterValue(definition.unit, current.value)}` : ''}.
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope`}>Portée</label>
          <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value as ScopeKind)}>
            {scopes.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-value`}>Valeur</label>
          <p id={`${id}-value-hint`} className="field__hint">
            {valueHint(definition?.unit)}
          </p>
          <input
            id={`${id}-value`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={`${id}-value-hint${errors.value ? ` ${id}-value-error` : ''}`}
          />
          {errors.value && (
            <p id={`${id}-value-error`} className="field__error">
              {errors.value}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-effectiveFrom`}>À partir du</label>
          <input
            id={`${id}-effectiveFrom`}
            type="date"
            value={effectiveFrom}
            onChange={(e) => setEffectiveFrom(e.target.value)}
            aria-invalid={errors.effectiveFrom ? true : undefined}
            aria-describedby={errors.effectiveFrom ? `${id}-effectiveFrom-error` : undefined}
          />
          {errors.effectiveFrom && (
            <p id={`${id}-effectiveFrom-error`} className="field__error">
              {errors.effectiveFrom}
            </p>
          )}
        </div>
        {general && (
          <p role="alert" className="notice notice--error setup-form__actions">
            {general}
          </p>
        )}
        <div className="actions setup-form__actions">
          <button type="submit" className="button">
            Enregistrer la valeur
          </button>
        </div>
      </form>
    </section>
  )
}
