// A proof-of-execution file uploaded in a claim dialog that is then cancelled is deleted ("nothing is stored"),
// and the sweep removes, once old enough, files no claim refers to: abandoned dialogs, half-written uploads. A
// file a claim refers to is never removed.
import assert from 'node:assert/strict';
import { FakeClock } from '../../services/clock';
import { sweepOrphanFiles } from '../../services/orphanFiles';
import type { Claim } from '../../services/domain/claim';
import { Chat, openWorld, type BotWorld } from '../helpers/chat';
import { alice } from '../helpers/activities';
import { m365Answers } from '../helpers/claims';

const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(700_000, 7)]);
const attachment = { contentType: 'application/pdf', contentUrl: `data:application/pdf;base64,${pdf.toString('base64')}`, name: 'sow.pdf' };

describe('orphaned proof-of-execution files', function () {
  this.timeout(60_000);
  let world: BotWorld;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  const fileDocs = async () => (await world.store.containers.files.items.readAll<{ fileId: string; kind: string }>().fetchAll()).resources;
  const claims = async () => (await world.store.containers.associations.items.query<Claim>("SELECT * FROM c WHERE c.type = 'claim'").fetchAll()).resources;

  /** Up to the uploaded proof of execution; `workload`: another one than a claim of the organisation already holds. */
  async function uploadInDialog(chat: Chat, workload = 'Intune'): Promise<void> {
    await chat.ask('new association');
    for (const answer of m365Answers({ workloads: workload })) await chat.ask(answer);
    assert.match(await chat.ask({ attachments: [attachment] }), /Got it: sow\.pdf/);
  }

  const sweep = (hoursLater: number) =>
    sweepOrphanFiles({
      files: world.deps.files,
      associations: world.store.containers.associations,
      clock: new FakeClock(new Date(world.clock.now().getTime() + hoursLater * 3600_000)),
      maxAgeHours: 24,
      log: world.deps.log,
    });

  it("an earlier proof of execution of a claim (a new one was added beside it) is the claim's file too: kept", async () => {
    const submitter = new Chat(world, alice);
    await uploadInDialog(submitter);
    await submitter.ask('Contoso Intune');
    await submitter.ask('none');
    await submitter.ask('submit');
    const [claim] = await claims();
    // A second upload, then the claim's proofs as a partner's answer leaves them: the new one latest, the first earlier.
    await uploadInDialog(new Chat(world, { ...alice, id: '29:alice-2', name: 'Alice Two' }), 'Microsoft Teams');
    const second = (await fileDocs()).find((d) => d.kind === 'header' && d.fileId !== claim.poe?.fileId)?.fileId ?? '';
    await world.store.containers.associations
      .item(claim.id, claim.partnerTenantId)
      .replace<Claim>({ ...claim, poe: { ...claim.poe!, fileId: second }, earlierProofs: [claim.poe!] });
    assert.equal(await sweep(25), 0, 'both files are the claim');
    const headers = (await fileDocs()).filter((d) => d.kind === 'header').map((d) => d.fileId);
    assert.deepEqual(headers.sort(), [claim.poe!.fileId, second].sort());
  });

  it('cancelling the dialog after the upload deletes the file: nothing is stored', async () => {
    const chat = new Chat(world, alice);
    await uploadInDialog(chat);
    assert.equal((await fileDocs()).filter((d) => d.kind === 'header').length, 1, 'the upload was stored');
    assert.match(await chat.ask('cancel'), /nothing was stored|cancel/i);
    assert.deepEqual(await fileDocs(), [], 'header and chunks deleted');
    assert.deepEqual(await claims(), []);
  });

  it('cancelling at the summary (after naming the claim) deletes the file too', async () => {
    const chat = new Chat(world, alice);
    await uploadInDialog(chat);
    await chat.ask('Contoso Intune');
    assert.match(await chat.ask('none'), /"Submit"/);
    await chat.ask('cancel');
    assert.deepEqual(await fileDocs(), []);
  });

  it("the sweep removes old files no claim refers to (abandoned dialog, half-written upload), and keeps a claim's file", async () => {
    // A submitted claim with its file.
    const submitter = new Chat(world, alice);
    await uploadInDialog(submitter);
    await submitter.ask('Contoso Intune');
    await submitter.ask('none');
    assert.match(await submitter.ask('submit'), /Submitted/);
    const [claim] = await claims();
    assert.ok(claim.poe?.fileId);
    // A dialog abandoned after its upload (never cancelled, never submitted).
    await uploadInDialog(new Chat(world, { ...alice, id: '29:alice-2', name: 'Alice Two' }), 'Microsoft Teams');
    // An upload that died between its chunks and its header.
    await world.store.containers.files.items.create({
      id: 'half-written:0',
      fileId: 'half-written',
      kind: 'chunk',
      index: 0,
      createdAt: world.clock.now().toISOString(),
      data: 'AAAA',
    });

    assert.equal(await sweep(1), 0, 'nothing is old enough yet (an open dialog may still submit its file)');
    assert.equal((await fileDocs()).filter((d) => d.kind === 'header').length, 2);

    assert.equal(await sweep(25), 2, 'the abandoned upload and the half-written one');
    const left = await fileDocs();
    assert.deepEqual([...new Set(left.map((d) => d.fileId))], [claim.poe.fileId], "only the claim's file is left");
    const read = await world.deps.files.read(claim.poe.fileId);
    assert.ok(read?.bytes.equals(pdf), "the claim's file is intact");
    assert.equal(await sweep(25), 0, 'a second sweep finds nothing');
  });
});
