import { describe, expect, it } from 'vitest';
import {
  caseArrivedNotice,
  departmentAnsweredNotice,
  digestNotice,
  noticeMail,
} from '../../../src/server/mail/case-mails.ts';

const found = { id: 'case-1', reference: 'SC-2026-0007', title: 'Clinics run out of ARVs' };
const reader = { name: 'Thandi Mokoena', email: 'thandi@health.example' };

describe('the notices of cases, as pages and mails say them', () => {
  it('tells DPME what to do with a resolution, quoting the evidence, and links to the case', () => {
    const notice = departmentAnsweredNotice('resolve', found, {
      departmentName: 'National Department of Health',
      reason: 'Stock levels restored at all 12 clinics.',
      dueOn: null,
    });
    expect(notice.title).toBe('National Department of Health marked systemic case SC-2026-0007 resolved');
    expect(notice.body).toMatch(/verify the case or reopen it/);
    expect(notice.body).toContain('"Stock levels restored at all 12 clinics."');
    const mail = noticeMail(reader, notice, 'https://cbm.example/');
    expect(mail).toMatchObject({ to: 'thandi@health.example', subject: notice.title });
    expect(mail.text).toContain('Dear Thandi Mokoena,');
    expect(mail.text).toContain('https://cbm.example/cases/SC-2026-0007\n');
    expect(mail.text).not.toContain('account page');
  });

  it("says by when the department must acknowledge an escalated case, and names a transfer's sender", () => {
    const escalated = caseArrivedNotice('escalate', found, {
      departmentName: 'National Department of Health',
      dueOn: '2026-04-20',
    });
    expect(escalated.body).toContain('acknowledge the case by 20 April 2026');
    const transferred = caseArrivedNotice('transfer', found, {
      departmentName: 'National Treasury',
      fromDepartmentName: 'National Department of Health',
      dueOn: null,
    });
    expect(transferred.title).toBe(
      'Systemic case SC-2026-0007 was transferred to National Treasury by National Department of Health',
    );
    expect(transferred.body).toContain('acknowledge the case; after that');
  });

  it('lists a digest line by line and says how to turn it off', () => {
    const notice = digestNotice(
      'department',
      '2026-04-16',
      ['SC-2026-0007, "Clinics run out of ARVs": was due on 1 April 2026'],
      '/inbox?view=overdue',
    );
    expect(notice.body).toContain('\n\n- SC-2026-0007, "Clinics run out of ARVs": was due on 1 April 2026');
    const mail = noticeMail(reader, notice, 'https://cbm.example');
    expect(mail.text).toContain('https://cbm.example/inbox?view=overdue');
    expect(mail.text).toContain('turn this daily mail off on your account page');
  });
});
