"""Checkers for notebook 11 (optimizers)."""
import numpy as np

from mlcourse import optimizers
from mlcourse.exercises import exercise, expect, is_number


def _pair(result, names="(p, v)"):
    expect(result is not None, "Your function returned None: did you forget `return`?")
    expect(isinstance(result, (tuple, list)) and len(result) == 2, f"Return two arrays: {names}.")
    return tuple(np.asarray(r, dtype=float) for r in result)


@exercise("11.1", "The momentum update by hand")
def _(momentum_step):
    expect(callable(momentum_step), "Pass the function itself: check('11.1', momentum_step).")
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
               "Your velocity forgets nothing: multiply the old velocity by the momentum (0.9) before adding the new step.")
        expect(np.allclose(v, opt.state["p"]["velocity"]),
               f"After step {k} the velocity should be {np.round(opt.state['p']['velocity'], 4).tolist()}, "
               f"got {np.round(v, 4).tolist()}. v <- momentum * v - lr * g.")
        expect(np.allclose(p, ref["p"]),
               f"After step {k} the parameters should be {np.round(ref['p'], 4).tolist()}, got {np.round(p, 4).tolist()}. "
               "Then p <- p + v, with the new v.")


@exercise("11.2", "The size of Adam's first step")
def _(answer):
    expect(is_number(answer), "Give one number.")
    expect(not np.isclose(answer, 0.03), "That forgets the bias correction: m_hat = m / (1 - beta_1) = g, not 0.1 g.")
    expect(not np.isclose(answer, 0.3 * 5), "Adam divides by sqrt(v_hat) = |g|: the size of g cancels out.")
    expect(np.isclose(answer, 0.3, rtol=1e-3), "After bias correction m_hat = g and sqrt(v_hat) = |g|; the step is lr * g / |g|.")


@exercise("11.3", "The RMSprop update by hand")
def _(rmsprop_step):
    expect(callable(rmsprop_step), "Pass the function itself: check('11.3', rmsprop_step).")
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
               "s should be a moving average: rho * s + (1 - rho) * g**2, not just g**2.")
        expect(np.allclose(s, want_s),
               f"After step {k} s should be {np.round(want_s, 5).tolist()}, got {np.round(s, 5).tolist()}. "
               "s <- rho * s + (1 - rho) * g**2.")
        expect(np.allclose(p, ref["p"]),
               f"After step {k} p should be {np.round(ref['p'], 5).tolist()}, got {np.round(p, 5).tolist()}. "
               "p <- p - lr * g / (sqrt(s) + eps): the square root of s, not s itself.")
