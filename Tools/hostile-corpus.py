#!/usr/bin/env python3
"""Writes a corpus of hostile inputs for ign into a folder, and optionally times ign on each.

    Tools/hostile-corpus.py OUT                 # write the files (about 600 MB; nothing is committed)
    Tools/hostile-corpus.py OUT --run IGN       # also run IGN on each file, print a Markdown table

Each file is one class of hostile input (issue 12, part 4): headers claiming huge sizes,
decompression bombs inside the pixel limit, 16-bit giants, a progressive JPEG with thousands
of scans, huge and numerous ancillary PNG chunks, zTXt/iCCP bombs, truncated files, bad CRCs,
absurd model files. Pure Python (struct, zlib): the JPEGs are written by a tiny encoder of
flat images, so the scan count and the entropy data are exactly what the file says.

With --run, every image goes through `ign info`, `ign convert -o OUT.png` and `ign project`,
each under /usr/bin/time -f '%M %e' (peak RSS in KB, wall seconds); model files go
through `ign project --model FILE`. The table says the exit status and the first line of
stderr (every refusal must be one line naming the file).
"""
import json
import os
import struct
import subprocess
import sys
import zlib

# ---------------------------------------------------------------- PNG


def chunk(kind, data, crc=None):
    body = kind + data
    value = zlib.crc32(body) & 0xFFFFFFFF if crc is None else crc
    return struct.pack(">I", len(data)) + body + struct.pack(">I", value)


def ihdr(width, height, depth, color_type, interlace=0):
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, interlace))


