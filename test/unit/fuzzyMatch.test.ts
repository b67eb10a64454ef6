import assert from 'node:assert/strict';
import { derivedAliases, editDistance, matchCatalogue, matchesPhrase } from '../../services/domain/fuzzyMatch';
import { DEFAULT_BIZAPPS_PRODUCTS, DEFAULT_CATALOGUE, DEFAULT_M365_WORKLOADS } from '../../services/domain/claim';
import { product, workloads } from '../../services/domain/validation';
import { recognizeCommand } from '../../bot/teams/commands';

describe('forgiving matches', () => {
  it('counts typos as edits, a swap of two neighbours as one', () => {
    assert.equal(editDistance('teams', 'teams'), 0);
    assert.equal(editDistance('micrsoft teams', 'microsoft teams'), 1);
    assert.equal(editDistance('tesm', 'tems'), 1);
    assert.equal(editDistance('exchange', 'sharepoint', 2), 3, 'gives up past the limit');
  });

  it('takes the names people use for workloads and products', () => {
    const cases: [string, string][] = [
      ['Teams', 'Microsoft Teams'],
      ['EXO', 'Exchange Online'],
      ['sharepoint', 'SharePoint Online'],
      ['Micrsoft Teams', 'Microsoft Teams'],
      ['onedrive', 'OneDrive for Business'],
      ['Azure AD', 'Microsoft Entra ID P1/P2'],
      ['ms-teams', 'Microsoft Teams'],
      ['exchange onlien', 'Exchange Online'],
    ];
    for (const [said, meant] of cases) assert.equal(matchCatalogue(said, DEFAULT_M365_WORKLOADS)?.value, meant, said);
    assert.equal(matchCatalogue('business central', DEFAULT_BIZAPPS_PRODUCTS)?.value, 'Dynamics 365 Business Central');
    assert.equal(matchCatalogue('D365 Sales', DEFAULT_BIZAPPS_PRODUCTS)?.value, 'Dynamics 365 Sales');
    assert.equal(matchCatalogue('Dynamcs 365 Sales', DEFAULT_BIZAPPS_PRODUCTS)?.value, 'Dynamics 365 Sales');
    assert.equal(matchCatalogue('powerapps', DEFAULT_BIZAPPS_PRODUCTS)?.value, 'Power Apps');
  });

  it('says how it matched, so a guess can be confirmed', () => {
    assert.equal(matchCatalogue('microsoft teams', DEFAULT_M365_WORKLOADS)?.kind, 'name');
    assert.equal(matchCatalogue('teams', DEFAULT_M365_WORKLOADS)?.kind, 'alias');
    assert.equal(matchCatalogue('Micrsoft Teams', DEFAULT_M365_WORKLOADS)?.kind, 'typo');
  });

  it('guesses nothing when the answer is short, far or ambiguous', () => {
    for (const said of ['Tems', 'Yammer', 'Microsoft', 'xyz', '']) assert.equal(matchCatalogue(said, DEFAULT_M365_WORKLOADS), undefined, said);
    // One slip from one entry is taken; a spelling two entries are equally close to is refused.
    assert.deepEqual(matchCatalogue('Power Appq', ['Power Apps', 'Sales']), { value: 'Power Apps', kind: 'typo' });
    assert.deepEqual(matchCatalogue('Power Apps', ['Power Apps', 'Power Appz']), { value: 'Power Apps', kind: 'name' });
    assert.equal(matchCatalogue('Power Appx', ['Power Apps', 'Power Appz']), undefined);
  });

  it('derives aliases for configured entries nobody listed', () => {
    assert.deepEqual(derivedAliases('Contoso Analytics Online'), ['contoso analytics', 'contosoanalyticsonline']);
    assert.equal(matchCatalogue('contoso analytics', ['Contoso Analytics Online'])?.value, 'Contoso Analytics Online');
    assert.equal(matchCatalogue('Teams', ['Exchange Online']), undefined, 'an alias of an entry not configured matches nothing');
  });

  it('the validators use them: the dialog and the card form accept the same forgiving answers', () => {
    assert.deepEqual(workloads('Teams and EXO', DEFAULT_CATALOGUE), { ok: true, value: ['Exchange Online', 'Microsoft Teams'] });
    assert.deepEqual(workloads('teams e sharepoint; onedrive', DEFAULT_CATALOGUE), {
      ok: true,
      value: ['SharePoint Online', 'OneDrive for Business', 'Microsoft Teams'],
    });
    assert.deepEqual(workloads('1, Micrsoft Teams', DEFAULT_CATALOGUE), { ok: true, value: ['Exchange Online', 'Microsoft Teams'] });
    assert.deepEqual(workloads('Teams and Yammer', DEFAULT_CATALOGUE), { ok: false, error: 'unknownWorkload', detail: 'Yammer' });
    assert.deepEqual(product('business central', DEFAULT_CATALOGUE), { ok: true, value: 'Dynamics 365 Business Central' });
    assert.deepEqual(product('Dynamics 365', DEFAULT_CATALOGUE), { ok: false, error: 'unknownProduct', detail: 'Dynamics 365' });
  });

  it('forgives small typos in commands, not in short words, and never picks between two commands', () => {
    assert.equal(recognizeCommand('new asociation'), 'newClaim');
    assert.equal(recognizeCommand('my claims'), 'myClaims');
    assert.equal(recognizeCommand('my asociations'), 'myClaims');
    assert.equal(recognizeCommand('nuova associazone'), 'newClaim');
    assert.equal(recognizeCommand('reveiw queue'), 'reviewQueue');
    assert.equal(recognizeCommand('hepl'), undefined, 'four letters: too short to guess');
    assert.equal(recognizeCommand('stop'), 'cancel');
    assert.equal(recognizeCommand('contoso teams rollout'), undefined);
    assert.equal(matchesPhrase('exporta', ['export']), 'typo');
    assert.equal(matchesPhrase('exp', ['export']), undefined);
  });
});
