// Proof-of-execution downloads from review cards: GET /files/<fileId>?token=…, where the signed token is the
// permission (a reviewer's Teams client opens it in a browser, without the bot's authentication).
import type { Server } from 'restify';
import type { Clock } from '../../services/clock';
import type { FileStore } from '../../services/fileStore';
import type { Logger } from '../../services/logger';
import type { LinkSigner } from '../../services/signedLinks';
import { pathParam, queryParam } from './request';

/** How long a proof-of-execution link on a review card works (a refreshed card carries a fresh one). */
const FILE_LINK_DAYS = 30;
const FILES_PATH = '/files';

const SAFE_FILE_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
]);

export interface FileRouteDeps {
  files: Pick<FileStore, 'read'>;
  signer: LinkSigner;
  clock: Clock;
  log: Logger;
}

/** The link a review card shows for a stored file, valid FILE_LINK_DAYS from `now`. */
export function fileUrl(publicBaseUrl: string, signer: LinkSigner, fileId: string, now: Date): string {
  const token = signer.sign('file', fileId, new Date(now.getTime() + FILE_LINK_DAYS * 86400_000));
  return `${publicBaseUrl}${FILES_PATH}/${encodeURIComponent(fileId)}?token=${token}`;
}

export function registerFileRoute(server: Server, { files, signer, clock, log }: FileRouteDeps): void {
  server.get(`${FILES_PATH}/:fileId`, async (req, res) => {
    const fileId = pathParam(req, 'fileId');
    const token = queryParam(req, 'token');
    if (!signer.verify('file', fileId, token, clock.now())) {
      res.send(403, { message: 'This link is invalid or has expired. Open the claim again for a fresh link.' });
      return;
    }
    let stored: Awaited<ReturnType<typeof files.read>>;
    try {
      stored = await files.read(fileId);
    } catch (err) {
      log.error({ err, fileId }, 'file download failed');
      res.send(503, { message: 'The file cannot be read right now. Try again in a moment.' });
      return;
    }
    if (!stored) {
      res.send(404, { message: 'File not found.' });
      return;
    }
    res.writeHead(200, {
      // The type was chosen by whoever uploaded the file: only well-known document types are served as such.
      'content-type': SAFE_FILE_TYPES.has(stored.file.contentType) ? stored.file.contentType : 'application/octet-stream',
      'content-length': stored.bytes.length,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(stored.file.fileName)}`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
    res.end(stored.bytes);
  });
}
