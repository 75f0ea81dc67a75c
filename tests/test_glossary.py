from mlcourse import glossary


def test_search_finds_english_and_korean_terms():
    assert [t.english for t in glossary.search("역전파")] == ["backpropagation"]
    assert "learning rate" in [t.english for t in glossary.search("LEARNING")]
    assert glossary.search("no such term") == []


def test_terms_are_unique_and_in_course_order():
    english = [t.english for t in glossary.GLOSSARY]
    assert len(english) == len(set(english))
    numbers = [t.notebook for t in glossary.GLOSSARY]
    assert numbers == sorted(numbers), "keep GLOSSARY in the order the notebooks introduce the terms"


def test_markdown_table_has_a_row_per_term():
    table = glossary.to_markdown(glossary.search("gradient"))
    assert table.count("\n") == 1 + len(glossary.search("gradient"))


def test_markdown_table_headers_follow_the_language():
    from mlcourse.i18n import set_language

    set_language("ko")
    try:
        korean = glossary.to_markdown(glossary.search("descent"))
    finally:
        set_language("en")
    assert korean.splitlines()[0] == "| 영어 | 한국어 | 뜻 | 노트북 |"
    assert "| learning rate | 학습률 | 경사 하강법 한 걸음의 크기 | 09 |" in korean.splitlines()
    assert glossary.to_markdown([]).splitlines()[0] == "| English | 한국어 | meaning | notebook |"


def test_every_meaning_has_korean():
    import re

    from mlcourse.i18n import set_language, tr

    set_language("ko")
    try:
        untranslated = [t.english for t in glossary.GLOSSARY if not re.search("[\uac00-\ud7a3]", tr(t.meaning))]
    finally:
        set_language("en")
    assert not untranslated
