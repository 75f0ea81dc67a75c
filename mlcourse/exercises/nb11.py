"""Checkers for notebook 11 (optimizers)."""
import numpy as np

from mlcourse import optimizers
from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


def _pair(result, names="(p, v)"):
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    expect(isinstance(result, (tuple, list)) and len(result) == 2, tr("Return two arrays: {names}.", names=names))
    return tuple(np.asarray(r, dtype=float) for r in result)


@exercise("11.1", N_("The momentum update by hand"))
def _(momentum_step):
    expect(callable(momentum_step), tr("Pass the function itself: check('11.1', momentum_step)."))
    rng = np.random.default_rng(11)
    p0 = rng.normal(size=4)
    grads = [rng.normal(size=4) for _ in range(3)]
    lr, mu = 0.1, 0.9
    opt = optimizers.Momentum(lr, momentum=mu)
    ref = {"p": p0.copy()}
    p, v = p0.copy(), np.zeros(4)
    for k, g in enumerate(grads, start=1):
        opt.step(ref, {"p": g})
        p, v = _pair(momentum_step(p.copy(), v.copy(), g.copy(), lr, mu))
        expect(not np.allclose(p, p0 - lr * sum(grads[:k])) or k == 1,
               tr("Your velocity forgets nothing: multiply the old velocity by the momentum (0.9) before adding the new step."))
        expect(np.allclose(v, opt.state["p"]["velocity"]),
               tr("After step {k} the velocity should be {expected}, got {got}. v <- momentum * v - lr * g.",
                  k=k, expected=np.round(opt.state['p']['velocity'], 4).tolist(), got=np.round(v, 4).tolist()))
        expect(np.allclose(p, ref["p"]),
               tr("After step {k} the parameters should be {expected}, got {got}. Then p <- p + v, with the new v.",
                  k=k, expected=np.round(ref['p'], 4).tolist(), got=np.round(p, 4).tolist()))


@exercise("11.2", N_("The size of Adam's first step"))
def _(answer):
    expect(is_number(answer), tr("Give one number."))
    expect(not np.isclose(answer, 0.03), tr("That forgets the bias correction: m_hat = m / (1 - beta_1) = g, not 0.1 g."))
    expect(not np.isclose(answer, 0.3 * 5), tr("Adam divides by sqrt(v_hat) = |g|: the size of g cancels out."))
    expect(np.isclose(answer, 0.3, rtol=1e-3), tr("After bias correction m_hat = g and sqrt(v_hat) = |g|; the step is lr * g / |g|."))


@exercise("11.3", N_("The RMSprop update by hand"))
def _(rmsprop_step):
    expect(callable(rmsprop_step), tr("Pass the function itself: check('11.3', rmsprop_step)."))
    rng = np.random.default_rng(12)
    p0 = rng.normal(size=3)
    grads = [rng.normal(size=3) * s for s in (1.0, 10.0, 0.1)]
    lr, rho, eps = 0.01, 0.9, 1e-7
    opt = optimizers.RMSprop(lr, rho=rho, epsilon=eps)
    ref = {"p": p0.copy()}
    p, s = p0.copy(), np.zeros(3)
    for k, g in enumerate(grads, start=1):
        opt.step(ref, {"p": g})
        p, s = _pair(rmsprop_step(p.copy(), s.copy(), g.copy(), lr, rho, eps), "(p, s)")
        want_s = opt.state["p"]["v"]
        expect(not np.allclose(s, rho * (s * 0) + g * g) or np.allclose(want_s, g * g),
               tr("s should be a moving average: rho * s + (1 - rho) * g**2, not just g**2."))
        expect(np.allclose(s, want_s),
               tr("After step {k} s should be {expected}, got {got}. s <- rho * s + (1 - rho) * g**2.",
                  k=k, expected=np.round(want_s, 5).tolist(), got=np.round(s, 5).tolist()))
        expect(np.allclose(p, ref["p"]),
               tr("After step {k} p should be {expected}, got {got}. p <- p - lr * g / (sqrt(s) + eps): the square root of s, not s itself.",
                  k=k, expected=np.round(ref['p'], 5).tolist(), got=np.round(p, 5).tolist()))
