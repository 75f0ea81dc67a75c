"""Checkers for notebook 17 (word embeddings)."""
import numpy as np

from mlcourse.exercises import exercise, expect
from mlcourse.i18n import N_, tr


def _ids_array(result, where):
    expect(result is not None, tr("Your function returned None: did you forget `return`?"))
    arr = np.asarray(result)
    expect(arr.dtype.kind in "iu", tr("{where}: return integer ids (dtype int), received dtype {arr_dtype}. Floats cannot index an embedding table.",
                                      where=where, arr_dtype=arr.dtype))
    return arr


@exercise("17.1", N_("Encode a sentence with an unknown-word id"))
def _(encode):
    expect(callable(encode), tr("Pass the function itself: check('17.1', encode)."))
    vocab = {"<unk>": 0, "the": 1, "soup": 2, "was": 3, "hot": 4}
    got = _ids_array(encode("the soup was hot", dict(vocab)), tr("For 'the soup was hot'"))
    expect(got.shape == (4,), tr("One id per word: expected shape (4,), received {got_shape}. Split with sentence.split().",
                                 got_shape=got.shape))
    expect(np.array_equal(got, [1, 2, 3, 4]), tr("For 'the soup was hot' expected [1, 2, 3, 4], received {got}.",
                                                 got=got.tolist()))
    try:
        got2 = encode("the pizza was cold", dict(vocab))
    except KeyError as exc:
        expect(False, tr("KeyError {exc}: a word missing from vocab must become vocab['<unk>']; try vocab.get(w, vocab['<unk>']).",
                         exc=exc))
    got2 = _ids_array(got2, tr("For 'the pizza was cold'"))
    expect(np.array_equal(got2, [1, 0, 3, 0]),
           tr("For 'the pizza was cold' expected [1, 0, 3, 0] (pizza and cold are unknown), received {got2}.",
              got2=got2.tolist()))
    other = {"x": 5, "<unk>": 7}
    got3 = _ids_array(encode("x y", other), tr("For another vocab"))
    expect(np.array_equal(got3, [5, 7]), tr("Use the vocab you are given: the unknown id is vocab['<unk>'], not always 0."))


@exercise("17.2", N_("The gradient of an embedding lookup"))
def _(embedding_grad):
    expect(callable(embedding_grad), tr("Pass the function itself: check('17.2', embedding_grad)."))
    ids = np.array([[1, 3, 1],
                    [0, 1, 4]])                   # id 1 three times, id 2 never
    dout = np.arange(2 * 3 * 2, dtype=float).reshape(2, 3, 2)
    want = np.zeros((6, 2))
    np.add.at(want, ids, dout)
    got = embedding_grad(ids.copy(), dout.copy(), 6)
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got = np.asarray(got, dtype=float)
    expect(got.shape == (6, 2), tr("dE has one row per word in the vocabulary: expected shape (6, 2) for V = 6, received {got_shape}.",
                                   got_shape=got.shape))
    buggy = np.zeros((6, 2))
    buggy[ids] += dout
    expect(not np.allclose(got, buggy),
           tr("Row 1 (the id that repeats) is too small: `dE[ids] += dout` keeps only one write per row. Use np.add.at(dE, ids, dout)."))
    expect(np.allclose(got[[2, 5]], 0), tr("Words that were not looked up (ids 2 and 5) must get a zero gradient."))
    expect(np.allclose(got, want), tr("Expected\n{want}\nreceived\n{got}\nEach row sums the dout of every position where its id occurs.",
                                      want=want, got=got))


@exercise("17.3", N_("Backward through the mean over words"))
def _(mean_backward):
    expect(callable(mean_backward), tr("Pass the function itself: check('17.3', mean_backward)."))
    dout = np.array([[1.0, -2.0], [4.0, 0.5]])     # (N=2, D=2)
    T = 4
    want = np.repeat(dout[:, None, :] / T, T, axis=1)
    got = mean_backward(dout.copy(), T)
    expect(got is not None, tr("Your function returned None: did you forget `return`?"))
    got = np.asarray(got, dtype=float)
    expect(got.shape == (2, T, 2), tr("The gradient has the shape of the input x: (N, T, D) = (2, {T}, 2); received {got_shape}. Insert the word axis with dout[:, None, :].",
                                      T=T, got_shape=got.shape))
    expect(not np.allclose(got, want * T), tr("Each word contributes 1/T of the mean, so each gets dout / T; you forgot to divide by T."))
    expect(np.allclose(got, want), tr("Every one of the T positions of sentence n gets dout[n] / T; expected\n{want}\nreceived\n{got}",
                                      want=want, got=got))


# a hand-made table: b - a + c points at "queen" by cosine once a, b, c are left out; "king" is
# nearer when they are not, "giant" wins by plain dot product, and "child" answers a - b + c
_ANALOGY_WORDS = ["man", "woman", "king", "queen", "prince", "giant", "child"]
_ANALOGY_TABLE = np.array([[0.3, 0.0, 0.0], [0.0, 0.3, 0.0], [1.0, 0.1, 1.0], [0.3, 0.6, 1.0],
                           [1.0, -0.5, 0.3], [6.0, -2.0, 6.0], [-1.0, 0.2, -0.9]])


@exercise("17.4", N_("An analogy by vector arithmetic"))
def _(analogy):
    expect(callable(analogy), tr("Pass the function itself: check('17.4', analogy)."))
    table = _ANALOGY_TABLE.copy()
    answer = analogy(table, list(_ANALOGY_WORDS), "man", "king", "woman")
    expect(answer is not None, tr("Your function returned None: return the answer word (a string)."))
    expect(np.array_equal(table, _ANALOGY_TABLE), tr("Your function changed the table in place; build new arrays."))
    expect(isinstance(answer, str), tr("Return the word itself (a string), received {answer!r}.", answer=answer))
    expect(answer != "king", tr("You returned 'king', one of the three given words: leave a, b and c out of the answers."))
    expect(answer != "giant", tr("'giant' has the largest dot product only because its vector is long: compare directions (cosine similarity), dividing by the lengths."))
    expect(answer != "child", tr("That answers a - b + c. The target is b - a + c: king - man + woman."))
    expect(answer == "queen", tr("The word nearest to king - man + woman by cosine, leaving out the three given words, is not {answer!r}.",
                                 answer=answer))
