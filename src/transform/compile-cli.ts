// `npm run compile-stylesheet` (and npm's `prepare`): compiles the XSLT to
// SEF ahead of the first build. The build compiles it anyway when the
// sources change; doing it at install time keeps it off a cold build's path.
import { loadCompiledStylesheet } from './compile-stylesheet.ts';

const { hash, compiled } = await loadCompiledStylesheet();
process.stdout.write(`${compiled ? 'Compiled' : 'Up to date:'} src/transform/edition.xsl → .colloquy-cache/edition-${hash.slice(0, 16)}.sef.json\n`);
