import { fireEvent, render, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import {
  ABSENCES,
  ASSIGNMENTS,
  DAYS,
  DOCTORS,
  MAQUETTE,
  MEDICAL_ASSIGNMENTS,
  MEDICAL_SHIFTS,
  REQUIREMENTS,
  SESSIONS,
  SHIFTS,
  STAFF,
  TEAM_ASSIGNMENTS,
  VIOLATIONS,
} from './fixtures.ts'
import { sessionStatuses } from './medical.ts'
import { RosterGrid, type RosterGridProps } from './RosterGrid.tsx'

function renderGrid(overrides: Partial<RosterGridProps> = {}) {
  const onEdit = vi.fn()
  render(
    <RosterGrid
      caption="Planning MED"
      days={DAYS}
      staff={STAFF}
      shiftTypes={SHIFTS}
      assignments={ASSIGNMENTS}
      absences={ABSENCES}
      maquette={MAQUETTE}
      violations={VIOLATIONS}
      editable
      onEdit={onEdit}
      {...overrides}
    />,
  )
  return { onEdit, grid: screen.getByRole('grid', { name: 'Planning MED' }) }
}

const cell = (staffId: string, date: string) => document.querySelector(`[data-cell="${staffId}|${date}"]`) as HTMLElement

describe('RosterGrid', () => {
  it('affiche un agent par ligne, un jour par colonne, codes, absences et alertes', () => {
    const { grid } = renderGrid()
    expect(within(grid).getAllByRole('columnheader')).toHaveLength(DAYS.length + 1)
    expect(within(grid).getByRole('rowheader', { name: /MARTIN Alice/ })).toBeInTheDocument()
    expect(within(grid).getByRole('rowheader', { name: /DURAND Bruno.*80 %/ })).toBeInTheDocument()
    expect(cell('a', '2026-12-01')).toHaveTextContent(/^M/)
    expect(cell('a', '2026-12-01')).toHaveClass('shift--morning')
    expect(cell('c', '2026-12-01')).toHaveClass('shift--night')
    // Absence : code CA et description complète pour les lecteurs d'écran.
    expect(cell('b', '2026-12-02')).toHaveTextContent(/^CA/)
    expect(cell('b', '2026-12-02')).toHaveClass('roster-cell--absent')
    expect(cell('b', '2026-12-02')).toHaveTextContent('DURAND Bruno, mercredi 2 décembre 2026 : Congé')
    // Règle impérative enfreinte : les deux jours concernés sont marqués avec l'explication.
    expect(cell('c', '2026-12-02')).toHaveClass('roster-cell--hard')
    expect(cell('c', '2026-12-01')).toHaveTextContent('enchaînement interdit')
    expect(cell('a', '2026-12-02')).not.toHaveClass('roster-cell--hard')
    // Repos
    expect(cell('d', '2026-12-01')).toHaveTextContent('MOREAU David, mardi 1 décembre 2026 : repos')
  })

  it('marque les souhaits (desiderata) des agents dans leurs cellules', () => {
    renderGrid({
      wishes: [
        { id: 'w1', staffId: 'd', date: '2026-12-03', shiftTypeId: null, kind: 'OFF' },
        { id: 'w2', staffId: 'a', date: '2026-12-01', shiftTypeId: 'm', kind: 'ON' },
      ],
    })
    const off = cell('d', '2026-12-03')
    expect(off.querySelector('[data-wish="OFF"]')).toHaveTextContent('−')
    expect(off).toHaveTextContent('MOREAU David, jeudi 3 décembre 2026 : repos. souhaite ne pas travailler (journée)')
    const on = cell('a', '2026-12-01')
    expect(on.querySelector('[data-wish="ON"]')).toHaveTextContent('+')
    expect(on).toHaveTextContent('souhaite travailler (poste M)')
    // Pas de souhait : pas de marqueur.
    expect(cell('b', '2026-12-01').querySelector('[data-wish]')).toBeNull()
  })

  it('se parcourt aux flèches avec un seul arrêt de tabulation', () => {
    renderGrid()
    const tabbable = document.querySelectorAll('[role="gridcell"][tabindex="0"]')
    expect(tabbable).toHaveLength(1)
    expect(tabbable[0]).toBe(cell('a', DAYS[0]))
    cell('a', DAYS[0]).focus()
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' })
    expect(document.activeElement).toBe(cell('a', DAYS[1]))
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown' })
    expect(document.activeElement).toBe(cell('b', DAYS[1]))
    fireEvent.keyDown(document.activeElement as Element, { key: 'End' })
    expect(document.activeElement).toBe(cell('b', DAYS[6]))
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowRight' })
    expect(document.activeElement).toBe(cell('b', DAYS[6]))
    fireEvent.keyDown(document.activeElement as Element, { key: 'Home' })
    expect(document.activeElement).toBe(cell('b', DAYS[0]))
    expect(cell('b', DAYS[0])).toHaveAttribute('tabindex', '0')
    expect(cell('a', DAYS[0])).toHaveAttribute('tabindex', '-1')
  })

  it('Entrée ouvre la liste des postes ; flèches et Entrée choisissent ; le focus revient', () => {
    const { onEdit } = renderGrid()
    cell('a', DAYS[0]).focus()
    fireEvent.keyDown(cell('a', DAYS[0]), { key: 'Enter' })
    const list = screen.getByRole('listbox', { name: 'Poste de MARTIN Alice le mardi 1 décembre 2026' })
    expect(document.activeElement).toBe(list)
    // Le poste actuel (M) est présélectionné.
    expect(within(list).getByRole('option', { selected: true })).toHaveTextContent('M — Matin')
    fireEvent.keyDown(list, { key: 'ArrowDown' })
    fireEvent.keyDown(list, { key: 'ArrowDown' })
    expect(within(list).getByRole('option', { selected: true })).toHaveTextContent('N — Nuit')
    fireEvent.keyDown(list, { key: 'Enter' })
    expect(onEdit).toHaveBeenCalledWith('a', DAYS[0], 'n')
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument()
    expect(document.activeElement).toBe(cell('a', DAYS[0]))
  })

  it('Échap ferme la liste sans rien modifier ; Fin choisit le repos', () => {
    const { onEdit } = renderGrid()
    cell('a', DAYS[0]).focus()
    fireEvent.keyDown(cell('a', DAYS[0]), { key: 'F2' })
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'Escape' })
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument()
    expect(onEdit).not.toHaveBeenCalled()
    expect(document.activeElement).toBe(cell('a', DAYS[0]))
    fireEvent.keyDown(cell('a', DAYS[0]), { key: 'Enter' })
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'End' })
    expect(screen.getByRole('option', { selected: true })).toHaveTextContent('Repos (aucun poste)')
    fireEvent.keyDown(screen.getByRole('listbox'), { key: 'Enter' })
    expect(onEdit).toHaveBeenCalledWith('a', DAYS[0], null)
  })

  it('la lettre d’un code pose le poste, Suppr met en repos', () => {
    const { onEdit } = renderGrid()
    cell('d', DAYS[2]).focus()
    fireEvent.keyDown(cell('d', DAYS[2]), { key: 's' })
    expect(onEdit).toHaveBeenLastCalledWith('d', DAYS[2], 's')
    fireEvent.keyDown(cell('d', DAYS[2]), { key: 'Delete' })
    expect(onEdit).toHaveBeenLastCalledWith('d', DAYS[2], null)
    fireEvent.keyDown(cell('d', DAYS[2]), { key: 'x' })
    expect(onEdit).toHaveBeenCalledTimes(2)
  })

  it('en lecture seule, Entrée et les lettres ne modifient rien', () => {
    const { onEdit, grid } = renderGrid({ editable: false })
    expect(grid).toHaveAttribute('aria-readonly', 'true')
    fireEvent.keyDown(cell('a', DAYS[0]), { key: 'Enter' })
    fireEvent.keyDown(cell('a', DAYS[0]), { key: 'n' })
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument()
    expect(onEdit).not.toHaveBeenCalled()
  })

  it('marque les cellules changées par rapport à la version comparée', () => {
    renderGrid({ changed: new Set(['a|2026-12-02']) })
    expect(cell('a', '2026-12-02')).toHaveClass('roster-cell--changed')
    expect(cell('a', '2026-12-02')).toHaveTextContent('modifié par rapport à la version comparée')
    expect(cell('a', '2026-12-01')).not.toHaveClass('roster-cell--changed')
  })
})

