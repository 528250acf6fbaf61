// Data every template gets: `root`, the relative path from the page to the
// site root, so that all links stay relative and the site works under any
// base path. The 404 page, served at any address, links from the base instead.
import { rootOf } from '../_config/filters.js';

export default {
  root: (data) => (data.absoluteLinks ? data.edition.meta.base : rootOf(data.page.url)),
};
