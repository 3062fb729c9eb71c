#!/usr/bin/env python3
"""
pytorch_proxies.py — the PyTorch side of bench/pytorch_proxies.sh.

Owns: a plain PyTorch implementation of the NAS-Bench-201 TinyNetwork (C=16, N=5,
as in the official NATS-Bench code) and of three zero-shot proxies with the
definitions nash uses (research/zero-shot-proxies.md §2):
  synflow  ln sum |theta * dR/dtheta| over conv/linear weights, BN removed,
           |theta|, float64, one all-ones input, R = sum of the logits
           (zero-cost-nas synflow.py, bn=False);
  nwot     ln|det K|, K = sum over ReLUs of C C^T + (1-C)(1-C)^T on the binarised
           ReLU inputs of a batch of 128 (nas-without-training score_networks.py;
           --nwot-batch 64: snip's 64 images);
  snip     sum |theta * dL/dtheta| over conv/linear weights, cross-entropy on a
           batch of 64, BN in train mode (zero-cost-nas snip.py).
It scores a list of NB201 cells, times each cell (model construction included,
as nash's figure includes building the network) and writes one CSV row per cell.

python3-torch is a bench-only dependency: nothing in the build or the tests
imports it.
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------
# NAS-Bench-201 TinyNetwork (NATS-Bench xautodl/models/cell_infers/tiny_network.py)

class ReLUConvBN(nn.Sequential):
    def __init__(self, cin, cout, k, stride, pad):
        super().__init__(nn.ReLU(inplace=False),
                         nn.Conv2d(cin, cout, k, stride, pad, bias=False),
                         nn.BatchNorm2d(cout))


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


def make_op(name, c):
    if name == "none":
        return Zero()
    if name == "skip_connect":
        return nn.Identity()
    if name == "nor_conv_1x1":
        return ReLUConvBN(c, c, 1, 1, 0)
    if name == "nor_conv_3x3":
        return ReLUConvBN(c, c, 3, 1, 1)
    if name == "avg_pool_3x3":
        return nn.AvgPool2d(3, 1, 1, count_include_pad=False)
    raise ValueError("unknown NB201 op %r" % name)


def parse_arch(arch):
    """'|a~0|+|b~0|c~1|+|...|' -> [[(op, src)], [(op, src), (op, src)], ...]"""
    nodes = []
    for part in arch.split("+"):
        edges = [e for e in part.split("|") if e]
        node = []
        for e in edges:
            op, src = e.split("~")
            node.append((op, int(src)))
        nodes.append(node)
    if len(nodes) != 3:
        raise ValueError("NB201 arch %r: expected 3 nodes, found %d" % (arch, len(nodes)))
    return nodes


class InferCell(nn.Module):
    def __init__(self, nodes, c):
        super().__init__()
        self.nodes = nodes
        self.ops = nn.ModuleList()
        for node in nodes:
            for op, _ in node:
                self.ops.append(make_op(op, c))

    def forward(self, x):
        states = [x]
        k = 0
        for node in self.nodes:
            s = 0
            for _, src in node:
                s = s + self.ops[k](states[src])
                k += 1
            states.append(s)
        return states[-1]


class ResNetBasicblock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv_a = ReLUConvBN(cin, cout, 3, 2, 1)
        self.conv_b = ReLUConvBN(cout, cout, 3, 1, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, 2, 0),
                                        nn.Conv2d(cin, cout, 1, 1, 0, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class TinyNetwork(nn.Module):
    def __init__(self, arch, classes, c=16, n=5):
        super().__init__()
        nodes = parse_arch(arch)
        self.stem = nn.Sequential(nn.Conv2d(3, c, 3, padding=1, bias=False), nn.BatchNorm2d(c))
        layers = []
        cin = c
        for stage, cout in enumerate([c, 2 * c, 4 * c]):
            if stage > 0:
                layers.append(ResNetBasicblock(cin, cout))
            for _ in range(n):
                layers.append(InferCell(nodes, cout))
            cin = cout
        self.cells = nn.Sequential(*layers)
        self.lastact = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(inplace=False))
        self.classifier = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.lastact(self.cells(self.stem(x)))
        return self.classifier(x.mean(dim=(2, 3)))


def weights(net):
    """Conv and linear weights: the tensors the saliency sums run over."""
    return [m.weight for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]


# ---------------------------------------------------------------------------
# Proxies

def synflow(arch, classes, shape):
    net = TinyNetwork(arch, classes)
    for m in net.modules():  # bn=False: BN layers become identities
        for name, child in list(m.named_children()):
            if isinstance(child, nn.BatchNorm2d):
                setattr(m, name, nn.Identity())
    net = net.double()
    with torch.no_grad():
        for p in net.parameters():
            p.abs_()
    net.zero_grad()
    out = net(torch.ones((1,) + shape, dtype=torch.float64))
    out.sum().backward()
    s = sum(float((w * w.grad).abs().sum()) for w in weights(net))
    return math.log(s) if s > 0 else float("nan")


def nwot(arch, classes, images):
    net = TinyNetwork(arch, classes)
    n = images.shape[0]
    k = torch.zeros((n, n), dtype=torch.float64)

    def hook(module, inputs, output):
        c = (inputs[0].detach().reshape(n, -1) > 0).double()
        k.add_(c @ c.t() + (1.0 - c) @ (1.0 - c).t())

    for m in net.modules():
        if isinstance(m, nn.ReLU):
            m.register_forward_hook(hook)
    with torch.no_grad():
        net(images)
    sign, logdet = torch.linalg.slogdet(k)
    return float(logdet) if float(sign) != 0 else float("nan")


def snip(arch, classes, images, labels):
    net = TinyNetwork(arch, classes)
    net.train()
    net.zero_grad()
    F.cross_entropy(net(images), labels).backward()
    return float(sum((w * w.grad).abs().sum() for w in weights(net)))


# ---------------------------------------------------------------------------

def load_cifar10_batch(path, count, seed):
    """`count` distinct training images of one CIFAR-10 binary file, normalised
    with the CIFAR-10 mean/std, in a seeded order."""
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)
    rng = np.random.default_rng(seed)
    pick = rng.choice(raw.shape[0], size=count, replace=False)
    rows = raw[pick]
    labels = torch.from_numpy(rows[:, 0].astype(np.int64))
    x = rows[:, 1:].reshape(count, 3, 32, 32).astype(np.float32) / 255.0
    mean = np.array([0.4914, 0.4822, 0.4465], dtype=np.float32).reshape(1, 3, 1, 1)
    std = np.array([0.2470, 0.2435, 0.2616], dtype=np.float32).reshape(1, 3, 1, 1)
    return torch.from_numpy((x - mean) / std), labels


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archs", required=True, help="file with one NB201 arch string per line")
    ap.add_argument("--data", required=True, help="a CIFAR-10 binary file (data_batch_1.bin)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--nwot-batch", type=int, default=128,
                    help="NASWOT's batch; 64 means snip's 64 images, as nash draws them")
    ap.add_argument("--out", required=True, help="output CSV: arch,synflow,nwot,snip,seconds")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    archs = [line.strip() for line in open(args.archs) if line.strip()]
    x64, y64 = load_cifar10_batch(args.data, 64, args.seed + 1)
    if args.nwot_batch == 64:
        x_nwot = x64
    else:
        x_nwot, _ = load_cifar10_batch(args.data, args.nwot_batch, args.seed)
    classes, shape = 10, (3, 32, 32)

    t_all = time.perf_counter()
    tmp = args.out + ".tmp"
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["arch", "synflow", "nwot", "snip", "seconds"])
        for i, arch in enumerate(archs):
            t0 = time.perf_counter()
            s = synflow(arch, classes, shape)
            n = nwot(arch, classes, x_nwot)
            p = snip(arch, classes, x64, y64)
            dt = time.perf_counter() - t0
            w.writerow([arch, "%.10g" % s, "%.10g" % n, "%.10g" % p, "%.4f" % dt])
            if (i + 1) % 10 == 0 or i + 1 == len(archs):
                sys.stderr.write("pytorch proxies %d/%d  %.3f s/arch\n"
                                 % (i + 1, len(archs), (time.perf_counter() - t_all) / (i + 1)))
    os.replace(tmp, args.out)
    wall = time.perf_counter() - t_all
    print('{"archs":%d,"wall_seconds":%.3f,"seconds_per_arch":%.6f,"torch":"%s","threads":%d}'
          % (len(archs), wall, wall / max(len(archs), 1), torch.__version__, args.threads))


if __name__ == "__main__":
    main()
