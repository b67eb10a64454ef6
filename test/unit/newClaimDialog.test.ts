// The "new association" dialog in the unit layer: botbuilder's TestAdapter (botbuilder-testing's DialogTestClient
// is not installed) drives NewClaimDialog over an in-memory stand-in for the claims store, so the question loop,
// the sentence intake, the summary's edit and the submit are proven without a database or a network.
import assert from 'node:assert/strict';
import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { DialogSet, DialogTurnStatus } from 'botbuilder-dialogs';
import { NewClaimDialog, NEW_CLAIM_DIALOG, type NewClaimDeps, type NewClaimOptions } from '../../bot/teams/dialogs/newClaimDialog';
import type { AssociationStore, NewClaim } from '../../services/associationStore';
import { DEFAULT_CATALOGUE, type Claim } from '../../services/domain/claim';
import { parseClaimSentence } from '../../services/domain/claimSentence';
import { validateClaim } from '../../services/domain/fields';
import { DEFAULT_POLICY } from '../../services/domain/rules';
import { DemoRoles } from '../../services/roles';
import { memoryLogger } from '../helpers/testApp';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CUSTOMER_TENANT = '8a8e3d2c-0f3b-4e4a-9b65-2f6c7d0e1a2b';

/** The store's answers the dialog needs, in memory; every create kept. */
function fakeStore(created: NewClaim[]): AssociationStore {
  const store = {
    policy: DEFAULT_POLICY,
    partnerIdsUsed: () => Promise.resolve([]),
    previousDetails: () => Promise.resolve({ partnerIds: [] }),
    conflictsOf: () => Promise.resolve({ competing: false }),
    get: () => Promise.resolve(undefined),
    create: (input: NewClaim) => {
      created.push(input);
      const claim = { ...input.fields, id: input.id, partnerTenantId: input.partnerTenantId, status: 'Draft', history: [] } as unknown as Claim;
      return Promise.resolve({ kind: 'created', claim });
    },
  };
  return store as unknown as AssociationStore;
}

