"""Inference peer (issue 28): the char LM's generation and the text classifier's single and batch predictions in
PyTorch, on the shapes of trained seq4j runs, written the way a PyTorch user would write them.

bench/inference.sh runs it after dev.seq4j.bench.InferenceBench, which times the same work through seq4j's typed API
and writes SPEC (each model's layer sizes and vocabulary, and the token count of every text it classified). The
weights here are random: an LSTM's work does not depend on their values, nor on which token ids it reads, only on
the shapes and lengths, which are the runs'.

- generation: one sequence, one character at a time with the state carried (nn.LSTM per layer, one-hot input as
  torch_charlm.py feeds it, softmax, torch.multinomial), characters per second, the median of 3 after 2 warm-ups;
- single sentences: each text alone, as [1, T] ids (embedding, bidirectional nn.LSTM, masked mean, linear,
  softmax), the median and 90th-percentile latency after a warm-up pass;
- batches of 256: consecutive groups of the same texts, padded and packed (pack_padded_sequence, so that the
  backward direction starts at each text's end), sentences per second over passes lasting at least SPEC's seconds.
All under torch.inference_mode(). Prints one JSON line.

    /usr/bin/python3 torch_infer.py SPEC.json [--threads 1]
"""
import argparse
import json
import statistics
import time

import torch

p = argparse.ArgumentParser()
p.add_argument("spec")
p.add_argument("--threads", type=int, default=1)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(1)
spec = json.load(open(a.spec))


def percentile(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


class CharLm(torch.nn.Module):
    def __init__(self, vocab, sizes):
        super().__init__()
        self.vocab = vocab
        self.lstms = torch.nn.ModuleList(
            torch.nn.LSTM(n_in, n, batch_first=True) for n_in, n in zip([vocab] + sizes[:-1], sizes))
        self.out = torch.nn.Linear(sizes[-1], vocab)

    def forward(self, x, state):
        h = torch.nn.functional.one_hot(x, self.vocab).float()
        new_state = []
        for i, lstm in enumerate(self.lstms):
            h, s = lstm(h, None if state is None else state[i])
            new_state.append(s)
        return self.out(h), new_state


def generate(model, length, seed):
    generator = torch.Generator().manual_seed(seed)
    x = torch.zeros(1, 1, dtype=torch.long)  # the prime: one symbol
    state = None
    out = []
    for _ in range(length):
        logits, state = model(x, state)
        probs = torch.softmax(logits[0, -1], dim=-1)
        nxt = torch.multinomial(probs, 1, generator=generator)
        out.append(int(nxt))
        x = nxt.view(1, 1)
    return out


class Classifier(torch.nn.Module):
    def __init__(self, vocab, embedding, sizes, bidirectional, classes):
        super().__init__()
        self.embed = torch.nn.Embedding(vocab, embedding)
        both = bidirectional != "none"
        widths = [embedding] + [n * (2 if both else 1) for n in sizes[:-1]]
        self.lstms = torch.nn.ModuleList(
            torch.nn.LSTM(n_in, n, batch_first=True, bidirectional=both) for n_in, n in zip(widths, sizes))
        self.out = torch.nn.Linear(sizes[-1] * (2 if both else 1), classes)

    def forward(self, ids, lengths):
        h = self.embed(ids)
        packed = torch.nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
        for lstm in self.lstms:
            packed, _ = lstm(packed)
        h, _ = torch.nn.utils.rnn.pad_packed_sequence(packed, batch_first=True)
        pooled = h.sum(dim=1) / lengths.unsqueeze(1).to(h.dtype)  # padded steps are zeros: a masked mean
        return torch.softmax(self.out(pooled), dim=-1)

    def single(self, ids):
        h = self.embed(ids)
        for lstm in self.lstms:
            h, _ = lstm(h)
        return torch.softmax(self.out(h.mean(dim=1)), dim=-1)


result = {}
with torch.inference_mode():
    lm_spec = spec["charlm"]
    lm = CharLm(lm_spec["vocab"], lm_spec["layers"]).eval()
    chars = lm_spec["chars"]
    for i in range(2):
        generate(lm, chars // 4, i)
    rates = []
    for i in range(3):
        start = time.perf_counter()
        n = len(generate(lm, chars, 100 + i))
        rates.append(n / (time.perf_counter() - start))
    result["generate_chars_per_s"] = statistics.median(rates)

    tc = spec["textclass"]
    if tc["pooling"] != "avg":
        raise SystemExit(f"torch_infer.py: pooling {tc['pooling']} is not written here, only avg")
    model = Classifier(tc["vocab"], tc["embedding"], tc["layers"], tc["bidirectional"], tc["classes"]).eval()
    texts = [torch.randint(1, tc["vocab"], (1, n)) for n in tc["lengths"]]
    for ids in texts:
        model.single(ids)
    latencies = []
    for ids in texts:
        start = time.perf_counter()
        model.single(ids)
        latencies.append((time.perf_counter() - start) * 1e3)
    result["single_ms_median"] = percentile(latencies, 0.5)
    result["single_ms_p90"] = percentile(latencies, 0.9)

    groups = []
    for start in range(0, len(texts), 256):
        group = texts[start:start + 256]
        lengths = torch.tensor([t.shape[1] for t in group])
        padded = torch.zeros(len(group), int(lengths.max()), dtype=torch.long)
        for row, t in enumerate(group):
            padded[row, :t.shape[1]] = t[0]
        groups.append((padded, lengths))
    for ids, lengths in groups:
        model(ids, lengths)
    start = time.perf_counter()
    classified = 0
    while True:
        for ids, lengths in groups:
            classified += model(ids, lengths).shape[0]
        if time.perf_counter() - start >= tc["seconds"]:
            break
    result["batch256_per_s"] = classified / (time.perf_counter() - start)
result["threads"] = a.threads
result["torch"] = torch.__version__
print(json.dumps(result))
