import { feedPathOf, feedTitleOf, type CaseFeedScope } from '../../domain/cases/case-feed.ts';
import type { Province } from '../../domain/vocabulary.ts';

/** A feed as a page links to it: its address and title. */
export interface CaseFeedLink {
  href: string;
  title: string;
}

const linkOf = (scope: CaseFeedScope): CaseFeedLink => ({ href: feedPathOf(scope), title: feedTitleOf(scope) });

/**
 * The feeds the public list offers: every public case's, and the feed of each department, province or tag it is
 * filtered by (a feed follows one of them; the list's other filters have no feed of their own).
 */
export function caseListFeeds(
  query: { departmentCode?: string | undefined; province?: Province | undefined; tag?: string | undefined },
  options: { departments: readonly { code: string; name: string }[]; tags: readonly { slug: string; name: string }[] },
): CaseFeedLink[] {
  const { departmentCode, province, tag } = query;
  const department = options.departments.find((option) => option.code === departmentCode);
  const tagOption = options.tags.find((option) => option.slug === tag);
  return [
    linkOf({ kind: 'all' }),
    ...(departmentCode
      ? [linkOf({ kind: 'department', code: departmentCode, name: department?.name ?? departmentCode })]
      : []),
    ...(province ? [linkOf({ kind: 'province', province })] : []),
    ...(tag ? [linkOf({ kind: 'tag', slug: tag, name: tagOption?.name ?? tag })] : []),
  ];
}

/** The feeds a public case page offers: of its owning department's cases and of its tag's. */
export function publicCaseFeeds(view: {
  owningDepartment: { code: string; name: string } | null;
  primaryTag: { slug: string; name: string } | null;
}): CaseFeedLink[] {
  return [
    ...(view.owningDepartment ? [linkOf({ kind: 'department', ...view.owningDepartment })] : []),
    ...(view.primaryTag ? [linkOf({ kind: 'tag', ...view.primaryTag })] : []),
  ];
}
