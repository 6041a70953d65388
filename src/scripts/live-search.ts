// As-you-type results for /search: asks the server's knowledge.search procedure (no index is
// downloaded) and redraws the result list. Without JavaScript the form still works.
interface Hit {
  url: string;
  title: string;
  kind: string;
  snippet: { text: string; isMatch: boolean }[];
}

const KIND_NAMES: Record<string, string> = {
  toolkit: 'Toolkit',
  guide: 'Guides',
  case_study: 'Case studies',
  strategy: 'Strategy',
  template: 'Templates',
};

function render(results: HTMLElement, query: string, hits: Hit[]) {
  results.replaceChildren();
  if (query.trim() === '') return;
  if (hits.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty-state';
    empty.textContent = `Nothing matches “${query}”. Try fewer or other words.`;
    results.append(empty);
    return;
  }
  const list = document.createElement('ol');
  list.className = 'search-results';
  for (const hit of hits) {
    const item = document.createElement('li');
    const link = Object.assign(document.createElement('a'), { href: hit.url, textContent: hit.title });
    const kind = Object.assign(document.createElement('small'), { textContent: KIND_NAMES[hit.kind] ?? hit.kind });
    const snippet = document.createElement('p');
    for (const part of hit.snippet) {
      snippet.append(
        part.isMatch ? Object.assign(document.createElement('mark'), { textContent: part.text }) : part.text,
      );
    }
    item.append(link, ' ', kind, snippet);
    list.append(item);
  }
  results.append(list);
}

export function enhanceLiveSearch() {
  const input = document.querySelector<HTMLInputElement>('input[data-live-search]');
  const results = document.getElementById('search-results');
  if (!input || !results) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value;
      const request = (latest += 1);
      const url = `/api/trpc/knowledge.search?input=${encodeURIComponent(JSON.stringify({ q: query, limit: 10 }))}`;
      const response = query.trim() === '' ? null : await fetch(url).catch(() => null);
      const body = response?.ok ? ((await response.json()) as { result: { data: Hit[] } }) : null;
      // A slow answer to an older query must not overwrite a newer one.
      if (request !== latest) return;
      render(results, query, body?.result.data ?? []);
      history.replaceState(null, '', query.trim() === '' ? '/search' : `/search?q=${encodeURIComponent(query)}`);
    }, 150);
  });
}
