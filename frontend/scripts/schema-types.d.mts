/** Texte du module de types généré depuis le résultat d'introspection (`__schema`). */
export function generateTypes(schema: unknown): string
