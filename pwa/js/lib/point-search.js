// Point search on this phone (it works offline): every word must appear in a point's code,
// names, summary, tip, meridian or uses, ignoring case and accents, so "shenshu" finds Shènshū.
// The server's GET /api/points?q= (server/points/search.py) reads the same fields the same way.

const FIELDS = ['code', 'pinyin', 'hanzi', 'english', 'summary', 'tip', 'meridian', 'uses'];

/** Lower case without accents. */
const fold = (text) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function holdsEvery(point, words) {
  const text = fold(FIELDS.map((field) => point[field]).join(' '));
  return words.every((word) => text.includes(word));
}

/** The points in `region` (all when empty) whose text holds every word of `query`. */
export function matchingPoints(points, region, query) {
  const words = fold(query).split(/\s+/).filter(Boolean);
  return points.filter((p) => (!region || p.region === region) && holdsEvery(p, words));
}
