// The selector engine of webkit.mjs: Playwright's selectors as the end-to-end
// tests write them, resolved in the page over WebDriver (CSS, piercing open
// shadow roots as Playwright's does, with `:has-text()`, `:visible`,
// `text=`, `nth=`, `>>`, getByRole and getByText).

// The selector engine, run in the page: `steps` from `parse`, resolved from
// `root` (the document, or the elements of an enclosing locator).

export const ENGINE_SOURCE = String.raw`
function ttmResolve(steps, roots) {
  const norm = (s) => (s ?? '').replace(/\s+/g, ' ').trim();
  const visible = (el) => {
    if (!el.isConnected) return false;
    const style = getComputedStyle(el);
    if (style.visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const matches = (text, want, exact) => exact ? norm(text) === want : norm(text).toLowerCase().includes(want.toLowerCase());
  const implicitRole = (el) => {
    const tag = el.tagName.toLowerCase();
    if (tag === 'button' || (tag === 'input' && ['button', 'submit', 'reset'].includes(el.type))) return 'button';
    if (/^h[1-6]$/.test(tag)) return 'heading';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'input' && el.type === 'checkbox') return 'checkbox';
    if (tag === 'input' && el.type === 'radio') return 'radio';
    if (tag === 'select') return 'combobox';
    if (tag === 'textarea' || (tag === 'input' && ['text', 'search', 'email', 'tel', 'url', 'number', ''].includes(el.type))) return 'textbox';
    if (tag === 'dialog') return 'dialog';
    if (tag === 'table') return 'table';
    if (tag === 'tr') return 'row';
    if (tag === 'summary') return 'button';
    return null;
  };
  const nameOf = (el) => {
    if (el.hasAttribute('aria-labelledby')) return el.getAttribute('aria-labelledby').split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    if (el.hasAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels?.length) return [...el.labels].map((l) => l.textContent).join(' ');
    return el.textContent;
  };
  // As Playwright's CSS: matches inside open shadow roots too.
  const deepAll = (root, css) => {
    const out = [...root.querySelectorAll(css)];
    for (const e of root.querySelectorAll('*')) if (e.shadowRoot) out.push(...deepAll(e.shadowRoot, css));
    return out;
  };
  let els = roots;
  for (const st of steps) {
    if (st.css !== undefined) {
      const found = new Set();
      for (const r of els) for (const e of deepAll(r.shadowRoot ?? r, st.css)) found.add(e);
      // In document order, as querySelectorAll gives them.
      els = [...found].sort((a, b) => (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    } else if (st.hasText !== undefined) {
      els = els.filter((e) => matches(e.textContent, st.hasText, false));
    } else if (st.visible) {
      els = els.filter(visible);
    } else if (st.nth !== undefined) {
      const i = st.nth < 0 ? els.length + st.nth : st.nth;
      els = els[i] ? [els[i]] : [];
    } else if (st.text !== undefined) {
      const found = [];
      for (const r of els) {
        for (const e of deepAll(r, '*')) {
          if (['SCRIPT', 'STYLE', 'HEAD', 'TITLE'].includes(e.tagName)) continue;
          if (!matches(e.textContent, st.text, st.exact)) continue;
          if ([...e.children].some((c) => matches(c.textContent, st.text, st.exact))) continue;
          found.push(e);
        }
      }
      els = found;
    } else if (st.role !== undefined) {
      const found = [];
      for (const r of els) {
        for (const e of deepAll(r, '*')) {
          if ((e.getAttribute('role') ?? implicitRole(e)) !== st.role || !visible(e)) continue;
          if (st.name !== undefined && !matches(nameOf(e), st.name, st.exact)) continue;
          found.push(e);
        }
      }
      els = found;
    }
  }
  return els;
}`;

/** Playwright's selector string as the engine's steps. */
export function parse(selector) {
  const steps = [];
  for (const part of selector.split(/\s+>>\s+/)) {
    if (part.startsWith('text=')) {
      const raw = part.slice(5);
      const quoted = raw.match(/^"(.*)"$/);
      steps.push(quoted ? { text: quoted[1], exact: true } : { text: raw, exact: false });
      continue;
    }
    if (part.startsWith('nth=')) { steps.push({ nth: Number(part.slice(4)) }); continue; }
    let css = part;
    const after = [];
    for (;;) {
      let m = css.match(/:has-text\((["'])(.*?)\1\)$/);
      if (m) { after.unshift({ hasText: m[2] }); css = css.slice(0, m.index); continue; }
      m = css.match(/:visible$/);
      if (m) { after.unshift({ visible: true }); css = css.slice(0, m.index); continue; }
      break;
    }
    if (/:has-text|:visible|:text\(/.test(css)) throw new Error(`WebKit adapter: unsupported selector ${selector}`);
    steps.push({ css }, ...after);
  }
  return steps;
}

/** A locator's `{ hasText }` option as steps. */
export function filters({ hasText, ...rest } = {}) {
  if (Object.keys(rest).length) throw new Error(`WebKit adapter: unsupported locator options ${Object.keys(rest)}`);
  return hasText === undefined ? [] : [{ hasText }];
}

