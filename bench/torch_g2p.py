"""G2P decoding peer (issue 28): greedy and beam decoding of the same words with the same trained model as seq4j, in
PyTorch, written the way a PyTorch user would write a batched decoder.

bench/g2p.sh runs it after dev.seq4j.bench.G2pBench, which decodes the words through seq4j's typed API and exports
DIR: every ensemble member's parameters (m<i>.<vertex>.<param>.npy, DL4J's layouts), the words as source ids, the
lengths, and seq4j's own outputs. The model is seq4j's seq2seq (Seq2seqModel): source embedding -> bidirectional
LSTM (concatenated) -> last step; decoder: target embedding + that last output -> LSTM -> one-head projected
dot-product attention over the encoder's outputs (scaled by 1/sqrt(head)) -> LSTM over [decoder, attention] ->
softmax; an ensemble averages its members' probabilities. DL4J's LSTM gate blocks [g f o i] are reordered into
PyTorch's [i f g o]; nothing is retrained, so the outputs should be seq4j's (the script counts how many are).

Decoding as seq4j does it, so that both do the same work: words grouped by length, at most 128 side by side, the
encoder once per group (nn.LSTM, bidirectional), the decoder a step at a time (nn.LSTMCell), the attention's key and
value projections of each group computed once; greedy takes the argmax of the mean probability; beam search keeps the
K best continuations of each word's live hypotheses, those ending leave the beam as finished outputs, and a word is
done when none is live or none could outrank its best finished output (log-probability / length^alpha).
Words per second over all the words, the median of ROUNDS passes after a warm-up one, under torch.inference_mode().
Prints one JSON line.

    /usr/bin/python3 torch_g2p.py DIR [--threads 1] [--rounds 3]
"""
import argparse
import json
import math
import os
import statistics
import time

import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("dir")
p.add_argument("--threads", type=int, default=1)
p.add_argument("--rounds", type=int, default=3)
a = p.parse_args()
torch.set_num_threads(a.threads)
spec = json.load(open(os.path.join(a.dir, "spec.json")))
CHUNK = 128


def param(member, vertex, name):
    path = os.path.join(a.dir, f"m{member}.{vertex}.{name}.npy")
    return torch.from_numpy(np.load(path).astype(np.float32)) if os.path.exists(path) else None


def gates(w):
    """DL4J's [.., 4n] gate blocks [g f o i] -> PyTorch's [i f g o] (along the last axis)."""
    g, f, o, i = w.chunk(4, dim=-1)
    return torch.cat([i, f, g, o], dim=-1)


def load_lstm(module, w, rw, b, suffix=""):
    """DL4J W [nIn, 4n], RW [n, 4n], b [1, 4n] into an nn.LSTM's (or LSTMCell's) parameters."""
    getattr(module, "weight_ih" + suffix).copy_(gates(w).t())
    getattr(module, "weight_hh" + suffix).copy_(gates(rw).t())
    getattr(module, "bias_ih" + suffix).copy_(gates(b.reshape(1, -1)).reshape(-1))
    getattr(module, "bias_hh" + suffix).zero_()


