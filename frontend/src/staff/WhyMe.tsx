/**
 * « Pourquoi moi ? » sur un poste publié de l'agent : combien de collègues pouvaient aussi le
 * tenir, et quelles règles en empêchaient les autres (comptés par règle, sans nom : l'agent ne
 * voit que son propre planning). Calculé à la demande par le moteur (`myShiftExplanations`).
 */
import { useId, useState } from 'react'
import { useSessionManager } from '../auth/SessionContext.tsx'
import { errorText, plural } from '../planning/labels.ts'
import { MY_SHIFT_EXPLANATIONS_QUERY, type MyShiftExplanation, type MyShiftExplanationsData } from './myPlanningApi.ts'

export function WhyMe({ date, shiftTypeId, shiftName }: { date: string; shiftTypeId: string; shiftName: string }) {
  const manager = useSessionManager()
  const id = useId()
  const [state, setState] = useState<'idle' | 'loading' | 'done'>('idle')
  const [why, setWhy] = useState<MyShiftExplanation | null>(null)
  const [error, setError] = useState<string | null>(null)

  const ask = async () => {
    setState('loading')
    setError(null)
    try {
      const data = await manager.request<MyShiftExplanationsData>(MY_SHIFT_EXPLANATIONS_QUERY, { date })
      setWhy(data.myShiftExplanations.find((w) => w.shiftTypeId === shiftTypeId) ?? null)
      setState('done')
    } catch (e) {
      setError(errorText(e))
      setState('idle')
    }
  }

  return (
    <div className="why-me">
      {state !== 'done' && (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void ask()}
          disabled={state === 'loading'}
          aria-label={`Pourquoi moi ? — ${shiftName}`}
          aria-describedby={error ? `${id}-error` : undefined}
        >
          Pourquoi moi ?
        </button>
      )}
      {state === 'loading' && <p role="status">Calcul de l’explication…</p>}
      {error && (
        <p id={`${id}-error`} role="alert" className="field__error">
          {error}
        </p>
      )}
      {state === 'done' && !why && <p>Pas d’explication pour ce poste (il n’est plus au planning publié).</p>}
      {state === 'done' && why && (
        <div className="why-me__answer" role="group" aria-label={`Pourquoi moi ? — ${shiftName}`}>
          <p>
            {why.othersPossible === 0
              ? 'Aucun autre agent ne pouvait tenir ce poste sans enfreindre une règle.'
              : `${plural(why.othersPossible, 'autre agent pouvait', 'autres agents pouvaient')} aussi le tenir : le planning retenu est le meilleur compromis d’ensemble (couverture, équité, souhaits).`}
          </p>
          {why.othersBlocked > 0 && (
            <>
              <p>{plural(why.othersBlocked, 'collègue ne le pouvait pas', 'collègues ne le pouvaient pas')} :</p>
              <ul>
                {why.blockedBy.map((b) => (
                  <li key={b.rule}>
                    {b.label}
                    {b.source ? ` (${b.source})` : ''} : {plural(b.colleagues, 'collègue', 'collègues')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  )
}
