// Type-ahead for the comma-separated tags field: suggests tags for the word being typed, from the
// server's localIssue.suggestTags procedure. Without JavaScript the field takes typed tags as they are.
interface Suggestion {
  slug: string;
  name: string;
}

export function enhanceTagTypeahead() {
  const input = document.querySelector<HTMLInputElement>('input[data-tag-typeahead]');
  if (!input) return;
  const list = Object.assign(document.createElement('ul'), { id: 'tag-suggestions', className: 'suggestions' });
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', 'Suggested tags');
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');
  let suggestions: Suggestion[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;

  const currentWord = () => input.value.split(',').at(-1)?.trim() ?? '';
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const render = () => {
    list.replaceChildren(
      ...suggestions.map((suggestion, index) => {
        const item = Object.assign(document.createElement('li'), {
          id: `tag-suggestion-${index}`,
          textContent: `${suggestion.name} (${suggestion.slug})`,
        });
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', String(index === active));
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(index);
        });
        return item;
      }),
    );
    list.hidden = suggestions.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', `tag-suggestion-${active}`);
  };
  const choose = (index: number) => {
    const chosen = suggestions[index];
    if (!chosen) return;
    const parts = input.value
      .split(',')
      .slice(0, -1)
      .map((part) => part.trim())
      .filter(Boolean);
    input.value = `${[...parts, chosen.slug].join(', ')}, `;
    suggestions = [];
    close();
    input.focus();
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const word = currentWord();
      const request = (latest += 1);
      const url = `/api/trpc/localIssue.suggestTags?input=${encodeURIComponent(JSON.stringify({ q: word }))}`;
      const response = word === '' ? null : await fetch(url).catch(() => null);
      const body = response?.ok ? ((await response.json()) as { result: { data: Suggestion[] } }) : null;
      if (request !== latest) return;
      suggestions = body?.result.data ?? [];
      active = -1;
      render();
    }, 150);
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      active = (active + step + suggestions.length) % suggestions.length;
      render();
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      close();
    }
  });
  input.addEventListener('blur', close);
}
