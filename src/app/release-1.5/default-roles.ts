/**
 * The roles and permissions the app creates at start-up when `permissions` is empty
 * (`init_default_roles_and_permissions`). Names, display names, descriptions and grants are the
 * app's; ids are random there, so look roles up by `name`.
 */
export const DEFAULT_PERMISSIONS = [
  [
    'admin_dashboard',
    'Tableau de bord admin',
    "Accès au tableau de bord d'administration",
    'admin_dashboard',
  ],
  ['users', 'Gestion des utilisateurs', 'Voir la liste des utilisateurs', 'users'],
  ['users.edit', 'Modifier les utilisateurs', 'Créer, modifier et gérer les utilisateurs', 'users'],
  ['users.delete', 'Supprimer les utilisateurs', 'Supprimer des utilisateurs', 'users'],
  ['logs', 'Voir les logs', "Consulter les logs de l'application", 'logs'],
  ['logs.delete', 'Supprimer les logs', "Supprimer les logs de l'application", 'logs'],
  [
    'contributions',
    'Gestion des contributions',
    'Modérer les contributions des utilisateurs',
    'contributions',
  ],
  ['offers', 'Gestion des offres', 'Gérer les offres tarifaires', 'offers'],
  ['offers.delete', 'Supprimer les offres', 'Supprimer des offres tarifaires', 'offers'],
  ['roles', 'Gestion des rôles', 'Gérer les rôles et permissions', 'roles'],
] as const

export const DEFAULT_ROLES = [
  {
    name: 'admin',
    displayName: 'Administrateur',
    description: 'Accès complet à toutes les fonctionnalités',
    permissions: DEFAULT_PERMISSIONS.map(([name]) => name),
  },
  {
    name: 'moderator',
    displayName: 'Modérateur',
    description: 'Modération des contributions et gestion limitée',
    permissions: ['admin_dashboard', 'users', 'contributions', 'offers', 'logs'],
  },
  {
    name: 'visitor',
    displayName: 'Visiteur',
    description: 'Accès en lecture seule aux données publiques',
    permissions: [],
  },
] as const