class Member(torch.nn.Module):
    def __init__(self, m):
        super().__init__()
        w = param(m, "sourceEmbed", "W")
        self.source_embed = torch.nn.Embedding(*w.shape)
        self.source_embed.weight.copy_(w)
        self.source_bias = param(m, "sourceEmbed", "b")
        self.encoder = torch.nn.ModuleList()
        for name in spec["encoder"]:
            fw = param(m, name, "fW")
            if fw is not None:
                lstm = torch.nn.LSTM(fw.shape[0], fw.shape[1] // 4, batch_first=True, bidirectional=True)
                load_lstm(lstm, fw, param(m, name, "fRW"), param(m, name, "fb"), "_l0")
                load_lstm(lstm, param(m, name, "bW"), param(m, name, "bRW"), param(m, name, "bb"), "_l0_reverse")
            else:
                w = param(m, name, "W")
                lstm = torch.nn.LSTM(w.shape[0], w.shape[1] // 4, batch_first=True)
                load_lstm(lstm, w, param(m, name, "RW"), param(m, name, "b"), "_l0")
            self.encoder.append(lstm)
        w = param(m, "targetEmbed", "W")
        self.target_embed = torch.nn.Embedding(*w.shape)
        self.target_embed.weight.copy_(w)
        self.target_bias = param(m, "targetEmbed", "b")
        w = param(m, "decoder", "W")
        self.decoder = torch.nn.LSTMCell(w.shape[0], w.shape[1] // 4)
        load_lstm(self.decoder, w, param(m, "decoder", "RW"), param(m, "decoder", "b"))
        self.wq = param(m, "attention", "Wq")[0]          # [head, D]
        self.wk = param(m, "attention", "Wk")[0]          # [head, H]
        self.wv = param(m, "attention", "Wv")[0]          # [head, H]
        self.wo = param(m, "attention", "Wo")             # [head, D]
        w = param(m, "decoder2", "W")
        self.decoder2 = torch.nn.LSTMCell(w.shape[0], w.shape[1] // 4)
        load_lstm(self.decoder2, w, param(m, "decoder2", "RW"), param(m, "decoder2", "b"))
        w = param(m, "out", "W")
        self.out = torch.nn.Linear(*w.shape)
        self.out.weight.copy_(w.t())
        b = param(m, "out", "b")
        self.out.bias.copy_(b.reshape(-1) if b is not None else torch.zeros(w.shape[1]))
        self.scale = 1 / math.sqrt(self.wq.shape[0])

    def encode(self, src):
        """Sources [n, Ts] -> the state a decoding starts from."""
        x = self.source_embed(src)
        if self.source_bias is not None:
            x = x + self.source_bias.reshape(-1)
        for lstm in self.encoder:
            x, _ = lstm(x)
        last = x[:, -1]                                    # [n, H]
        keys = x @ self.wk.t()                              # [n, Ts, head], once per group
        values = x @ self.wv.t()
        return last, keys, values

    def start(self, encoded, rows):
        """Rows [r] of the sources: encodings repeated for a beam, zero recurrent state."""
        last, keys, values = encoded
        n = rows.shape[0]
        zeros = lambda cell: (torch.zeros(n, cell.hidden_size), torch.zeros(n, cell.hidden_size))
        return [last[rows], keys[rows], values[rows], zeros(self.decoder), zeros(self.decoder2)]

    def step(self, state, previous):
        """One step of every row: the next token's probabilities [r, V]; the state is updated in place."""
        last, keys, values, s1, s2 = state
        e = self.target_embed(previous)
        if self.target_bias is not None:
            e = e + self.target_bias.reshape(-1)
        h1, c1 = self.decoder(torch.cat([e, last], dim=1), s1)
        q = h1 @ self.wq.t()                                                    # [r, head]
        w = torch.softmax(torch.bmm(keys, q.unsqueeze(2)).squeeze(2) * self.scale, dim=1)   # [r, Ts]
        attended = torch.bmm(w.unsqueeze(1), values).squeeze(1) @ self.wo    # [r, D]
        h2, c2 = self.decoder2(torch.cat([h1, attended], dim=1), s2)
        state[3] = (h1, c1)
        state[4] = (h2, c2)
        return torch.softmax(self.out(h2), dim=1)

    @staticmethod
    def reorder(state, parents):
        state[3] = tuple(t[parents] for t in state[3])
        state[4] = tuple(t[parents] for t in state[4])


START, END, MAX_T = spec["start_id"], spec["end_id"], spec["max_target"]
ALPHA = spec["length_norm"]


def log_mean(members, states, previous):
    probs = sum(m.step(s, previous) for m, s in zip(members, states))
    return torch.log(torch.clamp(probs / len(members), min=1e-30))


def greedy(members, src):
    n = src.shape[0]
    encoded = [m.encode(src) for m in members]
    rows = torch.arange(n)
    states = [m.start(e, rows) for m, e in zip(members, encoded)]
    previous = torch.full((n,), START, dtype=torch.long)
    done = torch.zeros(n, dtype=torch.bool)
    tokens = []
    for t in range(MAX_T + 1):
        best = log_mean(members, states, previous).argmax(dim=1)
        best = torch.where(done, torch.full_like(best, END), best)
        if t == MAX_T:
            break
        tokens.append(best)
        done |= best == END
        if bool(done.all()):
            break
        previous = best
    out = []
    if not tokens:
        return [[] for _ in range(n)]
    matrix = torch.stack(tokens, dim=1).tolist()
    for row in matrix:
        out.append(row[:row.index(END)] if END in row else row)
    return out


def normalised(logp, length, ended):
    return logp / max(1, length + (1 if ended else 0)) ** ALPHA


def beam(members, src, k):
    n = src.shape[0]
    encoded = [m.encode(src) for m in members]
    rows = torch.arange(n).repeat_interleave(k)
    states = [m.start(e, rows) for m, e in zip(members, encoded)]
    previous = torch.full((n * k,), START, dtype=torch.long)
    scores = torch.full((n, k), -math.inf, dtype=torch.float64)
    scores[:, 0] = 0
    hyps = torch.zeros(n * k, 0, dtype=torch.long)              # each row's tokens so far
    finished = [[] for _ in range(n)]                             # (normalised, tokens, logp, ended)
    done = torch.zeros(n, dtype=torch.bool)
    base = (torch.arange(n) * k).unsqueeze(1)
    bound = (MAX_T + 1) ** ALPHA
    for t in range(MAX_T + 1):
        logp = log_mean(members, states, previous).double().view(n, k, -1)
        v = logp.shape[2]
        cand = (scores.unsqueeze(2) + logp).view(n, k * v)
        top, index = cand.topk(k, dim=1)                            # [n, k], best first
        beam_of, token = index // v, index % v
        ended = token == END
        live = ~ended & ~done.unsqueeze(1) & torch.isfinite(top)
        if t == MAX_T:
            live[:] = False
        # finished outputs: the continuations that end, and at the length limit every beam once, unended
        for i, j in (ended & ~done.unsqueeze(1) & torch.isfinite(top)).nonzero().tolist():
            toks = hyps[i * k + beam_of[i, j]].tolist()
            finished[i].append((normalised(top[i, j].item(), len(toks), True), toks))
        if t == MAX_T:
            for i in (~done).nonzero().flatten().tolist():
                seen = set()
                for j in range(k):
                    b = beam_of[i, j].item()
                    if not ended[i, j] and math.isfinite(top[i, j].item()) and b not in seen:
                        seen.add(b)
                        toks = hyps[i * k + b].tolist()
                        finished[i].append((normalised(scores[i, b].item(), len(toks), False), toks))
            break
        # the live continuations move to the front of each word's beam, in rank order
        order = torch.sort((~live).int(), dim=1, stable=True).indices
        live = live.gather(1, order)
        parents = (base + beam_of.gather(1, order)).flatten()
        token = token.gather(1, order).flatten()
        scores = torch.where(live, top.gather(1, order), torch.full_like(top, -math.inf))
        hyps = torch.cat([hyps[parents], token.unsqueeze(1)], dim=1)
        previous = token
        for m, s in zip(members, states):
            m.reorder(s, parents)
        best_finished = torch.tensor([max((f[0] for f in fs), default=-math.inf) for fs in finished],
                                     dtype=torch.float64)
        has = torch.tensor([len(fs) > 0 for fs in finished])
        cannot = has & (scores.max(dim=1).values / bound <= best_finished)
        done |= ~live.any(dim=1) | cannot
        if bool(done.all()):
            break
    out = []
    for fs in finished:
        best = None
        for f in fs:
            if best is None or f[0] > best[0]:
                best = f
        out.append(best[1] if best else [])
    return out


def decode(members, sources, width):
    groups = {}
    for i, s in enumerate(sources):
        groups.setdefault(len(s), []).append(i)
    out = [None] * len(sources)
    for length in sorted(groups):
        rows = groups[length]
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            src = torch.tensor([sources[r] for r in chunk], dtype=torch.long)
            decoded = greedy(members, src) if width == 1 else beam(members, src, width)
            for r, d in zip(chunk, decoded):
                out[r] = d
    return out


def rate(members, sources, width):
    decode(members, sources, width)
    rates = []
    for _ in range(a.rounds):
        start = time.perf_counter()
        decode(members, sources, width)
        rates.append(len(sources) / (time.perf_counter() - start))
    return statistics.median(rates)


with torch.inference_mode():
    members = [Member(m) for m in range(spec["members"])]
    sources = spec["sources"]
    result = {"words": len(sources), "threads": a.threads}
    for width, key, theirs in ((1, "greedy", "greedy"), (spec["beam"], "beam", "beam_outputs")):
        outputs = decode(members, sources, width)
        result[f"{key}_same_as_seq4j"] = sum(o == s for o, s in zip(outputs, spec[theirs])) / len(sources)
        result[f"{key}_words_per_s"] = rate(members, sources, width)
print(json.dumps(result))
