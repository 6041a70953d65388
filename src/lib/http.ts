/** 303 See Other after a form post, carrying on the cookies better-auth set (session, two-factor). */
export function redirectAfterPost(location: string, cookiesFrom?: Response): Response {
  const headers = new Headers({ Location: location });
  for (const cookie of cookiesFrom?.headers.getSetCookie() ?? []) headers.append('Set-Cookie', cookie);
  return new Response(null, { status: 303, headers });
}

/** The client's address: the socket's, or behind a trusted proxy the first X-Forwarded-For entry. */
export function clientAddressOf(request: Request, socketAddress: string, trustProxy: boolean): string {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || socketAddress;
}

/** A form field as a trimmed string ('' when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
