// Reads the file a user attached in the chat: a Teams file (download info with a pre-authenticated SharePoint
// URL), or a plain attachment as the Agents Playground and the Emulator send (hosted by the connector at the
// activity's serviceUrl, or inline as a data: URL). Any other address is refused: a chat message must not make
// the bot fetch arbitrary URLs. A proof of execution received this way is stored in the files container.
import type { Attachment, TurnContext } from 'botbuilder';
import type { Clock } from '../../services/clock';
import type { ProofOfExecution } from '../../services/domain/claim';
import type { FileStore } from '../../services/fileStore';
import { formatSize } from '../../services/formatting';
import type { Strings } from '../../services/strings';

export const TEAMS_FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface DownloadedFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export type DownloadResult = { ok: true; file: DownloadedFile } | { ok: false; reason: 'tooLarge' | 'notAllowed' | 'failed' | 'empty' };

/** The attachments that are files (Teams also attaches the message's own HTML and cards). */
export function fileAttachments(attachments: Attachment[] | undefined): Attachment[] {
  return (attachments ?? []).filter(
    (a) =>
      a.contentType === TEAMS_FILE_DOWNLOAD_INFO ||
      (a.contentUrl !== undefined && !a.contentType.startsWith('application/vnd.microsoft.card') && a.contentType !== 'text/html'),
  );
}

function isAllowed(url: URL, serviceUrl: string | undefined): boolean {
  if (url.protocol === 'data:') return true;
  if (url.protocol === 'https:' && /(^|\.)sharepoint(-df)?\.com$/i.test(url.hostname)) return true;
  if (!serviceUrl) return false;
  try {
    return url.origin === new URL(serviceUrl).origin;
  } catch {
    return false;
  }
}

export async function downloadAttachment(attachment: Attachment, serviceUrl: string | undefined, maxBytes: number): Promise<DownloadResult> {
  const teamsFile = attachment.contentType === TEAMS_FILE_DOWNLOAD_INFO;
  const address = teamsFile ? (attachment.content as { downloadUrl?: string })?.downloadUrl : attachment.contentUrl;
  const fileType = teamsFile ? (attachment.content as { fileType?: string })?.fileType : undefined;
  let url: URL;
  try {
    url = new URL(address ?? '');
  } catch {
    return { ok: false, reason: 'notAllowed' };
  }
  if (!isAllowed(url, serviceUrl)) return { ok: false, reason: 'notAllowed' };

  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(20_000) });
  } catch {
    return { ok: false, reason: 'failed' };
  }
  if (!response.ok || !response.body) return { ok: false, reason: 'failed' };
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) return { ok: false, reason: 'tooLarge' };
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += part.length;
    if (size > maxBytes) return { ok: false, reason: 'tooLarge' };
    parts.push(Buffer.from(part));
  }
  if (size === 0) return { ok: false, reason: 'empty' };
  const fileName = attachment.name ?? `proof-of-execution${fileType ? `.${fileType}` : ''}`;
  const contentType = teamsFile
    ? (response.headers.get('content-type') ?? 'application/octet-stream')
    : attachment.contentType || response.headers.get('content-type') || 'application/octet-stream';
  return { ok: true, file: { fileName, contentType, bytes: Buffer.concat(parts) } };
}

/**
 * A proof of execution attached in the chat, downloaded and stored: the stored file's record, or undefined after
 * telling the user why it was refused (too large, not from an allowed place, empty, download failed).
 */
export async function receiveProof(
  context: TurnContext,
  file: Attachment,
  deps: { files: FileStore; maxPoeBytes: number; clock: Clock },
  s: Strings,
): Promise<ProofOfExecution | undefined> {
  await context.sendActivities([{ type: 'typing' }, { type: 'message', text: s.claim.poeReceiving }]);
  const download = await downloadAttachment(file, context.activity.serviceUrl, deps.maxPoeBytes);
  if (!download.ok) {
    const messages = {
      tooLarge: s.validation.poeTooLarge(formatSize(deps.maxPoeBytes)),
      notAllowed: s.validation.poeNotAllowed,
      failed: s.validation.poeFailed,
      empty: s.validation.poeEmpty,
    };
    await context.sendActivity(messages[download.reason]);
    return undefined;
  }
  return storeProof(context, download.file, deps, s);
}

/** Stores a proof of execution's bytes as the actor's upload, says so, and returns its record. */
export async function storeProof(
  context: TurnContext,
  file: Parameters<FileStore['save']>[0],
  deps: { files: Pick<FileStore, 'save'>; clock: Clock },
  s: Strings,
): Promise<ProofOfExecution> {
  const stored = await deps.files.save(file);
  await context.sendActivity(s.claim.poeStored(stored.fileName, formatSize(stored.size)));
  return {
    fileId: stored.fileId,
    fileName: stored.fileName,
    contentType: stored.contentType,
    size: stored.size,
    uploadedAt: deps.clock.now().toISOString(),
    uploadedBy: context.activity.from.id,
  };
}
