import { closest, getAttribute, isTei, type XmlElement } from '../../xml/tree.ts';

/** The register entries a mention may point to, by the mention's element. */
export const ENTRY_FOR_MENTION: Record<string, { entries: readonly string[]; label: string }> = {
  persName: { entries: ['person', 'personGrp'], label: 'a person in `listPerson`' },
  placeName: { entries: ['place'], label: 'a place in `listPlace`' },
  orgName: { entries: ['org'], label: 'an organisation in `listOrg`' },
  event: { entries: ['event'], label: 'an event in `listEvent`' },
};

export const ENTRY_ELEMENTS = new Set(['person', 'personGrp', 'place', 'org', 'event']);

/** Which kind of entry a mention element points to, or undefined if it is not a mention. */
export function mentionKind(el: XmlElement): keyof typeof ENTRY_FOR_MENTION | undefined {
  if (!isTei(el)) return undefined;
  if (el.local === 'persName' || el.local === 'placeName' || el.local === 'orgName') return el.local;
  if (el.local === 'name' && getAttribute(el, 'type') === 'event') return 'event';
  return undefined;
}

/** Is this element a mention in the text (not a name inside a register entry or the header)? */
export function isTextMention(el: XmlElement): boolean {
  return mentionKind(el) !== undefined && closest(el, (p) => isTei(p, 'text')) !== null;
}

/** Is this person listed among the participants (`particDesc`)? */
export function isParticipant(el: XmlElement): boolean {
  return closest(el, (p) => isTei(p, 'particDesc')) !== null;
}
