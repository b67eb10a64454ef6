// Proof-of-execution files, kept in the same Cosmos account as the claims (container `files`, partition
// /fileId): the bytes in base64 chunks well under Cosmos' 2 MB document limit, then a header document written
// last, so a file is only ever visible complete. Up to MAX_POE_BYTES (10 MB by default) per file.
import { createHash, randomUUID } from 'node:crypto';
import type { Container } from '@azure/cosmos';

const CHUNK_BYTES = 512 * 1024;

export interface StoredFile {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

interface FileHeader extends StoredFile {
  id: string;
  kind: 'header';
  chunks: number;
  createdAt: string;
}

interface FileChunk {
  id: string;
  fileId: string;
  kind: 'chunk';
  index: number;
  data: string;
}

export class FileStore {
  constructor(private readonly container: Container) {}

  async save(file: { fileName: string; contentType: string; bytes: Buffer }): Promise<StoredFile> {
    const fileId = randomUUID();
    const chunks = Math.max(1, Math.ceil(file.bytes.length / CHUNK_BYTES));
    for (let index = 0; index < chunks; index++) {
      const chunk: FileChunk = {
        id: `${fileId}:${index}`,
        fileId,
        kind: 'chunk',
        index,
        data: file.bytes.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES).toString('base64'),
      };
      await this.container.items.create(chunk);
    }
    const header: FileHeader = {
      id: fileId,
      fileId,
      kind: 'header',
      chunks,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      createdAt: new Date().toISOString(),
    };
    await this.container.items.create(header);
    const { id: _id, kind: _kind, chunks: _chunks, createdAt: _createdAt, ...stored } = header;
    return stored;
  }

  async read(fileId: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined> {
    const { resource: header } = await this.container.item(fileId, fileId).read<FileHeader>();
    if (header?.kind !== 'header') return undefined;
    const parts: Buffer[] = [];
    for (let index = 0; index < header.chunks; index++) {
      const { resource } = await this.container.item(`${fileId}:${index}`, fileId).read<FileChunk>();
      if (!resource) return undefined;
      parts.push(Buffer.from(resource.data, 'base64'));
    }
    const { fileName, contentType, size, sha256 } = header;
    return { file: { fileId, fileName, contentType, size, sha256 }, bytes: Buffer.concat(parts) };
  }
}
