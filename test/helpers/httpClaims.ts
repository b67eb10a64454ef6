// A claim's life through the real HTTP server, as Teams would drive it: Alice creates and submits one by chatting
// (the proof of execution as a data: URL attachment), a reviewer clicks the review card's buttons.
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { Claim } from '../../services/domain/claim';
import type { RunningApp } from '../../bot/app';
import type { LocalConnector } from './connector';
import { alice, message, post, TENANT } from './activities';
import { m365Answers, REVIEWER } from './claims';

/** Alice's claim for `workload` with these customer details (name, title, e-mail), stored and Submitted. */
export async function createClaimOverHttp(
  app: Pick<RunningApp, 'url' | 'store'>,
  connector: LocalConnector,
  workload: string,
  customer: [name: string, title: string, email: string] = ['Giulia Verdi', 'CTO', 'giulia@contoso.it'],
): Promise<Claim> {
  const say = (text: string, extra: Partial<Activity> = {}) => post(app.url, { ...message(alice, text, connector.serviceUrl), ...extra });
  for (const text of ['new association', ...m365Answers({ domain: 'contoso.it', workloads: workload, customer })]) {
    assert.equal((await say(text)).status, 200);
  }
  const pdf = Buffer.from('%PDF-1.4 statement of work').toString('base64');
  await say('', { attachments: [{ contentType: 'application/pdf', contentUrl: `data:application/pdf;base64,${pdf}`, name: 'sow.pdf' }] });
  await say(`Contoso ${workload}`);
  await say('none');
  await say('submit');
  const { resources } = await app.store.containers.associations.items
    .query<Claim>({ query: "SELECT * FROM c WHERE c.type = 'claim' AND ARRAY_CONTAINS(c.workloads, @w)", parameters: [{ name: '@w', value: workload }] })
    .fetchAll();
  assert.equal(resources.length, 1, `claim for ${workload} stored`);
  assert.equal(resources[0].status, 'Submitted');
  return resources[0];
}

/** The reviewer clicks `verb` on the claim's review card (its current version); returns the invoke's answer. */
export async function reviewerClicks(
  app: Pick<RunningApp, 'url' | 'store'>,
  connector: LocalConnector,
  verb: string,
  claim: Claim,
): Promise<{ statusCode: number }> {
  const current = (await app.store.containers.associations.item(claim.id, TENANT).read<Claim>()).resource as Claim;
  const res = await post(app.url, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `invoke-${verb}-${claim.id}`,
    channelId: 'msteams',
    serviceUrl: connector.serviceUrl,
    from: REVIEWER,
    recipient: { id: '28:bot', name: 'CPOR Assistant' },
    conversation: { id: 'a:personal-29:rita', conversationType: 'personal', tenantId: TENANT },
    value: { action: { type: 'Action.Execute', verb, data: { claimId: claim.id, partnerTenantId: TENANT, version: current.version } } },
  } as Partial<Activity>);
  return (await res.json()) as { statusCode: number };
}
