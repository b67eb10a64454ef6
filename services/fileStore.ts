// Proof-of-execution files, kept in the same Cosmos account as the claims (container `files`, partition
// /fileId): the bytes in base64 chunks well under Cosmos' 2 MB document limit, then a header document written
// last, so a file is only ever visible complete. Up to MAX_POE_BYTES (10 MB by default) per file. Deleting goes
// the other way: the header first (the file is gone for readers at once), then the chunks.
import type { Clock } from './clock';
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
  /** The bot's clock when it was written: a save that never finished is found by its first chunk's age. */
  createdAt?: string;
  data: string;
}

export class FileStore {
  constructor(
    private readonly container: Container,
    private readonly clock: Clock,
  ) {}

  async save(file: { fileName: string; contentType: string; bytes: Buffer }): Promise<StoredFile> {
    const fileId = randomUUID();
    const chunks = Math.max(1, Math.ceil(file.bytes.length / CHUNK_BYTES));
    for (let index = 0; index < chunks; index++) {
      const chunk: FileChunk = {
        id: `${fileId}:${index}`,
        fileId,
        kind: 'chunk',
        index,
        createdAt: this.clock.now().toISOString(),
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
      createdAt: this.clock.now().toISOString(),
    };
    await this.container.items.create(header);
    const { id: _id, kind: _kind, chunks: _chunks, createdAt: _createdAt, ...stored } = header;
    return stored;
  }

  /** Removes a file (header, then chunks); a file already gone, or half gone, is fine. */
  async delete(fileId: string): Promise<void> {
    const { resource: header } = await this.container.item(fileId, fileId).read<FileHeader>();
    if (header) await this.ignoreGone(this.container.item(fileId, fileId).delete());
    const { resources: chunks } = await this.container.items
      .query<{ id: string }>(
        { query: "SELECT c.id FROM c WHERE c.fileId = @fileId AND c.kind = 'chunk'", parameters: [{ name: '@fileId', value: fileId }] },
        { partitionKey: fileId },
      )
      .fetchAll();
    for (const chunk of chunks) await this.ignoreGone(this.container.item(chunk.id, fileId).delete());
  }

  /**
   * Ids of the files stored before `olderThan`, a page at a time: complete files by their header's date, and the
   * chunks of a save that never finished (no header) by their first chunk's date (the store's write time for chunks
   * written before chunks carried one).
   */
  async *storedBefore(olderThan: Date, pageSize = 100): AsyncGenerator<string[]> {
    const headers = this.container.items.query<{ fileId: string }>(
      { query: "SELECT c.fileId FROM c WHERE c.kind = 'header' AND c.createdAt < @before", parameters: [{ name: '@before', value: olderThan.toISOString() }] },
      { maxItemCount: pageSize },
    );
    while (headers.hasMoreResults()) {
      const { resources } = await headers.fetchNext();
      if (resources.length > 0) yield resources.map((r) => r.fileId);
    }
    const firstChunks = this.container.items.query<{ fileId: string }>(
      {
        query:
          "SELECT c.fileId FROM c WHERE c.kind = 'chunk' AND c.index = 0 AND " +
          '(c.createdAt < @before OR (NOT IS_DEFINED(c.createdAt) AND c._ts < @beforeTs))',
        parameters: [
          { name: '@before', value: olderThan.toISOString() },
          { name: '@beforeTs', value: Math.floor(olderThan.getTime() / 1000) },
        ],
      },
      { maxItemCount: pageSize },
    );
    while (firstChunks.hasMoreResults()) {
      const { resources } = await firstChunks.fetchNext();
      const headerless: string[] = [];
      for (const { fileId } of resources) {
        const { resource } = await this.container.item(fileId, fileId).read<FileHeader>();
        if (!resource) headerless.push(fileId);
      }
      if (headerless.length > 0) yield headerless;
    }
  }

  private async ignoreGone(request: Promise<unknown>): Promise<void> {
    try {
      await request;
    } catch (err) {
      if ((err as { code?: number }).code !== 404) throw err;
    }
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
