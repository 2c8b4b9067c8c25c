/**
 * The unit picked on a set-up screen. Units the GHT lists but the viewer may not read (the
 * server answers FORBIDDEN) are dropped from the choice and the next one is picked, as on
 * « Planning ».
 */
import { useCallback, useMemo, useState } from 'react'
import type { SetupUnit } from './setupApi.ts'

export function useUnitChoice(units: SetupUnit[]) {
  const [chosen, setUnitId] = useState('')
  const [outOfScope, setOutOfScope] = useState<ReadonlySet<string>>(new Set())
  const visible = useMemo(() => units.filter((u) => !outOfScope.has(u.id)), [units, outOfScope])
  const unitId = chosen && visible.some((u) => u.id === chosen) ? chosen : (visible[0]?.id ?? '')
  /** Drops `id` from the choice; false when no unit is left (then show the error). */
  const forbid = useCallback(
    (id: string) => {
      setOutOfScope((previous) => new Set([...previous, id]))
      return visible.some((u) => u.id !== id)
    },
    [visible],
  )
  return { visible, unitId, setUnitId, forbid }
}
