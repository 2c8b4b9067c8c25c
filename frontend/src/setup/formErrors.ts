/** Erreurs d'un formulaire : le serveur nomme le champ fautif (`extensions.field`) et la raison. */
import { isGraphQLRequestError } from '../api/graphql.ts'
import { errorText } from '../planning/labels.ts'

export interface FormErrors {
  /** Raison par champ (nom du champ de l'API). */
  fields: Record<string, string>
  /** Erreur qui ne vise aucun champ connu du formulaire. */
  general: string | null
}

/**
 * Répartit l'erreur d'une mutation : un `BAD_USER_INPUT` dont le champ est dans `known` va à
 * côté de ce champ (le message « champ : raison » perd son préfixe), le reste en tête du formulaire.
 */
export function formErrors(error: unknown, known: readonly string[]): FormErrors {
  if (isGraphQLRequestError(error) && error.code === 'BAD_USER_INPUT') {
    const field = error.errors[0]?.extensions?.field
    if (typeof field === 'string' && known.includes(field)) {
      const reason = error.message.startsWith(`${field} : `) ? error.message.slice(field.length + 3) : error.message
      return { fields: { [field]: reason.charAt(0).toUpperCase() + reason.slice(1) + '.' }, general: null }
    }
  }
  return { fields: {}, general: errorText(error) }
}
