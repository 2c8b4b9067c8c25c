import { describe, expect, it } from 'vitest'
import { GraphQLRequestError } from '../api/graphql.ts'
import { errorText, needsReason } from './labels.ts'

const error = (code: string, message: string) => new GraphQLRequestError(message, { code })

describe('messages d’erreur de l’API en français', () => {
  it('donne une phrase par code, suivie du message du serveur', () => {
    expect(errorText(error('FORBIDDEN', "l'unité CHIR est hors de votre périmètre"))).toBe(
      "Action non autorisée pour votre rôle ou votre périmètre. L'unité CHIR est hors de votre périmètre.",
    )
    expect(errorText(error('BAD_USER_INPUT', 'shiftTypeId : aucun changement'))).toBe(
      'Saisie refusée. ShiftTypeId : aucun changement.',
    )
    expect(errorText(error('HARD_VIOLATIONS', 'Validation refusée : 2 règles impératives.'))).toMatch(
      /^Des règles impératives ne sont pas respectées : .* Validation refusée : 2 règles impératives\.$/,
    )
    expect(errorText(error('REASON_REQUIRED', 'FPH-TDS-2 : motif exigé'))).toBe(
      'Un motif est obligatoire pour cette action. FPH-TDS-2 : motif exigé.',
    )
    expect(errorText(error('CONFLICT', 'version 3 attendue'))).toMatch(/^Le planning a changé entre-temps/)
    expect(errorText(error('NOT_FOUND', 'planning introuvable'))).toMatch(/^Élément introuvable/)
    expect(errorText(error('UNAUTHENTICATED', 'jeton expiré'))).toMatch(/^Votre session a expiré/)
  })

  it('cache les détails techniques des erreurs internes et réseau', () => {
    expect(errorText(error('INTERNAL', 'database is locked'))).toBe(
      'Erreur interne du serveur : réessayez, puis signalez-la si elle persiste.',
    )
    expect(errorText(error('NETWORK_ERROR', 'fetch failed'))).toBe('Le serveur ne répond pas : vérifiez la connexion.')
    expect(errorText(error('SERVICE_UNAVAILABLE', 'Service momentanément surchargé, réessayez dans quelques secondes.'))).toBe(
      'Service momentanément surchargé, réessayez dans quelques secondes.',
    )
  })

  it('garde le message et le code d’un code inconnu ; une autre erreur est « inattendue »', () => {
    expect(errorText(error('TEAPOT', 'je suis une théière'))).toBe('je suis une théière (code : TEAPOT)')
    expect(errorText(new Error('boom'))).toBe('Erreur inattendue.')
  })

  it('reconnaît les erreurs qui se règlent avec un motif', () => {
    expect(needsReason(error('REASON_REQUIRED', 'x'))).toBe('REASON_REQUIRED')
    expect(needsReason(error('HARD_VIOLATIONS', 'x'))).toBe('HARD_VIOLATIONS')
    expect(needsReason(error('FORBIDDEN', 'x'))).toBeNull()
    expect(needsReason(new Error('x'))).toBeNull()
  })
})
