/** Letters that Unicode does not decompose into a base letter and a mark. */
const LETTERS: Record<string, string> = { ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ß: 'ss', ı: 'i', þ: 'th', ð: 'd' };

/**
 * A lowercase ASCII slug of a name, as the project writes ids and file
 * names: `Anastas Mikoyan` → `anastas-mikoyan`, `Władysław Gomułka` →
 * `wladyslaw-gomulka`. Empty if the name has no Latin letter or digit.
 */
export function slugify(text: string, maxLength = Infinity): string {
  const ascii = text
    .replace(/[łŁøØđĐæÆœŒßıþð]/g, (c) => LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= maxLength) return ascii;
  const cut = ascii.slice(0, maxLength + 1);
  const lastHyphen = cut.lastIndexOf('-');
  return (lastHyphen > 0 ? cut.slice(0, lastHyphen) : ascii.slice(0, maxLength)).replace(/-+$/, '');
}

/** Hands out `xml:id`s that are unique in one document: `name`, then `name-2`, `name-3` ... */
export class IdAllocator {
  private readonly used = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const id of reserved) this.used.add(id);
  }

  /** A fresh id from a name; `fallback` when the name gives no slug. An id must start with a letter. */
  allocate(name: string, fallback: string): string {
    let base = slugify(name, 60) || fallback;
    if (!/^[a-z]/.test(base)) base = `${fallback}-${base}`;
    let id = base;
    for (let i = 2; this.used.has(id); i++) id = `${base}-${i}`;
    this.used.add(id);
    return id;
  }

  /** Marks an id as taken (one that comes from elsewhere, such as a register). */
  reserve(id: string): void {
    this.used.add(id);
  }

  has(id: string): boolean {
    return this.used.has(id);
  }
}