def png(width, height, depth=8, color_type=0, extra=b"", interlace=0, level=9, row_source=None):
    """A PNG whose rows are filter byte 0 then `rows(y)` (default zeros), compressed in pieces."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    compressor = zlib.compressobj(level)
    parts = []
    # Adam7: the seven passes' sub-images one after the other (start x, start y, step x, step y).
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)] \
        if interlace else [(0, 0, 1, 1)]
    for x0, y0, dx, dy in passes:
        columns, lines = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if columns <= 0 or lines <= 0:
            continue
        row_bytes = (columns * channels * depth + 7) // 8
        zero_row = b"\0" * (row_bytes + 1)
        for y in range(lines):
            row = zero_row if row_source is None else b"\0" + row_source(y, row_bytes)
            parts.append(compressor.compress(row))
    parts.append(compressor.flush())
    data = b"".join(parts)
    idats = b"".join(chunk(b"IDAT", data[i:i + (1 << 20)]) for i in range(0, len(data), 1 << 20))
    return b"\x89PNG\r\n\x1a\n" + ihdr(width, height, depth, color_type, interlace) + extra + idats + chunk(b"IEND", b"")


def small_png(extra=b"", width=16, height=16):
    return png(width, height, extra=extra)


def noise_row(y, count):
    return os.urandom(count)


def gradient_row(y, count):
    return bytes((x + y) // 23 & 0xFF for x in range(count))


# ---------------------------------------------------------------- JPEG


class Bits:
    def __init__(self):
        self.out = bytearray()
        self.value = 0
        self.count = 0

    def put(self, code, length):
        for shift in range(length - 1, -1, -1):
            self.value = (self.value << 1) | ((code >> shift) & 1)
            self.count += 1
            if self.count == 8:
                self.out.append(self.value)
                if self.value == 0xFF:
                    self.out.append(0)
                self.value = self.count = 0

    def flush(self):
        while self.count:
            self.put(1, 1)
        return bytes(self.out)


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg(width, height, components=1, progressive=False, ac_scans=0, truncate_scans=False):
    """A flat gray (or flat YCbCr) JPEG with 8x8 blocks, no subsampling. Progressive: one DC
    scan, then `ac_scans` AC scans (each one coefficient of one component, successive
    approximation from bit 13 down), each coding all its blocks as end-of-band runs."""
    out = b"\xff\xd8" + segment(0xDB, b"\x00" + b"\x01" * 64)
    sof = struct.pack(">BHHB", 8, height, width, components)
    for c in range(components):
        sof += bytes([c + 1, 0x11, 0])
    out += segment(0xC2 if progressive else 0xC0, sof)
    # DC table 0: one symbol (category 0), code "0". AC table 0: EOB0..EOB14 (0x00, 0x10, ... 0xE0), 4-bit codes.
    out += segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    ac_symbols = bytes(n << 4 for n in range(15))
    out += segment(0xC4, b"\x10" + bytes([0, 0, 0, 15] + [0] * 12) + ac_symbols)
    blocks = ((width + 7) // 8) * ((height + 7) // 8)

    def sos(ids, ss, se, ah, al):
        payload = bytes([len(ids)]) + b"".join(bytes([i, 0x00]) for i in ids) + bytes([ss, se, (ah << 4) | al])
        return segment(0xDA, payload)

    def dc_data(count):
        bits = Bits()
        for _ in range(count):
            bits.put(0, 1)      # category 0: difference 0
        return bits.flush()

    def eob_runs(count):
        bits = Bits()
        while count:
            run = min(count, 32767)
            n = run.bit_length() - 1
            bits.put(n, 4)      # symbol EOBn (code = n, 4 bits)
            if n:
                bits.put(run - (1 << n), n)
            count -= run
        return bits.flush()

    ids = list(range(1, components + 1))
    if not progressive:
        # Baseline: each block is DC category 0, then EOB (AC symbol 0x00, code "0000").
        bits = Bits()
        for _ in range(blocks * components):
            bits.put(0, 1)
            bits.put(0, 4)
        return out + sos(ids, 0, 63, 0, 0) + bits.flush() + b"\xff\xd9"
    out += sos(ids, 0, 0, 0, 0) + dc_data(blocks * components)
    runs = eob_runs(blocks)
    written = 0
    for c in ids:
        for k in range(1, 64):
            for al in range(13, -1, -1):
                if written == ac_scans:
                    break
                ah = 0 if al == 13 else al + 1
                out += sos([c], k, k, ah, al) + runs
                written += 1
    return out + (b"" if truncate_scans else b"\xff\xd9")


# ---------------------------------------------------------------- models


def safetensors(tensors, metadata):
    header = {"__metadata__": metadata}
    data = b""
    for name, shape, values in tensors:
        raw = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def conv(i, o, k=1, s=1, p=0, transposed=False):
    return {"type": "ConvTranspose2d" if transposed else "Conv2d", "in_channels": i, "out_channels": o,
            "kernel_size": k, "stride": s, "padding": p, "bias": False}


def model(encoder, decoder, image=None, weights=True):
    arch = {"type": "Sequential", "layers": [{"type": "Sequential", "layers": encoder},
                                               {"type": "Sequential", "layers": decoder}]}
    tensors = []
    if weights:
        for part, layers in enumerate([encoder, decoder]):
            for index, layer in enumerate(layers):
                if layer["type"] in ("Conv2d", "ConvTranspose2d"):
                    i, o, k = layer["in_channels"], layer["out_channels"], layer["kernel_size"]
                    shape = [o, i, k, k] if layer["type"] == "Conv2d" else [i, o, k, k]
                    tensors.append(("%d.%d.weight" % (part, index), shape, [0.01] * (i * o * k * k)))
    else:
        tensors.append(("stray", [1], [0.0]))
    metadata = {"ign.architecture": json.dumps(arch)}
    if image:
        metadata["ign.image"] = image
    return safetensors(tensors, metadata)


# ---------------------------------------------------------------- the corpus


def corpus():
    """(name, bytes or a function returning bytes, what it is)."""
    text = b"Comment\0" + b"x" * 100
    yield "png-header-30000x30000.png", lambda: (
        b"\x89PNG\r\n\x1a\n" + ihdr(30000, 30000, 8, 0) + chunk(b"IDAT", zlib.compress(b"\0" * 30001 * 4))
        + chunk(b"IEND", b"")), "header claims 900 Mpx (gray 8-bit)"
    yield "png-bomb-gray8-8000x8000.png", lambda: png(8000, 8000), \
        "64 Mpx of zeros, gray 8-bit: 64 KB that decode to 128 MB of samples (inside the limits)"
    yield "png-bomb-rgba16-8000x8000.png", lambda: png(8000, 8000, 16, 6), \
        "64 Mpx of zeros, RGBA 16-bit: 2 MB that decode to 512 MB (issue 12's example)"
    yield "png-noise-rgb8-4400x4400.png", lambda: png(4400, 4400, 8, 2, level=1, row_source=noise_row), \
        "random RGB 8-bit (incompressible: a 58 MB file), about the largest such image the default budget admits"
    yield "png-gradient-rgb8-5600x5600.png", lambda: png(5600, 5600, 8, 2, row_source=gradient_row), \
        "a smooth RGB 8-bit image of 31 Mpx, about the largest colour image the default budget admits"
    yield "png-adam7-rgba16-4000x4000.png", lambda: png(4000, 4000, 16, 6, interlace=1), \
        "interlaced (Adam7) RGBA 16-bit giant"
    yield "png-wide-1000000x16.png", lambda: png(1000000, 16, 16, 6), "16 rows a million pixels wide, RGBA 16-bit"
    yield "png-wider-than-libpng-2000000x1.png", lambda: png(2000000, 1), "wider than png_set_user_limits allows"
    yield "png-ztxt-bomb.png", lambda: small_png(chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"\0" * (1 << 30), 9))), \
        "zTXt chunk that inflates to 1 GiB (1 MB compressed)"
    yield "png-iccp-bomb.png", lambda: small_png(chunk(b"iCCP", b"icc\0\0" + zlib.compress(b"\0" * (1 << 30), 9))), \
        "iCCP profile that inflates to 1 GiB"
    yield "png-text-7mb.png", lambda: small_png(chunk(b"tEXt", b"Comment\0" + b"x" * (7 << 20))), \
        "a 7 MiB tEXt chunk (under the 8 MiB chunk limit)"
    yield "png-text-100mb.png", lambda: small_png(chunk(b"tEXt", b"Comment\0" + b"x" * (100 << 20))), \
        "a 100 MiB tEXt chunk"
    yield "png-100000-text-chunks.png", lambda: small_png(chunk(b"tEXt", text) * 100000), "100,000 tEXt chunks (11 MB)"
    yield "png-100000-splt-chunks.png", lambda: small_png(
        chunk(b"sPLT", b"pal\0\x08" + b"\0\0\0\0\0\0" * 100) * 100000), "100,000 sPLT palettes (62 MB)"
    yield "png-100000-unknown-chunks.png", lambda: small_png(chunk(b"zzZz", b"y" * 100) * 100000), \
        "100,000 unknown ancillary chunks"
    yield "png-chunk-length-2gb.png", lambda: small_png()[:33] + struct.pack(">I", 0x7FFFFFFF) + b"tEXtabc", \
        "a chunk claiming 2 GiB, truncated"
    yield "png-extra-idat-data.png", lambda: (
        b"\x89PNG\r\n\x1a\n" + ihdr(16, 16, 8, 0)
        + chunk(b"IDAT", zlib.compress(b"\0" * 17 * 16 + b"\0" * (1 << 30), 9)) + chunk(b"IEND", b"")), \
        "a 16x16 image whose zlib stream goes on for 1 GiB more"
    good = png(64, 64, row_source=noise_row)
    yield "png-truncated.png", lambda: good[:len(good) // 2], "cut in the middle of IDAT"
    yield "png-bad-ihdr-crc.png", lambda: good[:29] + bytes([good[29] ^ 1]) + good[30:], "IHDR CRC wrong"
    yield "png-bad-idat-crc.png", lambda: good[:-13] + bytes([good[-13] ^ 1]) + good[-12:], "IDAT CRC wrong"
    yield "png-bad-text-crc.png", lambda: small_png(chunk(b"tEXt", text, crc=0)), "an ancillary chunk's CRC wrong"
    yield "jpeg-header-60000x60000.jpg", lambda: jpeg(60000, 60000)[:200], "SOF claims 3.6 Gpx"
    yield "jpeg-baseline-gray-8000x8000.jpg", lambda: jpeg(8000, 8000), "64 Mpx flat gray baseline (inside the limits)"
    yield "jpeg-baseline-ycc-8000x8000.jpg", lambda: jpeg(8000, 8000, 3), "64 Mpx YCbCr baseline: 384 MB of samples"
    yield "jpeg-progressive-gray-8000x8000.jpg", lambda: jpeg(8000, 8000, 1, True, 63), \
        "64 Mpx progressive gray: whole-image coefficient buffers"
    yield "jpeg-2647-scans-4000x4000.jpg", lambda: jpeg(4000, 4000, 3, True, 2646), \
        "valid progressive YCbCr with 2647 scans (each a pass over 750,000 blocks)"
    yield "jpeg-2647-scans-64x64.jpg", lambda: jpeg(64, 64, 3, True, 2646), "2647 scans of a small image"
    yield "jpeg-100-scans-4000x4000.jpg", lambda: jpeg(4000, 4000, 3, True, 99), "100 scans: at the scan limit"
    yield "jpeg-truncated.jpg", lambda: jpeg(1024, 1024)[:5000], "cut inside the entropy data"
    yield "pgm-header-1000000000x1000000000.pgm", lambda: b"P5\n1000000000 1000000000\n255\n" + b"\0" * 64, \
        "header claims 10^18 pixels"
    yield "ppm-header-8000x8000-truncated.ppm", lambda: b"P6\n8000 8000\n65535\n" + b"\0" * 1024, \
        "64 Mpx 16-bit header, 1 KB of samples"
    yield "pgm-8000x8000.pgm", lambda: b"P5\n8000 8000\n255\n" + b"\x80" * (8000 * 8000), \
        "64 Mpx gray 8-bit PGM (64 MB file)"
    # Models (for `ign project --model FILE`).
    huge = conv(1, 1, s=1 << 20, transposed=True)
    yield "model-overflowing-strides.safetensors", lambda: model([conv(1, 1, k=2)], [huge] * 4), \
        "4 transposed convolutions of stride 2^20 (crashed ign before: Int overflow)"
    yield "model-10m-channels.safetensors", lambda: model([conv(1, 8)], [{"type": "ReLU"}] * 3
                                                          + [conv(8, 10000000, transposed=True)], weights=False), \
        "a ConvTranspose2d with 10 million output channels"
    yield "model-4g-parameters.safetensors", lambda: model([conv(1, 65536), conv(65536, 65536)],
                                                           [conv(65536, 1, transposed=True)], weights=False), \
        "4.3 billion parameters"
    yield "model-huge-activation.safetensors", lambda: model([conv(1, 64)], [conv(64, 1, transposed=True)],
                                                             image="1x16384x16384"), \
        "64 channels of 16384x16384 for one image"
    yield "model-100000-layers.safetensors", lambda: model([conv(1, 1)], [{"type": "ReLU"}] * 100000), \
        "100,000 layers"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    entries = list(corpus())
    for name, make, _ in entries:
        path = os.path.join(out, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(make())
    if "--run" not in sys.argv:
        for name, _, what in entries:
            print("%-42s %12d  %s" % (name, os.path.getsize(os.path.join(out, name)), what))
        return
    ign = sys.argv[sys.argv.index("--run") + 1]
    example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Examples", "fashion-pullover-noisy.png")
    print("| file | size | what | command | exit | peak RSS | time | message |")
    print("|---|---|---|---|---|---|---|---|")
    for name, _, what in entries:
        path = os.path.join(out, name)
        if name.endswith(".safetensors"):
            commands = [("project --model", [ign, "project", "--model", path, example, "-o", "/tmp/ign-hostile-out.png"])]
        else:
            commands = [("info", [ign, "info", path]),
                        ("convert", [ign, "convert", path, "-o", "/tmp/ign-hostile-out.png"]),
                        ("project", [ign, "project", path, "-o", "/tmp/ign-hostile-out.png"])]
        for label, command in commands:
            timed = ["/usr/bin/time", "-f", "%M %e", "-o", "/tmp/ign-hostile-time"] + command
            result = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            rss, seconds = open("/tmp/ign-hostile-time").read().split()[-2:]
            lines = result.stderr.decode(errors="replace").strip().splitlines()
            message = lines[0] if lines else ""
            if len(lines) > 1:
                message += " (+%d lines)" % (len(lines) - 1)
            message = message.replace(out + "/", "").replace("|", "\\|")
            print("| %s | %s | %s | %s | %d | %d MB | %s s | %s |" % (
                name, human(os.path.getsize(path)), what, label, result.returncode,
                int(rss) // 1024, seconds, message[:200]))
            sys.stdout.flush()


def human(size):
    for unit in ["B", "KB", "MB", "GB"]:
        if size < 1024 or unit == "GB":
            return "%d %s" % (size, unit) if unit == "B" else "%.1f %s" % (size, unit) if size < 10 else "%d %s" % (size, unit)
        size /= 1024


if __name__ == "__main__":
    main()
