import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { renderLoggedIn } from '../planning/repair/testSession.tsx'
import { SubstitutionsPage, checkSubstitution } from './SubstitutionsPage.tsx'

beforeEach(() => sessionStorage.clear())

const IADE = { id: 'q1', fromQualification: 'IADE', toQualification: 'IDE', cost: 30, effectiveFrom: null }
const IBODE = { id: 'q2', fromQualification: 'IBODE', toQualification: 'IDE', cost: 20, effectiveFrom: '2026-12-01' }

describe('Remplacements de qualification', () => {
  it('contrôle la saisie avant envoi', () => {
    expect(checkSubstitution({ fromQualification: 'IADE', toQualification: 'IDE', cost: '30', effectiveFrom: '' })).toEqual({})
    expect(checkSubstitution({ fromQualification: '', toQualification: 'ide', cost: '10001', effectiveFrom: '' })).toEqual({
      fromQualification: expect.stringMatching(/code de qualification/),
      cost: 'Un nombre entier de 0 à 10 000.',
    })
    expect(checkSubstitution({ fromQualification: 'IDE', toQualification: 'ide', cost: '1', effectiveFrom: '' }).toQualification).toMatch(/différente/)
  })

  it('liste, ajoute (le refus du serveur à côté du champ) et retire', async () => {
    const api = await renderLoggedIn(
      <SubstitutionsPage />,
      {
        qualificationSubstitutions: [
          { data: { qualificationSubstitutions: [IADE] } },
          { data: { qualificationSubstitutions: [IADE, IBODE] } },
          { data: { qualificationSubstitutions: [IBODE] } },
        ],
        setQualificationSubstitution: [
          {
            data: null,
            errors: [
              {
                message: 'toQualification : un AS ne peut pas occuper un poste IDE (seul un IDE peut remplacer un AS, jamais l’inverse)',
                extensions: { code: 'BAD_USER_INPUT', field: 'toQualification' },
              },
            ],
          },
          { data: { setQualificationSubstitution: IBODE } },
        ],
        deleteQualificationSubstitution: { data: { deleteQualificationSubstitution: true } },
      },
      'ght_admin',
    )
    const table = await screen.findByRole('table', { name: 'Remplacements de qualification permis' })
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('IDEIADE30toujours')

    const form = screen.getByRole('region', { name: 'Permettre un remplacement' })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le remplacement' }))
    expect(within(form).getByLabelText('Qualification remplaçante')).toHaveFocus()
    expect(api.callsTo('setQualificationSubstitution')).toHaveLength(0)

    fireEvent.change(within(form).getByLabelText('Qualification remplaçante'), { target: { value: 'as' } })
    fireEvent.change(within(form).getByLabelText('Peut tenir un poste exigeant'), { target: { value: 'ide' } })
    fireEvent.change(within(form).getByLabelText('Coût par poste tenu'), { target: { value: '20' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le remplacement' }))
    const to = within(form).getByLabelText('Peut tenir un poste exigeant')
    await waitFor(() => expect(to).toHaveFocus())
    expect(to).toHaveAccessibleDescription(/Un AS ne peut pas occuper un poste IDE/)
    expect(api.callsTo('setQualificationSubstitution')[0].variables).toEqual({ fromQualification: 'AS', toQualification: 'IDE', cost: 20, effectiveFrom: null })

    fireEvent.change(within(form).getByLabelText('Qualification remplaçante'), { target: { value: 'IBODE' } })
    fireEvent.change(within(form).getByLabelText('À partir du (facultatif)'), { target: { value: '2026-12-01' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Enregistrer le remplacement' }))
    expect(await screen.findByText('Remplacement enregistré : IBODE peut tenir un poste IDE (coût 20).')).toBeInTheDocument()
    expect(api.callsTo('setQualificationSubstitution')[1].variables).toMatchObject({ effectiveFrom: '2026-12-01' })
    expect(await screen.findByRole('row', { name: /IBODE/ })).toHaveTextContent('mardi 1 décembre 2026')

    fireEvent.click(screen.getByRole('button', { name: 'Retirer IADE pour IDE' }))
    expect(await screen.findByText('Remplacement IADE → IDE retiré.')).toBeInTheDocument()
    expect(api.callsTo('deleteQualificationSubstitution')[0].variables).toEqual({ id: 'q1' })
    await waitFor(() => expect(screen.queryByRole('row', { name: /IADE/ })).not.toBeInTheDocument())
  })

  it('dit quand aucun remplacement n’est permis', async () => {
    await renderLoggedIn(<SubstitutionsPage />, { qualificationSubstitutions: { data: { qualificationSubstitutions: [] } } }, 'site_manager')
    expect(await screen.findByText('Aucun remplacement permis : chaque poste exige sa qualification.')).toBeInTheDocument()
  })
})
