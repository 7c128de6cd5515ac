/**
 * The indexed fields, their boosts, and the stored document shape. Only field facts live here.
 */

/** Fields searched by query text. Metadata (categories, tags, author) is reached by filters. */
export const SEARCH_FIELDS = ['title', 'text'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** What the index keeps of each post, to display hits and verify matches. */
export interface StoredDocument {
  id: string;
  path: string;
  title: string;
  date: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  url: string | null;
  editor: string | null;
  meta: Record<string, unknown>;
  text: string;
  contentHash: string;
}
