/** Petit graphique SVG de l'objectif et de la borne au fil du calcul (sans bibliothèque). */
import type { JobProgress } from './planningApi.ts'

export interface ProgressPoint {
  elapsed: number
  objective: number | null
  bound: number | null
}

/**
 * Points exploitables d'un flux de progression (avec un temps écoulé), puis le bilan final
 * du travail s'il est connu (objectif et borne inférieure à la fin du calcul).
 */
export function progressPoints(
  events: JobProgress[],
  summary?: { objective: number | null; lowerBound: number | null; seconds: number } | null,
): ProgressPoint[] {
  const points = events
    .filter((e) => e.elapsed !== null && (e.objective !== null || e.bound !== null))
    .map((e) => ({ elapsed: e.elapsed as number, objective: e.objective, bound: e.bound }))
  if (summary && (summary.objective !== null || summary.lowerBound !== null)) {
    const last = points[points.length - 1]
    if (!last || last.elapsed < summary.seconds) {
      points.push({ elapsed: summary.seconds, objective: summary.objective, bound: summary.lowerBound })
    }
  }
  return points
}

const WIDTH = 320
const HEIGHT = 140
const PAD = { left: 44, right: 8, top: 10, bottom: 24 }

function formatNumber(value: number): string {
  return new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 }).format(value)
}

/** Coordonnées SVG d'une série (`null` ignorés). */
export function polyline(points: ProgressPoint[], key: 'objective' | 'bound', xMax: number, yMin: number, yMax: number): string {
  const w = WIDTH - PAD.left - PAD.right
  const h = HEIGHT - PAD.top - PAD.bottom
  const span = yMax - yMin || 1
  return points
    .filter((p) => p[key] !== null)
    .map((p) => {
      const x = PAD.left + (xMax > 0 ? (p.elapsed / xMax) * w : 0)
      const y = PAD.top + h - (((p[key] as number) - yMin) / span) * h
      return `${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
}

export function ProgressChart({ points }: { points: ProgressPoint[] }) {
  if (points.length === 0) {
    return <p className="chart-empty">En attente des premières valeurs du calcul…</p>
  }
  const values = points.flatMap((p) => [p.objective, p.bound]).filter((v): v is number => v !== null)
  const yMin = Math.min(...values)
  const yMax = Math.max(...values)
  const xMax = Math.max(...points.map((p) => p.elapsed))
  const last = points[points.length - 1]
  const lastObjective = [...points].reverse().find((p) => p.objective !== null)?.objective ?? null
  const lastBound = [...points].reverse().find((p) => p.bound !== null)?.bound ?? null
  const summary =
    `Progression du calcul après ${last.elapsed.toFixed(1)} s : ` +
    `objectif ${lastObjective === null ? 'inconnu' : formatNumber(lastObjective)}, ` +
    `borne ${lastBound === null ? 'inconnue' : formatNumber(lastBound)}`
  return (
    <figure className="progress-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary} width={WIDTH} height={HEIGHT}>
        <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} className="axis" />
        <line x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} className="axis" />
        <text x={PAD.left - 4} y={PAD.top + 8} textAnchor="end" className="tick">
          {formatNumber(yMax)}
        </text>
        <text x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end" className="tick">
          {formatNumber(yMin)}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end" className="tick">
          {xMax.toFixed(1)} s
        </text>
        <polyline points={polyline(points, 'bound', xMax, yMin, yMax)} className="series series--bound" data-series="bound" />
        <polyline points={polyline(points, 'objective', xMax, yMin, yMax)} className="series series--objective" data-series="objective" />
        {(['bound', 'objective'] as const).flatMap((key) =>
          polyline(points, key, xMax, yMin, yMax)
            .split(' ')
            .filter(Boolean)
            .map((xy, i) => {
              const [cx, cy] = xy.split(',')
              return <circle key={`${key}-${i}`} cx={cx} cy={cy} r={3} className={`marker series--${key}`} />
            }),
        )}
      </svg>
      <figcaption>
        <span className="legend legend--objective">Objectif (coût du planning)</span>{' '}
        <span className="legend legend--bound">Borne (meilleur coût possible)</span>
        <br />
        {summary}
      </figcaption>
    </figure>
  )
}
