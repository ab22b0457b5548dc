// Files as users have them, before the reader sees their bytes: ZIP
// archives of data files and dropped folders. (Gzip is no concern here: the
// reader inflates it, every member, src/domain/ingest/gzip.rs.)
import { workbookModule } from './workbook-module.js';

/**
 * The files a pick or a drop stands for, as `{ name, file }`: a dropped
 * folder's files (its path in the name, sorted), and each data file of a
 * ZIP archive that is no workbook (named `archive.zip/member.csv`); an
 * archive that cannot be opened (damaged, or expanding past what the page
 * can hold) stays one file, whose reading says why.
 */
export async function expandFiles(list, items, kindOf) {
  const picked = [];
  const entries = items ? [...items].map((i) => i.webkitGetAsEntry?.()).filter(Boolean) : [];
  if (entries.length > 0 && entries.some((e) => e.isDirectory)) {
    for (const entry of entries) await walk(entry, '', picked);
  } else {
    for (const file of list ?? []) picked.push({ name: file.name, file });
  }
  const out = [];
  for (const p of picked) {
    // What the file is: the domain's decision (`kindOf`, the engine
    // module's FileIngest.kind); a ZIP's members tell a workbook from an
    // archive of files (the workbook module), never its name.
    if ((await kindOf(p.file)) !== 'zip') { out.push(p); continue; }
    let members = null;
    try {
      members = (await workbookModule()).zipMembers(new Uint8Array(await p.file.arrayBuffer()));
    } catch {
      // Not readable as an archive here: the reader says why, as for any file.
    }
    if (members === null) { out.push(p); continue; } // a workbook, or unreadable
    for (const m of members) out.push({ name: `${p.name}/${m.name}`, file: new File([m.bytes], m.name.split('/').pop()) });
  }
  return out;
}

async function walk(entry, prefix, out) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ name: prefix + entry.name, file });
    return;
  }
  const reader = entry.createReader();
  const children = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const child of children) await walk(child, `${prefix}${entry.name}/`, out);
}
