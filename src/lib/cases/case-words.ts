/** Who may see a case, as the case forms offer it. */
export const VISIBILITY_CHOICES = [
  { value: 'internal', label: 'Internal: DPME and the departments of the case' },
  { value: 'public', label: 'Public: everyone reads its public page, once escalated' },
];
