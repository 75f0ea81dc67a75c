"""Checkers for notebook 18 (the playground)."""
from collections.abc import Iterable

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr

FEATURE_NAMES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")


@exercise("18.1", N_("Parameters of a playground network"))
def _(answer):
    expect(isinstance(answer, int) and not isinstance(answer, bool), tr("Give a whole number, received {answer!r}.",
                                                                        answer=answer))
    # inputs x1, x2, x1*x2 -> 5 -> 3 -> 1: (3*5 + 5) + (5*3 + 3) + (3*1 + 1) = 20 + 18 + 4 = 42
    expect(answer != 33, tr("33 counts the weights only: every unit also has a bias (5 + 3 + 1 of them)."))
    expect(answer != 38, tr("38 stops at the last hidden layer: the output unit has 3 weights and a bias too."))
    # with 2 inputs: (2*5 + 5) + (5*3 + 3) + (3*1 + 1) = 15 + 18 + 4 = 37
    expect(answer != 37, tr("37 is the count for 2 inputs: x1*x2 is a third input, so the first layer has 3 * 5 weights."))
    expect(answer == 42, tr("{answer} is not it. Count each Dense layer as inputs * units + units, then check with Playground(features=..., hidden=(5, 3)).model.count_params().",
                            answer=answer))


@exercise("18.2", N_("Inputs that make the circle separable without hidden layers"))
def _(answer):
    expect(isinstance(answer, Iterable) and not isinstance(answer, str),
           tr("Give a list of feature names, e.g. ['x1', 'x2']."))
    chosen = set(answer)
    unknown = sorted(chosen - set(FEATURE_NAMES))
    expect(not unknown, tr("Unknown feature name(s) {unknown}; the names are {FEATURE_NAMES}.",
                           unknown=unknown, FEATURE_NAMES=list(FEATURE_NAMES)))
    expect(chosen != {"x1", "x2"}, tr("With x1 and x2 alone a single layer can only draw a straight line; the boundary of a disc is not straight."))
    expect(chosen != {"x1*x2"}, tr("x1*x2 separates the quadrants (that is XOR), not the inside of a disc from a ring."))
    expect({"x1^2", "x2^2"} <= chosen, tr("The disc is x1^2 + x2^2 < r^2: a weighted sum of which two features?"))
    expect(chosen == {"x1^2", "x2^2"}, tr("{chosen} works, but it is not the smallest set: drop every feature the disc formula does not use.",
                                          chosen=sorted(chosen)))


@exercise("18.3", N_("XOR without a hidden layer"))
def _(answer):
    from mlcourse.playground import Playground, PlaygroundState

    expect(isinstance(answer, (PlaygroundState, str, dict)),
           tr("Give a PlaygroundState (or its state string or JSON), e.g. PlaygroundState(dataset='xor', ...)."))
    from mlcourse._checks import MLCourseError

    try:
        pg = Playground(answer)
    except MLCourseError as exc:
        expect(False, tr("That is not a valid playground state: {exc}", exc=exc))
    expect(pg.state.dataset == "xor", tr("Use the XOR data: dataset='xor' (received {pg_state_dataset!r}).",
                                         pg_state_dataset=pg.state.dataset))
    expect(pg.state.hidden == (), tr("No hidden layer: hidden=() (received hidden={pg_state_hidden}).",
                                     pg_state_hidden=pg.state.hidden))
    pg.step(50)
    acc = pg.history["test_acc"][-1]
    expect(acc >= 0.95, tr("After 50 epochs the test accuracy is {acc:.2f}. Which feature is positive in the first and third quadrants and negative in the other two?",
                           acc=acc))
