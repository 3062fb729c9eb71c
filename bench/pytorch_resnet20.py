#!/usr/bin/env python3
"""
pytorch_resnet20.py — the PyTorch side of bench/compare_pytorch.sh.

Owns: plain PyTorch ResNet-20 models for CIFAR shapes and their timing, as
measured in research/cpu-perf-anchors.md §3–§4:
  conv   conv3x3(3->16)+BN+ReLU, 3 stages x 3 BasicBlocks (16/32/64 channels),
         option-A shortcut (stride-2 subsample + zero channel padding, He et al.
         2016 §4.2), global average pool, FC 64->10; 40.55 M MAC per image.
  adder  the same network with the 18 3x3 convs of the blocks replaced by
         AdderNet layers (Chen et al. 2020, "AdderNet", eq. 2, 5, 6, 8) in the
         reference formulation: F.unfold -> X_col, forward -Σ|X-W| through
         torch.cdist(p=1), custom autograd backward with the full-precision
         grad_W = Σ(X-W)·g rescaled by η·√numel/‖grad_W‖ (η = 0.2) and
         grad_X = Σ HardTanh(W-X)·g, both by broadcasting; the first conv and
         the FC stay ordinary layers, BN is kept.
A training step is zero_grad + forward + cross_entropy + backward +
SGD(momentum 0.9, weight decay 5e-4).step() on random data; inference is
model.eval() under torch.inference_mode(). Reported figures are medians of the
timed steps after the warm-up, with min and max, as one JSON object on stdout.

Before timing the adder model, the adder layer is checked in float64 against
naive loops on a tiny case (forward, grad_W, grad_X), so what is timed is the
AdderNet function and not something faster and wrong.

The malloc tuning of the note (MALLOC_MMAP_MAX_=0,
MALLOC_TRIM_THRESHOLD_=68719476736) is read by glibc at process start, so the
caller sets it in the environment; the JSON says whether it was set.
python3-torch is a bench-only dependency: nothing in the build or the tests
imports it.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------
# AdderNet layer, reference formulation (huawei-noah/AdderNet adder.py style)

ADDER_ETA = 0.2  # adaptive learning-rate scale η of AdderNet eq. 8 (1/5 in the reference code)


class AdderFunction(torch.autograd.Function):
    """Y[k, j] = -Σ_i |W[k, i] - X[i, j]| for W_col (K, C·k²), X_col (C·k², N·L)."""

    @staticmethod
    def forward(ctx, w_col, x_col):
        ctx.save_for_backward(w_col, x_col)
        # cdist over rows: (K, C·k²) vs (N·L, C·k²) -> (K, N·L); it does not
        # materialise the (K, C·k², N·L) difference tensor the broadcast form does.
        return -torch.cdist(w_col, x_col.t().contiguous(), p=1)

    @staticmethod
    def backward(ctx, grad_out):
        w_col, x_col = ctx.saved_tensors
        diff = x_col.unsqueeze(0) - w_col.unsqueeze(2)  # (K, C·k², N·L): X - W
        # eq. 5: full-precision gradient (X - W) instead of sign(X - W)
        grad_w = (diff * grad_out.unsqueeze(1)).sum(2)
        # eq. 8: adaptive scaling η·√(numel)/‖grad_W‖₂
        grad_w = grad_w / grad_w.norm(p=2).clamp(min=1e-12) * (ADDER_ETA * math.sqrt(grad_w.numel()))
        # eq. 6: HardTanh(W - X) = -clamp(X - W, -1, 1)
        grad_x = (-diff.clamp(-1, 1) * grad_out.unsqueeze(1)).sum(0)
        return grad_w, grad_x


def adder2d(x, weight, stride, padding):
    n, _, h, w = x.shape
    k_out, _, kh, kw = weight.shape
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (w + 2 * padding - kw) // stride + 1
    x_col = F.unfold(x, (kh, kw), padding=padding, stride=stride)  # (N, C·k², L)
    x_col = x_col.permute(1, 2, 0).reshape(x_col.shape[1], -1)  # (C·k², L·N), j = l·N + n
    y = AdderFunction.apply(weight.reshape(k_out, -1), x_col)  # (K, L·N)
    return y.view(k_out, h_out, w_out, n).permute(3, 0, 1, 2).contiguous()


class Adder2d(nn.Module):
    def __init__(self, cin, cout, k, stride, padding):
        super().__init__()
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(torch.randn(cout, cin, k, k))  # N(0,1), as the reference

    def forward(self, x):
        return adder2d(x, self.weight, self.stride, self.padding)


def check_adder():
    """Float64 naive loops vs Adder2d on a tiny padded stride-2 case; raises on mismatch."""
    torch.manual_seed(0)
    n, cin, cout, h, w, k, stride, pad = 2, 3, 4, 5, 6, 3, 2, 1
    x = torch.randn(n, cin, h, w, dtype=torch.float64, requires_grad=True)
    m = Adder2d(cin, cout, k, stride, pad).double()
    y = m(x)
    g = torch.randn_like(y)
    y.backward(g)
    h_out, w_out = y.shape[2], y.shape[3]
    assert (h_out, w_out) == ((h + 2 * pad - k) // stride + 1, (w + 2 * pad - k) // stride + 1)
    xp = F.pad(x.detach(), (pad, pad, pad, pad))  # zero padding takes part in |X - W|, as unfold's
    wt = m.weight.detach()
    y_ref = torch.zeros_like(y)
    gw_raw = torch.zeros_like(wt)
    gx_pad = torch.zeros_like(xp)
    for b in range(n):
        for o in range(cout):
            for p in range(h_out):
                for q in range(w_out):
                    acc = 0.0
                    for c in range(cin):
                        for r in range(k):
                            for s in range(k):
                                xv = xp[b, c, p * stride + r, q * stride + s].item()
                                wv = wt[o, c, r, s].item()
                                gv = g[b, o, p, q].item()
                                acc -= abs(xv - wv)
                                gw_raw[o, c, r, s] += (xv - wv) * gv
                                gx_pad[b, c, p * stride + r, q * stride + s] += \
                                    max(-1.0, min(1.0, wv - xv)) * gv
                    y_ref[b, o, p, q] = acc
    gw_ref = gw_raw / gw_raw.norm() * (ADDER_ETA * math.sqrt(gw_raw.numel()))
    gx_ref = gx_pad[:, :, pad:pad + h, pad:pad + w]
    errs = {"fwd": (y.detach() - y_ref).abs().max().item(),
            "grad_w": (m.weight.grad - gw_ref).abs().max().item(),
            "grad_x": (x.grad - gx_ref).abs().max().item()}
    for name, err in errs.items():
        assert err < 1e-10, "adder %s differs from the naive loop by %g" % (name, err)
    assert y_ref.abs().max().item() > 1.0 and gx_ref.abs().max().item() > 0.1  # not a vacuous check
    return errs


# ---------------------------------------------------------------------------
# ResNet-20 (He et al. 2016, CIFAR variant, option-A shortcut)

def layer3x3(kind, cin, cout, stride):
    if kind == "adder":
        return Adder2d(cin, cout, 3, stride, 1)
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)


class ShortcutA(nn.Module):
    """Option A: stride-2 subsample and zero-pad the new channels (parameter free)."""

    def __init__(self, cin, cout):
        super().__init__()
        self.pad = (cout - cin) // 2

    def forward(self, x):
        return F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))


class BasicBlock(nn.Module):
    def __init__(self, kind, cin, cout, stride):
        super().__init__()
        self.conv1 = layer3x3(kind, cin, cout, stride)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = layer3x3(kind, cout, cout, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = ShortcutA(cin, cout) if stride != 1 or cin != cout else nn.Identity()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet20(nn.Module):
    def __init__(self, kind, classes=10, blocks=3):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)  # stays a conv in the adder model
        self.bn1 = nn.BatchNorm2d(16)
        layers, cin = [], 16
        for stage, cout in enumerate((16, 32, 64)):
            for b in range(blocks):
                stride = 2 if stage > 0 and b == 0 else 1
                layers.append(BasicBlock(kind, cin, cout, stride))
                cin = cout
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(64, classes)  # stays a linear layer in the adder model

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layers(out)
        out = F.adaptive_avg_pool2d(out, 1).flatten(1)
        return self.fc(out)


# ---------------------------------------------------------------------------
# timing

def summary(ms, batch):
    med = statistics.median_high(ms)  # the upper middle for even counts, as nash bench does
    return {"ms": med, "ms_min": min(ms), "ms_max": max(ms), "img_s": batch / (med / 1e3),
            "img_s_min": batch / (max(ms) / 1e3), "img_s_max": batch / (min(ms) / 1e3)}


def bench(kind, batch, threads, steps, warmup, infer_steps, channels_last, seed):
    torch.manual_seed(seed)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = ResNet20(kind).to(memory_format=fmt)
    x = torch.randn(batch, 3, 32, 32).contiguous(memory_format=fmt)
    labels = torch.randint(0, 10, (batch,))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=5e-4)
    model.train()
    train_ms, loss = [], float("nan")
    for s in range(warmup + steps):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        opt.step()
        dt = 1e3 * (time.perf_counter() - t0)
        print("%s train step %d/%d: %.1f ms%s" % (kind, s + 1, warmup + steps, dt,
                                                   "" if s >= warmup else " (warm-up)"),
              file=sys.stderr, flush=True)
        if s >= warmup:
            train_ms.append(dt)
    model.eval()
    infer_ms = []
    with torch.inference_mode():
        for s in range(warmup + infer_steps):
            t0 = time.perf_counter()
            model(x)
            dt = 1e3 * (time.perf_counter() - t0)
            if s >= warmup:
                infer_ms.append(dt)
    train, infer = summary(train_ms, batch), summary(infer_ms, batch)
    return {"model": kind, "framework": "pytorch", "torch": torch.__version__, "batch": batch,
            "threads": torch.get_num_threads(), "steps": steps, "infer_steps": infer_steps,
            "warmup": warmup, "channels_last": channels_last,
            "malloc_tuned": os.environ.get("MALLOC_MMAP_MAX_") == "0" and
            "MALLOC_TRIM_THRESHOLD_" in os.environ,
            "train_img_s": train["img_s"], "train_img_s_min": train["img_s_min"],
            "train_img_s_max": train["img_s_max"], "train_step_ms": train["ms"],
            "train_step_ms_min": train["ms_min"], "train_step_ms_max": train["ms_max"],
            "infer_img_s": infer["img_s"], "infer_img_s_min": infer["img_s_min"],
            "infer_img_s_max": infer["img_s_max"], "infer_ms": infer["ms"],
            "infer_ms_min": infer["ms_min"], "infer_ms_max": infer["ms_max"],
            "last_loss": float(loss)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", choices=("conv", "adder"), required=True)
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--steps", type=int, default=20, help="timed training steps")
    ap.add_argument("--warmup", type=int, default=3, help="untimed steps before each timing")
    ap.add_argument("--infer-steps", type=int, default=None, help="timed inference passes (default --steps)")
    ap.add_argument("--nchw", action="store_true", help="plain NCHW instead of channels_last")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.batch < 1 or a.threads < 1 or a.steps < 1 or a.warmup < 0:
        ap.error("--batch, --threads and --steps must be >= 1 and --warmup >= 0")
    torch.set_num_threads(a.threads)
    check = None
    if a.model == "adder":
        check = check_adder()
    r = bench(a.model, a.batch, a.threads, a.steps, a.warmup,
              a.infer_steps if a.infer_steps is not None else a.steps, not a.nchw, a.seed)
    if check is not None:
        r["adder_check_max_err"] = check
    print(json.dumps(r))


if __name__ == "__main__":
    main()
