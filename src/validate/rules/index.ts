import { activeContent } from './active-content.ts';
import { dateIso } from './date-iso.ts';
import { idUnique } from './id-unique.ts';
import { langTag } from './lang-tag.ts';
import { mentionNameRegistered } from './mention-name-registered.ts';
import { noEmpty } from './no-empty.ts';
import { notesNumbered } from './notes-numbered.ts';
import { pointerResolves } from './pointer-resolves.ts';
import { registerEntryUsed } from './register-entry-used.ts';
import type { Rule } from './rule.ts';
import { speakerMatchesWho } from './speaker-matches-who.ts';
import { urlSafe } from './url-safe.ts';

/** The rules beyond the schema, in the order they run. */
export const RULES: readonly Rule[] = [
  idUnique,
  pointerResolves,
  registerEntryUsed,
  speakerMatchesWho,
  mentionNameRegistered,
  notesNumbered,
  dateIso,
  langTag,
  noEmpty,
  urlSafe,
  activeContent,
];

/**
 * Rules whose errors refuse publishing in every profile, not only the
 * project's: what they find would be unsafe on the site.
 */
export const REFUSING_RULES: ReadonlySet<string> = new Set(['active-content', 'xinclude']);
