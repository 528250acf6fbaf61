// Eleventy configuration for the edition site. The site stage
// (src/site/) arrives with `colloquy build`; until then Eleventy is not run.
export default function () {}
export const config = {
  dir: { input: 'templates', output: 'site' },
};
