const MOBILE = /^1[3-9]\d{9}$/;
/** Area code (3–4 digits with the trunk 0), 7–8 digit number, optional extension. */
const LANDLINE = /^0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?$/;

/** A mainland mobile number or a landline with area code; spaces are ignored, +86 allowed. */
export function isValidPhone(value: string): boolean {
  const compact = value.replace(/\s/g, '').replace(/^\+?86-?/, '');
  return MOBILE.test(compact) || LANDLINE.test(compact);
}
