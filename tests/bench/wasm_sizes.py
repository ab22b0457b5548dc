#!/usr/bin/env python3
"""Where a Wasm module's code goes, by crate and module: the first load's map.

    python3 tests/bench/wasm_sizes.py MODULE.wasm [DEPTH] [TOP]

MODULE must keep its name section: build it unstripped, for example the
page's module with
    CARGO_PROFILE_PAGE_STRIP=none cargo build --profile page \
        --target wasm32-unknown-unknown --no-default-features --features web --lib
and read target/wasm32-unknown-unknown/page/ttm_check.wasm. Prints the
code bytes of each function body grouped by the first DEPTH parts of its
Rust path (default 2: `ttm_check::web`, `serde_json::de`, ...), the TOP
largest groups (default 40), then the module's section sizes and the gzip
size of the module without its custom sections. This is the module before
wasm-bindgen, which then drops its description exports and functions: the
shipped module is smaller (see `make size`). Standard library only.
"""
import collections
import gzip
import re
import sys


def leb(data, i):
    """An unsigned LEB128 number at i: (value, next index)."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def sections(data):
    """(id, start, end) of each section's contents."""
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        yield sid, i, i + size
        i += size


def imported_functions(data, start):
    count, i = leb(data, start)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = leb(data, i)
            i += n
        kind = data[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = leb(data, i)
            functions += 1
        elif kind == 1:  # table: element type, limits
            i += 1
            flags, i = leb(data, i)
            _, i = leb(data, i)
            if flags & 1:
                _, i = leb(data, i)
        elif kind == 2:  # memory: limits
            flags, i = leb(data, i)
            _, i = leb(data, i)
            if flags & 1:
                _, i = leb(data, i)
        elif kind == 3:  # global: type, mutability
            i += 2
        elif kind == 4:  # tag
            i += 1
            _, i = leb(data, i)
    return functions


def function_names(data, start, end):
    n, i = leb(data, start)
    name = data[i:i + n].decode()
    i += n
    names = {}
    if name != 'name':
        return names
    while i < end:
        sub = data[i]
        size, i = leb(data, i + 1)
        if sub == 1:
            count, j = leb(data, i)
            for _ in range(count):
                index, j = leb(data, j)
                n, j = leb(data, j)
                names[index] = data[j:j + n].decode('utf8', 'replace')
                j += n
        i += size
    return names


def rust_path(symbol):
    """The Rust path of a mangled symbol (legacy `_ZN` or v0 `_R`), as a list."""
    if symbol.startswith('_ZN'):
        parts, i, body = [], 3, symbol
        while i < len(body) and body[i].isdigit():
            j = i
            while body[j].isdigit():
                j += 1
            n = int(body[i:j])
            parts.append(body[j:j + n])
            i = j + n
        if parts:
            first = re.sub(r'^_?(\$LT\$|\$RF\$|mut\$u20\$|dyn\$u20\$|impl\$u20\$)+', '', parts[0])
            if '..' in first:  # <a::b::C as d::E>::f: the implementing type's path
                return first.split('$')[0].split('..')
        return parts
    if symbol.startswith('_R'):
        m = re.search(r'Cs[0-9a-zA-Z]+_(\d+)', symbol)
        if m:
            n = int(m.group(1))
            crate = symbol[m.end():m.end() + n]
            rest = re.match(r'(\d+)([a-zA-Z_]\w*)', symbol[m.end() + n:])
            return [crate] + ([rest.group(2)[:int(rest.group(1))]] if rest else [])
    return [symbol]


def main():
    path = sys.argv[1]
    depth = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    data = open(path, 'rb').read()
    imports, bodies, names, sizes, stripped = 0, [], {}, collections.Counter(), bytearray(data[:8])
    for sid, start, end in sections(data):
        sizes[sid] += end - start
        if sid == 2:
            imports = imported_functions(data, start)
        elif sid == 10:
            count, i = leb(data, start)
            for k in range(count):
                n, j = leb(data, i)
                bodies.append((k, j - i + n))
                i = j + n
        elif sid == 0:
            names.update(function_names(data, start, end))
        if sid != 0:
            header = bytearray([sid])
            n = end - start
            while True:
                byte = n & 0x7F
                n >>= 7
                header.append(byte | (0x80 if n else 0))
                if not n:
                    break
            stripped += header + data[start:end]
    if not names:
        sys.exit(f'{path} has no name section: build it unstripped (see the docstring)')
    groups = collections.Counter()
    for k, size in bodies:
        groups['::'.join(rust_path(names.get(imports + k, '?'))[:depth])] += size
    total = sum(groups.values())
    print(f'code: {total} bytes in {len(bodies)} functions')
    for name, size in groups.most_common(top):
        print(f'{size:9d} {100 * size / total:5.1f}%  {name}')
    kinds = {1: 'type', 2: 'import', 3: 'function', 5: 'memory', 6: 'global', 7: 'export', 9: 'element', 10: 'code', 11: 'data', 0: 'custom'}
    print('sections: ' + ', '.join(f'{kinds.get(k, k)} {v}' for k, v in sorted(sizes.items())))
    print(f'without custom sections: {len(stripped)} bytes, {len(gzip.compress(bytes(stripped), 9))} gzip')


if __name__ == '__main__':
    main()
