/*
 * The OAuth token endpoint (POST /services/oauth2/token) for orgs logged in with a refresh token:
 * grant_type=refresh_token answers a new session, as Salesforce does; jsforce calls it when a
 * request answers INVALID_SESSION_ID and the login holds a refresh token. The sessions the org had
 * go on: a refresh-token grant issues an access token, it does not revoke one (README "Real-org rules").
 */
import { EmulatorState } from './state.js';

export type TokenAnswer = { status: number; body: Record<string, string> };

export function tokenGrant(state: EmulatorState, body: Buffer, baseUrl: string): TokenAnswer {
  const form = new URLSearchParams(body.toString('utf8'));
  if (form.get('grant_type') !== 'refresh_token') {
    return { status: 400, body: { error: 'unsupported_grant_type', 'error_description': 'grant type not supported' } };
  }
  const org = state.orgByRefreshToken(form.get('refresh_token') ?? undefined);
  if (!org) return { status: 400, body: { error: 'invalid_grant', 'error_description': 'expired access/refresh token' } };
  state.count(org, 'oauthToken');
  const token = org.newSession();
  return {
    status: 200,
    body: {
      'access_token': token,
      'instance_url': baseUrl,
      id: `${baseUrl}/id/${org.orgId}/${org.userId}`,
      'token_type': 'Bearer',
      'issued_at': String(Date.now()),
      signature: 'emulated',
      scope: 'refresh_token api web',
    },
  };
}
