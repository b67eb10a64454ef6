// Reading a request's path and query values: restify types them loosely, and a client may send anything (a
// repeated query parameter arrives as an array). Anything but one string reads as empty.

const one = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A path parameter (`'*'` for a wildcard route's rest). */
export const pathParam = (req: { params?: unknown }, name: string): string => one((req.params as Record<string, unknown> | undefined)?.[name]);

export const queryParam = (req: { query?: unknown }, name: string): string => one((req.query as Record<string, unknown> | undefined)?.[name]);
