import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ProgressChart, polyline, progressPoints } from './ProgressChart.tsx'
import type { JobProgress } from './planningApi.ts'

const event = (elapsed: number | null, objective: number | null, bound: number | null, state = 'RUNNING'): JobProgress => ({
  jobId: 'j',
  state: state as JobProgress['state'],
  elapsed,
  objective,
  bound,
})

describe('ProgressChart', () => {
  it('garde les événements datés avec une valeur, puis le bilan final', () => {
    const events = [event(null, null, null, 'QUEUED'), event(0.5, 900, null), event(2, 700, 500), event(null, null, null, 'SUCCEEDED')]
    expect(progressPoints(events)).toEqual([
      { elapsed: 0.5, objective: 900, bound: null },
      { elapsed: 2, objective: 700, bound: 500 },
    ])
    expect(progressPoints(events, { objective: 650, lowerBound: 600, seconds: 3 }).at(-1)).toEqual({
      elapsed: 3,
      objective: 650,
      bound: 600,
    })
    // Sans événement intermédiaire, le bilan seul donne un point.
    expect(progressPoints([], { objective: 12800, lowerBound: 12067, seconds: 15.2 })).toEqual([
      { elapsed: 15.2, objective: 12800, bound: 12067 },
    ])
  })

  it('place le temps en abscisse et la valeur en ordonnée (plus haut = plus coûteux)', () => {
    const points = [
      { elapsed: 0, objective: 1000, bound: null },
      { elapsed: 10, objective: 500, bound: 400 },
    ]
    const coords = polyline(points, 'objective', 10, 400, 1000)
      .split(' ')
      .map((xy) => xy.split(',').map(Number))
    expect(coords).toHaveLength(2)
    expect(coords[0][0]).toBeLessThan(coords[1][0])
    expect(coords[0][1]).toBeLessThan(coords[1][1])
    expect(polyline(points, 'bound', 10, 400, 1000).split(' ')).toHaveLength(1)
  })

  it('résume la progression pour les lecteurs d’écran et trace les deux séries', () => {
    render(
      <ProgressChart
        points={[
          { elapsed: 1, objective: 1200, bound: 800 },
          { elapsed: 4.25, objective: 950, bound: 900 },
        ]}
      />,
    )
    const chart = screen.getByRole('img')
    expect(chart).toHaveAccessibleName(/^Progression du calcul après 4\.3 s : objectif 950, borne 900$/)
    expect(document.querySelector('[data-series="objective"]')?.getAttribute('points')?.split(' ')).toHaveLength(2)
    expect(document.querySelector('[data-series="bound"]')?.getAttribute('points')?.split(' ')).toHaveLength(2)
    expect(screen.getByText('Objectif (coût du planning)')).toBeInTheDocument()
  })

  it('attend les premières valeurs', () => {
    render(<ProgressChart points={[]} />)
    expect(screen.getByText('En attente des premières valeurs du calcul…')).toBeInTheDocument()
    expect(screen.queryByRole('img')).not.toBeInTheDocument()
  })
})
