"""Re-computes R forecast::ets log-likelihoods from R's own fitted parameters (statsmodels test data),
to pin down the state conventions an own ETS implementation must follow. Pure Python, tiny."""
import json, math, sys, re
base = sys.argv[1]  # .../statsmodels/tsa
src = open(base + '/tests/test_exponential_smoothing.py').read()
def arr(fn):
    b = src[src.index('def %s():' % fn):]; i = b.index('data = [') + 8
    return [float(x) for x in b[i:b.index(']', i)].replace('\n', ' ').split(',') if x.strip()]
aus, oil = arr('austourists'), arr('oildata')

def etscalc(y, m, x0, e, t, s, alpha, beta, gamma, phi):
    # x0 = [l, (b), s_1..s_m] with s_1 the most recent seasonal state (R's layout)
    l = x0[0]; b = x0[1] if t != 'N' else (1.0 if t == 'M' else 0.0)
    seas = list(x0[1 + (t != 'N'):]) if s != 'N' else []
    sse = 0.0; slog = 0.0; fc = None
    for yt in y:
        bt = (b * phi) if t == 'A' else (b ** phi if t == 'M' else 0.0)
        lt = l + bt if t != 'M' else l * bt
        st = seas[m - 1] if s != 'N' else (0.0 if s != 'M' else 1.0)
        yhat = lt + st if s == 'A' else (lt * st if s == 'M' else lt)
        err = (yt - yhat) if e == 'A' else (yt - yhat) / yhat
        sse += err * err; slog += math.log(abs(yhat))
        # state update (Hyndman et al. 2008, Table 2.3)
        if e == 'A':
            q = err
            if s == 'A': lnew = lt + alpha * q; snew = st + gamma * q
            elif s == 'M': lnew = lt + alpha * q / st; snew = st + gamma * q / lt
            else: lnew = lt + alpha * q; snew = None
            if t == 'A': bnew = bt + beta * q / (st if s == 'M' else 1.0)
            elif t == 'M': bnew = bt + beta * q / (l * (st if s == 'M' else 1.0))
        else:
            mu = yhat
            lnew = lt * (1 + alpha * err) if s != 'A' else lt + alpha * mu * err
            if s == 'A': snew = st + gamma * mu * err
            elif s == 'M': snew = st * (1 + gamma * err)
            if t == 'A': bnew = bt + beta * (lt + (st if s == 'A' else 0.0)) * err if s == 'A' else bt + beta * lt * err
            elif t == 'M': bnew = bt * (1 + beta * err) if s != 'A' else bt + beta * (lt + st) * err / l
        l = lnew
        if t != 'N': b = bnew
        if s != 'N': seas = [snew] + seas[:-1]
    n = len(y)
    lik = n * math.log(sse) + (2 * slog if e == 'M' else 0.0)
    return -0.5 * lik, l, b, seas

for fname, y, m in [('fit_ets_results_seasonal.json', aus, 4), ('fit_ets_results_nonseasonal.json', oil, 1)]:
    d = json.load(open(base + '/tests/results/' + fname))
    for damped in ('FALSE', 'TRUE'):
        for mod, r in d[damped].items():
            if not isinstance(r, dict): continue
            e, t, s = mod
            g = lambda k: (None if r[k][0] == 'NaN' else r[k][0])
            phi = g('phi') if damped == 'TRUE' else 1.0
            ll, *_ = etscalc(y, m, r['initstate'], e, t, s, g('alpha'), g('beta') or 0.0, g('gamma') or 0.0, phi)
            print('%-32s %-5s loglik R %.5f  recomputed %.5f  diff %.1e' % (fname, e + t + ('d' if damped == 'TRUE' else '') + s, r['loglik'][0], ll, ll - r['loglik'][0]))