describe('RosterGrid : médecins et bloc', () => {
  const renderMedical = () =>
    renderGrid({
      staff: [...DOCTORS, ...STAFF],
      shiftTypes: [...SHIFTS, ...MEDICAL_SHIFTS],
      assignments: [...ASSIGNMENTS, ...MEDICAL_ASSIGNMENTS, ...TEAM_ASSIGNMENTS],
      theatre: sessionStatuses(SESSIONS, TEAM_ASSIGNMENTS, MEDICAL_SHIFTS, REQUIREMENTS),
    })

  it('range les médecins dans leur groupe, sous le paramédical, et montre demi-journées, garde et astreinte', () => {
    const { grid } = renderMedical()
    const headers = within(grid)
      .getAllByRole('rowheader')
      .map((h) => h.textContent)
    const paramedical = headers.indexOf('Personnel paramédical (4)')
    const medical = headers.indexOf('Personnel médical — praticiens et internes (2)')
    expect(paramedical).toBeGreaterThanOrEqual(0)
    expect(medical).toBeGreaterThan(paramedical)
    expect(headers.findIndex((h) => h?.startsWith('BERNARD Paul'))).toBeGreaterThan(medical)
    // Garde : icône, classe à motif, et le mot « garde » dans la description.
    expect(cell('ph1', '2026-12-01')).toHaveClass('roster-cell--garde')
    expect(cell('ph1', '2026-12-01')).toHaveTextContent('◆')
    expect(cell('ph1', '2026-12-01')).toHaveTextContent('BERNARD Paul, mardi 1 décembre 2026 : Garde de sénior (garde)')
    expect(cell('int1', '2026-12-04')).toHaveClass('roster-cell--astreinte')
    expect(cell('int1', '2026-12-04')).toHaveTextContent('☎')
    expect(cell('int1', '2026-12-04')).toHaveTextContent('Astreinte de sénior (astreinte)')
    // Demi-journées : matin et après-midi dans la même cellule.
    expect(cell('ph1', '2026-12-03')).toHaveClass('roster-cell--halves')
    expect(cell('ph1', '2026-12-03')).toHaveTextContent('matin : Demi-journée du matin, après-midi : Demi-journée de l’après-midi')
    expect(cell('int1', '2026-12-02')).toHaveTextContent(/^·PM/)
    expect(cell('int1', '2026-12-02')).toHaveTextContent('matin : libre, après-midi : Demi-journée de l’après-midi')
  })

  it('montre chaque salle du bloc avec l’état de l’équipe et l’exigence conjointe', () => {
    const { grid } = renderMedical()
    const room1 = within(grid).getByRole('row', { name: /^Bloc — Salle 1/ })
    const room2 = within(grid).getByRole('row', { name: /^Bloc — Salle 2/ })
    const complete = room1.querySelector('[data-session]') as HTMLElement
    const incomplete = room2.querySelector('[data-session]') as HTMLElement
    expect(complete).toHaveAttribute('data-session', 'complete')
    expect(complete).toHaveTextContent('✓4/4')
    expect(complete).toHaveTextContent('Séance Salle 1 : équipe complète (chirurgien présent, anesthésiste présent, IADE présent, IBODE présent). Exigence conjointe : équipe de la séance (tout ou rien) ; équipe de bloc (tout ou rien).')
    expect(incomplete).toHaveAttribute('data-session', 'incomplete')
    expect(incomplete).toHaveTextContent('✗1/4')
    expect(within(room1).getAllByRole('gridcell')[1]).toHaveTextContent('pas de séance')
  })

  it('traverse les lignes du bloc au clavier ; Entrée ouvre la séance du jour ou l’ajout dans la salle', () => {
    const onOpenSession = vi.fn()
    renderGrid({
      staff: [...DOCTORS, ...STAFF],
      shiftTypes: [...SHIFTS, ...MEDICAL_SHIFTS],
      assignments: [...ASSIGNMENTS, ...MEDICAL_ASSIGNMENTS, ...TEAM_ASSIGNMENTS],
      theatre: sessionStatuses(SESSIONS, TEAM_ASSIGNMENTS, MEDICAL_SHIFTS, REQUIREMENTS),
      onOpenSession,
    })
    const lastDoctor = cell('int1', '2026-12-01')
    lastDoctor.focus()
    fireEvent.keyDown(lastDoctor, { key: 'ArrowDown' })
    const room1 = cell('bloc:Salle 1', '2026-12-01')
    expect(room1).toHaveFocus()
    expect(room1).toHaveAttribute('tabindex', '0')
    expect(room1).toHaveTextContent('Entrée : modifier la séance.')
    fireEvent.keyDown(room1, { key: 'Enter' })
    expect(onOpenSession).toHaveBeenLastCalledWith('Salle 1', '2026-12-01', SESSIONS[0])
    fireEvent.keyDown(room1, { key: 'ArrowRight' })
    const empty = cell('bloc:Salle 1', '2026-12-02')
    expect(empty).toHaveFocus()
    expect(empty).toHaveTextContent('pas de séance. Entrée : ajouter une séance.')
    fireEvent.keyDown(empty, { key: 'F2' })
    expect(onOpenSession).toHaveBeenLastCalledWith('Salle 1', '2026-12-02', null)
    // Une lettre de code ne pose rien sur une ligne de salle.
    fireEvent.keyDown(empty, { key: 'M' })
    fireEvent.keyDown(empty, { key: 'ArrowDown' })
    fireEvent.doubleClick(cell('bloc:Salle 2', '2026-12-01'))
    expect(onOpenSession).toHaveBeenLastCalledWith('Salle 2', '2026-12-01', SESSIONS[1])
    expect(onOpenSession).toHaveBeenCalledTimes(3)
  })

  it('laisse les lignes du bloc en lecture seule sans onOpenSession', () => {
    renderMedical()
    const room1 = cell('bloc:Salle 1', '2026-12-01')
    room1.focus()
    fireEvent.keyDown(room1, { key: 'Enter' })
    expect(room1).not.toHaveTextContent('Entrée')
    fireEvent.keyDown(room1, { key: 'ArrowUp' })
    expect(cell('int1', '2026-12-01')).toHaveFocus()
  })

  it('garde la navigation au clavier dans l’ordre affiché (paramédical puis médical)', () => {
    renderMedical()
    const last = cell('d', '2026-12-01')
    last.focus()
    fireEvent.keyDown(last, { key: 'ArrowDown' })
    expect(cell('ph1', '2026-12-01')).toHaveFocus()
  })
})
