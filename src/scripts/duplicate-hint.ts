// The duplicate hint as the user types: asks cluster.similarIssues with the form's title, description and
// tags (after a pause in typing) and redraws SimilarIssues.astro's lists. Without JavaScript the form's
// "Check for similar issues" button posts the form and the page shows the same lists.
import { similarityWords } from '../lib/clustering/cluster-words.ts';

interface Similar {
  localIssueId: string | null;
  title: string | null;
  facility: { name: string };
  similarity: number;
  sharedTerms: string[] | null;
}
interface Found {
  sameFacility: Similar[];
  elsewhere: Similar[];
}

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) =>
  Object.assign(
    document.createElement(tag),
    text === undefined ? {} : { textContent: text },
    className ? { className } : {},
  );

function issueLink(similar: Similar, fallback: string): Node {
  if (!similar.localIssueId) return document.createTextNode(fallback);
  return Object.assign(element('a', similar.title ?? fallback), { href: `/issues/${similar.localIssueId}` });
}

function why(similar: Similar): HTMLElement {
  return element('small', `(${similarityWords(similar)})`);
}

function listOf(heading: string, items: Node[][]): Node[] {
  if (items.length === 0) return [];
  const list = element('ul');
  for (const parts of items) {
    const item = element('li');
    item.append(...parts);
    list.append(item);
  }
  return [element('h3', heading), list];
}

function render(lists: HTMLElement, found: Found, offersToOpen: boolean) {
  if (found.sameFacility.length === 0 && found.elsewhere.length === 0) {
    lists.replaceChildren(element('p', 'No similar issue is recorded yet.'));
    return;
  }
  const here = found.sameFacility.map((similar) => {
    const parts: Node[] = [issueLink(similar, 'An issue you cannot open'), document.createTextNode(' '), why(similar)];
    if (offersToOpen && similar.localIssueId) {
      const open = element('a', 'Open it instead of recording a duplicate', 'open-instead') as HTMLAnchorElement;
      open.href = `/issues/${similar.localIssueId}`;
      parts.push(document.createTextNode(' '), open);
    }
    return parts;
  });
  const elsewhere = found.elsewhere.map((similar) => [
    issueLink(similar, 'An issue'),
    document.createTextNode(` at ${similar.facility.name} `),
    why(similar),
  ]);
  lists.replaceChildren(
    ...listOf('The most similar at this facility', here),
    ...listOf('The most similar elsewhere', elsewhere),
  );
}

export function enhanceDuplicateHint() {
  const form = document.querySelector<HTMLFormElement>('form[data-duplicate-hint]');
  const section = document.getElementById('similar-issues');
  const lists = section?.querySelector<HTMLElement>('[data-similar-lists]');
  const status = document.querySelector<HTMLElement>('[data-similar-status]');
  const scale = section?.querySelector<HTMLElement>('.likeness-scale');
  if (!form || !section || !lists || !status || !scale) return;
  const waiting = lists.querySelector('[data-similar-waiting]');
  if (waiting) waiting.textContent = 'Similar issues will show here as you type.';
  const input = (name: string) => form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
  const value = (name: string) => input(name)?.value ?? '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const check = async () => {
    const draft = {
      facilityId: value('facilityId'),
      title: value('title').slice(0, 200),
      // A query travels in the address, which the server caps at 16 KB with its headers: the description's
      // start is enough to find similar issues (the button without JavaScript posts all of it).
      description: value('description').slice(0, 1500),
      tags: value('tags')
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean)
        .slice(0, 20),
      ...(form.dataset.excludeId ? { excludeLocalIssueId: form.dataset.excludeId } : {}),
    };
    if (`${draft.title} ${draft.description}`.trim().length < 3) return;
    const request = (latest += 1);
    const url = `/api/trpc/cluster.similarIssues?input=${encodeURIComponent(JSON.stringify(draft))}`;
    const response = await fetch(url).catch(() => null);
    const body = response?.ok ? ((await response.json()) as { result: { data: Found } }) : null;
    // A slow answer to older text must not overwrite a newer one.
    if (request !== latest || !body) return;
    const found = body.result.data;
    render(lists, found, section.dataset.offersToOpen === 'yes');
    const total = found.sameFacility.length + found.elsewhere.length;
    scale.hidden = total === 0;
    status.textContent =
      total === 0
        ? 'No similar issue is recorded yet.'
        : `Similar issues: ${found.sameFacility.length} at this facility, ${found.elsewhere.length} elsewhere.`;
  };
  for (const name of ['title', 'description', 'tags']) {
    input(name)?.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(check, 400);
    });
  }
}
