"""What keys typed into a choice field mean: a value chosen by its first letters, or text."""

from __future__ import annotations

from driehoek.choosing import AsText, Outcome, Pick, TypedChoice, fold

OWNERS = ["student", "werkplek", "school"]
STATUSES = ["niet besproken", "aanwezig", "afwezig", "realiseerbaar"]
SIGNS = {"?": 0, "+": 1, "-": 2, "~": 3}


def typed(choice: TypedChoice, keys: str, current: int) -> tuple[list[Outcome], int, str]:
    """Type `keys` one by one into a field holding `current`, as `ChoiceField` does: the
    outcomes, what the field holds at the end, and the text handed on (once the keys are
    text, every later key joins that text)."""
    outcomes: list[Outcome] = []
    text = ""
    for char in keys:
        if text:
            text += char
            continue
        outcome = choice.key(char, current)
        outcomes.append(outcome)
        if isinstance(outcome, Pick):
            current = outcome.index
        else:
            current, text = outcome.restore, outcome.text
    return outcomes, current, text


def test_a_letter_takes_the_value_it_begins_and_again_the_next() -> None:
    owners = TypedChoice(OWNERS)
    assert owners.key("w", 0) == Pick(1)
    owners.reset()
    assert owners.key("s", 1) == Pick(2)  # after werkplek: school, the next with an s
    owners.reset()
    assert owners.key("S", 2) == Pick(0)  # round the end, whatever the case
    owners.reset()
    assert typed(owners, "ss", 0)[1:] == (0, "")  # s: school, s again: student


def test_more_letters_keep_to_the_value_they_begin() -> None:
    owners = TypedChoice(OWNERS)
    assert typed(owners, "sc", 0)[1:] == (2, "")
    owners.reset()
    assert typed(owners, "school", 1)[1:] == (2, "")
    statuses = TypedChoice(STATUSES, SIGNS)
    assert typed(statuses, "af", 0)[1:] == (2, "")
    statuses.reset()
    assert typed(statuses, "niet b", 3)[1:] == (0, "")  # a space inside a value's words


def test_letters_that_begin_no_value_are_text_and_the_value_goes_back() -> None:
    owners = TypedChoice(OWNERS)
    outcomes, held, text = typed(owners, "wekelijks", 0)
    assert outcomes == [Pick(1), Pick(1), AsText(0, "wek")]  # werkplek for a moment
    assert (held, text) == (0, "wekelijks")
    owners.reset()
    assert typed(owners, "a", 2) == ([AsText(2, "a")], 2, "a")


def test_a_space_cycles_only_when_nothing_is_being_typed() -> None:
    owners = TypedChoice(OWNERS)
    assert owners.key(" ", 0) == Pick(1)
    assert owners.key(" ", 1) == Pick(2)
    owners.reset()
    # "a b": the a is text at once, and the space after it joins the text.
    assert typed(owners, "a b", 0) == ([AsText(0, "a")], 0, "a b")
    owners.reset()
    # After letters that still begin a value, a space is part of what is typed.
    outcomes, held, text = typed(owners, "school b", 0)
    assert outcomes[-1] == AsText(0, "school ")
    assert (held, text) == (0, "school b")


def test_a_space_then_words_puts_back_what_the_space_took() -> None:
    owners = TypedChoice(OWNERS)
    outcomes, held, text = typed(owners, " nabespreken", 0)
    assert outcomes == [Pick(1), AsText(0, " n")]
    assert (held, text) == (0, " nabespreken")


def test_a_sign_takes_its_value_only_as_the_first_key() -> None:
    statuses = TypedChoice(STATUSES, SIGNS)
    assert statuses.key("+", 0) == Pick(1)
    statuses.reset()
    assert statuses.key("~", 0) == Pick(3)
    statuses.reset()
    assert typed(statuses, "dag-", 1) == ([AsText(1, "d")], 1, "dag-")  # d begins none
    statuses.reset()
    assert typed(statuses, "a-", 0) == ([Pick(1), AsText(0, "a-")], 0, "a-")


def test_accents_and_case_do_not_matter() -> None:
    assert fold("Agressieve  Cliënten") == "agressieve clienten"
    assert fold("niet ") == "niet "
    kinds = TypedChoice(["Werkafspraak", "Begeleidingsafspraak"])
    assert kinds.key("B", 0) == Pick(1)


def test_a_letter_that_begins_a_value_by_itself_starts_a_new_word() -> None:
    owners = TypedChoice(OWNERS)
    # s: school, s again: student, w: werkplek (no owner goes on with "ssw"), then "werk".
    outcomes, held, text = typed(owners, "sswerk", 1)
    assert outcomes == [Pick(2), Pick(0), Pick(1), Pick(1), Pick(1), Pick(1)]
    assert (held, text) == (1, "")
    owners.reset()
    # Text that starts like choosing: every key of it is handed on, the owner put back.
    outcomes, held, text = typed(owners, "swim", 1)
    assert outcomes[-1] == AsText(1, "swi")
    assert (held, text) == (1, "swim")


def test_signs_in_a_row_each_take_their_value() -> None:
    statuses = TypedChoice(STATUSES, SIGNS)
    assert typed(statuses, "+-", 0)[1:] == (2, "")
