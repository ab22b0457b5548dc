// Sets the page's language before its first paint, so that the first screen
// written into index.html (static/first-screen.html) shows in the language
// the app will choose: `?lang=en|de`, else the first language of the
// browser's that the app speaks, else English (src/web/i18n/mod.rs,
// Lang::from_browser; src/web/embed.rs, `lang`). A classic script, run as
// the parser meets it: modules run too late for the first paint.
(() => {
  const speaks = (tag) => {
    const primary = String(tag).split(/[-_]/)[0].toLowerCase();
    return primary === 'en' || primary === 'de' ? primary : null;
  };
  const asked = new URLSearchParams(location.search).get('lang');
  const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
  const lang = (asked && speaks(asked)) ?? browser.map(speaks).find(Boolean) ?? 'en';
  document.documentElement.lang = lang;
  // The other language's screen goes once the page is parsed (the CSS hides
  // it until then): one copy of each heading and ID, for assistive
  // technology and for the page's own labels.
  document.addEventListener('DOMContentLoaded', () => {
    for (const other of document.querySelectorAll(`.first-screen > .app:not([lang="${lang}"])`)) other.remove();
  }, { once: true });
})();
