import pytest

from matchmaker.services import business_id as bid


@pytest.mark.parametrize("value", ["0737546-2", "2331972-7", "737546-2", " 0737546-2 "])
def test_valid_business_ids_pass(value):
    assert bid.is_valid(value)


@pytest.mark.parametrize("value", ["0737546-3", "2331972-0", "1234567", "12345678-9", "abc", ""])
def test_invalid_business_ids_fail(value):
    assert not bid.is_valid(value)


def test_six_digit_ids_get_their_leading_zero():
    assert bid.normalise("737546-2") == "0737546-2"


def test_error_tells_format_from_checksum():
    assert bid.error_for("12-3") == "format"
    assert bid.error_for("0737546-3") == "checksum"
    assert bid.error_for("0737546-2") is None


def test_numbers_with_remainder_one_have_no_valid_check_digit():
    # 0000001 x weights gives 2 -> check 9; find a remainder-1 number and check all ten fail
    digits = next(
        f"{n:07d}"
        for n in range(1, 10_000)
        if sum(int(d) * w for d, w in zip(f"{n:07d}", (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        == 1
    )
    assert bid.check_digit(digits) is None
    assert not any(bid.is_valid(f"{digits}-{c}") for c in range(10))
