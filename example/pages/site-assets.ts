/** The example's only stylesheet: readable, high-contrast, no web fonts, no inline styles (CSP). */
export const SITE_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #555e69; --accent: #0b5cad; --line: #d6dbe1; --bg: #f5f7f9; }
* { box-sizing: border-box; }
body {
  margin: 0;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink);
  background: var(--bg);
}
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; }
header {
  display: flex;
  align-items: center;
  justify-content: space-between;
  gap: 1rem;
  padding: .75rem 1.5rem;
  background: #fff;
  border-bottom: 1px solid var(--line);
}
header nav { display: flex; align-items: center; gap: 1rem; }
header form { margin: 0; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--ink); text-decoration: none; }
.who { margin: 0; color: var(--muted); }
main { max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; }
footer { max-width: 72rem; margin: 3rem auto 2rem; padding: 0 1.5rem; color: var(--muted); font-size: .875rem; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.5rem; margin: 1rem 0; }
.card h2 { margin-top: .25rem; font-size: 1.2rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.button, button {
  display: inline-block;
  font: inherit;
  font-weight: 600;
  padding: .55rem 1.1rem;
  border-radius: 6px;
  border: 1px solid var(--accent);
  background: var(--accent);
  color: #fff;
  text-decoration: none;
  cursor: pointer;
}
.button.secondary, button.secondary { background: #fff; color: var(--accent); }
.warning { background: #fff4d6; border: 2px solid #c98a00; border-radius: 8px; padding: .75rem 1rem; }
.people { list-style: none; padding: 0; display: grid; gap: .75rem; }
.people li {
  background: #fff;
  border: 1px solid var(--line);
  border-radius: 8px;
  padding: .75rem 1rem;
  display: flex;
  gap: 1rem;
  align-items: center;
  justify-content: space-between;
  flex-wrap: wrap;
}
.people p { margin: 0; color: var(--muted); }
.table-scroll { overflow-x: auto; }
table { width: 100%; border-collapse: collapse; background: #fff; font-size: .875rem; }
caption { text-align: left; color: var(--muted); padding: .5rem 0; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; }
td.nowrap { white-space: nowrap; }
.outcome-issued { color: #17663a; font-weight: 600; }
.outcome-failed, .outcome-denied { color: #a4262c; font-weight: 600; }
.pager { display: flex; gap: 1rem; margin-top: 1rem; }
`;
