#!/usr/bin/env python3
"""Native decode reference for `radshift bench decode`: Pillow (libjpeg-turbo, zlib) on one thread.

Reads every file named on stdin (one path a line) into memory first, then, for --seconds at least and at least one
pass, decodes each image, converts it to 8-bit grey (16-bit samples scaled by 1/257), resizes it to --size px with
area averaging (Image.BOX, the same filter as RadShift's shrink) and computes three quality features of the
full-resolution image: mean, RMS contrast and the variance of the 4-neighbour Laplacian. Prints one line:
`images=N seconds=S cpu_seconds=C` (wall clock and
the process's CPU time, which a loaded machine inflates less). No reduced-resolution draft decode: RadShift measures its quality features at full
resolution, so the reference does the same work.
"""
import argparse
import sys
import time
from io import BytesIO

from PIL import Image, ImageFilter, ImageStat

LAPLACIAN = ImageFilter.Kernel((3, 3), [0, 1, 0, 1, -4, 1, 0, 1, 0], scale=1, offset=128)


def grey(image):
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        return image.point(lambda v: v * (1 / 257)).convert("L")
    return image.convert("L")


def one(data, size):
    image = grey(Image.open(BytesIO(data)))
    stat = ImageStat.Stat(image)
    mean, contrast = stat.mean[0], stat.stddev[0]
    sharpness = ImageStat.Stat(image.filter(LAPLACIAN)).var[0]
    resized = image.resize((size, size), Image.BOX)
    return mean, contrast, sharpness, resized.getpixel((0, 0))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    images = []
    for line in sys.stdin:
        if line.strip():
            with open(line.strip(), "rb") as f:
                images.append(f.read())
    if not images:
        sys.exit("native reference: no images given")
    for data in images[: min(10, len(images))]:
        one(data, args.size)
    done = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    while done < len(images) or time.perf_counter() - start < args.seconds:
        one(images[done % len(images)], args.size)
        done += 1
    print("images=%d seconds=%.4f cpu_seconds=%.4f" % (done, time.perf_counter() - start, time.process_time() - cpu_start))


if __name__ == "__main__":
    main()
