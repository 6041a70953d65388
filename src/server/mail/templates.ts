/** The mails CBM Tracker sends, as plain text: they must read well in any mail program. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export const signature = '\n\n-- \nCBM Tracker, citizen-based monitoring of frontline services';

export function passwordResetMail(user: { name: string; email: string }, link: string): Mail {
  return {
    to: user.email,
    subject: 'Reset your CBM Tracker password',
    text:
      `Dear ${user.name},\n\nSomeone asked to reset the password of your CBM Tracker account. ` +
      `To choose a new password, open this link within an hour:\n\n${link}\n\n` +
      'The link works once. If you did not ask for this, ignore this mail: your password stays as it is.' +
      signature,
  };
}

export function invitationMail(
  user: { name: string; email: string },
  details: { roleName: string; invitedBy: string; link: string; validDays: number },
): Mail {
  return {
    to: user.email,
    subject: 'You are invited to CBM Tracker',
    text:
      `Dear ${user.name},\n\n${details.invitedBy} has given you an account on CBM Tracker as ${details.roleName}. ` +
      `To choose your password and sign in, open this link within ${details.validDays} days:\n\n${details.link}\n\n` +
      'The link works once. If you did not expect this invitation, ignore this mail.' +
      signature,
  };
}
