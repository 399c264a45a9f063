"""Minimal reader for R's XDR serialization (enough for ts/data.frame/list of numbers)."""
import struct, gzip, bz2, lzma, zlib, sys, os

class R:  # an R object
    def __init__(s, t, v, attr=None): s.t, s.v, s.attr = t, v, attr or {}
    def __repr__(s): return f"R({s.t},{str(s.v)[:60]},{list(s.attr)})"

class Reader:
    def __init__(s, b): s.b, s.p, s.refs = b, 0, []
    def i(s):
        v = struct.unpack('>i', s.b[s.p:s.p+4])[0]; s.p += 4; return v
    def d(s, n):
        v = struct.unpack('>%dd' % n, s.b[s.p:s.p+8*n]); s.p += 8*n; return list(v)
    def header(s):
        assert s.b[:2] == b'X\n', s.b[:10]
        s.p = 2
        ver = s.i(); s.i(); s.i()
        if ver == 3:
            n = s.i(); s.p += n
    def item(s):
        f = s.i(); t = f & 0xff
        has_attr, has_tag = f & (1 << 9), f & (1 << 10)
        if t == 254: return None  # NILVALUE
        if t in (253, 242, 241, 251, 252, 247): return R('env', None)
        if t == 255:  # REFSXP
            idx = f >> 8
            if idx == 0: idx = s.i()
            return s.refs[idx-1]
        if t in (249, 250):  # namespace/package
            o = R('ns', s.item()); s.refs.append(o); return o
        if t == 4:  # ENVSXP
            o = R('env', None); s.refs.append(o); s.i(); s.item(); s.item(); s.item(); s.item(); return o
        if t == 1:  # SYMSXP
            c = s.item(); o = R('sym', c); s.refs.append(o); return o
        if t == 9:  # CHARSXP
            n = s.i()
            if n == -1: return None
            v = s.b[s.p:s.p+n].decode('utf-8', 'replace'); s.p += n; return v
        if t in (2, 6, 17, 5, 3):  # LISTSXP, LANGSXP, DOTSXP, PROMSXP, CLOSXP pairlist-ish
            attr = s.item() if has_attr else None
            tag = s.item() if has_tag else None
            car = s.item(); cdr = s.item()
            items = [(tag.v if isinstance(tag, R) and tag.t == 'sym' else tag, car)]
            if isinstance(cdr, R) and cdr.t == 'pairlist': items += cdr.v
            return R('pairlist', items)
        if t == 238:  # ALTREP
            info = s.item(); state = s.item(); attr = s.item()
            cls = info.v[0][1].v if info else None
            if cls == 'compact_intseq':
                n, start, inc = state.v[:3]
                return R('int', [int(start + k*inc) for k in range(int(n))])
            if cls == 'compact_realseq':
                n, start, inc = state.v[:3]
                return R('real', [start + k*inc for k in range(int(n))])
            if cls in ('wrap_real', 'wrap_integer', 'wrap_string', 'wrap_logical'):
                return state.v[0][1]
            return R('altrep:' + str(cls), state)
        if t in (10, 13):
            n = s.i(); v = [s.i() for _ in range(n)]
            v = [None if x == -2147483648 else x for x in v]; o = R('int', v)
        elif t == 14:
            n = s.i(); o = R('real', s.d(n))
        elif t == 16:
            n = s.i(); o = R('str', [s.item() for _ in range(n)])
        elif t in (19, 20):
            n = s.i(); o = R('list', [s.item() for _ in range(n)])
        elif t == 15:
            n = s.i(); o = R('cplx', s.d(2*n))
        elif t == 24:
            n = s.i(); o = R('raw', s.b[s.p:s.p+n]); s.p += n
        else:
            raise ValueError('type %d at %d' % (t, s.p))
        if has_attr:
            a = s.item()
            o.attr = {k: v for k, v in a.v} if a else {}
        return o

def decompress(b):
    if b[:2] == b'\x1f\x8b': return gzip.decompress(b)
    if b[:3] == b'BZh': return bz2.decompress(b)
    if b[:5] == b'\xfd7zXZ': return lzma.decompress(b)
    return b

def load_rda(path):
    b = decompress(open(path, 'rb').read())
    assert b[:5] in (b'RDX2\n', b'RDX3\n'), b[:5]
    r = Reader(b[5:]); r.header(); o = r.item()
    return {k: v for k, v in o.v}

def load_rdb(base):
    """base without extension: reads base.rdx index + base.rdb blobs."""
    idx = Reader(decompress(open(base + '.rdx', 'rb').read())); idx.header()
    ix = idx.item(); ix = dict(zip(ix.attr['names'].v, ix.v))
    comp = ix.get('compressed'); rdb = open(base + '.rdb', 'rb').read()
    out = {}
    for name, pos in zip(ix['variables'].attr['names'].v, ix['variables'].v):
        off, ln = int(pos.v[0]), int(pos.v[1])
        blob = rdb[off:off+ln]
        ctype = comp.v[0] if comp else 1
        if ctype in (2, 3):
            typ = blob[4:5]; data = blob[5:]
            raw = {b'2': bz2.decompress, b'Z': (lambda x: lzma.decompress(x, format=lzma.FORMAT_RAW, filters=[{'id': lzma.FILTER_LZMA2, 'preset': 9 | lzma.PRESET_EXTREME}])), b'0': (lambda x: x)}.get(typ, zlib.decompress)(data)
        else:
            raw = zlib.decompress(blob[4:])
        r = Reader(raw); r.header(); out[name] = r.item()
    return out

def describe(name, o):
    if not isinstance(o, R): return f"{name}: {o!r}"
    cls = o.attr.get('class'); cls = cls.v if isinstance(cls, R) else cls
    tsp = o.attr.get('tsp'); tsp = tsp.v if isinstance(tsp, R) else None
    dim = o.attr.get('dim'); dim = dim.v if isinstance(dim, R) else None
    n = len(o.v) if isinstance(o.v, list) else '?'
    extra = ''
    if o.t in ('real', 'int') and o.v:
        vals = [x for x in o.v if x is not None]
        extra = f" first={o.v[:3]} last={o.v[-2:]} NA={sum(1 for x in o.v if x is None or x != x)}"
    if o.t == 'list':
        nm = o.attr.get('names'); nm = nm.v if isinstance(nm, R) else None
        extra = f" names={nm}"
    return f"{name}: type={o.t} class={cls} tsp={tsp} dim={dim} n={n}{extra}"
