#!/usr/bin/env python3
"""make_sample.py — builds datasets/sample/cifar10-sample.pack (developer script).

Owns: choosing the shipped sample and writing it in nash's pack format (the
format is documented in datasets/README.md and datasets/sample_pack.c; the
reader is sample_pack.c). The sample is the first 200 train and the first 100
test images (by file name) of each CIFAR-10 class from the JPEG copy
(cifar-10-jpeg/{train,test}/<class>/NNNN.jpg), the JPEG bytes stored unchanged,
records interleaved by class (image 0 of every class, then image 1, ...) so
any prefix of a split is balanced. Python 3 standard library only.

Usage: python3 datasets/sample/make_sample.py [SOURCE_DIR] [OUTPUT]
  SOURCE_DIR  default /work/shared/datasets/cifar-10-jpeg
  OUTPUT      default cifar10-sample.pack next to this script
"""
import os
import struct
import sys

CLASSES = ["airplane", "automobile", "bird", "cat", "deer",
           "dog", "frog", "horse", "ship", "truck"]  # official label order 0-9
PER_CLASS = {"train": 200, "test": 100}
MAX_BYTES = 4 * 1024 * 1024
MAGIC = b"NASHPACK"
VERSION = 1


def jpeg_size(data, path):
    """(width, height, components) from the first SOF marker; raises on a non-JPEG."""
    if data[:2] != b"\xff\xd8":
        raise ValueError(f"{path}: not a JPEG (no SOI marker)")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError(f"{path}: byte offset {pos}: expected a marker, found {data[pos]:#x}")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height, data[pos + 9]
        pos += 2 + length
    raise ValueError(f"{path}: no SOF marker")


def split_records(source, split):
    per_class = []
    for label, name in enumerate(CLASSES):
        folder = os.path.join(source, split, name)
        files = sorted(f for f in os.listdir(folder) if f.lower().endswith((".jpg", ".jpeg")))
        if len(files) < PER_CLASS[split]:
            raise SystemExit(f"{folder}: {len(files)} images, need {PER_CLASS[split]}")
        per_class.append([(label, os.path.join(folder, f)) for f in files[:PER_CLASS[split]]])
    records = []
    for i in range(PER_CLASS[split]):
        for label in range(len(CLASSES)):
            label_, path = per_class[label][i]
            with open(path, "rb") as f:
                data = f.read()
            size = jpeg_size(data, path)
            if size != (32, 32, 3):
                raise SystemExit(f"{path}: image is {size[0]}x{size[1]}x{size[2]}, expected 32x32x3")
            records.append((label_, data))
    return records


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/datasets/cifar-10-jpeg"
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "cifar10-sample.pack")
    train, test = split_records(source, "train"), split_records(source, "test")

    out = bytearray(MAGIC)
    out += struct.pack("<II", VERSION, len(CLASSES))
    for name in CLASSES:
        encoded = name.encode("utf-8")
        out += struct.pack("<B", len(encoded)) + encoded
    out += struct.pack("<II", len(train), len(test))
    for label, data in train + test:
        out += struct.pack("<BI", label, len(data)) + data
    if len(out) > MAX_BYTES:
        raise SystemExit(f"{output}: {len(out)} bytes, more than the {MAX_BYTES}-byte limit")

    # atomic: temp file, fsync, rename
    temp = output + ".tmp"
    with open(temp, "wb") as f:
        f.write(out)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, output)
    print(f"{output}: {len(out)} bytes, {len(train)} train + {len(test)} test records, "
          f"{len(CLASSES)} classes, from {source}")


if __name__ == "__main__":
    main()
