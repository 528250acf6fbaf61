// html-validate: the recommended rules, less three matters of taste.
// - Boolean and empty attributes may carry a value: the XSLT serializer writes hidden="".
// - Ids may use any character HTML allows: generated anchors use "~", which no
//   TEI xml:id can contain, so they can never collide with an anchor from the TEI.
// - An archival title may be longer than 70 characters.
module.exports = {
  extends: ['html-validate:recommended'],
  rules: {
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    'valid-id': ['error', { relaxed: true }],
    'long-title': 'off',
  },
};
