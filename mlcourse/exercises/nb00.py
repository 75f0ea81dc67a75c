"""Checkers for notebook 00 (start here)."""
import numpy as np

from mlcourse.exercises import exercise, expect, is_number
from mlcourse.i18n import N_, tr


@exercise("00.1", N_("sigmoid(0)"))
def _(answer):
    expect(is_number(answer), tr("Give a single number, e.g. 0.3."))
    expect(np.isclose(float(answer), 0.5), tr("Put x = 0 into 1 / (1 + e^(-x)): what is e^0?"))


@exercise("00.2", N_("The Korean term for hidden layer"))
def _(answer):
    from mlcourse.glossary import GLOSSARY

    korean = next(t.korean for t in GLOSSARY if t.english == "hidden layer")
    expect(isinstance(answer, str), tr('Give the term as a string in quotes, e.g. "배열".'))
    expect(answer.strip().lower() != "hidden layer", tr("That is the English term: give the Korean one from the 한국어 column."))
    expect(answer.replace(" ", "") == korean.replace(" ", ""), tr('Run glossary.search("hidden") and copy the 한국어 entry of "hidden layer".'))
