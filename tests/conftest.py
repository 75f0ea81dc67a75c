"""Fixtures shared by the test files of the package."""
import pytest


@pytest.fixture
def korean():
    """Korean selected for the test (mlcourse.set_language("ko")), English again afterwards."""
    from mlcourse import set_language

    set_language("ko")
    try:
        yield
    finally:
        set_language("en")
