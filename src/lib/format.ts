const wholeNumber = new Intl.NumberFormat('en-ZA');

/** 25982 -> "25 982", as South African style writes thousands. */
export function formatCount(value: number): string {
  return wholeNumber.format(value);
}
