"""protocol.textdiff: the word-level comparison of two rendered texts, shared by the areas."""

from protocol.textdiff import html_word_diff


def test_english_is_compared_word_by_word():
    assert html_word_diff("<p>The chair opened it.</p>", "<p>The secretary opened it.</p>") == (
        "<p>The <del>chair</del><ins>secretary</ins> opened it.</p>"
    )


def test_chinese_is_compared_by_words_not_whole_sentences():
    diff = html_word_diff("<p>双方加强专利信息资源共享。</p>", "<p>双方加强科技文献资源共享。</p>")
    assert diff == "<p>双方加强<del>专利信息</del><ins>科技文献</ins>资源共享。</p>"


def test_an_escaped_character_stays_whole():
    assert html_word_diff("<p>a &lt; b</p>", "<p>a &gt; b</p>") == "<p>a <del>&lt;</del><ins>&gt;</ins> b</p>"


def test_the_newer_structure_is_kept_and_dropped_tags_go():
    diff = html_word_diff("<p>One.</p>\n<p>Two.</p>", "<p>One. Two.</p>")
    assert "<p>" in diff and diff.count("<p>") == 1 and "Two." in diff
