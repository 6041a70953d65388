import { z } from 'zod';
import taxonomy from '../../../content/taxonomy.json' with { type: 'json' };
import { SECTORS } from '../../domain/vocabulary.ts';

export const KNOWLEDGE_KINDS = ['toolkit', 'guide', 'case_study', 'strategy', 'template'] as const;
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];

export const KNOWLEDGE_KIND_NAMES: Record<KnowledgeKind, string> = {
  toolkit: 'Toolkit',
  guide: 'Guides',
  case_study: 'Case studies',
  strategy: 'Strategy',
  template: 'Templates',
};

export const METHOD_STEP_NAMES: Record<1 | 2 | 3, string> = {
  1: 'Step 1: gather feedback from citizens and staff',
  2: 'Step 2: dialogue, root causes and commitment charters',
  3: 'Step 3: monitor commitments and escalate systemic issues',
};

const TAG_SLUGS = new Set<string>(taxonomy.tags.flatMap((tag) => [tag.slug, ...(tag.aliases ?? [])]));

/** The frontmatter of every knowledge page (content/**\/*.mdx). */
export const KnowledgeFrontmatterSchema = z.strictObject({
  /** The page's title: the heading, the browser tab, search results and lists. */
  title: z.string().min(5).max(120),
  /** One or two sentences that say what the page is for; shown under the title and in lists. */
  summary: z.string().min(20).max(320),
  /** Which part of the knowledge base the page belongs to. */
  kind: z.enum(KNOWLEDGE_KINDS),
  /** The step of the three-step CBM method the page serves, where one applies. */
  step: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  /** Position within its kind (toolkit pages read in this order: previous/next follow it). */
  order: z.int().min(0).max(999).default(100),
  /** Services the page is about; empty for pages about all of them. */
  sectors: z.array(z.enum(SECTORS)).default([]),
  /** Slugs from content/taxonomy.json; they link the page to public systemic cases. */
  tags: z.array(
    z.string().refine((slug) => TAG_SLUGS.has(slug), {
      error: (issue) => `unknown tag "${String(issue.input)}": use a slug from content/taxonomy.json`,
    }),
  ),
  /** public: everyone; partners: signed-in partners and staff only. */
  visibility: z.enum(['public', 'partners']).default('public'),
  /** When someone last checked the page against practice (YYYY-MM-DD). */
  lastReviewed: z.coerce.date(),
  /** Ids of related pages, e.g. "guides/community-radio". */
  related: z.array(z.string()).default([]),
});
export type KnowledgeFrontmatter = z.infer<typeof KnowledgeFrontmatterSchema>;
