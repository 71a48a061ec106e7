import { z } from 'zod';
import { invalidParameter } from './twilio-error';

const PageQuery = z.object({
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  Page: z.coerce.number().int().min(0).default(0),
});

/** One page of a list in the 2010 API's envelope, with `next_page_uri` when more remain. */
export function pageOf<T>(
  key: string,
  path: string,
  query: Record<string, string | undefined>,
  items: T[],
  render: (item: T) => unknown,
): Record<string, unknown> {
  const parsed = PageQuery.safeParse(query);
  if (!parsed.success) throw invalidParameter('PageSize must be 1 to 1000 and Page a whole number from 0.');
  const { PageSize: size, Page: page } = parsed.data;
  const start = page * size;
  const slice = items.slice(start, start + size);
  const uriFor = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && k !== 'Page' && k !== 'PageSize') q.set(k, v);
    q.set('PageSize', String(size));
    q.set('Page', String(p));
    return `${path}?${q.toString()}`;
  };
  return {
    [key]: slice.map(render),
    start,
    end: start + Math.max(slice.length - 1, 0),
    page,
    page_size: size,
    uri: uriFor(page),
    first_page_uri: uriFor(0),
    previous_page_uri: page > 0 ? uriFor(page - 1) : null,
    next_page_uri: start + size < items.length ? uriFor(page + 1) : null,
  };
}
