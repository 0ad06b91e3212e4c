"""Distribution of the seed's training-step time: best, median and mean over every step of a timed run.

The anchor (../shared/anchors/seed_mlp.py) prints only the best step of its loop, while JMH's average mode
gives Lanes' mean. This script imports the anchor's own TwoLayerMLP, unchanged, and times it the way JMH's
sample mode times Lanes (every step, after a warm-up), so that the two can be compared statistic for
statistic. OPENBLAS_NUM_THREADS sets its threads, as for the anchor.

With --data mnist the inputs are the first `batch` MNIST training images scaled to [0, 1] and their labels, as the
seed's MNIST script reads them (784 inputs, 10 classes), instead of uniform random values.

Usage: python3 jmh/seed_steps.py [--anchors DIR] [--seconds S] [--shapes 256-784-512-10,...] [--data random|mnist]
                                 [--mnist DIR]
"""
import gzip
import argparse
import statistics
import sys
import time
from pathlib import Path


def main():
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anchors", default=str(here.parent.parent / "shared" / "anchors"),
                        help="folder holding seed_mlp.py (default: ../shared/anchors beside the project)")
    parser.add_argument("--seconds", type=float, default=10.0, help="timed seconds per shape (default 10)")
    parser.add_argument("--shapes", default="64-784-128-10,256-784-512-10,1024-784-1024-10",
                        help="comma-separated batch-input-hidden-classes")
    parser.add_argument("--data", choices=["random", "mnist"], default="random",
                        help="inputs: uniform random, or the first MNIST training images (default random)")
    parser.add_argument("--mnist", default=str(here.parent.parent / "shared" / "data" / "mnist"),
                        help="folder holding the MNIST files (default: ../shared/data/mnist beside the project)")
    args = parser.parse_args()
    sys.path.insert(0, args.anchors)
    import numpy as np
    from seed_mlp import TwoLayerMLP

    np.random.seed(0)
    for shape in args.shapes.split(","):
        n, d, h, c = (int(v) for v in shape.split("-"))
        x = np.random.rand(n, d).astype(np.float32)
        y = np.random.randint(0, c, n)
        if args.data == "mnist":
            if d != 784 or c != 10:
                sys.exit(f"an MNIST step takes 784 inputs and 10 classes, got {shape}")
            images = Path(args.mnist) / "train-images-idx3-ubyte.gz"
            labels = Path(args.mnist) / "train-labels-idx1-ubyte.gz"
            if not images.exists():
                sys.exit(f"MNIST not found at {args.mnist}")
            with gzip.open(images) as f:
                x = (np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)[:n].astype(np.float32) / 255)
            with gzip.open(labels) as f:
                y = np.frombuffer(f.read(), np.uint8, offset=8)[:n].astype(np.int64)
        model = TwoLayerMLP(d, h, c, lr=0.1)
        warm_until = time.perf_counter() + min(2.0, args.seconds / 5)
        while time.perf_counter() < warm_until:
            model.train_step(x, y)
        steps = []
        end = time.perf_counter() + args.seconds
        while time.perf_counter() < end:
            t = time.perf_counter()
            model.train_step(x, y)
            steps.append((time.perf_counter() - t) * 1e3)
        print(f"N={n} D={d} H={h} C={c} data={args.data}: steps {len(steps)} best {min(steps):.3f} "
              f"median {statistics.median(steps):.3f} mean {statistics.fmean(steps):.3f} ms/step")


if __name__ == "__main__":
    main()