/** A conversation with the dialog: `say` returns the texts (and card prompts) of the bot's replies to one message. */
function conversation(begin: NewClaimOptions = {}) {
  const created: NewClaim[] = [];
  const deps: NewClaimDeps = {
    claims: fakeStore(created),
    files: {} as NewClaimDeps['files'],
    roles: new DemoRoles(),
    catalogue: DEFAULT_CATALOGUE,
    maxPoeBytes: 1024,
    log: memoryLogger().log,
    clock: { now: () => new Date('2026-12-07T10:00:00Z') },
    partnerNames: { nameOf: () => Promise.resolve(undefined) } as unknown as NewClaimDeps['partnerNames'],
    deliverNotices: () => undefined,
  };
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogs')).add(new NewClaimDialog(deps));
  const adapter = new TestAdapter(
    async (context) => {
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(NEW_CLAIM_DIALOG, begin);
      await state.saveChanges(context);
    },
    { locale: 'en-US', conversation: { id: 'personal-1', conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' } },
  );
  const say = async (text: string): Promise<string[]> => {
    await adapter.receiveActivity(text);
    return adapter.activeQueue.splice(0).map(textOf);
  };
  return { say, created };
}

/** A reply's text, or a card's first text block (a choice card's prompt, the summary's title). */
function textOf(activity: Partial<Activity>): string {
  const card = activity.attachments?.[0]?.content as { body?: { type: string; text?: string }[] } | undefined;
  const block = card?.body?.find((b) => b.type === 'TextBlock' && b.text)?.text;
  return [activity.text, block].filter(Boolean).join(' | ');
}

describe('new association dialog (TestAdapter, unit)', () => {
  it('asks a Microsoft 365 claim question by question, shows the summary and stores it as a Draft on submit', async () => {
    const { say, created } = conversation();
    const asked: string[][] = [];
    for (const answer of ['new association', 'Microsoft 365', '1234567', 'contoso.com', CUSTOMER_TENANT, 'Intune', 'Jane Doe, CIO, jane@contoso.com']) {
      asked.push(await say(answer));
    }
    assert.match(asked[0].join('\n'), /Which solution area/);
    assert.match(asked[1].join('\n'), /one activity: Usage[\s\S]*Partner ID \(digits\)/);
    assert.match(asked[2].join('\n'), /customer's domain/);
    assert.match(asked[3].join('\n'), /customer's tenant ID/);
    assert.match(asked[4].join('\n'), /checked on review[\s\S]*Which Microsoft 365 workloads/);
    assert.match(asked[5].join('\n'), /Customer contact/);
    assert.match(asked[6].join('\n'), /Jane Doe[\s\S]*Partner contact/);
    assert.match((await say('Alice Rossi, alice@partner.example')).join('\n'), /proof of execution/);
    assert.match((await say('later')).join('\n'), /stay a Draft[\s\S]*Suggested: "contoso.com – Intune"/);
    assert.match((await say('Contoso Intune')).join('\n'), /comments for the reviewer/);
    assert.match((await say('none')).join('\n'), /Your customer association/);
    assert.equal(created.length, 0, 'nothing is stored before the submit');
    assert.match((await say('submit')).join('\n'), /Draft/);
    assert.equal(created.length, 1);
    const { fields } = created[0];
    assert.deepEqual(validateClaim(fields, DEFAULT_CATALOGUE), [], 'a complete claim');
    assert.deepEqual(
      [fields.solutionArea, fields.activity, fields.partnerId, fields.customerDomain, fields.customerTenantId, fields.workloads, fields.name],
      ['microsoft365', 'usage', '1234567', 'contoso.com', CUSTOMER_TENANT, ['Intune'], 'Contoso Intune'],
    );
    assert.deepEqual(
      [fields.customerContact, fields.partnerContact],
      [
        { name: 'Jane Doe', title: 'CIO', email: 'jane@contoso.com' },
        { name: 'Alice Rossi', email: 'alice@partner.example' },
      ],
    );
    assert.equal(created[0].partnerTenantId, TENANT);
  });

  it('a refused answer says why and asks the same question again', async () => {
    const { say } = conversation();
    await say('new association');
    await say('Microsoft 365');
    assert.deepEqual(await say('12'), ['A Partner ID is 4 to 10 digits, for example 1234567 (the Partner ID of your location, formerly MPN ID).']);
    assert.match((await say('1234567')).join('\n'), /customer's domain/);
  });

  it('a sentence: its values are said back in the order of the claim, and the form is offered for the rest', async () => {
    const sentence = parseClaimSentence(`claim contoso.com ${CUSTOMER_TENANT} for Intune, partner id 1234567, customer jane@contoso.com`, DEFAULT_CATALOGUE);
    const { say } = conversation({ sentence });
    const replies = await say('claim …');
    const taken = replies.find((r) => r.includes('- Solution area'));
    assert.ok(taken, replies.join('\n'));
    const lines = taken.split('\n').filter((l) => l.startsWith('- '));
    assert.deepEqual(lines, [
      '- Solution area: Microsoft 365',
      '- Activity: Usage',
      '- Partner ID: 1234567',
      '- Customer domain: contoso.com',
      `- Customer tenant ID: ${CUSTOMER_TENANT}`,
      '- Workloads: Intune',
      '- Customer contact: jane@contoso.com',
    ]);
    assert.match(replies.join('\n'), /Fill in the rest on one card/);
  });

  it('"Edit a field" on the summary asks that field again and submits the new answer', async () => {
    const { say, created } = conversation();
    for (const answer of ['x', 'Microsoft 365', '1234567', 'contoso.com', CUSTOMER_TENANT, 'Intune', 'Jane Doe, CIO, jane@contoso.com']) await say(answer);
    for (const answer of ['Alice Rossi, alice@partner.example', 'later', 'Contoso Intune', 'none']) await say(answer);
    assert.match((await say('edit')).join('\n'), /Which field do you want to change/);
    assert.match((await say('Partner ID')).join('\n'), /Partner ID \(digits\)/);
    assert.match((await say('7654321')).join('\n'), /Your customer association/);
    await say('submit');
    assert.equal(created[0].fields.partnerId, '7654321');
    assert.equal(created[0].fields.customerDomain, 'contoso.com', 'the other answers are kept');
  });
});
