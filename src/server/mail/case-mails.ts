import { formatDay } from '../../domain/text/calendar-date.ts';
import { signature, type Mail } from './templates.ts';

/**
 * What a user is told about a case: the same words on their notifications page and in the mail. `path` is a
 * page of this site; the mail makes it an absolute link.
 */
export interface Notice {
  kind: string;
  caseId: string | null;
  /** What happened, in one line (the mail's subject). */
  title: string;
  /** What to do next, and the detail that helps. */
  body: string;
  path: string;
}

/** The case as a notice names it: its reference, title and page. */
export interface CaseSummary {
  id: string;
  reference: string;
  title: string;
}

export const casePath = (reference: string) => `/cases/${encodeURIComponent(reference)}`;

const quoted = (text: string | null) => (text ? `\n\n"${text}"` : '');
const byDay = (dueOn: string | null) => (dueOn ? ` by ${formatDay(dueOn)}` : '');

/** A move that tells the owning department's officials: the case is now theirs to acknowledge. */
export function caseArrivedNotice(
  kind: 'escalate' | 'escalate_again' | 'transfer',
  found: CaseSummary,
  details: { departmentName: string; fromDepartmentName?: string; dueOn: string | null },
): Notice {
  const how =
    kind === 'transfer'
      ? `was transferred to ${details.departmentName}${details.fromDepartmentName ? ` by ${details.fromDepartmentName}` : ''}`
      : `was escalated to ${details.departmentName} by DPME`;
  return {
    kind,
    caseId: found.id,
    title: `Systemic case ${found.reference} ${how}`,
    body:
      `"${found.title}" is now your department's to answer. Read the problem and the evidence, then ` +
      `acknowledge the case${byDay(details.dueOn)}; after that, accept it, decline it with a reason, or transfer ` +
      'it to the department that owns the problem.',
    path: casePath(found.reference),
  };
}

/** A department's answer that DPME's analysts act on (or take note of). */
export function departmentAnsweredNotice(
  kind: 'acknowledge' | 'decline' | 'request_information' | 'resolve',
  found: CaseSummary,
  details: { departmentName: string; reason: string | null; dueOn: string | null },
): Notice {
  const department = details.departmentName;
  const texts = {
    acknowledge: {
      title: `${department} acknowledged systemic case ${found.reference}`,
      body:
        `"${found.title}": the department has received the case and is to accept, decline or transfer it` +
        `${byDay(details.dueOn)}. Nothing is needed from you now; follow its progress on the case page.`,
    },
    decline: {
      title: `${department} declined systemic case ${found.reference}`,
      body:
        `"${found.title}": read the department's reason, then escalate the case again (to the same or another ` +
        `department) or withdraw it.${quoted(details.reason)}`,
    },
    request_information: {
      title: `${department} asks DPME for information on systemic case ${found.reference}`,
      body:
        `"${found.title}": answer the question on the case page; the department's deadline waits until you ` +
        `do.${quoted(details.reason)}`,
    },
    resolve: {
      title: `${department} marked systemic case ${found.reference} resolved`,
      body:
        `"${found.title}": check the evidence against follow-up monitoring, then verify the case or reopen it if ` +
        `the problem is not fixed.${quoted(details.reason)}`,
    },
  }[kind];
  return { kind, caseId: found.id, ...texts, path: casePath(found.reference) };
}

/** Two working days before a running deadline's due date. */
export function deadlineSoonNotice(found: CaseSummary, deadline: { name: string; dueOn: string }): Notice {
  return {
    kind: 'deadline_soon',
    caseId: found.id,
    title: `Systemic case ${found.reference}: "${deadline.name}" is due on ${formatDay(deadline.dueOn)}`,
    body:
      `"${found.title}": make the next move on the case page by ${formatDay(deadline.dueOn)}. If your department ` +
      'needs more time or information, ask DPME on the case page before then.',
    path: casePath(found.reference),
  };
}

/** The day after a running deadline's due date passed unanswered. */
export function deadlineMissedNotice(found: CaseSummary, deadline: { name: string; dueOn: string }): Notice {
  return {
    kind: 'deadline_missed',
    caseId: found.id,
    title: `Systemic case ${found.reference}: the deadline "${deadline.name}" of ${formatDay(deadline.dueOn)} was missed`,
    body:
      `"${found.title}": the case is overdue and shows so to DPME. Make the next move on the case page as soon as ` +
      'you can; it is recorded as late.',
    path: casePath(found.reference),
  };
}

/** The daily digest: one line per case or action, and where to work on them. */
export function digestNotice(
  whose: 'department' | 'analyst',
  day: string,
  lines: readonly string[],
  path: string,
): Notice {
  const items = lines.map((line) => `- ${line}`).join('\n');
  return {
    kind: 'digest',
    caseId: null,
    title:
      whose === 'department'
        ? `CBM Tracker: your department's overdue cases and actions on ${formatDay(day)}`
        : `CBM Tracker: systemic cases waiting for DPME on ${formatDay(day)}`,
    body:
      (whose === 'department'
        ? 'These are past their due date. Make the next move on each case, or update each action, on its case page.'
        : 'These wait for an analyst: answer the questions, check the resolutions and decide on the refusals.') +
      `\n\n${items}`,
    path,
  };
}

/** A notice as a mail to one user, with the absolute link and how to turn digests off. */
export function noticeMail(user: { name: string; email: string }, notice: Notice, publicUrl: string): Mail {
  const link = `${publicUrl.replace(/\/$/, '')}${notice.path}`;
  const digestFooter =
    notice.kind === 'digest' ? '\n\nYou can turn this daily mail off on your account page in CBM Tracker.' : '';
  return {
    to: user.email,
    subject: notice.title,
    text: `Dear ${user.name},\n\n${notice.title}.\n\n${notice.body}\n\nOpen it here:\n${link}${digestFooter}${signature}`,
  };
}
