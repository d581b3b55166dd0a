/** Intuit's consent screen, simulated: pick a company (or create one), then Connect or Cancel. */
import type { Html } from './html.js';
import { html, page } from './html.js';

export interface ConsentRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
}

export function consentPage(req: ConsentRequest, companies: { realmId: string; name: string }[], action: string): string {
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  const choices: Html[] = companies.map((c, i) => html`<label><input type="radio" name="realmId" value="${c.realmId}" ${i === 0 ? html`checked` : ''}> ${c.name} <span class="muted">(${c.realmId})</span></label>`);
  return page('Connect to QuickBooks', html`
<section>
  <h1>Connect your QuickBooks company</h1>
  <p><strong>${req.clientId}</strong> wants to access your accounting data (<code>${req.scope}</code>).</p>
  <form method="post" action="${action}">
    ${hidden('client_id', req.clientId)}${hidden('redirect_uri', req.redirectUri)}${hidden('scope', req.scope)}${hidden('state', req.state)}${hidden('response_type', 'code')}
    <fieldset><legend>Company</legend>
      ${choices}
      <label><input type="radio" name="realmId" value="new" ${companies.length === 0 ? html`checked` : ''}> Create a new company named
        <input type="text" name="companyName" value="My Sandbox Company" maxlength="100"></label>
    </fieldset>
    <p><button type="submit" name="decision" value="approve">Connect</button>
       <button type="submit" name="decision" value="cancel" class="secondary">Cancel</button></p>
  </form>
</section>`);
}

export function oauthErrorPage(message: string): string {
  return page('Connection problem', html`<section><h1>Something's not quite right</h1><p>${message}</p></section>`);
}
