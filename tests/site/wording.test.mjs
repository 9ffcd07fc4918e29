import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parenthesized, personLabel } from '../../site/js/wording.js';

const answers = { children: [{ prenom: 'Adam' }, {}] };

test('a person named after what is said of them takes one pair of parentheses', () => {
  // A named child's label has its own parentheses: « Activité (Adam (enfant 1)) » read badly.
  assert.equal(parenthesized(personLabel('fr', 'enfant1', answers)), '(Adam, enfant 1)');
  assert.equal(parenthesized(personLabel('en', 'enfant1', answers)), '(Adam, child 1)');
  assert.equal(parenthesized(personLabel('fr', 'enfant2', answers)), '(Enfant 2)');
  assert.equal(parenthesized(personLabel('fr', 'demandeur', answers)), '(Vous)');
  assert.equal(parenthesized(personLabel('fr', 'conjoint', answers)), '(Votre conjoint ou conjointe)');
  // A name that itself ends with parentheses keeps them: only the label's own pair becomes a comma.
  assert.equal(parenthesized('Léa (Lou) (enfant 3)'), '(Léa (Lou), enfant 3)');
});
