// Files as users have them, before the reader sees their bytes: gzip
// (any number of members), ZIP archives of data files, dropped folders.
//
// Gzip goes through the browser's own DecompressionStream, streaming. It
// stops at the end of the first gzip member ("Junk found after end of
// compressed data"), and Partner Center writes several members: where it
// stops, the next member is found in the compressed bytes just written (its
// header, right after a trailer whose size field equals the bytes the member
// gave) and a new DecompressionStream goes on from there. Anything else that
// stops it is the file's error, with what was read so far kept.
import { workbookModule } from './workbook-module.js';

/** Where the next gzip member starts in `tail`, the last compressed bytes
 * written, for a member that gave `produced` bytes; -1 when none does. */
function nextMember(tail, produced) {
  const size = produced % 2 ** 32;
  for (let at = 8; at + 3 <= tail.length; at++) {
    if (tail[at] !== 0x1f || tail[at + 1] !== 0x8b || tail[at + 2] !== 0x08) continue;
    const isize = (tail[at - 4] | (tail[at - 3] << 8) | (tail[at - 2] << 16) | (tail[at - 1] << 24)) >>> 0;
    if (isize === size) return at;
  }
  return -1;
}

function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.length; }
  return out;
}

/**
 * The decompressed bytes of the gzip `blob`, chunk by chunk; `onRead(n)`
 * after each n compressed bytes are read. Throws `GzipBreak` (with what
 * happened) when the data end early or are corrupt.
 */
export async function* gunzip(blob, onRead) {
  const input = blob.stream().getReader();
  let carry = null;
  for (;;) {
    const stream = new DecompressionStream('gzip');
    const writer = stream.writable.getWriter();
    const output = stream.readable.getReader();
    // The compressed chunks written to this member, the last few kept: the
    // member's end lies in them when the stream stops.
    const recent = [];
    let ended = false;
    const pump = (async () => {
      try {
        if (carry) { recent.push(carry); const c = carry; carry = null; await writer.write(c); }
        for (;;) {
          const { value, done } = await input.read();
          if (done) { ended = true; await writer.close(); return; }
          onRead(value.length);
          recent.push(value);
          if (recent.length > 4) recent.shift();
          await writer.write(value);
        }
      } catch { /* the stream stopped: seen on the output side */ }
    })();
    let produced = 0;
    let stopped = null;
    try {
      for (;;) {
        const { value, done } = await output.read();
        if (done) break;
        produced += value.length;
        yield value;
      }
    } catch (e) {
      stopped = e;
    }
    await pump;
    if (!stopped) return;
    const tail = concat(recent);
    const at = nextMember(tail, produced);
    if (at >= 0) { carry = tail.subarray(at); continue; }
    // Zero padding after the last member is no data.
    if (tail.length > 0 && ended && tail.every((b, i) => i < tail.length - 64 || b === 0)) return;
    input.cancel().catch(() => {});
    throw new GzipBreak(/trunc|end/i.test(String(stopped?.message)) && ended ? 'ends early' : 'is corrupt', stopped);
  }
}

/** Why gzip data stopped: `how` is "ends early" or "is corrupt". */
export class GzipBreak extends Error {
  constructor(how, cause) {
    super(`the gzip data ${how}`);
    this.how = how;
    this.detail = cause instanceof Error ? cause.message : String(cause ?? '');
  }
}

/** The whole decompressed content of a gzip blob, as bytes. */
export async function gunzipAll(blob) {
  const chunks = [];
  for await (const c of gunzip(blob, () => {})) chunks.push(c);
  return concat(chunks);
}

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
