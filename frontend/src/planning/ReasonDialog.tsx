/** Boîte de dialogue modale : choisir un motif (dérogation, publication tardive, changement tardif). */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { REASON_LABELS } from './labels.ts'
import type { ReasonCode } from './planningApi.ts'

export interface ReasonDialogProps {
  title: string
  children: ReactNode
  confirmLabel: string
  onConfirm: (reason: ReasonCode) => void
  onCancel: () => void
}

export function ReasonDialog({ title, children, confirmLabel, onConfirm, onCancel }: ReasonDialogProps) {
  const titleId = useId()
  const selectId = useId()
  const [reason, setReason] = useState<ReasonCode | ''>('')
  const [error, setError] = useState<string | null>(null)
  const select = useRef<HTMLSelectElement>(null)
  const returnFocus = useRef<Element | null>(null)

  useEffect(() => {
    returnFocus.current = document.activeElement
    select.current?.focus()
    return () => {
      if (returnFocus.current instanceof HTMLElement && returnFocus.current.isConnected) returnFocus.current.focus()
    }
  }, [])

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (reason === '') {
      setError('Choisissez un motif.')
      select.current?.focus()
      return
    }
    onConfirm(reason)
  }

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault()
            onCancel()
          }
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div className="dialog__body">{children}</div>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={selectId}>Motif</label>
            <select
              id={selectId}
              ref={select}
              value={reason}
              aria-invalid={error !== null}
              aria-describedby={error ? `${selectId}-error` : undefined}
              onChange={(event) => {
                setReason(event.target.value as ReasonCode | '')
                setError(null)
              }}
            >
              <option value="">— choisir —</option>
              {(Object.keys(REASON_LABELS) as ReasonCode[]).map((code) => (
                <option key={code} value={code}>
                  {REASON_LABELS[code]}
                </option>
              ))}
            </select>
            {error && (
              <p id={`${selectId}-error`} className="field-error" role="alert">
                {error}
              </p>
            )}
          </div>
          <div className="actions">
            <button type="submit" className="button">
              {confirmLabel}
            </button>
            <button type="button" className="button button--secondary" onClick={onCancel}>
              Annuler
            </button>
          </div>
        </form>
      </div>
    </div>
  )
}
