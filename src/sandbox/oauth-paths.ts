/**
 * Where Intuit's OAuth endpoints sit on the simulator's host. A module of its own: a process
 * that talks to a simulator running elsewhere needs these paths, not the simulator's server.
 */
export const OAUTH_PATHS = {
  authorize: '/connect/oauth2',
  token: '/oauth2/v1/tokens/bearer',
  revoke: '/v2/oauth2/tokens/revoke',
} as const;
