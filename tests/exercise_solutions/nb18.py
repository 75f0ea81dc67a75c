from mlcourse.playground import PlaygroundState

SOLUTIONS = {
    "18.1": 42,
    "18.2": ["x1^2", "x2^2"],
    "18.3": PlaygroundState(dataset="xor", features=("x1*x2",), hidden=()),
}
WRONG = {
    "18.1": [33, 38, 37, 42.0],
    "18.2": [["x1", "x2"], ["x1*x2"], ["x1^2"], ["x1^2", "x2^2", "x1"], "x1^2", ["x3"]],
    "18.3": [PlaygroundState(dataset="xor"), PlaygroundState(dataset="circle", hidden=()),
             PlaygroundState(dataset="xor", hidden=()), "xor", "dataset=xor&hidden="],
}
