/**
 * Sets CSS custom properties through the CSSOM (a ref callback), which the strict CSP
 * (`style-src 'self'`) allows where style attributes in markup are refused.
 */
export function cssVars(vars: Readonly<Record<string, string>>): (el: HTMLElement | null) => void {
  return (el) => {
    if (el === null) return;
    for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v);
  };
}
