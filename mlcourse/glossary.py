"""The course's terms in English and Korean.

``GLOSSARY`` is the single list the start notebook shows and searches; notebooks give the
Korean term in parentheses at its first use.
"""
from __future__ import annotations

from typing import NamedTuple

from mlcourse.i18n import N_, tr


class Term(NamedTuple):
    english: str
    korean: str
    meaning: str
    notebook: str  # where the course introduces it


GLOSSARY: list[Term] = [
    Term("sigmoid (logistic function)", "시그모이드 함수 (로지스틱 함수)", N_("1 / (1 + e^-z): squashes any number into (0, 1)"), "00"),
    Term("array (ndarray)", "배열", N_("numpy's n-dimensional grid of numbers of one dtype"), "01"),
    Term("broadcasting", "브로드캐스팅", N_("numpy stretching arrays of different shapes to combine them"), "01"),
    Term("vectorization", "벡터화", N_("replacing Python loops by whole-array operations"), "01"),
    Term("axis", "축", N_("a direction of an array: axis 0 runs down the rows, axis 1 along the columns"), "01"),
    Term("element-wise", "원소별", N_("applied to each entry on its own, e.g. a * b"), "01"),
    Term("matrix product", "행렬 곱", N_("rows times columns summed: a @ b"), "01"),
    Term("view", "뷰", N_("an array that shares the memory of another; writing to it changes both"), "01"),
    Term("derivative", "미분 (도함수)", N_("the rate of change of a function at a point"), "02"),
    Term("slope", "기울기", N_("how much a function changes per unit of its input; Korean uses 기울기 for the gradient too"), "02"),
    Term("forward difference", "전방 차분", N_("(f(x + h) - f(x)) / h: a derivative estimate with error of order h"), "02"),
    Term("central difference", "중앙 차분", N_("(f(x + h) - f(x - h)) / 2h: a derivative estimate with error of order h^2"), "02"),
    Term("Taylor expansion", "테일러 전개", N_("f(x + h) = f(x) + h f'(x) + h^2 f''(x) / 2 + ...: a function near a point as a polynomial in h"), "02"),
    Term("partial derivative", "편미분", N_("the derivative along one input with the others held fixed"), "02"),
    Term("chain rule", "연쇄 법칙", N_("the derivative of f(g(x)) is f'(g(x)) g'(x)"), "02"),
    Term("gradient", "기울기 (그래디언트)", N_("the vector of all partial derivatives; points uphill"), "02"),
    Term("tangent line", "접선", N_("the straight line that touches a curve with the same slope"), "02"),
    Term("round-off error", "반올림 오차", N_("the error of storing numbers with finitely many digits"), "02"),
    Term("second derivative", "이계도함수 (2계 미분)", N_("the derivative of the derivative: how fast the slope changes"), "02"),
    Term("convex function", "볼록 함수 (아래로 볼록)", N_("bowl-shaped, f'' >= 0: every local minimum is the global one"), "02"),
    Term("gradient descent", "경사 하강법", N_("repeatedly stepping against the gradient; named in 02, used from 09 on"), "02"),
    Term("linear model", "선형 모델", N_("outputs = inputs @ W + b"), "03"),
    Term("weight", "가중치", N_("a learned multiplier on an input"), "03"),
    Term("bias", "편향", N_("a learned offset added after the weighted sum"), "03"),
    Term("softmax", "소프트맥스", N_("turns scores into probabilities that sum to 1"), "03"),
    Term("logit", "로짓", N_("a raw score before softmax or sigmoid turns it into a probability"), "03"),
    Term("temperature", "온도", N_("a divisor of the scores before softmax: high flattens, low sharpens"), "03"),
    Term("overflow", "오버플로", N_("a result too large for the number type; a float becomes inf"), "03"),
    Term("underflow", "언더플로", N_("a result too close to 0 for the number type; a float becomes 0"), "03"),
    Term("logic gate", "논리 게이트", N_("a function of bits such as AND, OR, NAND, XOR"), "04"),
    Term("step function", "계단 함수", N_("0 below a threshold, 1 above it: the perceptron's activation"), "04"),
    Term("truth table", "진리표", N_("the output of a logic gate for every combination of inputs"), "04"),
    Term("perceptron", "퍼셉트론", N_("a weighted sum followed by a step: the first artificial neuron that learns its weights (McCulloch and Pitts' 1943 neuron came first, with fixed weights)"), "04"),
    Term("decision boundary", "결정 경계", N_("where a classifier switches from one class to another"), "04"),
    Term("threshold", "임계값", N_("the value a weighted sum must exceed for a step unit to fire"), "04"),
    Term("linearly separable", "선형 분리 가능", N_("two classes that one straight line (or plane) can split"), "04"),
    Term("activation function", "활성화 함수", N_("the non-linear function applied after a layer's weighted sum"), "05"),
    Term("vanishing gradient", "기울기 소실", N_("gradients shrinking layer by layer until early layers stop learning"), "05"),
    Term("saturation", "포화", N_("an activation's flat region, where its derivative is nearly 0"), "05"),
    Term("dead ReLU", "죽은 ReLU", N_("a ReLU unit whose input is negative for every sample, so it never learns again"), "05"),
    Term("exploding gradient", "기울기 폭주", N_("gradients growing layer by layer until the updates blow up"), "05"),
    Term("neural network", "신경망", N_("layers of weighted sums and activations"), "06"),
    Term("input layer", "입력층", N_("the data fed to the network (not counted in its depth)"), "06"),
    Term("hidden layer", "은닉층", N_("a layer between input and output"), "06"),
    Term("output layer", "출력층", N_("the layer whose values are the prediction"), "06"),
    Term("forward propagation", "순전파", N_("computing the output from the input, layer by layer"), "06"),
    Term("multi-layer perceptron (MLP)", "다층 퍼셉트론", N_("a network of stacked fully connected layers"), "06"),
    Term("universal approximation theorem", "보편 근사 정리", N_("one wide enough hidden layer with a non-polynomial activation can approximate any continuous function on a bounded region"), "06"),
    Term("depth", "깊이", N_("the number of layers with weights (the input layer does not count)"), "06"),
    Term("fully connected layer", "완전 연결 층", N_("a layer in which every input is wired to every output (Dense)"), "06"),
    Term("least squares", "최소제곱법", N_("choosing weights that minimize the sum of squared errors"), "06"),
    Term("deep neural network", "심층 신경망", N_("a network with two or more hidden layers"), "06"),
    Term("representation learning", "표현 학습", N_("hidden layers learning new features of the input that make the task easier"), "06"),
    Term("computational graph", "계산 그래프", N_("a drawing of a computation as nodes and edges"), "07"),
    Term("backpropagation", "역전파", N_("the chain rule applied from the loss back to every weight"), "07"),
    Term("gradient check", "기울기 검증", N_("comparing analytic gradients with finite differences"), "07"),
    Term("automatic differentiation", "자동 미분", N_("software that records a computation and applies the chain rule to it"), "07"),
    Term("plateau", "플래토 (고원)", N_("a nearly flat region of the loss surface, where gradient descent moves very slowly"), "07"),
    Term("loss function", "손실 함수", N_("a number that says how wrong the predictions are"), "08"),
    Term("mean squared error", "평균 제곱 오차", N_("the average squared difference; a regression loss"), "08"),
    Term("cross-entropy", "교차 엔트로피", N_("minus the log-probability of the right class"), "08"),
    Term("binary cross-entropy", "이진 교차 엔트로피", N_("-[t log p + (1 - t) log(1 - p)]: cross-entropy for two classes with one probability"), "08"),
    Term("one-hot encoding", "원-핫 인코딩", N_("a label as a vector with a single 1"), "08"),
    Term("likelihood", "우도 (가능도)", N_("the probability of the observed data as a function of the parameters"), "08"),
    Term("maximum likelihood estimation", "최대 우도 추정", N_("choosing the parameters that make the data most probable"), "08"),
    Term("log-likelihood", "로그 우도", N_("the logarithm of the likelihood: a sum instead of a product, same maximum"), "08"),
    Term("gradient ascent", "경사 상승법", N_("repeatedly stepping along the gradient, to find a maximum"), "08"),
    Term("surprisal (self-information)", "정보량 (자기 정보)", N_("-log q: how surprising an outcome of probability q is"), "08"),
    Term("entropy", "엔트로피", N_("the average surprisal of a distribution: -sum p log p"), "08"),
    Term("KL divergence", "KL 발산", N_("cross-entropy minus entropy: the extra surprisal of expecting q when the data follow p"), "08"),
    Term("learning rate", "학습률", N_("the size of each gradient-descent step"), "09"),
    Term("parameter (learnable)", "학습 매개변수", N_("a number that training adjusts, such as a weight or a bias"), "09"),
    Term("hyper-parameter", "하이퍼파라미터", N_("a setting chosen by you, not learned (e.g. the learning rate)"), "09"),
    Term("stopping rule", "종료 조건", N_("when an iterative method ends: a small enough gradient, or a limit on the steps"), "09"),
    Term("local minimum", "지역 최솟값", N_("lower than its neighbours but not the lowest overall"), "09"),
    Term("global minimum", "전역 최솟값", N_("the lowest value of the function"), "09"),
    Term("saddle point", "안장점", N_("zero gradient, but a minimum in one direction and a maximum in another"), "09"),
    Term("epoch", "에폭", N_("one pass over the whole training set"), "10"),
    Term("iteration", "반복 (이터레이션)", N_("one parameter update, on one batch"), "10"),
    Term("mini-batch", "미니배치", N_("a small random subset of the data used for one update"), "10"),
    Term("stochastic gradient descent (SGD)", "확률적 경사 하강법", N_("gradient descent on random mini-batches"), "10"),
    Term("batch gradient descent", "배치 경사 하강법", N_("gradient descent on the whole training set at every step"), "10"),
    Term("optimizer", "옵티마이저 (최적화 기법)", N_("the rule that turns gradients into parameter updates"), "11"),
    Term("adaptive learning rate", "적응적 학습률", N_("a step size for each parameter, set from the sizes of its past gradients"), "11"),
    Term("momentum", "모멘텀", N_("a velocity that accumulates past gradients"), "11"),
    Term("inertia", "관성", N_("momentum's tendency to keep moving the way it moved, even where the gradient is zero"), "11"),
    Term("Nesterov accelerated gradient", "네스테로프 가속 경사", N_("momentum with the gradient taken at the look-ahead point"), "11"),
    Term("exponential moving average", "지수 이동 평균", N_("an average that weighs the value of k steps ago by rho^k"), "11"),
    Term("bias correction", "편향 보정", N_("Adam's division by 1 - beta^t, which undoes the averages' start at 0"), "11"),
    Term("weight initialization", "가중치 초기화", N_("how the weights are set before training"), "12"),
    Term("overfitting", "과적합 (과대적합)", N_("fitting the training data's noise instead of its pattern"), "13"),
    Term("regularization", "규제 (정규화)", N_("anything that discourages overfitting"), "13"),
    Term("validation set", "검증 세트", N_("data held out to choose models and hyper-parameters"), "13"),
    Term("test set", "테스트 세트", N_("data held out until the very end to report performance"), "13"),
    Term("dropout", "드롭아웃", N_("randomly silencing units during training"), "13"),
    Term("batch normalization", "배치 정규화", N_("normalizing a layer's inputs over the batch"), "13"),
    Term("early stopping", "조기 종료", N_("stopping when the validation loss stops improving"), "13"),
    Term("training set", "훈련 세트", N_("the data the weights are fitted on"), "13"),
    Term("underfitting", "과소적합", N_("a model too simple to fit even the training data"), "13"),
    Term("weight decay", "가중치 감쇠", N_("shrinking the weights a little at every step; L2 regularization for SGD"), "13"),
    Term("inverted dropout", "역 드롭아웃", N_("dropout that rescales the kept units during training, so inference needs no change"), "13"),
    Term("max-norm constraint", "최대 노름 제약", N_("capping the length of each unit's incoming weight vector after every step"), "13"),
    Term("L2 regularization", "L2 규제", N_("adding lambda * sum W^2 to the loss; equals weight decay only for plain SGD"), "13"),
    Term("ensemble", "앙상블", N_("several models whose predictions are averaged; dropout trains many thinned networks at once"), "13"),
    Term("learning-rate schedule", "학습률 스케줄", N_("a rule that changes the learning rate during training, e.g. step or cosine decay"), "13"),
    Term("warm-up", "워밍업", N_("raising the learning rate from a small value over the first steps or epochs"), "13"),
    Term("random search", "랜덤 서치", N_("trying settings drawn at random (log-uniformly for scales) and keeping the best on validation"), "13"),
    Term("preprocessing", "전처리", N_("transforming the inputs before training, e.g. scaling each feature"), "14"),
    Term("standardization", "표준화", N_("rescaling a feature to mean 0 and standard deviation 1"), "14"),
    Term("min-max normalization", "최소-최대 정규화", N_("rescaling a feature to the range [0, 1] with its minimum and maximum"), "14"),
    Term("condition number", "조건수", N_("the ratio of the largest to the smallest curvature; large means slow gradient descent"), "14"),
    Term("data leakage", "데이터 누수", N_("information from validation or test data slipping into training"), "14"),
    Term("softmax regression", "소프트맥스 회귀", N_("a linear classifier: one Dense layer followed by softmax"), "15"),
    Term("confusion matrix", "혼동 행렬", N_("counts of true class versus predicted class"), "15"),
    Term("accuracy", "정확도", N_("the fraction of correct predictions"), "15"),
    Term("recall", "재현율", N_("of the samples of a class, the fraction predicted as that class"), "15"),
    Term("integer encoding", "정수 인코딩", N_("replacing each word by its integer id in the vocabulary"), "17"),
    Term("embedding", "임베딩", N_("a learned vector for each item of a vocabulary"), "17"),
    Term("dense vector", "밀집 벡터", N_("a short vector of real numbers, most of them non-zero (unlike a one-hot vector)"), "17"),
    Term("pretrained embedding", "사전 훈련된 임베딩", N_("word vectors learned elsewhere on a large corpus and reused"), "17"),
    Term("vocabulary", "어휘 사전", N_("the mapping from each known word to an integer id"), "17"),
    Term("bag of words", "단어 가방", N_("a text represented by its words, ignoring their order"), "17"),
    Term("cosine similarity", "코사인 유사도", N_("the cosine of the angle between two vectors: 1 same direction, 0 unrelated"), "17"),
    Term("input feature", "특성 (피처)", N_("one number describing a sample, fed to the network; new ones can be computed from old ones"), "18"),
    Term("heat map", "히트맵", N_("a picture of a function over a plane, one colour per value"), "18"),
    Term("oscillation", "진동", N_("a loss that keeps swinging up and down instead of falling: the steps overshoot"), "18"),
]


def search(text: str = "") -> list[Term]:
    """The terms whose English, Korean or meaning contains ``text`` (case-insensitive)."""
    text = text.strip().lower()
    return [t for t in GLOSSARY if not text or text in t.english.lower() or text in t.korean or text in t.meaning.lower()]


def to_markdown(terms: list[Term] | None = None) -> str:
    """A markdown table of ``terms`` (all terms by default); headers and meanings follow the selected language."""
    english, meaning, notebook = tr("English"), tr("meaning"), tr("notebook")
    rows = [f"| {english} | 한국어 | {meaning} | {notebook} |", "|---|---|---|---|"]
    rows += [f"| {t.english} | {t.korean} | {tr(t.meaning)} | {t.notebook} |" for t in (GLOSSARY if terms is None else terms)]
    return "\n".join(rows)
